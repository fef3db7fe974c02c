// Value types of the VOS API: container identities, keys, extents, values, anchors.
// `Epoch`, `ObjectID` and `UpdateCondition` come from DaosObject (shared with the wire protocol).
// Every type has an explicit byte layout in Durable/ByteCoding.swift; none is ever written to disk
// as Swift struct memory. Epoch 0 is never valid; `Epoch.latest` (UInt64.max) is for reads only.
import DaosObject

/// Total order of every versioned thing in the index: epoch first, then the log sequence number
/// of the operation that wrote it. Two writes at the same epoch are ordered by arrival, and the
/// WAL replays them in that same order, so recovery rebuilds the same winners.
struct Stamp: Hashable, Comparable, Sendable {
    var epoch: UInt64
    var sequence: UInt64

    static let zero = Stamp(epoch: 0, sequence: 0)
    static func < (lhs: Stamp, rhs: Stamp) -> Bool {
        lhs.epoch != rhs.epoch ? lhs.epoch < rhs.epoch : lhs.sequence < rhs.sequence
    }
}

/// A container's 128-bit identity (its UUID, as two words).
public struct ContainerID: Hashable, Sendable, CustomStringConvertible {
    public var hi: UInt64
    public var lo: UInt64
    public init(hi: UInt64, lo: UInt64) {
        self.hi = hi
        self.lo = lo
    }
    public var description: String { "cont:\(String(hi, radix: 16)).\(String(lo, radix: 16))" }
}

/// A distribution or attribute key. The kind decides ordering: uint64 keys order numerically
/// (so "max dkey" exists), lexical keys order bytewise, hashed keys order bytewise too but the
/// caller must not rely on it. Keys of different kinds order by kind first.
public enum Key: Hashable, Comparable, Sendable, CustomStringConvertible {
    case uint64(UInt64)
    case lexical([UInt8])
    case hashed([UInt8])

    public static func lexical(_ string: String) -> Key { .lexical(Array(string.utf8)) }
    public static func hashed(_ string: String) -> Key { .hashed(Array(string.utf8)) }

    var kindTag: UInt8 {
        switch self {
        case .uint64: 1
        case .lexical: 2
        case .hashed: 3
        }
    }

    /// Bytes the key occupies in the WAL and checkpoint, for the key length limit.
    var byteCount: Int {
        switch self {
        case .uint64: 8
        case .lexical(let bytes), .hashed(let bytes): bytes.count
        }
    }

    public static func < (lhs: Key, rhs: Key) -> Bool {
        switch (lhs, rhs) {
        case (.uint64(let a), .uint64(let b)): return a < b
        case (.lexical(let a), .lexical(let b)), (.hashed(let a), .hashed(let b)):
            return a.lexicographicallyPrecedes(b)
        default: return lhs.kindTag < rhs.kindTag
        }
    }

    public var description: String {
        switch self {
        case .uint64(let v): return "u\(v)"
        case .lexical(let b): return "l'\(String(decoding: b, as: UTF8.self))'"
        case .hashed(let b): return "h'\(String(decoding: b, as: UTF8.self))'"
        }
    }
}

/// A run of array records `[start, start + count)`, in record indices (not bytes).
public struct RecordExtent: Hashable, Sendable, CustomStringConvertible {
    public var start: UInt64
    public var count: UInt64
    public init(start: UInt64, count: UInt64) {
        self.start = start
        self.count = count
    }
    public var end: UInt64 { start &+ count }
    public var description: String { "[\(start),\(end))" }

    func overlaps(_ other: RecordExtent) -> Bool { start < other.end && other.start < end }
}

/// One array write inside an update: the records of `extent`, `extent.count × recordSize` bytes.
public struct ArrayWrite: @unchecked Sendable {
    // @unchecked: a borrowed buffer is only read during the `update` call it is passed to.
    public var extent: RecordExtent
    enum Bytes {
        case owned([UInt8])
        case borrowed(UnsafeRawBufferPointer)
        /// Already in the blob at `offset` (a `BlobReservation` filled in place).
        case placed(offset: UInt64, UnsafeRawBufferPointer)
    }
    let bytes: Bytes

