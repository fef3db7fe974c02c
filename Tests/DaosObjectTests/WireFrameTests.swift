import DaosObject
import Testing

/// Bitwise CRC-32C, independent of ISA-L, so the header golden checks the CRC field itself.
func referenceCRC32C(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
    }
    return ~crc
}

func decodeFrame(_ bytes: [UInt8]) -> Result<FrameHeader, WireError> {
    bytes.withUnsafeBytes { raw in
        Result { () throws(WireError) -> FrameHeader in
            let frame = try Frame.decode(raw)
            _ = try frame.message()
            return frame.header
        }
    }
}

/// Re-seals a frame after a test has edited it, so a check behind the CRC is what refuses it.
func resealed(_ bytes: [UInt8]) -> [UInt8] {
    var copy = bytes
    let crc = referenceCRC32C(Array(copy[..<60]) + Array(copy[64...]))
    withUnsafeBytes(of: crc.littleEndian) { copy.replaceSubrange(60..<64, with: $0) }
    return copy
}

@Suite struct WireFrameTests {
    static let header = FrameHeader(
        opcode: .objectUpdate, flags: .bulk, rpcID: RPCID(0x0102_0304_0506_0708), poolHandle: HandleCookie(0x11),
        containerHandle: HandleCookie(0x22), mapVersion: 3, target: TargetIndex(5), epoch: .latest)

    @Test func headerGoldenBytes() throws {
        var buffer = [UInt8](repeating: 0xEE, count: 80)
        let payload: [UInt8] = [0xDE, 0xAD]
        let length = try buffer.withUnsafeMutableBytes { out in
            try payload.withUnsafeBytes { try Frame.encode(header: Self.header, payload: $0, into: out) }
        }
        #expect(length == 66)
        let expected = wireHex(
            "44414f53 0200 0103 02000000 02000000 0807060504030201 1100000000000000 2200000000000000"
                + "03000000 05000000 ffffffffffffffff 00000000")
        #expect(Array(buffer[..<60]) == expected)
        let crc = referenceCRC32C(expected + payload)
        #expect(Array(buffer[60..<64]) == withUnsafeBytes(of: crc.littleEndian, Array.init))
        #expect(Array(buffer[64..<66]) == payload)
        #expect(buffer[66] == 0xEE, "encode wrote past the frame")

        let decoded = try Array(buffer[..<66]).withUnsafeBytes { raw throws(WireError) in try Frame.decode(raw).header }
        var expectedHeader = Self.header
        expectedHeader.payloadLength = 2
        #expect(decoded == expectedHeader)
        let headerOnly = try Array(buffer[..<64]).withUnsafeBytes { raw throws(WireError) in try FrameHeader.decode(from: raw) }
        #expect(headerOnly == expectedHeader)
    }

    @Test func protocolConstantsArePinned() {
        #expect(WireLimits.headerBytes == 64)
        #expect(WireLimits.inlinePayloadBytesMax == 16_384)
        #expect(Array("DAOS".utf8) == withUnsafeBytes(of: WireLimits.magic.littleEndian, Array.init))
        #expect(WireLimits.protocolVersion == 2)
        let values = Opcode.allCases.map(\.rawValue)
        #expect(Set(values).count == values.count)
        #expect(Opcode.allCases.allSatisfy { [0x00, 0x01, 0x02, 0x03, 0x04].contains($0.service) })
        #expect(Opcode.poolConnect.rawValue == 0x0104 && Opcode.objectFetch.rawValue == 0x0302)
        #expect(Opcode.noop.rawValue == 0x0001 && Opcode.engineQuery.rawValue == 0x0403)
    }

