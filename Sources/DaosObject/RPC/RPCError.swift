/// Why an RPC failed, on either side. Every failure is a value with a readable description:
/// a dead server is a `timedOut` after the caller's deadline, never a hang.
public enum RPCError: Error, CustomStringConvertible {
    /// The fabric refused a post or reported a failed completion (text from `fi_strerror`).
    case fabric(FabricError)
    /// A frame could not be encoded, or a reply did not decode.
    case wire(WireError)
    /// No reply within the deadline.
    case timedOut(Opcode, milliseconds: Int)
    /// `call` before `connect` succeeded.
    case notConnected
    /// The server answered with a failure status (its `ErrorReply`).
    case failed(WireStatus, detail: String, leaderHint: UInt32?)
    /// The server could not decode our request and said so with a `protocolError` reply.
    case refused(detail: String)
    /// A bulk transfer larger than the buffer meant to hold it.
    case bulkTooLarge(needed: UInt64, available: Int)
    /// A reply that decodes but is not what the protocol says (e.g. a hello without an index).
    case unexpectedReply(String)

    public var description: String {
        switch self {
        case .fabric(let error): "fabric: \(error)"
        case .wire(let error): "wire: \(error)"
        case .timedOut(let opcode, let ms): "\(opcode) RPC timed out after \(ms) ms without a reply"
        case .notConnected: "RPC client is not connected to a server"
        case .failed(let status, let detail, _): "\(status.name): \(detail.isEmpty ? status.description : detail)"
        case .refused(let detail): "server refused the frame: \(detail)"
        case .bulkTooLarge(let needed, let available): "bulk of \(needed) bytes exceeds the \(available)-byte buffer"
        case .unexpectedReply(let text): "unexpected reply: \(text)"
        }
    }

    /// The status a server replies with when a handler fails with this error.
    public var wireStatus: WireStatus {
        switch self {
        case .fabric: .unreachable
        case .wire: .protocolError
        case .timedOut: .timedOut
        case .notConnected: .unreachable
        case .failed(let status, _, _): status
        case .refused: .protocolError
        case .bulkTooLarge: .recordTooBig
        case .unexpectedReply: .protocolError
        }
    }
}
