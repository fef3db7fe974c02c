// In-place values: blob space handed to the caller to fill (a bulk transfer lands there), then
// referenced by an update without copying.

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
        var offset = allocator.allocate(length: count, reservedBytes: index.inlineBytes)
        if offset == nil && !quarantine.isEmpty {
            try checkpoint()
            offset = allocator.allocate(length: count, reservedBytes: index.inlineBytes)
        }
        guard let offset else { throw .noSpace(requestedBytes: count, freeBytes: space.freeBytes) }
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
            try mapping.release(above: wanted)
        } else {
            try mapping.back(upTo: wanted)
        }
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