    /// Limits that encodings depend on (length-prefix widths, the duplicate-tag bitmask).
    @Test func limitsFitTheirEncodings() {
        #expect(WireLimits.frameBytesMax == WireLimits.headerBytes + WireLimits.inlinePayloadBytesMax)
        #expect(NoopMessage.bytesMax + 4 == WireLimits.inlinePayloadBytesMax)
        #expect(WireLimits.lexicalKeyBytesMax <= WireLimits.keyBytesMax)
        for limit in [WireLimits.keyBytesMax, WireLimits.labelBytesMax, WireLimits.principalBytesMax,
                      WireLimits.detailBytesMax, WireLimits.providerBytesMax, WireLimits.ranksMax,
                      WireLimits.targetIndicesMax, WireLimits.iodsMax, WireLimits.bulkSegmentsMax,
                      WireLimits.listEntriesMax, WireLimits.propertiesMax] {
            #expect(limit <= Int(UInt16.max))
        }
        #expect(WireLimits.anchorBytesMax <= Int(UInt8.max))
        #expect(WireLimits.tiersMax <= Int(UInt8.max))
        #expect(ContainerProperty.Tag.allCases.allSatisfy { $0.rawValue < 64 })
        #expect(PoolProperty.Tag.allCases.allSatisfy { $0.rawValue < 64 })
        #expect(WireLimits.recordBytesMax <= UInt64(UInt32.max))
    }

    @Test func errorTextsAreCutNotTrapped() throws {
        let long = String(repeating: "é", count: 200)  // 400 UTF-8 bytes
        let reply = ErrorReply(detail: long)
        #expect(reply.detail.utf8.count == 256)
        #expect(try ErrorReply(payload: reply.encoded()) == reply)
        #expect(ProtocolErrorReply(offendingOpcode: 1, detail: long).detail.utf8.count == 256)
    }

    @Test func statusesAreStableAndDescribed() {
        let expected: [(WireStatus, UInt32, String)] = [
            (.success, 0, "DER_SUCCESS"), (.noPermission, 1001, "DER_NO_PERM"), (.noHandle, 1002, "DER_NO_HDL"),
            (.invalidArgument, 1003, "DER_INVAL"), (.exists, 1004, "DER_EXIST"), (.nonexistent, 1005, "DER_NONEXIST"),
            (.noSpace, 1007, "DER_NOSPACE"), (.unsupported, 1010, "DER_NOSYS"), (.timedOut, 1011, "DER_TIMEDOUT"),
            (.busy, 1012, "DER_BUSY"), (.protocolError, 1014, "DER_PROTO"), (.ioError, 2001, "DER_IO"),
            (.staleMap, 2007, "DER_STALE"), (.notReady, 2900, "DER_NOT_READY"), (.shutdown, 2901, "DER_SHUTDOWN"),
        ]
        for (status, raw, name) in expected {
            #expect(status.rawValue == raw)
            #expect(status.name == name)
        }
        #expect(Set(WireStatus.known).count == WireStatus.known.count)
        #expect(WireStatus.known.allSatisfy { !$0.description.hasPrefix("unknown") })
        #expect(WireStatus(rawValue: 77).description == "unknown error 77")
    }

    @Test(arguments: Opcode.allCases)
    func everyOpcodeRoundTripsThroughAFrame(opcode: Opcode) throws {
        if let request = WireSamples.request(opcode) {
            try Self.roundTrip(request, header: FrameHeader(opcode: opcode, rpcID: RPCID(9)))
        }
        let reply = WireSamples.reply(opcode)
        let status: WireStatus = opcode == .protocolError ? .protocolError : .success
        try Self.roundTrip(reply, header: FrameHeader(opcode: opcode, rpcID: RPCID(9)).reply(status: status, mapVersion: 4))
        guard opcode != .protocolError else { return }
        try Self.roundTrip(WireSamples.error, header: FrameHeader(opcode: opcode, rpcID: RPCID(9)).reply(status: .staleMap, mapVersion: 8))
    }

    static func roundTrip<M: WireMessage>(_ message: M, header: FrameHeader) throws {
        let bytes = try Frame.encoded(header: header, message: message)
        #expect(bytes.count == 64 + message.encoded().count)
        try bytes.withUnsafeBytes { raw in
            let frame = try Frame.decode(raw)
            #expect(frame.header.rpcID == header.rpcID)
            #expect(frame.header.flags.contains(.bulk) == (message.bulkDescriptor != nil))
            #expect(try frame.message(as: M.self) == message)
            let erased = try frame.message()
            #expect((erased as? M) == message)
        }
    }

