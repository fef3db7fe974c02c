/// Why a frame was refused. The first group comes before the CRC has vouched for the header:
/// nothing in it can be trusted, so the receiver drops the frame and counts it. From
/// `unknownOpcode` on, the CRC has passed, and the receiver answers with a `protocolError`
/// reply to `replyRPCID`. Decoding never traps and never allocates past the frame's own size.
public enum WireError: Error, Equatable, CustomStringConvertible {
    /// Fewer than 64 bytes: not even a header.
    case truncatedHeader(available: Int)
    case badMagic(found: UInt32)
    case unsupportedVersion(UInt16)
    /// Flag bits this version does not define.
    case unknownFlags(UInt32)
    /// A payload over the inline limit (declared in a header, or handed to the encoder).
    case payloadTooLarge(length: Int)
    /// The buffer holds more or fewer bytes than the header's payload length says.
    case lengthMismatch(declared: Int, available: Int)
    case checksumMismatch(stored: UInt32, computed: UInt32)

    /// CRC good, opcode unknown: a newer peer, or a bug. Answerable.
    case unknownOpcode(UInt16, rpcID: RPCID)
    /// A request with a non-zero status field.
    case statusInRequest(WireStatus, opcode: Opcode, rpcID: RPCID)
    /// The payload does not decode as the opcode's message, or disagrees with the header
    /// (e.g. the bulk flag without a bulk descriptor, or a request for a reply-only opcode).
    case malformedPayload(Opcode, rpcID: RPCID, DecodeError)

    /// Encoding only: the caller's buffer cannot hold the frame.
    case bufferTooSmall(needed: Int, available: Int)

    /// Where in the decoder a frame was refused; the fuzz test and the transport count by it.
    public enum Layer: String, Sendable, CaseIterable {
        case header, checksum, semantics, payload, encoding
    }

    public var layer: Layer {
        switch self {
        case .truncatedHeader, .badMagic, .unsupportedVersion, .unknownFlags, .payloadTooLarge, .lengthMismatch:
            .header
        case .checksumMismatch: .checksum
        case .unknownOpcode, .statusInRequest: .semantics
        case .malformedPayload: .payload
        case .bufferTooSmall: .encoding
        }
    }

    /// The RPC id to send a protocol-error reply to, or nil when the frame must just be dropped.
    public var replyRPCID: RPCID? {
        switch self {
        case .unknownOpcode(_, let rpcID), .statusInRequest(_, _, let rpcID), .malformedPayload(_, let rpcID, _):
            rpcID
        default: nil
        }
    }

    public var description: String {
        switch self {
        case .truncatedHeader(let available): "frame of \(available) bytes is shorter than the 64-byte header"
        case .badMagic(let found): "bad frame magic 0x\(String(found, radix: 16))"
        case .unsupportedVersion(let version): "unsupported protocol version \(version)"
        case .unknownFlags(let flags): "unknown frame flags 0x\(String(flags, radix: 16))"
        case .payloadTooLarge(let length):
            "payload of \(length) bytes exceeds the \(WireLimits.inlinePayloadBytesMax)-byte inline limit"
        case .lengthMismatch(let declared, let available):
            "header declares \(declared) payload bytes, frame holds \(available)"
        case .checksumMismatch(let stored, let computed):
            "frame checksum mismatch: stored 0x\(String(stored, radix: 16)), computed 0x\(String(computed, radix: 16))"
        case .unknownOpcode(let raw, let rpcID): "unknown opcode 0x\(String(raw, radix: 16)) in \(rpcID)"
        case .statusInRequest(let status, let opcode, let rpcID):
            "\(opcode) request \(rpcID) carries status \(status.rawValue)"
        case .malformedPayload(let opcode, let rpcID, let error): "malformed \(opcode) payload in \(rpcID): \(error)"
        case .bufferTooSmall(let needed, let available): "frame needs \(needed) bytes, buffer holds \(available)"
        }
    }
}

extension WireError {
    /// The `protocolError` reply that answers this error, or nil when the frame must be dropped
    /// (its header never passed the CRC, so there is no one to answer).
    public func protocolErrorReply(mapVersion: UInt32) -> (header: FrameHeader, message: ProtocolErrorReply)? {
        let offending: UInt16
        switch self {
        case .unknownOpcode(let raw, _): offending = raw
        case .statusInRequest(_, let opcode, _), .malformedPayload(let opcode, _, _): offending = opcode.rawValue
        default: return nil
        }
        guard let rpcID = replyRPCID else { return nil }
        let header = FrameHeader(
            opcode: .protocolError, flags: .reply, rpcID: rpcID, mapVersion: mapVersion, status: .protocolError)
        return (header, ProtocolErrorReply(offendingOpcode: offending, detail: description))
    }
}
