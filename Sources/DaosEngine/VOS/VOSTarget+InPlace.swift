// In-place values: blob space handed to the caller to fill (a bulk transfer lands there), then
// referenced by an update without copying; and the visible bytes of an extent named where they
// lie in the mapping, for a bulk transfer to read them from there.

import DaosObject

/// Part of a located extent: `count` bytes in the blob mapping, or a hole (`bytes` nil).
public struct ArraySpan: @unchecked Sendable {
    // @unchecked: the memory belongs to the target's mapping; one thread uses it.
    public let bytes: UnsafeRawPointer?
    public let count: Int
}

/// Blob space reserved for one update's values, mapped into memory for the caller to fill.
public struct BlobReservation: @unchecked Sendable {
    // @unchecked: the memory belongs to the target's mapping; one thread uses it.
    public let offset: UInt64
    public let bytes: UnsafeMutableRawBufferPointer
}

extension VOSTarget {
    /// Reserves `length` bytes of blob space and returns them mapped. Fill them, then pass
    /// `ArrayWrite(extent:placedIn:at:byteCount:)` values to `update`; if the update is not
    /// made or fails, `cancel` the reservation. Refused like an update when space runs out.
    public func reserveBlob(length: Int) throws(VOSError) -> BlobReservation {
        try checkOpen()
        precondition(length > VOSLimits.inlineBytesMax, "values this small live in the index, not the blob")
        let mapping = try mappedBlob()
        let count = UInt64(length)
        let offset = try allocateBlob(length: count, reservedBytes: index.inlineBytes)
        do {
            return BlobReservation(offset: offset, bytes: try mapping.bytes(at: offset, length: length))
        } catch {
            allocator.release(BlobRange(offset: offset, length: count))
            throw error
        }
    }

    /// Backs exactly the first `bytes` of blob space ahead of use (capped at the capacity, and
    /// never less than the space in use): the shares of the pools on this target, as DAOS
    /// preallocates a pool's space at create and frees it at destroy. Backing above that is
    /// given back. Fails with `.io` (ENOSPC) when the storage cannot hold it.
    public func backBlob(_ bytes: UInt64) throws(VOSError) {
        try checkOpen()
        let mapping = try mappedBlob()
        // Page-aligned, as a release must be (the allocator's alignment is the page size).
        let page = SpaceAllocator.alignmentBytes
        let wanted = (max(bytes, allocator.end) + page - 1) / page * page
        if wanted < mapping.backedEnd {
            // Freed bytes up there turn to zeros: a located copy of them must not be trusted.
            reuse.advance()
            try mapping.release(above: wanted)
        } else {
            try mapping.back(upTo: wanted)
        }
    }

    /// Where the bytes of `extent` visible at `epoch` lie, appended to `spans` in order: spans
    /// of the blob mapping, and holes (`bytes` nil; nothing written, or punched) whose bytes
    /// read as zero. The spans stay valid until the next update, punch or aggregation of this
    /// target. Returns the holes, or nil when a visible record lives in the index rather than
    /// the blob (a small value): fetch a copy then (`fetchArray`).
    public func locateArray(
        container: ContainerID, object: ObjectID, dkey: Key, akey: Key,
        extent: RecordExtent, recordSize: UInt32, epoch: Epoch, newestEpoch: inout Epoch,
        into spans: inout [ArraySpan]
    ) throws(VOSError) -> [RecordExtent]? {
        let mapping = try mappedBlob()
        let size = UInt64(recordSize)
        var holes: [RecordExtent] = []
        var inIndex = false
        try forEachVisible(container: container, object: object, dkey: dkey, akey: akey, extent: extent,
                           recordSize: recordSize, epoch: epoch, newestEpoch: &newestEpoch) { (record, start, end) throws(VOSError) in
            let count = Int((end - start) * size)
            guard let record else {
                holes.append(RecordExtent(start: start, count: end - start))
                spans.append(ArraySpan(bytes: nil, count: count))
                return
            }
            guard case .blob(let offset) = record.payload else {
                inIndex = true
                return
            }
            spans.append(ArraySpan(bytes: mapping.written(at: offset + (start - record.start) * size, length: count), count: count))
        }
        return inIndex ? nil : holes
    }

    /// Where located spans lie for a reader of the files themselves (`LocatedData`): the blob
    /// file's identity and the reuse counter's value now. Spans `locateArray` names stay valid
    /// while the counter keeps this value.
    public var blobLocation: (device: UInt64, inode: UInt64, generation: UInt64) {
        (blobIdentity.device, blobIdentity.inode, reuse.generation)
    }

    /// The blob file offset of a span `locateArray` named in the mapping.
    public func blobOffset(of span: ArraySpan) -> UInt64? {
        guard let bytes = span.bytes, let blobMapping else { return nil }
        return UInt64(UnsafeRawPointer(blobMapping.base).distance(to: bytes))
    }

    private func mappedBlob() throws(VOSError) -> BlobMapping {
        if let blobMapping { return blobMapping }
        let mapping = try BlobMapping(file: blob, capacityBytes: options.capacityBytes)
        blobMapping = mapping
        return mapping
    }

    /// Gives back a reservation no successful update references.
    public func cancel(_ reservation: BlobReservation) {
        allocator.release(BlobRange(offset: reservation.offset, length: UInt64(reservation.bytes.count)))
    }
}
