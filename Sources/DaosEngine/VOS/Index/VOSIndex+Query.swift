// Reads of the index at an epoch: visibility of akeys and dkeys, listing with anchors, maxima.
// A key is listed at epoch E when something under it is visible at E, so punched and
// never-written keys (placeholders left by punches) never show.

import DaosObject

struct AkeyPath {
    let object: ObjectNode
    let dkey: DkeyNode
    let akey: AkeyNode

    func cutoff(at epoch: UInt64) -> Stamp {
        punchCutoff(object: object, dkey: dkey, akey: akey, epoch: epoch)
    }
}

extension VOSIndex {
    func container(_ id: ContainerID) throws(VOSError) -> ContainerNode {
        guard let node = containers[id] else { throw .unknownContainer(id) }
        return node
    }

    @inline(__always)
    func akeyPath(_ id: ContainerID, _ oid: ObjectID, _ dkey: Key, _ akey: Key) throws(VOSError) -> AkeyPath? {
        guard let object = try container(id).objects[oid],
            let dkeyNode = object.dkeys[dkey],
            let akeyNode = dkeyNode.akeys[akey]
        else { return nil }
        return AkeyPath(object: object, dkey: dkeyNode, akey: akeyNode)
    }

    /// Is any byte of this akey visible at `epoch`?
    func isVisible(_ path: AkeyPath, at epoch: UInt64) -> Bool {
        let cutoff = path.cutoff(at: epoch)
        switch path.akey.kind {
        case .undecided: return false
        case .single: return path.akey.visibleVersion(at: epoch, cutoff: cutoff) != nil
        case .array:
            var anyData = false
            var anyPunch = false
            for record in path.akey.records.records where record.stamp.epoch <= epoch && cutoff < record.stamp {
                if record.payload == .punched { anyPunch = true } else { anyData = true }
            }
            if !anyPunch || !anyData { return anyData }
            return !path.akey.records.visibleData(epoch: epoch, cutoff: cutoff).1.isEmpty
        }
    }

    func isVisible(object: ObjectNode, dkey: DkeyNode, at epoch: UInt64) -> Bool {
        dkey.akeys.nodes.values.contains { isVisible(AkeyPath(object: object, dkey: dkey, akey: $0), at: epoch) }
    }

    func listDkeys(_ id: ContainerID, _ oid: ObjectID, epoch: UInt64, anchor: VOSAnchor?, limit: Int)
        throws(VOSError) -> (keys: [Key], next: VOSAnchor?)
    {
        guard let object = try container(id).objects[oid] else { return ([], nil) }
        return Self.page(of: &object.dkeys, anchor: anchor, limit: limit) {
            isVisible(object: object, dkey: $0, at: epoch)
        }
    }

    func listAkeys(_ id: ContainerID, _ oid: ObjectID, dkey: Key, epoch: UInt64, anchor: VOSAnchor?, limit: Int)
        throws(VOSError) -> (keys: [Key], next: VOSAnchor?)
    {
        guard let object = try container(id).objects[oid], let dkeyNode = object.dkeys[dkey] else { return ([], nil) }
        return Self.page(of: &dkeyNode.akeys, anchor: anchor, limit: limit) {
            isVisible(AkeyPath(object: object, dkey: dkeyNode, akey: $0), at: epoch)
        }
    }

    private static func page<Node>(
        of map: inout KeyMap<Node>, anchor: VOSAnchor?, limit: Int,
        visible: (Node) -> Bool
    ) -> (keys: [Key], next: VOSAnchor?) {
        let sorted = map.sortedKeys()
        var index = 0
        if case .afterKey(let after)? = anchor?.position {
            var low = 0
            var high = sorted.count
            while low < high {
                let mid = (low + high) / 2
                if sorted[mid] <= after { low = mid + 1 } else { high = mid }
            }
            index = low
        }
        var keys: [Key] = []
        while index < sorted.count {
            if keys.count == limit { return (keys, VOSAnchor(position: .afterKey(keys.last!))) }
            if visible(map[sorted[index]]!) { keys.append(sorted[index]) }
            index += 1
        }
        return (keys, nil)
    }

    /// Visible data extents of an array akey at `epoch`, adjacent ones merged.
    func listExtents(_ path: AkeyPath, epoch: UInt64, anchor: VOSAnchor?, limit: Int) -> ([RecordExtent], VOSAnchor?) {
        var from: UInt64 = 0
        if case .afterRecord(let index)? = anchor?.position { from = index }
        var extents: [RecordExtent] = []
        for segment in path.akey.records.visibleData(epoch: epoch, cutoff: path.cutoff(at: epoch)).1
        where segment.end > from {
            let start = max(segment.start, from)
            if let last = extents.last, last.end == start {
                extents[extents.count - 1].count += segment.end - start
            } else {
                if extents.count == limit { return (extents, VOSAnchor(position: .afterRecord(extents.last!.end))) }
                extents.append(RecordExtent(start: start, count: segment.end - start))
            }
        }
        return (extents, nil)
    }

    /// The largest uint64 dkey visible at `epoch` (DAOS "max dkey", for array and file size).
    func maxDkey(_ id: ContainerID, _ oid: ObjectID, epoch: UInt64) throws(VOSError) -> UInt64? {
        guard let object = try container(id).objects[oid] else { return nil }
        for key in object.dkeys.sortedKeys().reversed() {
            guard case .uint64(let value) = key else { continue }
            if isVisible(object: object, dkey: object.dkeys[key]!, at: epoch) { return value }
        }
        return nil
    }

    /// One past the last visible record of an array akey at `epoch`; 0 when nothing is visible.
    func maxRecordEnd(_ path: AkeyPath, epoch: UInt64) -> UInt64 {
        path.akey.records.visibleData(epoch: epoch, cutoff: path.cutoff(at: epoch)).1.last?.end ?? 0
    }
}
