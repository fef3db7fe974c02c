// The whole in-memory index of one target and the deterministic `apply` of every IndexOp.
// `apply` checks everything before it mutates anything, so an op is applied whole or not at all.

import DaosObject

final class VOSIndex {
    var containers: [ContainerID: ContainerNode] = [:]
    /// Bytes of values stored inline in the index (counted as used space).
    private(set) var inlineBytes: UInt64 = 0

    /// Applies `op` as the operation with log sequence `sequence`; returns the blob ranges that
    /// nothing references any more.
    func apply(_ op: IndexOp, sequence: UInt64) throws(VOSError) -> [BlobRange] {
        switch op {
        case .createContainer(let id):
            guard containers[id] == nil else { throw .containerExists(id) }
            containers[id] = ContainerNode()
            return []
        case .destroyContainer(let id):
            guard let container = containers.removeValue(forKey: id) else { throw .unknownContainer(id) }
            var freed: [BlobRange] = []
            for object in container.objects.values { release(object, into: &freed) }
            return freed
        case .destroyObject(let id, let oid):
            guard let container = containers[id] else { throw .unknownContainer(id) }
            var freed: [BlobRange] = []
            if let object = container.objects.removeValue(forKey: oid) { release(object, into: &freed) }
            return freed
        case .update(let update):
            try applyUpdate(update, sequence: sequence)
            return []
        case .punch(let id, let oid, let target, let epoch):
            try applyPunch(id, oid, target, stamp: Stamp(epoch: epoch, sequence: sequence))
            return []
        case .aggregate(let id, let snapshots, let bound):
            guard let container = containers[id] else { throw .unknownContainer(id) }
            var aggregator = Aggregator(snapshots: snapshots, bound: bound, sequence: sequence)
            let freed = aggregator.aggregate(container)
            inlineBytes -= aggregator.inlineBytesDropped
            return freed
        }
    }

    private func applyUpdate(_ update: UpdateOp, sequence: UInt64) throws(VOSError) {
        guard let container = containers[update.container] else { throw .unknownContainer(update.container) }
        let stamp = Stamp(epoch: update.epoch, sequence: sequence)
        let object = container.objects[update.object]
        let dkey = object?.dkeys[update.dkey]
        for op in update.akeys {
            guard let existing = dkey?.akeys[op.akey] else { continue }
            try existing.checkAdoptable(op.akey, kind: op.kind, recordSize: op.recordSize)
        }
        let objectNode =
            object
            ?? {
                let node = ObjectNode()
                container.objects[update.object] = node
                return node
            }()
        let dkeyNode: DkeyNode
        if let dkey {
            dkeyNode = dkey
        } else {
            dkeyNode = DkeyNode()
            objectNode.dkeys.insert(dkeyNode, for: update.dkey)
        }
        for op in update.akeys {
            let akeyNode = akeyNode(dkeyNode, op.akey, kind: op.kind, recordSize: op.recordSize)
            akeyNode.adopt(kind: op.kind, recordSize: op.recordSize)
            switch op.kind {
            case .single:
                akeyNode.insertVersion(SingleVersion(stamp: stamp, length: op.singleLength, payload: op.singlePayload))
                if case .inline(let bytes) = op.singlePayload { inlineBytes += UInt64(bytes.count) }
            case .array:
                for (extent, payload) in op.extents {
                    akeyNode.records.insert(
                        ArrayRecord(start: extent.start, count: extent.count, stamp: stamp, payload: payload))
                    if case .inline(let bytes) = payload { inlineBytes += UInt64(bytes.count) }
                }
            case .undecided:
                preconditionFailure("an update always names a value kind")
            }
        }
    }

    private func applyPunch(_ id: ContainerID, _ oid: ObjectID, _ target: PunchTarget, stamp: Stamp) throws(VOSError) {
        guard let container = containers[id] else { throw .unknownContainer(id) }
        // Punching something never written still records the tombstone: a later write at an
        // older epoch must stay hidden at reads ≥ the punch.
        let object =
            container.objects[oid]
            ?? {
                let node = ObjectNode()
                container.objects[oid] = node
                return node
            }()
        func dkeyNode(_ key: Key) -> DkeyNode {
            if let node = object.dkeys[key] { return node }
            let node = DkeyNode()
            object.dkeys.insert(node, for: key)
            return node
        }
        switch target {
        case .object:
            object.punches.add(stamp)
        case .dkey(let dkey):
            dkeyNode(dkey).punches.add(stamp)
        case .akey(let dkey, let akey):
            // An akey punched before its first write stays undecided: the write adopts it.
            akeyNode(dkeyNode(dkey), akey, kind: .undecided, recordSize: 0).punches.add(stamp)
        case .extent(let dkey, let akey, let extent):
            let dnode = dkeyNode(dkey)
            if let anode = dnode.akeys[akey], anode.kind == .single { throw .valueKindMismatch(akey) }
            // An extent punch fixes the kind (array) but not the record size.
            let anode = akeyNode(dnode, akey, kind: .array, recordSize: 0)
            anode.becomeArrayIfUndecided()
            anode.records.insert(ArrayRecord(start: extent.start, count: extent.count, stamp: stamp, payload: .punched))
        }
    }

    private func akeyNode(_ dkey: DkeyNode, _ akey: Key, kind: ValueKind, recordSize: UInt32) -> AkeyNode {
        if let node = dkey.akeys[akey] { return node }
        let node = AkeyNode(kind: kind, recordSize: recordSize)
        dkey.akeys.insert(node, for: akey)
        return node
    }

    /// Every blob range `object` references, appended to `freed`; inline bytes are uncounted.
    private func release(_ object: ObjectNode, into freed: inout [BlobRange]) {
        for dkey in object.dkeys.nodes.values {
            for akey in dkey.akeys.nodes.values {
                akey.forEachPayload { payload, length in
                    switch payload {
                    case .blob(let offset): freed.append(BlobRange(offset: offset, length: length))
                    case .inline(let bytes): inlineBytes -= UInt64(bytes.count)
                    case .punched: break
                    }
                }
            }
        }
    }

    /// Every blob range the index references (the allocator is rebuilt from this at recovery).
    func referencedBlobRanges() -> [BlobRange] {
        var ranges: [BlobRange] = []
        for container in containers.values {
            for object in container.objects.values {
                for dkey in object.dkeys.nodes.values {
                    for akey in dkey.akeys.nodes.values {
                        akey.forEachPayload { payload, length in
                            if case .blob(let offset) = payload {
                                ranges.append(BlobRange(offset: offset, length: length))
                            }
                        }
                    }
                }
            }
        }
        return ranges
    }

    /// Recomputes `inlineBytes` after a checkpoint load.
    func recountInlineBytes() {
        var total: UInt64 = 0
        for container in containers.values {
            for object in container.objects.values {
                for dkey in object.dkeys.nodes.values {
                    for akey in dkey.akeys.nodes.values {
                        akey.forEachPayload { payload, _ in
                            if case .inline(let bytes) = payload { total += UInt64(bytes.count) }
                        }
                    }
                }
            }
        }
        inlineBytes = total
    }
}

extension AkeyNode {
    /// Calls `body` with every payload and its byte length.
    func forEachPayload(_ body: (Payload, UInt64) -> Void) {
        for version in versions { body(version.payload, version.length) }
        for record in records.records { body(record.payload, record.count * UInt64(recordSize)) }
    }
}
