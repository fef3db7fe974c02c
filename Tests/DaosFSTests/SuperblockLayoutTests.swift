import DaosObject
import Testing

@testable import DaosFS

/// The superblock: golden bytes, round trip, and every refusal (magic, version, truncation,
/// trailing bytes, reserved fields, classes, chunk size, root).
@Suite struct SuperblockLayoutTests {
    static func superblock() -> Superblock {
        Superblock(defaultFileClass: ObjectClass(redundancy: .ec2P1, groups: .max),
                   directoryClass: ObjectClass(redundancy: .replicas2, groups: .count(1)), defaultChunkSize: 1 << 20,
                   root: ObjectID(userHi: 1, lo: 0, type: .multiHashed, redundancy: .replicas2, groups: 1))
    }

    @Test func goldenBytesAndRoundTrip() throws {
        let bytes = Self.superblock().encoded()
        #expect(bytes.count == Superblock.sizeBytes)
        #expect(Array(bytes[0..<8]) == [0x50, 0xDF, 0x05, 0xDA, 0x50, 0xDF, 0x05, 0xDA])
        #expect(Array(bytes[8..<12]) == [1, 0, 0, 0])
        #expect(Array(bytes[12..<20]) == [0xFF, 0xFF, 0, 32, 1, 0, 0, 8])  // EC_2P1GX, RP_2G1
        #expect(Array(bytes[40..<48]) == [1, 0, 0, 0, 1, 0, 8, 0])  // root hi: user 1, 1 group, RP_2, multi-hashed
        #expect(try Superblock(decoding: bytes) == Self.superblock())
    }

    @Test func everyTruncationAndTrailingByteIsRefused() {
        let bytes = Self.superblock().encoded()
        for length in 0..<bytes.count {
            #expect(throws: DecodeError.self) { try Superblock(decoding: Array(bytes[..<length])) }
        }
        #expect(throws: DecodeError.invalid(offset: 48, reason: "1 trailing bytes")) { try Superblock(decoding: bytes + [0]) }
    }

    @Test func magicAndVersion() {
        var bytes = Self.superblock().encoded()
        bytes[0] ^= 1
        #expect(throws: DecodeError.self) { try Superblock(decoding: bytes) }
        bytes = Self.superblock().encoded()
        bytes[8] = 2
        #expect(throws: DecodeError.unsupportedVersion(2)) { try Superblock(decoding: bytes) }
    }

    @Test(arguments: [
        (10, UInt8(1)),  // reserved after the version
        (15, UInt8(0x77)),  // unknown file class
        (19, UInt8(32)),  // an erasure-coded directory class
        (20, UInt8(1)),  // reserved after the classes
        (28, UInt8(1)),  // 4 GiB + 1 MiB chunks
        (47, UInt8(11)),  // a root that is an array object
    ])
    func damagedFieldsAreRefused(offset: Int, value: UInt8) {
        var bytes = Self.superblock().encoded()
        bytes[offset] = value
        #expect(throws: DecodeError.self, "offset \(offset)") { try Superblock(decoding: bytes) }
    }

    @Test func zeroChunkSizeIsRefused() {
        var bytes = Self.superblock().encoded()
        for index in 24..<32 { bytes[index] = 0 }
        #expect(throws: DecodeError.invalid(offset: 24, reason: "chunk size 0")) { try Superblock(decoding: bytes) }
    }
}
