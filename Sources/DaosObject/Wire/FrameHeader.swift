/// The fixed 64-byte header in front of every frame, little-endian:
///
///     offset  size  field
///     0       4     magic 0x534F4144 ("DAOS" in memory order)
///     4       2     protocol version (WireLimits.protocolVersion = 2)
///     6       2     opcode (`Opcode`)
///     8       4     flags: bit 0 reply, bit 1 bulk descriptor in payload; other bits zero
///     12      4     payload length (≤ WireLimits.inlinePayloadBytesMax)
///     16      8     RPC id (client-chosen, echoed in the reply)
///     24      8     pool handle cookie (0 = none)
///     32      8     container handle cookie (0 = none)
///     40      4     pool map version of the sender
///     44      4     target index within the engine (0xFFFFFFFF = the service thread)
///     48      8     epoch (0 = none, UInt64.max = latest)
///     56      4     status (replies: 0 or a `WireStatus`; requests: always 0)
///     60      4     CRC-32C of bytes 0..<60 followed by the payload
///
/// Encoding and decoding work on raw buffers without allocating: the transport receives into
/// pre-registered memory and builds replies in place.
public struct FrameHeader: Hashable, Sendable {
    public var opcode: Opcode
    public var flags: FrameFlags
    /// Bytes of payload after the header. `Frame.encode` sets it from the payload it writes.
    public var payloadLength: UInt32
    public var rpcID: RPCID
    public var poolHandle: HandleCookie
    public var containerHandle: HandleCookie
    /// Every RPC carries the sender's pool map version; a receiver with a newer map answers
    /// `staleMap`, one with an older map knows to refresh.
    public var mapVersion: UInt32
    public var target: TargetIndex
    /// 0 = none; `Epoch.latest` lets the engine pick (DAOS_EPOCH_MAX).
    public var epoch: Epoch
    public var status: WireStatus

    public init(
        opcode: Opcode, flags: FrameFlags = [], rpcID: RPCID,
        poolHandle: HandleCookie = .none, containerHandle: HandleCookie = .none,
        mapVersion: UInt32 = 0, target: TargetIndex = .serviceThread,
        epoch: Epoch = Epoch(0), status: WireStatus = .success, payloadLength: UInt32 = 0
    ) {
        self.opcode = opcode
        self.flags = flags
        self.payloadLength = payloadLength
        self.rpcID = rpcID
        self.poolHandle = poolHandle
        self.containerHandle = containerHandle
        self.mapVersion = mapVersion
        self.target = target
        self.epoch = epoch
        self.status = status
    }

    /// The header of the reply to this request: same opcode, RPC id, handles and target.
    public func reply(status: WireStatus, mapVersion: UInt32, epoch: Epoch = Epoch(0)) -> FrameHeader {
        FrameHeader(
            opcode: opcode, flags: .reply, rpcID: rpcID, poolHandle: poolHandle,
            containerHandle: containerHandle, mapVersion: mapVersion, target: target, epoch: epoch,
            status: status)
    }

    static let crcOffset = 60

    /// Writes bytes 0..<60 into `buffer`; the CRC field is written by `Frame.seal`, which also
    /// sees the payload. Unknown flag bits or a status on a request are programmer errors.
    public func encode(into buffer: UnsafeMutableRawBufferPointer) {
        precondition(buffer.count >= WireLimits.headerBytes, "header buffer \(buffer.count) < 64 bytes")
        precondition(FrameFlags.known.isSuperset(of: flags), "unknown frame flags \(flags.rawValue)")
        precondition(flags.contains(.reply) || status == .success, "a request carries no status")
        buffer.storeBytes(of: WireLimits.magic.littleEndian, toByteOffset: 0, as: UInt32.self)
        buffer.storeBytes(of: WireLimits.protocolVersion.littleEndian, toByteOffset: 4, as: UInt16.self)
        buffer.storeBytes(of: opcode.rawValue.littleEndian, toByteOffset: 6, as: UInt16.self)
        buffer.storeBytes(of: flags.rawValue.littleEndian, toByteOffset: 8, as: UInt32.self)
        buffer.storeBytes(of: payloadLength.littleEndian, toByteOffset: 12, as: UInt32.self)
        buffer.storeBytes(of: rpcID.rawValue.littleEndian, toByteOffset: 16, as: UInt64.self)
        buffer.storeBytes(of: poolHandle.rawValue.littleEndian, toByteOffset: 24, as: UInt64.self)
        buffer.storeBytes(of: containerHandle.rawValue.littleEndian, toByteOffset: 32, as: UInt64.self)
        buffer.storeBytes(of: mapVersion.littleEndian, toByteOffset: 40, as: UInt32.self)
        buffer.storeBytes(of: target.rawValue.littleEndian, toByteOffset: 44, as: UInt32.self)
        buffer.storeBytes(of: epoch.rawValue.littleEndian, toByteOffset: 48, as: UInt64.self)
        buffer.storeBytes(of: status.rawValue.littleEndian, toByteOffset: 56, as: UInt32.self)
        buffer.storeBytes(of: UInt32(0), toByteOffset: Self.crcOffset, as: UInt32.self)
    }