    static func sampleFrame() throws -> [UInt8] {
        try Frame.encoded(header: FrameHeader(opcode: .objectUpdate, rpcID: RPCID(77), epoch: .latest), message: WireSamples.update)
    }

    @Test func everyTruncationIsRejected() throws {
        let bytes = try Self.sampleFrame()
        for length in 0..<bytes.count {
            let result = decodeFrame(Array(bytes[..<length]))
            let expected: WireError = length < 64
                ? .truncatedHeader(available: length) : .lengthMismatch(declared: bytes.count - 64, available: length - 64)
            #expect(result.failure == expected)
        }
        #expect(decodeFrame(bytes + [0]).failure == .lengthMismatch(declared: bytes.count - 64, available: bytes.count - 63))
    }

    @Test func everyFlippedBitIsRejected() throws {
        let bytes = try Self.sampleFrame()
        for bit in 0..<bytes.count * 8 {
            var corrupt = bytes
            corrupt[bit / 8] ^= 1 << (bit % 8)
            #expect(decodeFrame(corrupt).failure != nil, "bit \(bit) flip accepted")
        }
    }

    @Test func headerFieldsAreCheckedWithTheRightError() throws {
        let bytes = try Self.sampleFrame()
        func edited(_ offset: Int, _ value: some FixedWidthInteger) -> [UInt8] {
            var copy = bytes
            withUnsafeBytes(of: value.littleEndian) { copy.replaceSubrange(offset..<offset + $0.count, with: $0) }
            return resealed(copy)
        }
        #expect(decodeFrame(edited(0, UInt32(0x534F_4145))).failure == .badMagic(found: 0x534F_4145))
        #expect(decodeFrame(edited(4, UInt16(3))).failure == .unsupportedVersion(3))
        #expect(decodeFrame(edited(8, UInt32(4))).failure == .unknownFlags(4))
        #expect(decodeFrame(edited(12, UInt32(16_385))).failure == .payloadTooLarge(length: 16_385))
        #expect(decodeFrame(edited(12, UInt32(3))).failure == .lengthMismatch(declared: 3, available: bytes.count - 64))
        #expect(decodeFrame(edited(6, UInt16(0x0777))).failure == .unknownOpcode(0x0777, rpcID: RPCID(77)))
        #expect(decodeFrame(edited(56, UInt32(1003))).failure == .statusInRequest(.invalidArgument, opcode: .objectUpdate, rpcID: RPCID(77)))
        var badCRC = bytes
        badCRC[61] ^= 0x10
        guard case .checksumMismatch = decodeFrame(badCRC).failure else { Issue.record("CRC not checked"); return }
        // The bulk flag must agree with the payload, both ways.
        let bulkFlagged = decodeFrame(edited(8, FrameFlags.bulk.rawValue)).failure
        #expect(bulkFlagged?.layer == .payload && bulkFlagged?.replyRPCID == RPCID(77))
        let bulkFrame = try Frame.encoded(header: FrameHeader(opcode: .objectUpdate, rpcID: RPCID(78)), message: WireSamples.updateBulk)
        var unflagged = bulkFrame
        unflagged[8] = 0
        #expect(decodeFrame(resealed(unflagged)).failure?.layer == .payload)
        #expect(decodeFrame(bulkFrame).failure == nil)
        // A request for a reply-only opcode, and a payload of the wrong type.
        #expect(decodeFrame(edited(6, Opcode.protocolError.rawValue)).failure?.layer == .payload)
        #expect(decodeFrame(edited(6, Opcode.engineStop.rawValue)).failure?.layer == .payload)
    }

    @Test func errorsBeforeTheChecksumAreDroppedAfterItAnswered() {
        #expect(WireError.badMagic(found: 0).replyRPCID == nil)
        #expect(WireError.checksumMismatch(stored: 0, computed: 1).replyRPCID == nil)
        #expect(WireError.unknownOpcode(9, rpcID: RPCID(5)).replyRPCID == RPCID(5))
        #expect(WireError.malformedPayload(.noop, rpcID: RPCID(6), .truncated(offset: 0, needed: 4, available: 0)).replyRPCID == RPCID(6))
    }

