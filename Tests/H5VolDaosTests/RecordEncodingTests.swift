import DaosObject
@testable import H5VolDaos
import Testing

/// Durable records: golden bytes (the layout is a promise to files already written) and round
/// trips; damaged input is refused, never trapped on.
@Suite struct RecordEncodingTests {
    let id = ObjectID(hi: 0x0101_0001_4000_0000, lo: 0x2A)

    @Test func hardLinkGoldenBytes() throws {
        let record = LinkRecord(target: .hard(id), creationOrder: 5, characterSet: 1)
        let bytes = record.encoded()
        #expect(bytes == [1, 0, 1, 0, 5, 0, 0, 0, 0, 0, 0, 0,
                          0x2A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x40, 1, 0, 1, 1])
        #expect(try LinkRecord(decoding: bytes) == record)
    }

    @Test func softAndUserDefinedLinksRoundTrip() throws {
        let soft = LinkRecord(target: .soft("/a/b"), creationOrder: 0)
        #expect(try LinkRecord(decoding: soft.encoded()) == soft)
        #expect(soft.encoded().suffix(4) == Array("/a/b".utf8))
        let external = LinkRecord(target: .userDefined(type: 64, value: [0] + Array("f.h5\0/x\0".utf8)), creationOrder: 9)
        #expect(try LinkRecord(decoding: external.encoded()) == external)
    }

    @Test func damagedLinksAreRefused() {
        let good = LinkRecord(target: .hard(id), creationOrder: 1).encoded()
        #expect(throws: VolError.self) { try LinkRecord(decoding: Array(good.dropLast())) }
        var badVersion = good
        badVersion[0] = 2
        #expect(throws: VolError.self) { try LinkRecord(decoding: badVersion) }
        var badKind = good
        badKind[1] = 7
        #expect(throws: VolError.self) { try LinkRecord(decoding: badKind) }
        var reserved = good
        reserved[3] = 1
        #expect(throws: VolError.self) { try LinkRecord(decoding: reserved) }
        #expect(throws: VolError.self) { try LinkRecord(decoding: []) }
    }

    @Test func attributeRecordGoldenBytesAndRoundTrip() throws {
        let record = AttributeRecord(creationOrder: 3, characterSet: 0, datatype: [0xAA], dataspace: [0xBB, 0xCC],
                                     creationProperties: [])
        let bytes = record.encoded()
        #expect(bytes == [1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0xAA, 0xBB, 0xCC])
        #expect(try AttributeRecord(decoding: bytes) == record)
        var shared = record
        shared.sharedType = id
        let sharedBytes = shared.encoded()
        #expect(sharedBytes[2] == 1)
        #expect(try AttributeRecord(decoding: sharedBytes) == shared)
        #expect(throws: VolError.self) { try AttributeRecord(decoding: Array(sharedBytes.dropLast())) }
        var lying = bytes
        lying[12] = 200
        #expect(throws: VolError.self) { try AttributeRecord(decoding: lying) }
    }

    @Test func chunkGeometryGoldenBytes() throws {
        let geometry = ChunkGeometry(dimensions: [3, 4], automatic: false)
        let bytes = geometry.encoded()
        #expect(bytes == [1, 0, 2, 0, 3, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0])
        #expect(try ChunkGeometry(decoding: bytes) == geometry)
        var zero = bytes
        zero[4] = 0
        #expect(throws: VolError.self) { try ChunkGeometry(decoding: zero) }
        #expect(try ChunkGeometry(decoding: ChunkGeometry(dimensions: [], automatic: true).encoded()).rank == 0)
    }

    @Test func fileFormatIsChecked() throws {
        let bytes = FileFormat.encoded()
        #expect(bytes == [0x48, 0x35, 0x44, 0x56, 1, 0, 0, 0])
        try FileFormat.check(bytes, container: "c")
        #expect(throws: VolError.self) { try FileFormat.check(nil, container: "c") }
        #expect(throws: VolError.self) { try FileFormat.check([0, 0, 0, 0, 1, 0, 0, 0], container: "c") }
        #expect(throws: VolError.self) { try FileFormat.check([0x48, 0x35, 0x44, 0x56, 2, 0, 0, 0], container: "c") }
    }

    @Test func countersAreEightBytes() throws {
        #expect(StoredCounter.encode(258) == [2, 1, 0, 0, 0, 0, 0, 0])
        #expect(try StoredCounter.decode(StoredCounter.encode(.max)) == .max)
        #expect(try StoredCounter.decode(nil) == nil)
        #expect(throws: VolError.self) { try StoredCounter.decode([1, 2, 3]) }
    }
}
