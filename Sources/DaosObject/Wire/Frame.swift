/// A received frame whose header, length and CRC have been checked. `payload` points into the
/// buffer handed to `decode`; it is valid only as long as that buffer is (which is why `Frame`
/// is not `Sendable`: decode the message, then let the buffer go back to the transport).
public struct Frame {
    public var header: FrameHeader
    public var payload: UnsafeRawBufferPointer

    /// Validates a whole received frame, in this order: at least a header; magic; version; no
    /// unknown flags; payload length within the inline limit; buffer length exactly header +
    /// payload; CRC; then, with the header trusted, a known opcode and no status on a request.
    public static func decode(_ buffer: UnsafeRawBufferPointer) throws(WireError) -> Frame {
        let fixed = try FrameHeader.checkFixedFields(buffer)
        let declared = Int(fixed.payloadLength)
        let available = buffer.count - WireLimits.headerBytes
        guard available == declared else { throw .lengthMismatch(declared: declared, available: available) }
        let stored = FrameHeader.load(buffer, FrameHeader.crcOffset, UInt32.self)
        let payload = UnsafeRawBufferPointer(rebasing: buffer[WireLimits.headerBytes...])
        let computed = checksum(buffer, payload: payload)
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        let header = try FrameHeader.decode(from: buffer)
        if !header.flags.contains(.reply) {
            guard header.status == .success else {
                throw .statusInRequest(header.status, opcode: header.opcode, rpcID: header.rpcID)
            }
        }
        return Frame(header: header, payload: payload)
    }

    /// Decodes the payload as this frame's message: the opcode's request or reply type, or an
    /// `ErrorReply` for a reply with a failure status (except `protocolError` replies, which
    /// always carry a `ProtocolErrorReply`). The whole payload must be consumed, and
    /// the header's bulk flag must agree with whether the message carries a bulk descriptor.
    public func message() throws(WireError) -> any WireMessage {
        let type: any WireMessage.Type
        if header.flags.contains(.reply) {
            // A protocol-error reply always carries its own payload, whatever its status.
            let usesOwnType = header.status.isSuccess || header.opcode == .protocolError
            type = usesOwnType ? header.opcode.replyType : ErrorReply.self
        } else if let requestType = header.opcode.requestType {
            type = requestType
        } else {
            throw .malformedPayload(header.opcode, rpcID: header.rpcID,
                                    .invalid(offset: 0, reason: "\(header.opcode) has no request form"))
        }
        return try decodeMessage(type)
    }

    /// Decodes the payload as `M`, e.g. after dispatching on the opcode. Generic, so the hot
    /// path decodes every frame without boxing the message in an existential.
    public func message<M: WireMessage>(as type: M.Type) throws(WireError) -> M {
        let message: M
        do throws(DecodeError) {
            message = try M(payload: payload)
        } catch {
            throw .malformedPayload(header.opcode, rpcID: header.rpcID, error)
        }
        try checkBulkFlag(message.bulkDescriptor != nil)
        return message
    }

    private func decodeMessage(_ type: any WireMessage.Type) throws(WireError) -> any WireMessage {
        let message: any WireMessage
        do throws(DecodeError) {
            message = try type.init(payload: payload)
        } catch {
            throw .malformedPayload(header.opcode, rpcID: header.rpcID, error)
        }
        try checkBulkFlag(message.bulkDescriptor != nil)
        return message
    }

    /// The header's bulk flag must agree with whether the message carries a bulk descriptor.
    private func checkBulkFlag(_ hasBulk: Bool) throws(WireError) {
        guard hasBulk == header.flags.contains(.bulk) else {
            throw .malformedPayload(header.opcode, rpcID: header.rpcID,
                                    .invalid(offset: 0, reason: "bulk flag disagrees with the payload"))
        }
    }

    /// CRC-32C of header bytes 0..<60 followed by the payload.
    static func checksum(_ frame: UnsafeRawBufferPointer, payload: UnsafeRawBufferPointer) -> UInt32 {
        let headerCRC = CRC.crc32c(UnsafeRawBufferPointer(rebasing: frame[..<FrameHeader.crcOffset]))
        return CRC.crc32c(payload, seed: headerCRC)
    }
}

// MARK: - Encoding

extension Frame {
    /// Writes header + payload into `buffer` and seals it; returns the frame's length. The
    /// header's payload length is taken from `payload`. Copies the payload once and allocates
    /// nothing; with a payload already in place at `buffer[64...]`, use `seal` instead.
    @discardableResult
    public static func encode(
        header: FrameHeader, payload: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer
    ) throws(WireError) -> Int {
        guard payload.count <= WireLimits.inlinePayloadBytesMax else { throw .payloadTooLarge(length: payload.count) }
        let length = WireLimits.headerBytes + payload.count
        guard buffer.count >= length else { throw .bufferTooSmall(needed: length, available: buffer.count) }
        if payload.count > 0 {
            UnsafeMutableRawBufferPointer(rebasing: buffer[WireLimits.headerBytes..<length]).copyMemory(from: payload)
        }
        return try seal(header: header, payloadLength: payload.count, in: buffer)
    }

    /// Writes the header in front of a payload the caller already placed at `buffer[64...]`
    /// (e.g. encoded straight into registered memory) and computes the CRC over both.
    @discardableResult
    public static func seal(
        header: FrameHeader, payloadLength: Int, in buffer: UnsafeMutableRawBufferPointer
    ) throws(WireError) -> Int {
        guard payloadLength <= WireLimits.inlinePayloadBytesMax else { throw .payloadTooLarge(length: payloadLength) }
        let length = WireLimits.headerBytes + payloadLength
        guard buffer.count >= length else { throw .bufferTooSmall(needed: length, available: buffer.count) }
        var header = header
        header.payloadLength = UInt32(payloadLength)
        header.encode(into: buffer)
        let frame = UnsafeRawBufferPointer(rebasing: buffer[..<length])
        let crc = checksum(frame, payload: UnsafeRawBufferPointer(rebasing: frame[WireLimits.headerBytes...]))
        buffer.storeBytes(of: crc.littleEndian, toByteOffset: FrameHeader.crcOffset, as: UInt32.self)
        return length
    }

    /// Encodes `message` with the caller's long-lived `scratch` writer (no allocation once it
    /// has grown) and writes the frame into `buffer`. Sets the bulk flag from the message.
    @discardableResult
    public static func encode(
        header: FrameHeader, message: some WireMessage, into buffer: UnsafeMutableRawBufferPointer,
        scratch: inout ByteWriter
    ) throws(WireError) -> Int {
        scratch.removeAll(keepingCapacity: true)
        message.encode(into: &scratch)
        var header = header
        if message.bulkDescriptor != nil { header.flags.insert(.bulk) } else { header.flags.remove(.bulk) }
        let result = scratch.bytes.withUnsafeBytes { payload in
            Result { () throws(WireError) -> Int in try encode(header: header, payload: payload, into: buffer) }
        }
        return try result.get()
    }

    /// A whole frame as a new array (tests, the simulated fabric, cold paths).
    public static func encoded(header: FrameHeader, message: some WireMessage) throws(WireError) -> [UInt8] {
        var scratch = ByteWriter(capacity: 256)
        var frame = [UInt8](repeating: 0, count: WireLimits.frameBytesMax)
        let length = try frame.withUnsafeMutableBytes { buffer in
            Result { () throws(WireError) -> Int in
                try encode(header: header, message: message, into: buffer, scratch: &scratch)
            }
        }.get()
        frame.removeLast(frame.count - length)
        return frame
    }
}
