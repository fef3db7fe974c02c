import DaosObject
import Testing

/// Payloads that lie: well-formed enough to reach a decoder, wrong in one field. Each must be
/// refused with a `DecodeError`, without trapping and without allocating what the lie asks for.
@Suite struct WireDecodingLimitTests {
    func refuses<M: WireMessage>(_: M.Type, _ hex: String, _ why: Comment) {
        #expect(throws: DecodeError.self, why) { try M(payload: wireHex(hex)) }
    }

    @Test func hugeCountsAreRefusedBeforeAllocating() {
        refuses(NoopMessage.self, "ffffffff 00", "4 GiB no-op")
        refuses(NoopMessage.self, "0a000000 01", "count beyond the bytes present")
        refuses(KeyListReply.self, "ffffffff 00", "4 G keys")
        refuses(KeyListReply.self, "01040000 00", "more keys than the 1024 limit")
        refuses(PoolListReply.self, "ffff 00", "65535 pools in a tiny payload")
        refuses(ExtentListReply.self, "01000000 00100000 00", "4096 extents in a tiny payload")
        refuses(ContainerPropertiesMessage.self, "2100", "33 properties")
        refuses(PoolCreateReply.self, WireSamples.uuid1Hex + "0104", "1025 ranks")
    }

    @Test func listPagesAreBounded() {
        refuses(ListPageRequest.self, "00000000 00", "zero page size")
        refuses(ListPageRequest.self, "01000100 00", "page size over 65536")
        refuses(ListPageRequest.self, "10000000 41" + String(repeating: "00", count: 65), "65-byte anchor")
        refuses(KeyListReply.self, "00000000 02", "next flag neither 0 nor 1")
    }

    @Test func keysAreChecked() {
        let prefix = WireSamples.oidHex + "00000000"
        refuses(AkeyListRequest.self, prefix + "03 0000 0a000000 00", "empty key")
        refuses(AkeyListRequest.self, prefix + "09 0100 61 0a000000 00", "unknown key kind")
        refuses(AkeyListRequest.self, prefix + "02 5100" + String(repeating: "61", count: 81) + "0a000000 00", "81-byte lexical key")
        refuses(AkeyListRequest.self, prefix + "02 0100 ff 0a000000 00", "lexical key not UTF-8")
        refuses(AkeyListRequest.self, prefix + "03 0110" + "0a000000 00", "4097-byte key")
    }

    @Test func propertiesAreChecked() {
        refuses(ContainerPropertiesMessage.self, "0100 0300 05", "rd_fac 5")
        refuses(ContainerPropertiesMessage.self, "0200 0300 01 0300 02", "duplicate rd_fac")
        refuses(ContainerPropertiesMessage.self, "0100 6300 01", "unknown tag")
        refuses(ContainerPropertiesMessage.self, "0100 0400 01", "unknown checksum kind (crc16)")
        refuses(ContainerPropertiesMessage.self, "0100 0600 01000700", "unknown object class")
        refuses(ContainerPropertiesMessage.self, "0100 0100 0000", "empty label")
        refuses(ContainerGetPropertiesRequest.self, "0200 0300 0300", "duplicate tag")
        refuses(PoolCreateRequest.self, "0400 74616e6b 0000000001000000 00000000 0100 0400 65", "101% reserve")
        refuses(ContainerCreateRequest.self, "0200 6331 07 0000", "unknown container type")
    }

    @Test func updateDataMustMatchItsDescriptors() {
        let head = WireSamples.oidHex + "01000000 00 000000 01 0700000000000000 0100 02 0100 61"
        refuses(ObjectUpdateRequest.self, head + "01 0300000000000000 01 02000000 0102", "2 bytes for a 3-byte value")
        refuses(ObjectUpdateRequest.self, head + "01 0300000000000000 01 04000000 01020304", "4 bytes for a 3-byte value")
        refuses(ObjectUpdateRequest.self, head + "02 00000040 01000000 0000000000000000 ffffffffffffff00 01 00000000",
                "record size × count overflows")
        refuses(ObjectUpdateRequest.self, head + "02 01000000 00000000 01 00000000", "array without extents")
        refuses(ObjectUpdateRequest.self, head + "02 01000000 01000000 ffffffffffffffff 0200000000000000 01 00000000",
                "extent end overflows")
        refuses(ObjectUpdateRequest.self, head + "01 0100000040000000 01 00000000", "single value over 1 GiB")
        refuses(ObjectUpdateRequest.self, head + "03 0000000000000000 01 00000000", "unknown value kind")
        let reserved = WireSamples.oidHex + "01000000 00 000100 01 0700000000000000 0100 02 0100 61 01 0000000000000000 01 00000000"
        refuses(ObjectUpdateRequest.self, reserved, "reserved byte set")
        refuses(ObjectUpdateRequest.self, WireSamples.oidHex + "01000000 05 000000", "unknown condition")
        refuses(ObjectUpdateRequest.self, WireSamples.oidHex + "01000000 00 000000 01 0700000000000000 0000", "no descriptors")
    }

