// The operations that change the index. Each one is exactly one WAL record: the live path
// applies it after writing the record, recovery applies it again from the record, and because
// `VOSIndex.apply` is deterministic both produce the same tree (including blob offsets, which the
// record carries, and stamps, whose sequence is the record's LSN).

import DaosObject

/// One akey of an update, with its data already placed (inline or at a blob offset).
struct AkeyOp {
    var akey: Key
    var kind: ValueKind
    var recordSize: UInt32
    /// Single value: its length and payload.
    var singleLength: UInt64 = 0
    var singlePayload: Payload = .punched
    /// Array: the written extents and their payloads.
    var extents: [(extent: RecordExtent, payload: Payload)] = []
}

struct UpdateOp {
    var container: ContainerID
    var object: ObjectID
    var dkey: Key
    var epoch: UInt64
    var akeys: [AkeyOp]
    /// Sync mode: copies of small blob values, carried in the WAL record so that one WAL
    /// fdatasync makes them durable; recovery writes them to the blob again (redo).
    var journal: [JournalEntry] = []
}

/// Blob bytes that the WAL record carries as well (redo data).
struct JournalEntry {
    var offset: UInt64
    var bytes: [UInt8]
}

enum IndexOp {
    case createContainer(ContainerID)
    case destroyContainer(ContainerID)
    case destroyObject(ContainerID, ObjectID)
    case update(UpdateOp)
    case punch(ContainerID, ObjectID, PunchTarget, epoch: UInt64)
    /// Keeps exactly what is visible at each snapshot ≤ bound and at the bound.
    case aggregate(ContainerID, snapshots: [UInt64], bound: UInt64)

    var tag: UInt8 {
        switch self {
        case .createContainer: 1
        case .destroyContainer: 2
        case .destroyObject: 3
        case .update: 4
        case .punch: 5
        case .aggregate: 6
        }
    }
}

/// A byte range of the blob file that an index change stopped referencing.
struct BlobRange: Equatable, Comparable {
    var offset: UInt64
    var length: UInt64
    var end: UInt64 { offset + length }
    static func < (lhs: BlobRange, rhs: BlobRange) -> Bool { lhs.offset < rhs.offset }
}
