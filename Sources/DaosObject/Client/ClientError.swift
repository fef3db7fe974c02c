/// Why a client operation failed, worded for the one-line errors `dmg` and `daos` print.
public enum ClientError: Error, CustomStringConvertible {
    /// No usable system file: the system is not running or `DAOS_SYSTEM_FILE` points elsewhere.
    case system(SystemFileError)
    /// The engine serving `rank` did not answer (after retries with a reloaded system file).
    case unreachable(rank: UInt32, RPCError)
    /// The request reached the service and was answered with an error status.
    case failed(WireStatus, detail: String)
    /// The transport or a reply failed in a way retrying does not fix.
    case rpc(RPCError)
    /// The caller's argument cannot go on the wire (name too long, empty label…).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .system(let error): "\(error)"
        case .unreachable(let rank, let error): "system not running or not answering (rank \(rank): \(error))"
        case .failed(let status, let detail): "\(status.name)(-\(status.rawValue)): \(detail.isEmpty ? status.description : detail)"
        case .rpc(let error): "\(error)"
        case .invalidArgument(let text): "invalid argument: \(text)"
        }
    }

    /// The status behind this error, for callers that branch on DAOS error codes.
    public var status: WireStatus {
        switch self {
        case .system, .unreachable: .unreachable
        case .failed(let status, _): status
        case .rpc(let error): error.wireStatus
        case .invalidArgument: .invalidArgument
        }
    }

    init(_ error: RPCError) {
        if case .failed(let status, let detail, _) = error { self = .failed(status, detail: detail) } else { self = .rpc(error) }
    }
}
