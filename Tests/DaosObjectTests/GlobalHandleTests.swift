import DaosObject
import Testing

/// local2global / global2local: the bytes rank 0 broadcasts come back as the same handles, and
/// damaged bytes are refused, never trusted.
@Suite struct GlobalHandleTests {
    static func poolHandle() throws -> GlobalPoolHandle {
        var map = PoolMap.uniform(nodes: 1, enginesPerNode: 3, targetsPerEngine: 4)
        try map.setState(.down, rank: 1)
        return GlobalPoolHandle(pool: WireUUID(high: 0x0123_4567_89AB_4DEF, low: 0x8123_4567_89AB_CDEF), label: "tank",
                                cookie: HandleCookie(rawValue: 0xC0FFEE), mode: .readWrite, map: map)
    }

    static func containerHandle() throws -> GlobalContainerHandle {
        GlobalContainerHandle(
            pool: try poolHandle(), container: WireUUID(high: 7, low: 8), label: "c1", cookie: HandleCookie(rawValue: 42),
            mode: .readOnly, type: .posix,
            properties: [.redundancyFactor(1), .fileObjectClass(try ObjectClass(parsing: "EC_2P1GX")), .chunkSizeBytes(1 << 20)])
    }

    @Test func roundTrip() throws {
        let pool = try Self.poolHandle()
        #expect(try GlobalPoolHandle(decoding: pool.encoded()) == pool)
        let container = try Self.containerHandle()
        #expect(try GlobalContainerHandle(decoding: container.encoded()) == container)
    }

    @Test func kindsDoNotMix() throws {
        #expect(throws: DecodeError.self) { try GlobalContainerHandle(decoding: Self.poolHandle().encoded()) }
        #expect(throws: DecodeError.self) { try GlobalPoolHandle(decoding: Self.containerHandle().encoded()) }
    }

    @Test func everyTruncationAndFlippedBitIsRefused() throws {
        let bytes = try Self.containerHandle().encoded()
        for length in 0..<bytes.count {
            #expect(throws: DecodeError.self) { try GlobalContainerHandle(decoding: Array(bytes[..<length])) }
        }
        for bit in stride(from: 0, to: bytes.count * 8, by: 3) {
            var damaged = bytes
            damaged[bit / 8] ^= 1 << (bit % 8)
            #expect(throws: DecodeError.self) { try GlobalContainerHandle(decoding: damaged) }
        }
    }
}
