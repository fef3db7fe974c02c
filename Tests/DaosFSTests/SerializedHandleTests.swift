import DaosObject
import Testing

@testable import DaosFS

/// The bytes rank 0 broadcasts: they come back as the same handle; damaged, truncated or
/// mismatched bytes are refused.
@Suite struct SerializedHandleTests {
    static func file() -> SerializedFile {
        SerializedFile(container: WireUUID(high: 0x0123_4567_89AB_4DEF, low: 0x8123_4567_89AB_CDEF),
                       parent: ObjectID(userHi: 3, lo: 5, type: .multiHashed, redundancy: .replicas2, groups: 1),
                       access: .readWrite, inode: InodeLayoutTests.file(), path: "/dir/data.bin")
    }

    static func fileSystem() -> SerializedFileSystem {
        let superblock = SuperblockLayoutTests.superblock()
        var root = InodeLayoutTests.directory()
        root.oid = superblock.root
        return SerializedFileSystem(containerHandle: Array(repeating: 0xAB, count: 300), superblock: superblock, root: root)
    }

    @Test func roundTripsAndSize() throws {
        let file = Self.file()
        let bytes = file.encoded()
        #expect(try SerializedFile(decoding: bytes) == file)
        #expect(bytes.count == 8 + 16 + 16 + 4 + Inode.sizeBytes + 2 + 13 + 4)
        #expect(Array(bytes[0..<8]) == [0x44, 0x46, 0x53, 0x48, 2, 1, 0, 0])  // "DFSH", file, version 1
        let fileSystem = Self.fileSystem()
        #expect(try SerializedFileSystem(decoding: fileSystem.encoded()) == fileSystem)
    }

    @Test func everyTruncationAndFlippedBitIsRefused() {
        for bytes in [Self.file().encoded(), Self.fileSystem().encoded()] {
            for length in 0..<bytes.count {
                #expect(throws: DecodeError.self) { try SerializedFile(decoding: Array(bytes[..<length])) }
                #expect(throws: DecodeError.self) { try SerializedFileSystem(decoding: Array(bytes[..<length])) }
            }
            for bit in stride(from: 0, to: bytes.count * 8, by: 5) {
                var damaged = bytes
                damaged[bit / 8] ^= 1 << (bit % 8)
                #expect(throws: DecodeError.self) { try SerializedFile(decoding: damaged) }
                #expect(throws: DecodeError.self) { try SerializedFileSystem(decoding: damaged) }
            }
        }
    }

    @Test func kindsDoNotMixAndVersionsAreNamed() {
        #expect(throws: DecodeError.self) { try SerializedFile(decoding: Self.fileSystem().encoded()) }
        #expect(throws: DecodeError.self) { try SerializedFileSystem(decoding: Self.file().encoded()) }
        var bytes = Self.file().encoded()
        bytes[5] = 9
        #expect(throws: DecodeError.unsupportedVersion(9)) { try SerializedFile(decoding: bytes) }
    }

    @Test func aRootThatIsNotTheSuperblocksIsRefused() {
        var fileSystem = Self.fileSystem()
        fileSystem.root.oid = ObjectID(lo: 77, type: .multiHashed, redundancy: .replicas2, groups: 1)
        #expect(throws: DecodeError.self) { try SerializedFileSystem(decoding: fileSystem.encoded()) }
    }

    @Test func errnoValuesArePOSIXs() {
        #expect(FileSystemError.noEntry("").errno == 2)
        #expect(FileSystemError.io("").errno == 5)
        #expect(FileSystemError.badHandle("").errno == 9)
        #expect(FileSystemError.permissionDenied("").errno == 13)
        #expect(FileSystemError.exists("").errno == 17)
        #expect(FileSystemError.notDirectory("").errno == 20)
        #expect(FileSystemError.isDirectory("").errno == 21)
        #expect(FileSystemError.invalidArgument("").errno == 22)
        #expect(FileSystemError.fileTooLarge("").errno == 27)
        #expect(FileSystemError.noSpace("").errno == 28)
        #expect(FileSystemError.readOnlyFileSystem("").errno == 30)
        #expect(FileSystemError.nameTooLong("").errno == 36)
        #expect(FileSystemError.notEmpty("").errno == 39)
        #expect(FileSystemError.exists("/a exists").description == "/a exists (EEXIST)")
    }
}
