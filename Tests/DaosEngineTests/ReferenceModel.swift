import DaosObject

@testable import DaosEngine

/// The simplest possible VOS: every event kept forever, every read answered by brute force per
/// record index. It shares no code with the VOS; the property test compares the two.
struct ReferenceModel {
    struct Stamp: Comparable {
        var epoch: UInt64
        var order: Int
        static func < (a: Stamp, b: Stamp) -> Bool { (a.epoch, a.order) < (b.epoch, b.order) }
    }
    struct ObjectPath: Hashable {
        var container: ContainerID
        var object: ObjectID
    }
    struct DkeyPath: Hashable {
        var object: ObjectPath
        var dkey: Key
    }
    struct AkeyPath: Hashable {
        var dkey: DkeyPath
        var akey: Key
    }
    struct ArrayEvent {
        var stamp: Stamp
        var start: UInt64
        var count: UInt64
        var data: [UInt8]?
    }

    var order = 0
    var containers: Set<ContainerID> = []
    var objectPunches: [ObjectPath: [Stamp]] = [:]
    var dkeyPunches: [DkeyPath: [Stamp]] = [:]
    var akeyPunches: [AkeyPath: [Stamp]] = [:]
    var singles: [AkeyPath: [(stamp: Stamp, value: [UInt8])]] = [:]
    var arrays: [AkeyPath: [ArrayEvent]] = [:]
    var recordSizes: [AkeyPath: UInt32] = [:]

    mutating func nextStamp(_ epoch: UInt64) -> Stamp {
        order += 1
        return Stamp(epoch: epoch, order: order)
    }

    mutating func update(_ path: DkeyPath, epoch: UInt64, _ akeys: [AkeyUpdate]) {
        let stamp = nextStamp(epoch)
        for update in akeys {
            let akey = AkeyPath(dkey: path, akey: update.akey)
            switch update.value {
            case .single(let value): singles[akey, default: []].append((stamp, value))
            case .array(let recordSize, let writes):
                recordSizes[akey] = recordSize
                for write in writes {
                    arrays[akey, default: []].append(
                        ArrayEvent(
                            stamp: stamp, start: write.extent.start,
                            count: write.extent.count, data: write.data))
                }
            }
        }
    }

    mutating func punch(_ object: ObjectPath, _ target: PunchTarget, epoch: UInt64) {
        let stamp = nextStamp(epoch)
        switch target {
        case .object: objectPunches[object, default: []].append(stamp)
        case .dkey(let d): dkeyPunches[DkeyPath(object: object, dkey: d), default: []].append(stamp)
        case .akey(let d, let a):
            akeyPunches[AkeyPath(dkey: DkeyPath(object: object, dkey: d), akey: a), default: []].append(stamp)
        case .extent(let d, let a, let x):
            arrays[AkeyPath(dkey: DkeyPath(object: object, dkey: d), akey: a), default: []]
                .append(ArrayEvent(stamp: stamp, start: x.start, count: x.count, data: nil))
        }
    }

    mutating func destroy(_ object: ObjectPath) {
        objectPunches[object] = nil
        dkeyPunches = dkeyPunches.filter { $0.key.object != object }
        akeyPunches = akeyPunches.filter { $0.key.dkey.object != object }
        singles = singles.filter { $0.key.dkey.object != object }
        arrays = arrays.filter { $0.key.dkey.object != object }
        recordSizes = recordSizes.filter { $0.key.dkey.object != object }
    }

    /// The newest epoch anything under `dkey` (or its object) was written or punched at.
    func newestEpoch(_ dkey: DkeyPath) -> UInt64 {
        var newest = max(objectPunches[dkey.object]?.map(\.epoch).max() ?? 0, dkeyPunches[dkey]?.map(\.epoch).max() ?? 0)
        for (path, stamps) in akeyPunches where path.dkey == dkey { newest = max(newest, stamps.map(\.epoch).max() ?? 0) }
        for (path, versions) in singles where path.dkey == dkey { newest = max(newest, versions.map(\.stamp.epoch).max() ?? 0) }
        for (path, events) in arrays where path.dkey == dkey { newest = max(newest, events.map(\.stamp.epoch).max() ?? 0) }
        return newest
    }

    func cutoff(_ akey: AkeyPath, at epoch: UInt64) -> Stamp {
        let all = (objectPunches[akey.dkey.object] ?? []) + (dkeyPunches[akey.dkey] ?? []) + (akeyPunches[akey] ?? [])
        return all.filter { $0.epoch <= epoch }.max() ?? Stamp(epoch: 0, order: 0)
    }

    func single(_ akey: AkeyPath, at epoch: UInt64) -> [UInt8]? {
        guard let newest = (singles[akey] ?? []).filter({ $0.stamp.epoch <= epoch }).max(by: { $0.stamp < $1.stamp }),
            cutoff(akey, at: epoch) < newest.stamp
        else { return nil }
        return newest.value
    }

    /// The bytes of record `index` at `epoch`, nil for a hole.
    func record(_ akey: AkeyPath, _ index: UInt64, at epoch: UInt64) -> ArraySlice<UInt8>? {
        let size = Int(recordSizes[akey] ?? 1)
        guard
            let newest = (arrays[akey] ?? []).filter({
                $0.stamp.epoch <= epoch && $0.start <= index && index < $0.start + $0.count
            })
            .max(by: { $0.stamp < $1.stamp }),
            cutoff(akey, at: epoch) < newest.stamp, let data = newest.data
        else { return nil }
        let from = Int(index - newest.start) * size
        return data[from..<(from + size)]
    }

    func visibleRecords(_ akey: AkeyPath, at epoch: UInt64) -> [UInt64] {
        let indices = Set((arrays[akey] ?? []).flatMap { $0.start..<($0.start + $0.count) })
        return indices.sorted().filter { record(akey, $0, at: epoch) != nil }
    }

    func isVisible(_ akey: AkeyPath, at epoch: UInt64) -> Bool {
        single(akey, at: epoch) != nil || !visibleRecords(akey, at: epoch).isEmpty
    }

    func akeys(_ dkey: DkeyPath, at epoch: UInt64) -> [Key] {
        let names = Set(
            singles.keys.filter { $0.dkey == dkey }.map(\.akey) + arrays.keys.filter { $0.dkey == dkey }.map(\.akey))
        return names.filter { isVisible(AkeyPath(dkey: dkey, akey: $0), at: epoch) }.sorted()
    }

    func dkeys(_ object: ObjectPath, at epoch: UInt64) -> [Key] {
        let names = Set(
            singles.keys.filter { $0.dkey.object == object }.map(\.dkey.dkey)
                + arrays.keys.filter { $0.dkey.object == object }.map(\.dkey.dkey))
        return names.filter { !akeys(DkeyPath(object: object, dkey: $0), at: epoch).isEmpty }.sorted()
    }

    /// Visible records merged into maximal runs.
    func extents(_ akey: AkeyPath, at epoch: UInt64) -> [RecordExtent] {
        var runs: [RecordExtent] = []
        for index in visibleRecords(akey, at: epoch) {
            if let last = runs.last, last.end == index {
                runs[runs.count - 1].count += 1
            } else {
                runs.append(RecordExtent(start: index, count: 1))
            }
        }
        return runs
    }
}