    @Test func locatedFetchRepliesAreChecked() {
        let value = "0100 0100000000000000 00000000"
        let file = "03 0200 2f74 0108000000000000 0c00000000000000 0300000000000000"
        refuses(ObjectFetchReply.self, value + file + "0000", "no spans")
        refuses(ObjectFetchReply.self, value + file + "0101" + String(repeating: "0000000000000000 0100000000000000", count: 257),
                "more spans than the 256 limit")
        refuses(ObjectFetchReply.self, value + file + "0100 0010000000000000 0000000000000000", "empty span")
        refuses(ObjectFetchReply.self, value + file + "0100 f0ffffffffffffff 2000000000000000", "span past 2^64")
        refuses(ObjectFetchReply.self, value + file + "0200 0000000000000000 ffffffffffffffff ffffffffffffffff 0200000000000000",
                "span bytes overflow")
        refuses(ObjectFetchReply.self, value + "03 0000 0108000000000000 0c00000000000000 0300000000000000 0100 0000000000000000 0100000000000000",
                "empty directory")
        refuses(ObjectFetchReply.self, value + "03 0200 2f00 0108000000000000 0c00000000000000 0300000000000000 0100 0000000000000000 0100000000000000",
                "NUL in the directory")
        refuses(ObjectFetchReply.self, value + "04", "unknown data kind")
        let request = WireSamples.oidHex + "00000000 01 0100000000000000 0100 01 0100000000000000 02 01000000 01000000"
            + "0000000000000000 1000000000000000"
        refuses(ObjectFetchRequest.self, request + "03", "unknown fetch data kind")
    }

    @Test func bulkDescriptorsAreChecked() {
        let head = "02000000 01"
        let local = " 0000000000000000 0000000000000000 "  // local address and key: none
        refuses(PoolMapFetchRequest.self, head + "0010000000000000 0000000000000000 0100000000000000" + local + "0000 0000", "empty window")
        refuses(PoolMapFetchRequest.self, head + "ffffffffffffffff 0200000000000000 0100000000000000" + local + "0000 0000",
                "window overflows")
        refuses(PoolMapFetchRequest.self,
                head + "0000000000000000 1000000000000000 0100000000000000 f8ffffffffffffff 0100000000000000 0000 0000",
                "local window overflows")
        refuses(PoolMapFetchRequest.self,
                head + "0000000000000000 1000000000000000 0100000000000000" + local + "0100 0000 0800000000000000 0900000000000000",
                "segment past the window")
        refuses(PoolMapFetchRequest.self, head + "0000000000000000 1000000000000000 0100000000000000" + local + "0101 0000", "257 segments")
        let wholeWindow = "0000000000000000 ffffffffffffffff"
        refuses(PoolMapFetchRequest.self,
                head + "0000000000000000 ffffffffffffffff 0100000000000000" + local + "0200 0000" + wholeWindow + wholeWindow,
                "segment lengths sum past 2^64")
        refuses(PoolMapFetchRequest.self, head + "0000000000000000 1000000000000000 0100000000000000" + local + "0000 0100", "reserved set")
    }

    @Test func poolMapsAndHandlesAreChecked() {
        var map = WireSamples.map.encoded()
        let prefix = "4200000000000000" + WireSamples.uuid1Hex
        let length = wireHexString(withUnsafeBytes(of: UInt32(map.count).littleEndian, Array.init))
        refuses(PoolConnectReply.self, prefix + "02000000 01" + length + wireHexString(map), "map version disagrees")
        map[map.count - 1] ^= 1
        refuses(PoolConnectReply.self, prefix + "01000000 01" + length + wireHexString(map), "corrupt map")
        refuses(PoolConnectReply.self, "0000000000000000" + WireSamples.uuid1Hex + "01000000 02 00000000", "zero handle")
        refuses(PoolConnectReply.self, prefix + "01000000 03 00000000", "unknown transfer kind")
        refuses(PoolConnectRequest.self, "0400 74616e6b 03" + WireSamples.uuid2Hex, "access mode 3")
        refuses(PoolDestroyRequest.self, "0400 74616e6b 02", "boolean 2")
        refuses(SnapshotDestroyRequest.self, "0200000000000000 0100000000000000", "first after last")
        refuses(SnapshotDestroyRequest.self, "0000000000000000 0100000000000000", "epoch 0")
        refuses(ObjectIDAllocateRequest.self, "0000000000000000", "zero IDs")
        refuses(PoolQueryReply.self,
                WireSamples.uuid1Hex + "0000" + String(repeating: "00", count: 20) + "01 0100000000000000 0200000000000000"
                    + String(repeating: "00", count: 16) + "00 00000000" + String(repeating: "00", count: 16),
                "free space over total")
        refuses(EngineQueryReply.self, "02000000 04 000000", "unknown engine state")
    }

    /// Through a frame, a payload lie becomes an answerable `malformedPayload`.
    @Test func payloadErrorsCarryTheRPCID() throws {
        var bytes = try Frame.encoded(header: FrameHeader(opcode: .noop, rpcID: RPCID(41)), message: NoopMessage(bytes: [1]))
        bytes[64] = 0xFF
        let result = decodeFrame(resealed(bytes))
        guard case .malformedPayload(.noop, rpcID: RPCID(41), _)? = result.failure else {
            Issue.record("expected malformedPayload, got \(result)")
            return
        }
    }
}
