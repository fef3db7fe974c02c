import DaosObject

/// Every way a VOS operation can be refused. Bad input and operating errors throw one of these;
/// only programmer errors (a broken internal invariant) trap.
public enum VOSError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidEpoch(Epoch)
    /// The epoch lies at or below the container's aggregation bound: history there is folded.
    case epochBelowAggregation(Epoch, aggregatedThrough: Epoch)
    case zeroLengthKey
    case keyTooLong(bytes: Int, limit: Int)
    case unknownContainer(ContainerID)
    case containerExists(ContainerID)
    case emptyUpdate
    case duplicateAkey(Key)
    case tooManyAkeys(count: Int, limit: Int)
    case tooManyExtents(count: Int, limit: Int)
    case valueTooLarge(bytes: UInt64, limit: UInt64)
    case invalidRecordSize(UInt32)
    case invalidExtent(RecordExtent)
    case overlappingExtents(RecordExtent, RecordExtent)
    case dataSizeMismatch(expected: UInt64, actual: Int)
    case recordSizeMismatch(existing: UInt32, requested: UInt32)
    /// The akey already holds the other kind of value (single value vs array).
    case valueKindMismatch(Key)
    case keyExists
    /// A conditional update at an epoch below a write or punch the dkey already holds: deciding
    /// it there would ignore that newer history, so the client retries at a newer epoch.
    case conditionBehindNewerEpoch(Epoch, newest: Epoch)
    case keyNotFound
    case bufferSizeMismatch(expected: UInt64, actual: Int)
    /// Refused whole: nothing of the update was written or became visible.
    case noSpace(requestedBytes: UInt64, freeBytes: UInt64)
    case io(operation: String, path: String, errno: Int32)
    case corruptWAL(path: String, offset: UInt64, reason: String)
    case corruptCheckpoint(path: String, offset: UInt64, reason: String)
    /// A background WAL flush failed; the target refuses all further work until reopened.
    case targetFailed(String)
    case closed

    public var description: String {
        switch self {
        case .invalidEpoch(let e): return "invalid epoch \(e.rawValue)"
        case .epochBelowAggregation(let e, let a):
            return "epoch \(e.rawValue) is at or below the aggregation bound \(a.rawValue)"
        case .zeroLengthKey: return "zero-length key"
        case .keyTooLong(let b, let l): return "key of \(b) bytes exceeds the limit of \(l)"
        case .unknownContainer(let c): return "unknown container \(c)"
        case .containerExists(let c): return "container \(c) already exists"
        case .emptyUpdate: return "update names no akey or no extent"
        case .duplicateAkey(let k): return "akey \(k) appears twice in one update"
        case .tooManyAkeys(let c, let l): return "\(c) akeys in one update exceed the limit of \(l)"
        case .tooManyExtents(let c, let l): return "\(c) extents in one update exceed the limit of \(l)"
        case .valueTooLarge(let b, let l): return "value of \(b) bytes exceeds the limit of \(l)"
        case .invalidRecordSize(let r): return "invalid record size \(r)"
        case .invalidExtent(let x): return "invalid extent \(x)"
        case .overlappingExtents(let a, let b): return "extents \(a) and \(b) overlap in one update"
        case .dataSizeMismatch(let e, let a): return "extent needs \(e) bytes, got \(a)"
        case .recordSizeMismatch(let e, let r): return "record size \(r) differs from the akey's \(e)"
        case .valueKindMismatch(let k): return "akey \(k) holds the other kind of value"
        case .keyExists: return "key exists (conditional insert refused)"
        case .conditionBehindNewerEpoch(let e, let newest):
            return "conditional update at epoch \(e) is older than the dkey's newest change at \(newest); retry with a new epoch"
        case .keyNotFound: return "key not found (conditional update refused)"
        case .bufferSizeMismatch(let e, let a): return "buffer of \(a) bytes, fetch needs \(e)"
        case .noSpace(let r, let f): return "no space: update needs \(r) bytes, \(f) free"
        case .io(let op, let path, let e): return "\(op) \(path): errno \(e)"
        case .corruptWAL(let p, let o, let r): return "corrupt WAL \(p) at offset \(o): \(r)"
        case .corruptCheckpoint(let p, let o, let r): return "corrupt checkpoint \(p) at offset \(o): \(r)"
        case .targetFailed(let r): return "target failed: \(r)"
        case .closed: return "target is closed"
        }
    }
}
