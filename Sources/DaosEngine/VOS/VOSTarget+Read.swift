// Reads at an epoch: fetch of single values and array extents, listing, max dkey / extent end.

import DaosObject

/// The bytes of one fetched extent: holes are reported, and zero-filled in `bytes`.
public struct ArrayFetch: Sendable, Equatable {
    public var bytes: [UInt8]
    public var holes: [RecordExtent]
}

extension VOSTarget {
    /// The newest single value visible at `epoch`, or nil if none (never written or punched).
    public func fetchSingle(
        container: ContainerID, object: ObjectID, dkey: Key, akey: Key,
        epoch: Epoch
    ) throws(VOSError) -> [UInt8]? {
        try checkReadable(epoch)
        guard let path = try index.akeyPath(container, object, dkey, akey) else { return nil }
        switch path.akey.kind {
        case .undecided: return nil
        case .array: throw .valueKindMismatch(akey)
        case .single: break
        }
        guard let version = path.akey.visibleVersion(at: epoch.rawValue, cutoff: path.cutoff(at: epoch.rawValue)) else {
            return nil
        }
        switch version.payload {
        case .inline(let bytes): return bytes
        case .punched: return nil
        case .blob(let offset):
            var bytes = [UInt8](repeating: 0, count: Int(version.length))
            try bytes.withMutableBytes { (buffer) throws(VOSError) in try blob.read(into: buffer, at: offset) }
            return bytes
        }
    }

    /// Fetches the visible records of `extent` into `buffer` (exactly `extent.count × recordSize`
    /// bytes), newest epoch ≤ `epoch` winning per record. Returns the holes, whose bytes in
    /// `buffer` are left untouched: the caller decides whether to zero-fill.
    public func fetchArray(
        container: ContainerID, object: ObjectID, dkey: Key, akey: Key,
        extent: RecordExtent, recordSize: UInt32, epoch: Epoch,
        into buffer: UnsafeMutableRawBufferPointer
    ) throws(VOSError) -> [RecordExtent] {
        var newest = Epoch(0)
        return try fetchArray(container: container, object: object, dkey: dkey, akey: akey, extent: extent,
                              recordSize: recordSize, epoch: epoch, into: buffer, newestEpoch: &newest)
    }

    /// As above, and raises `newestEpoch` to the epoch of the newest version that supplied any
    /// returned record (how an erasure-coded reader learns which epoch a parity cell is from).
    public func fetchArray(
        container: ContainerID, object: ObjectID, dkey: Key, akey: Key,
        extent: RecordExtent, recordSize: UInt32, epoch: Epoch,
        into buffer: UnsafeMutableRawBufferPointer, newestEpoch: inout Epoch
    ) throws(VOSError) -> [RecordExtent] {
        let (expected, overflow) = extent.count.multipliedReportingOverflow(by: UInt64(recordSize))
        guard recordSize > 0, !overflow, expected == UInt64(buffer.count) else {
            throw .bufferSizeMismatch(expected: overflow ? UInt64.max : expected, actual: buffer.count)
        }
        var holes: [RecordExtent] = []
        let size = UInt64(recordSize)
        try forEachVisible(container: container, object: object, dkey: dkey, akey: akey, extent: extent,
                           recordSize: recordSize, epoch: epoch, newestEpoch: &newestEpoch) { (record, start, end) throws(VOSError) in
            guard let record else {
                holes.append(RecordExtent(start: start, count: end - start))
                return
            }
            try copy(record, start: start, end: end, recordSize: size, into: buffer, at: Int((start - extent.start) * size))
        }
        return holes
    }

    /// The pieces of `extent` visible at `epoch`, in order, each with the record that supplies
    /// it (nil for a hole: nothing written, or punched), newest epoch ≤ `epoch` winning.
    func forEachVisible(
        container: ContainerID, object: ObjectID, dkey: Key, akey: Key,
        extent: RecordExtent, recordSize: UInt32, epoch: Epoch, newestEpoch: inout Epoch,
        _ body: (ArrayRecord?, _ start: UInt64, _ end: UInt64) throws(VOSError) -> Void
    ) throws(VOSError) {
        try checkReadable(epoch)
        try Self.check(extent)
        guard recordSize > 0 else { throw .bufferSizeMismatch(expected: 0, actual: 0) }
        guard let path = try index.akeyPath(container, object, dkey, akey) else { return try body(nil, extent.start, extent.end) }
        let node = path.akey
        if node.kind == .single { throw .valueKindMismatch(akey) }
        guard node.recordSize == recordSize || node.recordSize == 0 else {
            throw .recordSizeMismatch(existing: node.recordSize, requested: recordSize)
        }
        let e = epoch.rawValue
        let cutoff = path.cutoff(at: e)
        // Fast path: one record (the newest candidate) covers the whole extent.
        var newest: ArrayRecord?
        node.records.forEachCandidate(in: extent, epoch: e, cutoff: cutoff) { record in
            if newest == nil || newest!.stamp < record.stamp { newest = record }
        }
        guard let top = newest else { return try body(nil, extent.start, extent.end) }
        if top.start <= extent.start, top.end >= extent.end {
            if top.payload == .punched { return try body(nil, extent.start, extent.end) }
            newestEpoch = max(newestEpoch, Epoch(top.stamp.epoch))
            return try body(top, extent.start, extent.end)
        }
        let (records, segments) = node.records.visible(in: extent, epoch: e, cutoff: cutoff)
        for segment in segments {
            guard let source = segment.source else {
                try body(nil, segment.start, segment.end)
                continue
            }
            newestEpoch = max(newestEpoch, Epoch(records[source].stamp.epoch))
            try body(records[source], segment.start, segment.end)
        }
    }

