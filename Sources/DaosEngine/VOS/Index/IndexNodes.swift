// The in-memory index tree: container → object → dkey → akey → value.
// Nodes are final classes so a path lookup mutates in place (no copy-on-write of big maps).
// The index is owned by one target thread and has no locks (DESIGN.md §6).

import DaosObject

/// Where a value's bytes are.
enum Payload: Equatable {
    /// At this byte offset of the blob file; the length comes from the owning version/record.
    case blob(offset: UInt64)
    /// Inside the index itself (and inside the WAL record / checkpoint that carried it).
    case inline([UInt8])
    /// A tombstone: hides older versions of the same bytes.
    case punched
}

/// One version of a single value.
struct SingleVersion {
    var stamp: Stamp
    var length: UInt64
    var payload: Payload
}

/// Punches of one level (object, dkey or akey), sorted by stamp. A punch at stamp P hides every
/// version below it with a stamp < P, for reads at epochs ≥ P.epoch.
struct PunchLog {
    private(set) var stamps: [Stamp] = []

    var isEmpty: Bool { stamps.isEmpty }

    mutating func add(_ stamp: Stamp) {
        if let last = stamps.last, last < stamp {
            stamps.append(stamp)
            return
        }
        let index = stamps.firstIndex { stamp < $0 } ?? stamps.count
        stamps.insert(stamp, at: index)
    }

    /// The newest punch a read at `epoch` sees, or `.zero`.
    @inline(__always)
    func cutoff(at epoch: UInt64) -> Stamp {
        guard let last = stamps.last else { return .zero }
        if last.epoch <= epoch { return last }
        var index = stamps.count - 1
        while index > 0 {
            index -= 1
            if stamps[index].epoch <= epoch { return stamps[index] }
        }
        return .zero
    }

    var newestEpoch: UInt64 { stamps.last?.epoch ?? 0 }

    /// Drops punches at or below `epoch` (aggregation folds their effect into the values).
    mutating func dropThrough(epoch: UInt64) { stamps.removeAll { $0.epoch <= epoch } }

    init() {}
    init(stamps: [Stamp]) {
        precondition(zip(stamps, stamps.dropFirst()).allSatisfy { $0 < $1 }, "punch log out of order")
        self.stamps = stamps
    }
}

/// A key → node map that also lists in key order. The sorted key list is built lazily on the
/// first listing; while it exists and is small, inserts and removals keep it sorted (binary
/// search + move), so a directory listed between creates never re-sorts. Above
/// `incrementalKeysMax` keys an insert drops the list instead (the move would cost more than
/// one sort at the next listing).
struct KeyMap<Node: AnyObject> {
    private(set) var nodes: [Key: Node] = [:]
    private var sortedCache: [Key]?
    static var incrementalKeysMax: Int { 16_384 }

    var count: Int { nodes.count }
    var isEmpty: Bool { nodes.isEmpty }

    subscript(key: Key) -> Node? {
        @inline(__always) get { nodes[key] }
    }

    mutating func insert(_ node: Node, for key: Key) {
        precondition(nodes[key] == nil, "KeyMap.insert over an existing key")
        nodes[key] = node
        // No second reference to the list may live across the insert, or it would be copied.
        guard sortedCache != nil else { return }
        if sortedCache!.count >= Self.incrementalKeysMax {
            sortedCache = nil
            return
        }
        let index = Self.lowerBound(of: key, in: sortedCache!)
        sortedCache!.insert(key, at: index)
    }

    mutating func remove(_ key: Key) {
        guard nodes.removeValue(forKey: key) != nil else { return }
        guard sortedCache != nil else { return }
        let index = Self.lowerBound(of: key, in: sortedCache!)
        precondition(index < sortedCache!.count && sortedCache![index] == key, "KeyMap sorted list out of step")
        sortedCache!.remove(at: index)
    }

    mutating func sortedKeys() -> [Key] {
        if let cached = sortedCache { return cached }
        let sorted = nodes.keys.sorted()
        sortedCache = sorted
        return sorted
    }

