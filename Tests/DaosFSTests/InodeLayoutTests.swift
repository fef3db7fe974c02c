import DaosObject
import Testing

@testable import DaosFS

/// The packed inode: golden bytes pin the layout, every field round-trips, and every kind of bad
/// input is refused with a `DecodeError` naming where it went wrong.
@Suite struct InodeLayoutTests {
    static let fileClass = ObjectClass(redundancy: .ec2P1, groups: .count(2))

    static func file() -> Inode {
        var inode = Inode(mode: FileMode(kind: .regular, permissions: 0o640),
                          oid: ObjectID(userHi: 7, lo: 0x1122_3344_5566_7788, type: .byteArray, redundancy: .ec2P1, groups: 2),
                          time: Timestamp(nanoseconds: 1_700_000_000_123_456_789), chunkSize: 1 << 20, objectClass: fileClass,
                          uid: 1000, gid: 100)
        inode.modifyTime = Timestamp(nanoseconds: 1_700_000_001_000_000_000)
        inode.changeTime = Timestamp(nanoseconds: 1_700_000_002_000_000_000)
        return inode
    }

    static func directory() -> Inode {
        Inode(mode: FileMode(kind: .directory, permissions: 0o755),
              oid: ObjectID(lo: 9, type: .multiHashed, redundancy: .replicas2, groups: 1),
              time: Timestamp(nanoseconds: 5), chunkSize: 0, objectClass: nil, uid: 0, gid: 0)
    }

    @Test func goldenBytes() {
        let bytes = Self.file().encoded()
        #expect(bytes.count == Inode.sizeBytes)
        #expect(Array(bytes[0..<8]) == [1, 0, 0, 0, 0xA0, 0x81, 0, 0])  // version, reserved, mode 0o100640
        #expect(Array(bytes[8..<16]) == [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11])  // oid.lo
        #expect(Array(bytes[16..<24]) == [7, 0, 0, 0, 2, 0, 32, 13])  // oid.hi: user 7, 2 groups, EC_2P1, byte array
        #expect(Array(bytes[48..<56]) == [0, 0, 16, 0, 0, 0, 0, 0])  // 1 MiB chunks
        #expect(Array(bytes[56..<60]) == [2, 0, 0, 32])  // class id: EC_2P1 << 24 | 2
        #expect(Array(bytes[60..<68]) == [0xE8, 3, 0, 0, 100, 0, 0, 0])
    }

    @Test func roundTrips() throws {
        for inode in [Self.file(), Self.directory()] {
            #expect(try Inode(decoding: inode.encoded()) == inode)
        }
        var withDefaults = Self.directory()
        withDefaults.objectClass = ObjectClass(redundancy: .replicas3, groups: .max)
        withDefaults.chunkSize = 4096
        #expect(try Inode(decoding: withDefaults.encoded()) == withDefaults)
    }

    @Test func everyTruncationIsRefused() {
        let bytes = Self.file().encoded()
        for length in 0..<bytes.count {
            #expect(throws: DecodeError.self) { try Inode(decoding: Array(bytes[..<length])) }
        }
        #expect(throws: DecodeError.invalid(offset: 68, reason: "1 bytes after a version 1 inode")) {
            try Inode(decoding: bytes + [0])
        }
    }

    @Test func unknownVersionIsNamed() {
        var bytes = Self.file().encoded()
        bytes[0] = 2
        #expect(throws: DecodeError.unsupportedVersion(2)) { try Inode(decoding: bytes) }
        #expect(throws: DecodeError.unsupportedVersion(2)) { try Inode(decoding: bytes + [0, 0, 0]) }
    }

    @Test(arguments: [
        (1, UInt8(1), "reserved"),  // reserved byte
        (6, UInt8(0xA0), "mode"),  // a mode with bits past S_IFMT
        (7, UInt8(0xA0), "mode"),  // bits far past S_IFMT
        (23, UInt8(0x0B), "object ID"),  // a plain array object where a byte array belongs
        (20, UInt8(0), "object ID"),  // zero groups
        (59, UInt8(0x63), "object class"),  // unknown redundancy code in the class id
        (52, UInt8(1), "chunk size"),  // 4 GiB + 1 MiB chunks
    ])
    func damagedFieldsAreRefused(offset: Int, value: UInt8, field: String) {
        var bytes = Self.file().encoded()
        bytes[offset] = value
        #expect(throws: DecodeError.self, "\(field) at \(offset)") { try Inode(decoding: bytes) }
    }

    @Test func aSymbolicLinkModeIsRefused() {
        var bytes = Self.file().encoded()
        bytes.replaceSubrange(4..<8, with: [0xFF, 0xA1, 0, 0])  // 0o120777
        #expect(throws: DecodeError.invalid(offset: 4, reason: "mode 0o120777 is not a directory or regular file")) {
            try Inode(decoding: bytes)
        }
    }

    @Test func aFileNeedsChunkSizeAndClass() {
        var noChunk = Self.file().encoded()
        for index in 48..<56 { noChunk[index] = 0 }
        #expect(throws: DecodeError.invalid(offset: 48, reason: "a file with chunk size 0")) { try Inode(decoding: noChunk) }
        var noClass = Self.file().encoded()
        for index in 56..<60 { noClass[index] = 0 }
        #expect(throws: DecodeError.invalid(offset: 56, reason: "a file without an object class")) { try Inode(decoding: noClass) }
    }

    @Test func modeText() {
        #expect(FileMode(kind: .directory, permissions: 0o755).description == "drwxr-xr-x")
        #expect(FileMode(kind: .regular, permissions: 0o640).description == "-rw-r-----")
        #expect(FileMode(rawValue: 0o120777) == nil)  // a symbolic link: not a kind DaosFS stores
        #expect(FileMode(rawValue: 0o100644) == FileMode(kind: .regular, permissions: 0o644))
    }
}