    /// Fetches several extents into fresh arrays, holes zero-filled and reported.
    public func fetchArray(
        container: ContainerID, object: ObjectID, dkey: Key, akey: Key,
        extents: [RecordExtent], recordSize: UInt32, epoch: Epoch
    ) throws(VOSError) -> [ArrayFetch] {
        var results: [ArrayFetch] = []
        for extent in extents {
            try Self.check(extent)
            let (bytes, overflow) = extent.count.multipliedReportingOverflow(by: UInt64(recordSize))
            guard !overflow, bytes <= VOSLimits.valueBytesMax else {
                throw .valueTooLarge(bytes: overflow ? UInt64.max : bytes, limit: VOSLimits.valueBytesMax)
            }
            var data = [UInt8](repeating: 0, count: Int(bytes))
            let holes = try data.withMutableBytes { (buffer) throws(VOSError) in
                try fetchArray(
                    container: container, object: object, dkey: dkey, akey: akey, extent: extent,
                    recordSize: recordSize, epoch: epoch, into: buffer)
            }
            results.append(ArrayFetch(bytes: data, holes: holes))
        }
        return results
    }

    private func copy(
        _ record: ArrayRecord, start: UInt64, end: UInt64, recordSize: UInt64,
        into buffer: UnsafeMutableRawBufferPointer, at destination: Int
    ) throws(VOSError) {
        precondition(record.start <= start && end <= record.end, "copy outside its record")
        let from = (start - record.start) * recordSize
        let length = Int((end - start) * recordSize)
        let target = UnsafeMutableRawBufferPointer(rebasing: buffer[destination..<(destination + length)])
        switch record.payload {
        case .blob(let offset):
            // In memory (tmpfs) the mapping is the data: a copy from it saves a pread.
            if blobInMemory, let blobMapping {
                target.copyMemory(from: UnsafeRawBufferPointer(start: blobMapping.written(at: offset + from, length: length), count: length))
            } else {
                try blob.read(into: target, at: offset + from)
            }
        case .inline(let bytes):
            bytes.withUnsafeBytes {
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[Int(from)..<(Int(from) + length)]))
            }
        case .punched: preconditionFailure("punched records are holes")
        }
    }

    func checkReadable(_ epoch: Epoch) throws(VOSError) {
        try checkOpen()
        guard epoch.rawValue > 0 else { throw .invalidEpoch(epoch) }
    }

    /// Dkeys of `object` visible at `epoch`, in key order, `limit` at a time.
    public func listDkeys(
        container: ContainerID, object: ObjectID, epoch: Epoch, anchor: VOSAnchor? = nil,
        limit: Int = 1024
    ) throws(VOSError) -> (keys: [Key], next: VOSAnchor?) {
        try checkReadable(epoch)
        return try index.listDkeys(container, object, epoch: epoch.rawValue, anchor: anchor, limit: Self.clamp(limit))
    }

    /// Akeys of `dkey` visible at `epoch`, in key order, `limit` at a time.
    public func listAkeys(
        container: ContainerID, object: ObjectID, dkey: Key, epoch: Epoch,
        anchor: VOSAnchor? = nil, limit: Int = 1024
    ) throws(VOSError) -> (keys: [Key], next: VOSAnchor?) {
        try checkReadable(epoch)
        return try index.listAkeys(
            container, object, dkey: dkey, epoch: epoch.rawValue, anchor: anchor,
            limit: Self.clamp(limit))
    }

    /// Visible extents of an array akey at `epoch` (adjacent ones merged), `limit` at a time.
    public func listExtents(
        container: ContainerID, object: ObjectID, dkey: Key, akey: Key, epoch: Epoch,
        anchor: VOSAnchor? = nil, limit: Int = 1024
    ) throws(VOSError) -> (extents: [RecordExtent], next: VOSAnchor?) {
        try checkReadable(epoch)
        guard let path = try index.akeyPath(container, object, dkey, akey), path.akey.kind == .array else {
            return ([], nil)
        }
        return index.listExtents(path, epoch: epoch.rawValue, anchor: anchor, limit: Self.clamp(limit))
    }

    /// The largest uint64 dkey visible at `epoch`.
    public func maxDkey(container: ContainerID, object: ObjectID, epoch: Epoch) throws(VOSError) -> UInt64? {
        try checkReadable(epoch)
        return try index.maxDkey(container, object, epoch: epoch.rawValue)
    }

    /// One past the last visible record of an array akey at `epoch` (array size), 0 if none.
    public func maxRecordEnd(
        container: ContainerID, object: ObjectID, dkey: Key, akey: Key,
        epoch: Epoch
    ) throws(VOSError) -> UInt64 {
        try checkReadable(epoch)
        guard let path = try index.akeyPath(container, object, dkey, akey), path.akey.kind == .array else { return 0 }
        return index.maxRecordEnd(path, epoch: epoch.rawValue)
    }

    private static func clamp(_ limit: Int) -> Int { min(max(limit, 1), VOSLimits.listLimitMax) }
}
