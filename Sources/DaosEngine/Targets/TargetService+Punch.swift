// objectPunch at every level the wire names: the object, dkeys, akeys of one dkey, or extents
// of one array akey. VOS punches one thing per op, so a multi-key punch is several ops at the
// same epoch; every key is checked before the first is punched, and the reply waits until the
// last op is durable (durability is in sequence order, so that covers them all).

import DaosObject

extension TargetService {
    func punch(_ m: ObjectPunchRequest, container: ContainerID, epoch: Epoch) throws(TargetError) {
        if let last = try applyPunches(try Self.punchTargets(m.scope), container: container, object: m.oid, epoch: epoch) {
            try waitDurable(last)
        }
    }

    /// Punches `targets` in order at `epoch`, without waiting for durability; returns the last
    /// op's sequence (nil for none).
    func applyPunches(_ targets: [PunchTarget], container: ContainerID, object: ObjectID, epoch: Epoch)
        throws(TargetError) -> LogSequence? {
        var last: LogSequence?
        for target in targets {
            last = try write(container) { () throws(VOSError) in
                try vos.punch(container: container, object: object, target, epoch: epoch)
            }
        }
        return last
    }

    /// The VOS punches a scope stands for, after checking every key and extent in it.
    static func punchTargets(_ scope: PunchScope) throws(TargetError) -> [PunchTarget] {
        switch scope {
        case .object:
            return [.object]
        case .dkeys(let keys):
            try checkPunchCount(keys.count, limit: WireLimits.punchKeysMax, what: "dkeys")
            var targets: [PunchTarget] = []
            targets.reserveCapacity(keys.count)
            for key in keys { targets.append(.dkey(try KeyConversion.vosKey(key))) }
            return targets
        case .akeys(let wireDkey, let keys):
            try checkPunchCount(keys.count, limit: WireLimits.punchKeysMax, what: "akeys")
            let dkey = try KeyConversion.vosKey(wireDkey)
            var targets: [PunchTarget] = []
            targets.reserveCapacity(keys.count)
            for key in keys { targets.append(.akey(dkey: dkey, akey: try KeyConversion.vosKey(key))) }
            return targets
        case .extents(let wireDkey, let wireAkey, let extents):
            try checkPunchCount(extents.count, limit: WireLimits.extentsPerIODMax, what: "extents")
            let dkey = try KeyConversion.vosKey(wireDkey)
            let akey = try KeyConversion.vosKey(wireAkey)
            var targets: [PunchTarget] = []
            targets.reserveCapacity(extents.count)
            for extent in extents {
                guard extent.count > 0, !extent.start.addingReportingOverflow(extent.count).overflow else {
                    throw .invalidRequest("punch extent \(extent) is empty or ends beyond 2^64")
                }
                targets.append(.extent(dkey: dkey, akey: akey, RecordExtent(start: extent.start, count: extent.count)))
            }
            return targets
        }
    }

    private static func checkPunchCount(_ count: Int, limit: Int, what: String) throws(TargetError) {
        guard count > 0 else { throw .invalidRequest("punch of no \(what)") }
        guard count <= limit else { throw .invalidRequest("punch of \(count) \(what) exceeds the limit of \(limit)") }
    }
}