    private static func lowerBound(of key: Key, in keys: [Key]) -> Int {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

final class ContainerNode {
    var objects: [ObjectID: ObjectNode] = [:]
    /// Updates and punches at or below this epoch are refused: aggregation folded that history.
    var aggregatedThrough: UInt64 = 0
}

final class ObjectNode {
    var punches = PunchLog()
    var dkeys = KeyMap<DkeyNode>()
}

final class DkeyNode {
    var punches = PunchLog()
    var akeys = KeyMap<AkeyNode>()

    /// The newest epoch anything under this dkey was written or punched at (0 if none).
    var newestEpoch: UInt64 {
        akeys.nodes.values.reduce(punches.newestEpoch) { max($0, $1.newestEpoch) }
    }
}

enum ValueKind: UInt8 {
    /// Only punched so far: the first write decides the kind.
    case undecided = 0
    case single = 1
    case array = 2
}

final class AkeyNode {
    private(set) var kind: ValueKind
    /// Bytes per record for arrays; 0 for single values and for arrays only punched so far.
    private(set) var recordSize: UInt32
    var punches = PunchLog()
    /// Single-value versions sorted by stamp.
    var versions: [SingleVersion] = []
    var records = ArrayRecords()

    /// The newest epoch this akey was written or punched at (0 if never).
    var newestEpoch: UInt64 {
        max(punches.newestEpoch, versions.last?.stamp.epoch ?? 0, records.records.reduce(0) { max($0, $1.stamp.epoch) })
    }

    init(kind: ValueKind, recordSize: UInt32) {
        if kind != .array { precondition(recordSize == 0, "record size belongs to arrays only") }
        self.kind = kind
        self.recordSize = recordSize
    }

    /// Throws unless a write of `kind`/`recordSize` may land here.
    func checkAdoptable(_ akey: Key, kind newKind: ValueKind, recordSize newSize: UInt32) throws(VOSError) {
        if kind == .undecided { return }
        guard kind == newKind else { throw .valueKindMismatch(akey) }
        guard recordSize == newSize || recordSize == 0 else {
            throw .recordSizeMismatch(existing: recordSize, requested: newSize)
        }
    }

    /// Fixes kind and record size on the first write (after `checkAdoptable` passed).
    func adopt(kind newKind: ValueKind, recordSize newSize: UInt32) {
        if kind == .undecided { kind = newKind }
        if kind == .array, recordSize == 0 { recordSize = newSize }
        precondition(kind == newKind, "adopt without checkAdoptable")
        precondition(recordSize == newSize, "adopt without checkAdoptable")
    }

    /// Marks an undecided node as an array (an extent punch arrived first).
    func becomeArrayIfUndecided() {
        if kind == .undecided { kind = .array }
    }

    var isEmpty: Bool { punches.isEmpty && versions.isEmpty && records.isEmpty }

    func insertVersion(_ version: SingleVersion) {
        if let last = versions.last, !(version.stamp < last.stamp) {
            versions.append(version)
            return
        }
        let index = versions.firstIndex { version.stamp < $0.stamp } ?? versions.count
        versions.insert(version, at: index)
    }

    /// The single value visible at `epoch` under punch `cutoff`, or nil.
    func visibleVersion(at epoch: UInt64, cutoff: Stamp) -> SingleVersion? {
        // Versions are sorted by (epoch, sequence): the last one with epoch ≤ E is the newest.
        var low = 0
        var high = versions.count
        while low < high {
            let mid = (low + high) / 2
            if versions[mid].stamp.epoch <= epoch { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let version = versions[low - 1]
        guard cutoff < version.stamp, version.payload != .punched else { return nil }
        return version
    }
}

/// The punch cutoff a read at `epoch` sees for an akey: the newest punch of any ancestor.
@inline(__always)
func punchCutoff(object: ObjectNode, dkey: DkeyNode, akey: AkeyNode, epoch: UInt64) -> Stamp {
    max(object.punches.cutoff(at: epoch), dkey.punches.cutoff(at: epoch), akey.punches.cutoff(at: epoch))
}