    public init(extent: RecordExtent, data: [UInt8]) {
        self.extent = extent
        bytes = .owned(data)
    }

    /// Borrows the caller's memory, which must stay valid until `update` returns: large
    /// values go from it straight into the blob file, small ones are copied into the index.
    public init(extent: RecordExtent, borrowing data: UnsafeRawBufferPointer) {
        self.extent = extent
        bytes = .borrowed(data)
    }

    /// The records of a reservation the caller has filled (`VOSTarget.reserveBlob`): the update
    /// references them where they are, with no copy.
    public init(extent: RecordExtent, placedIn reservation: BlobReservation, at offset: Int, byteCount: Int) {
        precondition(offset >= 0 && offset + byteCount <= reservation.bytes.count, "extent outside its reservation")
        self.extent = extent
        bytes = .placed(offset: reservation.offset + UInt64(offset),
                        UnsafeRawBufferPointer(rebasing: reservation.bytes[offset..<offset + byteCount]))
    }

    /// The records' bytes (a copy when borrowed or placed).
    public var data: [UInt8] {
        switch bytes {
        case .owned(let data): data
        case .borrowed(let data), .placed(_, let data): Array(data)
        }
    }

    /// The blob offset of a placed value.
    var placedOffset: UInt64? {
        if case .placed(let offset, _) = bytes { offset } else { nil }
    }

    public var byteCount: Int {
        switch bytes {
        case .owned(let data): data.count
        case .borrowed(let data), .placed(_, let data): data.count
        }
    }

    func withBytes<T>(_ body: (UnsafeRawBufferPointer) throws(VOSError) -> T) throws(VOSError) -> T {
        switch bytes {
        case .owned(let data):
            let result: Result<T, VOSError> = data.withUnsafeBytes { raw in Result { () throws(VOSError) in try body(raw) } }
            return try result.get()
        case .borrowed(let data), .placed(_, let data):
            return try body(data)
        }
    }
}

/// The new value of one akey inside an update.
public enum ValueUpdate: Sendable {
    /// Replaces the whole single value (an atomic blob).
    case single([UInt8])
    /// Writes records of an array whose records are `recordSize` bytes (1 = byte array).
    case array(recordSize: UInt32, writes: [ArrayWrite])
}

/// One akey and its new value.
public struct AkeyUpdate: Sendable {
    public var akey: Key
    public var value: ValueUpdate
    public init(akey: Key, value: ValueUpdate) {
        self.akey = akey
        self.value = value
    }
}

/// What a punch removes, from the whole object down to a range of array records.
public enum PunchTarget: Sendable, Equatable {
    case object
    case dkey(Key)
    case akey(dkey: Key, akey: Key)
    case extent(dkey: Key, akey: Key, RecordExtent)
}

/// When an update is acknowledged (DESIGN.md §6).
public enum Durability: UInt8, Sendable {
    /// Data and WAL record fdatasync'ed before the acknowledgement (group commit).
    case sync = 1
    /// Data and WAL record written to the page cache: survives a killed process, not power loss.
    case pageCache = 2
}

/// An opaque position for paginated listing: pass back the anchor a listing returned.
/// (Not DaosObject's wire `ListAnchor`: that one is capped at 64 bytes, a key may be longer.)
public struct VOSAnchor: Hashable, Sendable {
    enum Position: Hashable, Sendable {
        case afterKey(Key)
        case afterRecord(UInt64)
    }
    let position: Position
}

/// A log sequence number: updates are durable once `VOSTarget.durableSequence` reaches theirs.
public struct LogSequence: RawRepresentable, Hashable, Comparable, Sendable {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public static func < (lhs: LogSequence, rhs: LogSequence) -> Bool { lhs.rawValue < rhs.rawValue }
}
