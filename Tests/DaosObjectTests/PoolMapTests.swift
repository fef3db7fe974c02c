import DaosObject
import Testing

@Suite struct PoolMapTests {
    static func sampleMap() throws -> PoolMap {
        var map = PoolMap(shape: [[4, 4], [2], [3, 1, 5]])
        try map.setState(.down, rank: 2)
        try map.setState(.drain, targets: [0])
        try map.extend(engineTargetCounts: [2, 2])
        return map
    }

    @Test func encodeDecodeRoundTrips() throws {
        let map = try Self.sampleMap()
        let bytes = map.encoded()
        #expect(try PoolMap(decoding: bytes) == map)
        #expect(map.version == 4)
        #expect(map.targets.count == 23)
        #expect(map.engines[2].state == .down)
        #expect(map.nodes.last?.state == .new)
    }

    @Test func everyTruncationIsRejected() throws {
        let bytes = try Self.sampleMap().encoded()
        for length in 0..<bytes.count {
            #expect(throws: DecodeError.self) { try PoolMap(decoding: Array(bytes[..<length])) }
        }
    }

    @Test func everyFlippedBitIsRejected() throws {
        let bytes = try Self.sampleMap().encoded()
        for bit in 0..<bytes.count * 8 {
            var corrupt = bytes
            corrupt[bit / 8] ^= 1 << (bit % 8)
            #expect(throws: DecodeError.self) { try PoolMap(decoding: corrupt) }
        }
    }

    /// A well-checksummed frame with lying counts is still refused without a huge allocation.
    @Test func liesBehindAValidChecksumAreRejected() throws {
        var writer = ByteWriter()
        writer.write(UInt32(0x504D_5044))
        writer.write(UInt16(1))
        writer.write(UInt16(0))
        writer.write(UInt32(1))
        writer.write(UInt32(0xFFFF_FFFF))  // node count far beyond the input
        let crc = writer.bytes.withUnsafeBytes { CRC.crc32c($0) }
        writer.write(crc)
        #expect(throws: DecodeError.self) { try PoolMap(decoding: writer.bytes) }
    }

    @Test func randomInputNeverTraps() {
        var random = SplitMix64(seed: 7)
        let valid = (try? Self.sampleMap().encoded()) ?? []
        for round in 0..<3000 {
            var input: [UInt8]
            if round % 2 == 0 {
                input = (0..<Int.random(in: 0...200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                input = valid
                for _ in 0..<Int.random(in: 1...6, using: &random) {
                    input[Int.random(in: 0..<input.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
                }
            }
            _ = try? PoolMap(decoding: input)
        }
    }

    @Test func stateMachineIsEnforced() throws {
        var map = PoolMap.uniform(nodes: 2, enginesPerNode: 1, targetsPerEngine: 2)
        #expect(throws: PoolMapError.invalidTransition(target: 0, from: .upIn, to: .up)) { try map.setState(.up, targets: [0]) }
        #expect(throws: PoolMapError.unknownRank(9)) { try map.setState(.down, rank: 9) }
        #expect(throws: PoolMapError.unknownTarget(4)) { try map.setState(.down, targets: [4]) }
        #expect(map.version == 1)
        try map.setState(.down, rank: 1)
        #expect(map.version == 2)
        #expect(map.targets[2].version == 2 && map.targets[0].version == 1)
        #expect(map.engines[1].state == .down && map.nodes[1].state == .down)
        try map.setState(.downOut, rank: 1)
        try map.setState(.up, rank: 1)
        try map.setState(.upIn, rank: 1)
        #expect(map.engines[1].state == .upIn && map.version == 5)
    }
}