    /// Decodes a header on its own, for a stream transport that must learn the payload length
    /// before the payload has arrived. Checks magic, version, flags and the length limit.
    /// It cannot check the CRC (that needs the payload), so until `Frame.decode` has run every
    /// field, the opcode and RPC id included, is untrusted: a stream transport uses this only
    /// to size the read, then decodes the whole frame, and answers only that decoder's errors.
    public static func decode(from buffer: UnsafeRawBufferPointer) throws(WireError) -> FrameHeader {
        let fixed = try checkFixedFields(buffer)
        guard let opcode = Opcode(rawValue: load(buffer, 6, UInt16.self)) else {
            throw .unknownOpcode(load(buffer, 6, UInt16.self), rpcID: RPCID(load(buffer, 16, UInt64.self)))
        }
        return FrameHeader(
            opcode: opcode, flags: fixed.flags, rpcID: RPCID(load(buffer, 16, UInt64.self)),
            poolHandle: HandleCookie(load(buffer, 24, UInt64.self)),
            containerHandle: HandleCookie(load(buffer, 32, UInt64.self)),
            mapVersion: load(buffer, 40, UInt32.self), target: TargetIndex(load(buffer, 44, UInt32.self)),
            epoch: Epoch(load(buffer, 48, UInt64.self)), status: WireStatus(rawValue: load(buffer, 56, UInt32.self)),
            payloadLength: fixed.payloadLength)
    }

    /// The checks that need no CRC: enough bytes, magic, version, flags, the inline limit.
    static func checkFixedFields(
        _ buffer: UnsafeRawBufferPointer
    ) throws(WireError) -> (flags: FrameFlags, payloadLength: UInt32) {
        guard buffer.count >= WireLimits.headerBytes else { throw .truncatedHeader(available: buffer.count) }
        let magic = load(buffer, 0, UInt32.self)
        guard magic == WireLimits.magic else { throw .badMagic(found: magic) }
        let version = load(buffer, 4, UInt16.self)
        guard version == WireLimits.protocolVersion else { throw .unsupportedVersion(version) }
        let flags = FrameFlags(rawValue: load(buffer, 8, UInt32.self))
        guard FrameFlags.known.isSuperset(of: flags) else { throw .unknownFlags(flags.rawValue) }
        let payloadLength = load(buffer, 12, UInt32.self)
        guard payloadLength <= WireLimits.inlinePayloadBytesMax else {
            throw .payloadTooLarge(length: Int(payloadLength))
        }
        return (flags, payloadLength)
    }

    static func load<T: FixedWidthInteger>(_ buffer: UnsafeRawBufferPointer, _ offset: Int, _: T.Type) -> T {
        T(littleEndian: buffer.loadUnaligned(fromByteOffset: offset, as: T.self))
    }
}

/// Header flag bits. Unknown bits are refused, so a bit can gain a meaning in a later version.
public struct FrameFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The frame answers the request with the same RPC id.
    public static let reply = FrameFlags(rawValue: 1 << 0)
    /// The payload carries a `BulkDescriptor`: the receiver will move data by RMA.
    public static let bulk = FrameFlags(rawValue: 1 << 1)

    public static let known: FrameFlags = [.reply, .bulk]
}
