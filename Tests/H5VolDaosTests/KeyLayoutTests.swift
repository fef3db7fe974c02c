import DaosObject
@testable import H5VolDaos
import Testing

/// The key layout of README.md's table, byte for byte.
@Suite struct KeyLayoutTests {
    @Test func internalKeysCannotBeLinkNames() {
        for key in [Keys.metadata, Keys.attributes] {
            #expect(!Keys.isLinkName(key))
            #expect(key.first == UInt8(ascii: "/"))
        }
        #expect(Keys.isLinkName(Array("dataset".utf8)))
        #expect(Keys.metadata == Array("/Internal Metadata".utf8))
        #expect(Keys.attributes == Array("/Attribute".utf8))
    }

    @Test func attributeKeysPrefixTheName() {
        #expect(Keys.attributeRecord("units") == Array("R-units".utf8))
        #expect(Keys.attributeValue("units") == Array("V-units".utf8))
        #expect(Keys.attributeName(recordKey: Array("R-units".utf8)) == "units")
        #expect(Keys.attributeName(recordKey: Array("V-units".utf8)) == nil)
        #expect(Keys.attributeName(recordKey: Array("R-".utf8)) == nil)
    }

    @Test func chunkKeysAreCoordinatesInChunks() {
        let key = Keys.chunk([1, 258])
        #expect(key == [0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0, 0])
        #expect(Keys.chunkCoordinates(key, rank: 2) == [1, 258])
        #expect(Keys.chunkCoordinates(key, rank: 1) == nil)
        #expect(Keys.chunk([]) == [0])
        #expect(Keys.chunkCoordinates(Keys.metadata, rank: 2) == nil)
    }

    @Test func objectKindsLiveInTheTopUserBits() throws {
        for kind in ObjectKind.allCases {
            let id = ObjectID(userHi: kind.userHi, lo: 7, type: .multiHashed, redundancy: .none, groups: 1)
            #expect(id.kind == kind)
            #expect(ObjectToken.id(ObjectToken.bytes(id)) == id)
            #expect(ObjectToken.id(string: ObjectToken.string(id)) == id)
        }
        let foreign = ObjectID(userHi: 5, lo: 1, type: .multiHashed, redundancy: .none, groups: 1)
        #expect(foreign.kind == nil)
        #expect(ObjectToken.id(ObjectToken.bytes(foreign)) == nil)
        #expect(ObjectToken.id(string: "zz") == nil)
    }

    @Test func tokenBytesAreLoThenHi() {
        let id = ObjectID(hi: 0x0102_0304_0506_0708, lo: 0x1112_1314_1516_1718)
        #expect(ObjectToken.bytes(id) == [0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11,
                                          0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01])
    }
}
