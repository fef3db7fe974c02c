// Three reads the wire needs and VOS's public read API does not offer. They read the index
// directly (same module, same thread as every other VOS call) and change nothing.

import DaosObject

extension VOSTarget {
    /// Whether this target holds the container. A container exists in the service before any
    /// of its data reaches a given target, so reads of one this target has never seen are
    /// answered as empty rather than as "nonexistent".
    func holdsContainer(_ id: ContainerID) throws(VOSError) -> Bool {
        try checkOpen()
        return index.containers[id] != nil
    }

    /// The record size of an array akey (0 when it was only punched so far), or nil when the
    /// akey does not exist or holds a single value. `extentList` replies carry it.
    func arrayRecordSize(container: ContainerID, object: ObjectID, dkey: Key, akey: Key) throws(VOSError) -> UInt32? {
        try checkOpen()
        guard let path = try index.akeyPath(container, object, dkey, akey), path.akey.kind == .array else { return nil }
        return path.akey.recordSize
    }

    /// The visible run of records that ends at the array's end at `epoch` (adjacent visible
    /// pieces merged), or nil when nothing is visible: DAOS's "max recx" for `objectQueryMax`.
    func lastVisibleExtent(
        container: ContainerID, object: ObjectID, dkey: Key, akey: Key, epoch: Epoch
    ) throws(VOSError) -> RecordExtent? {
        try checkReadable(epoch)
        guard let path = try index.akeyPath(container, object, dkey, akey), path.akey.kind == .array else { return nil }
        let e = epoch.rawValue
        let segments = path.akey.records.visibleData(epoch: e, cutoff: path.cutoff(at: e)).1
        guard let final = segments.last else { return nil }
        var start = final.start
        for segment in segments.dropLast().reversed() {
            guard segment.end == start else { break }
            start = segment.start
        }
        return RecordExtent(start: start, count: final.end - start)
    }
}
