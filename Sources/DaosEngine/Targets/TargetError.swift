import DaosObject
import Glibc

/// Why a target refused or failed an object I/O request. Each case carries the `WireStatus` a
/// client sees and a one-line detail for its `ErrorReply`. Nothing a client sends traps: every
/// size, count and key is checked here or in VOS first.
public enum TargetError: Error, Equatable, CustomStringConvertible {
    /// VOS refused or failed the operation.
    case storage(VOSError)
    /// A well-formed request with an argument this target refuses (empty key, zero record size,
    /// data size disagreeing with its descriptors, malformed anchor...).
    case invalidRequest(String)
    /// More data than this target stores or moves in one request.
    case tooLarge(String)
    /// The data, or its hole map, does not fit: inline without a bulk descriptor, or the
    /// client's bulk window is smaller than the data.
    case truncated(String)
    /// A stored key the wire cannot carry (a lexical key over 80 bytes or not UTF-8).
    case keyNotRepresentable(String)
    /// The RMA transfer with the client failed; the status is the RPC layer's.
    case bulkFailed(WireStatus, String)
    /// The client's epoch is too far ahead of this engine's clock.
    case clockSkew(ClockError)
    /// The update's epoch is older than this target accepts data at (EC aggregation window).
    case epochTooOld(Epoch)
    /// Not an object I/O opcode: the engine routes those elsewhere.
    case unsupported(Opcode)
    /// The message is not the opcode's request type (an engine bug, answered, not trapped).
    case messageMismatch(Opcode)
    /// A placement for a client that did not prove it shares our host, or a target whose
    /// files it could not name: the client sends its data by bulk instead.
    case notPlaceable(String)

    public var status: WireStatus {
        switch self {
        case .storage(let error): return Self.status(of: error)
        case .invalidRequest, .clockSkew: return .invalidArgument
        case .epochTooOld: return .restart
        case .tooLarge: return .recordTooBig
        case .truncated: return .truncated
        case .keyNotRepresentable: return .keyTooBig
        case .bulkFailed(let status, _): return status
        case .unsupported, .notPlaceable: return .unsupported
        case .messageMismatch: return .protocolError
        }
    }

    public var description: String {
        switch self {
        case .storage(let error): return error.description
        case .invalidRequest(let reason), .tooLarge(let reason), .truncated(let reason),
            .keyNotRepresentable(let reason), .notPlaceable(let reason):
            return reason
        case .bulkFailed(_, let reason): return "bulk transfer failed: \(reason)"
        case .clockSkew(let error): return error.description
        case .epochTooOld(let epoch): return "epoch \(epoch) is older than this target accepts data at; retry with a new epoch"
        case .unsupported(let opcode): return "a target does not handle \(opcode)"
        case .messageMismatch(let opcode): return "the message is not a \(opcode) request"
        }
    }

    /// The status a client sees for each VOS refusal: argument errors are `invalidArgument`
    /// unless DAOS has a sharper code (key or record too big, exists, nonexistent, no space).
    static func status(of error: VOSError) -> WireStatus {
        switch error {
        case .invalidEpoch, .epochBelowAggregation, .zeroLengthKey, .emptyUpdate, .duplicateAkey,
            .tooManyAkeys, .tooManyExtents, .invalidExtent, .overlappingExtents, .dataSizeMismatch,
            .recordSizeMismatch, .valueKindMismatch, .bufferSizeMismatch:
            return .invalidArgument
        case .invalidRecordSize(let size):
            return size > VOSLimits.recordSizeMax ? .recordTooBig : .invalidArgument
        case .keyTooLong: return .keyTooBig
        case .valueTooLarge: return .recordTooBig
        case .unknownContainer, .keyNotFound: return .nonexistent
        case .containerExists, .keyExists: return .exists
        case .conditionBehindNewerEpoch: return .restart
        case .noSpace: return .noSpace
        case .io(_, _, let code) where code == ENOSPC || code == EDQUOT: return .noSpace
        case .io, .corruptWAL, .corruptCheckpoint, .targetFailed: return .ioError
        case .closed: return .shutdown
        }
    }
}
