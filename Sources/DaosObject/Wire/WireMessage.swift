/// A request or reply payload. Every message has an explicit little-endian layout, written in
/// its doc comment; `init(decoding:)` is bounded (every length and count is capped by a
/// `WireLimits` constant and checked against the bytes left) and total (it throws, never traps).
public protocol WireMessage: Sendable, Equatable {
    func encode(into writer: inout ByteWriter)
    init(decoding reader: inout ByteReader) throws(DecodeError)
    /// The RMA window this message hands to the receiver, if any; the frame's bulk flag says
    /// the same thing, and a frame where the two disagree is refused.
    var bulkDescriptor: BulkDescriptor? { get }
}

extension WireMessage {
    public var bulkDescriptor: BulkDescriptor? { nil }

    /// Decodes a whole payload: the message must use every byte.
    public init(payload: UnsafeRawBufferPointer) throws(DecodeError) {
        var reader = ByteReader(payload)
        self = try Self(decoding: &reader)
        try reader.expectEnd()
    }

    public init(payload: [UInt8]) throws(DecodeError) {
        let result = payload.withUnsafeBytes { raw in
            Result { () throws(DecodeError) -> Self in try Self(payload: raw) }
        }
        self = try result.get()
    }

    /// The payload bytes of this message.
    public func encoded() -> [UInt8] {
        var writer = ByteWriter()
        encode(into: &writer)
        return writer.bytes
    }
}

/// No payload (disconnect, close, ping and query requests, and replies with nothing to say).
///
///     (zero bytes)
public struct EmptyMessage: WireMessage, Hashable {
    public init() {}
    public func encode(into writer: inout ByteWriter) {}
    public init(decoding reader: inout ByteReader) throws(DecodeError) {}
}

/// The no-op's request and reply: opaque bytes, echoed, so benchmarks can vary the size.
///
///     0  4  byte count N (≤ inline limit − 4)
///     4  N  bytes
public struct NoopMessage: WireMessage, Hashable {
    public static let bytesMax = WireLimits.inlinePayloadBytesMax - 4
    public var bytes: [UInt8]

    public init(bytes: [UInt8] = []) {
        precondition(bytes.count <= Self.bytesMax, "no-op payload of \(bytes.count) bytes")
        self.bytes = bytes
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeLengthPrefixed(bytes, as: UInt32.self)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        bytes = try reader.readLengthPrefixedBytes(UInt32.self, limit: Self.bytesMax)
    }
}

/// `localBulkProof` request: the client copied the 16-byte challenge of the server's hello
/// reply to `address` in its process `pid`; the server reads it back there by cross-memory
/// attach. Only a process on the server's host (same pid namespace, one the server may
/// ptrace) can pass, and only for its own pid: the challenge is in no other process's memory.
/// `key` is the client process's secret: its bulk descriptors carry it, so a request that
/// borrows this peer's index (the index is a routing hint, not a credential) cannot make the
/// server attach to the client's memory.
///
///     0  4  pid | 4 reserved, zero | 8 address | 8 key
public struct LocalBulkProof: WireMessage, Hashable {
    public var pid: UInt32
    public var address: UInt64
    public var key: UInt64

    public init(pid: UInt32, address: UInt64, key: UInt64) {
        self.pid = pid
        self.address = address
        self.key = key
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(pid)
        writer.writeZeros(4)
        writer.write(address)
        writer.write(key)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        pid = try reader.read()
        try reader.readZeros(4)
        address = try reader.read()
        key = try reader.read()
    }
}

/// The payload of every reply whose header status is not success.
///
///     0  4  leader hint: rank of the service leader (0xFFFFFFFF = none; for `notLeader`)
///     4  2  detail length N (≤ 256)
///     6  N  detail, UTF-8: one line for a human
public struct ErrorReply: WireMessage, Hashable {
    public static let noLeaderHint: UInt32 = 0xFFFF_FFFF
    public var leaderHint: UInt32
    public var detail: String

    /// A detail longer than `WireLimits.detailBytesMax` is cut (at a character boundary).
    public init(detail: String, leaderHint: UInt32 = ErrorReply.noLeaderHint) {
        self.detail = detail.truncatedUTF8(to: WireLimits.detailBytesMax)
        self.leaderHint = leaderHint
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(leaderHint)
        writer.writeLengthPrefixed(detail, as: UInt16.self)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        leaderHint = try reader.read()
        detail = try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.detailBytesMax)
    }
}

/// Reply (opcode `protocolError`, status `protocolError`) to a frame whose header passed its
/// CRC but whose opcode or payload did not decode. The offending opcode is raw: it may be one
/// this side does not know.
///
///     0  2  offending opcode (raw)
///     2  2  detail length N (≤ 256)
///     4  N  detail, UTF-8
public struct ProtocolErrorReply: WireMessage, Hashable {
    public var offendingOpcode: UInt16
    public var detail: String

    /// A detail longer than `WireLimits.detailBytesMax` is cut (at a character boundary).
    public init(offendingOpcode: UInt16, detail: String) {
        self.offendingOpcode = offendingOpcode
        self.detail = detail.truncatedUTF8(to: WireLimits.detailBytesMax)
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(offendingOpcode)
        writer.writeLengthPrefixed(detail, as: UInt16.self)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        offendingOpcode = try reader.read()
        detail = try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.detailBytesMax)
    }
}

/// The epoch an operation took effect at (update, punch, snapshot create).
///
///     0  8  epoch
public struct EpochReply: WireMessage, Hashable {
    public var epoch: Epoch
    public init(epoch: Epoch) { self.epoch = epoch }
    public func encode(into writer: inout ByteWriter) { writer.write(epoch.rawValue) }
    public init(decoding reader: inout ByteReader) throws(DecodeError) { epoch = Epoch(try reader.read()) }
}

extension String {
    /// The longest prefix of whole characters that fits `limit` UTF-8 bytes: error texts are
    /// built from untrusted input (names, decode errors) and must never trap the encoder.
    public func truncatedUTF8(to limit: Int) -> String {
        guard utf8.count > limit else { return self }
        var result = ""
        for character in self {
            guard result.utf8.count + character.utf8.count <= limit else { break }
            result.append(character)
        }
        return result
    }
}