    /// The transport's answer to a bad frame: a `protocolError` reply to the same RPC id.
    @Test func answerableErrorsBuildTheirReply() throws {
        #expect(WireError.checksumMismatch(stored: 1, computed: 2).protocolErrorReply(mapVersion: 1) == nil)
        let error = WireError.unknownOpcode(0x0777, rpcID: RPCID(12))
        let answer = try #require(error.protocolErrorReply(mapVersion: 6))
        #expect(answer.message.offendingOpcode == 0x0777)
        let bytes = try Frame.encoded(header: answer.header, message: answer.message)
        let header = try #require(decodeFrame(bytes).success)
        #expect(header.rpcID == RPCID(12) && header.status == .protocolError && header.mapVersion == 6)
        #expect(header.flags == .reply)
    }

    @Test func bigPoolMapsGoByBulk() {
        let small = PoolMap(shape: [[4, 4]])
        #expect(PoolMapTransfer.fitting(small, otherPayloadBytes: PoolMapTransfer.connectReplyOtherBytes) == .inline(small))
        let big = PoolMap.uniform(nodes: 64, enginesPerNode: 4, targetsPerEngine: 8)  // 2048 targets
        let transfer = PoolMapTransfer.fitting(big, otherPayloadBytes: PoolMapTransfer.connectReplyOtherBytes)
        #expect(transfer == .viaBulk(byteCount: UInt32(big.encoded().count)))
        let reply = PoolConnectReply(handle: HandleCookie(1), poolUUID: .zero, mapVersion: small.version,
                                     map: .fitting(small, otherPayloadBytes: PoolMapTransfer.connectReplyOtherBytes))
        #expect(reply.encoded().count <= WireLimits.inlinePayloadBytesMax)
    }

    @Test func encoderRefusesOversizeAndSmallBuffers() throws {
        let big = [UInt8](repeating: 1, count: WireLimits.inlinePayloadBytesMax + 1)
        var buffer = [UInt8](repeating: 0, count: WireLimits.frameBytesMax + 8)
        let header = FrameHeader(opcode: .noop, rpcID: RPCID(1))
        let tooLarge = buffer.withUnsafeMutableBytes { out in
            big.withUnsafeBytes { payload in
                Result { () throws(WireError) in try Frame.encode(header: header, payload: payload, into: out) }
            }
        }
        #expect(tooLarge.failure == .payloadTooLarge(length: big.count))
        var small = [UInt8](repeating: 0, count: 65)
        let tooSmall = small.withUnsafeMutableBytes { out in
            [UInt8(1), 2].withUnsafeBytes { payload in
                Result { () throws(WireError) in try Frame.encode(header: header, payload: payload, into: out) }
            }
        }
        #expect(tooSmall.failure == .bufferTooSmall(needed: 66, available: 65))
        let max = NoopMessage(bytes: [UInt8](repeating: 7, count: NoopMessage.bytesMax))
        let frame = try Frame.encoded(header: header, message: max)
        #expect(frame.count == WireLimits.frameBytesMax)
        #expect(decodeFrame(frame).failure == nil)
    }

    /// The transport's path: payload encoded straight into the send buffer, then sealed.
    @Test func sealInPlace() throws {
        var buffer = [UInt8](repeating: 0, count: WireLimits.frameBytesMax)
        let payload = WireSamples.fetchReply.encoded()
        buffer.replaceSubrange(64..<64 + payload.count, with: payload)
        let header = FrameHeader(opcode: .objectFetch, rpcID: RPCID(5)).reply(status: .success, mapVersion: 2)
        let length = try buffer.withUnsafeMutableBytes { out throws(WireError) in
            try Frame.seal(header: header, payloadLength: payload.count, in: out)
        }
        let frame = Array(buffer[..<length])
        #expect(frame == (try Frame.encoded(header: header, message: WireSamples.fetchReply)))
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }

    var success: Success? {
        if case .success(let value) = self { value } else { nil }
    }
}
