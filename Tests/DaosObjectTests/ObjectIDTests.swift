import DaosObject
import Testing

@Suite struct ObjectIDTests {
    @Test func bitLayoutMatchesDAOS() {
        let id = ObjectID(userHi: 0xDEAD_BEEF, lo: 0x0123_4567_89AB_CDEF, type: .byteArray,
                          redundancy: .ec8P2, groups: 0x1234)
        #expect(id.hi == 0x0D25_1234_DEAD_BEEF)
        #expect(id.hi >> 56 == 13)
        #expect((id.hi >> 48) & 0xFF == 37)
        #expect((id.hi >> 32) & 0xFFFF == 0x1234)
        #expect(id.type == .byteArray)
        #expect(id.redundancyCode == Redundancy.ec8P2.rawValue)
        #expect(id.groupCount == 0x1234)
        #expect(id.userHi == 0xDEAD_BEEF)
        #expect(id.lo == 0x0123_4567_89AB_CDEF)
        #expect(id.objectClass == ObjectClass(redundancy: .ec8P2, groups: .count(0x1234)))
    }

    @Test(arguments: ObjectType.allCases)
    func everyTypeRoundTrips(type: ObjectType) {
        for redundancy in Redundancy.allCases {
            let id = ObjectID(userHi: 7, lo: 99, type: type, redundancy: redundancy, groups: 3)
            #expect(id.type == type)
            #expect(id.objectClass?.redundancy == redundancy)
            #expect(ObjectID(id.description) == id)
        }
    }

    @Test func unknownFieldsAreReportedNotTrapped() {
        let id = ObjectID(hi: 0xFF00_0000_0000_0000 | 0x00_77_0000_0000_0000, lo: 1)
        #expect(id.type == nil)
        #expect(id.objectClass == nil)
        #expect(ObjectID("xyz") == nil)
        #expect(ObjectID("1.2.3") == nil)
        #expect(ObjectID("11111111111111111.0") == nil)
        #expect(ObjectID(".5") == nil)
    }

    @Test func generateResolvesXAgainstTheRebuildReserve() throws {
        // DAOS's worked example: 16 engines × 16 targets, rd_lvl = rank, RF1, EC_8P1 → G24.
        let shape = PoolShape(targetCount: 256, domainCount: 16)
        let oclass = try ObjectClass(parsing: "EC_8P1GX")
        let id = try ObjectID.generate(lo: 5, type: .byteArray, objectClass: oclass, on: shape, redundancyFactor: 1)
        #expect(id.groupCount == 24)
        #expect(id.objectClass?.description == "EC_8P1G24")
        // RF0 on a small pool reserves nothing: every full group fits.
        let small = PoolShape(targetCount: 12, domainCount: 3)
        #expect(try ObjectClass(parsing: "SX").resolvedGroupCount(on: small) == 12)
        #expect(try ObjectClass(parsing: "RP_3GX").resolvedGroupCount(on: small) == 4)
        // Explicit counts are kept as they are.
        #expect(try ObjectClass(parsing: "RP_2G8").resolvedGroupCount(on: small) == 8)
        // Big pools reserve a percentage of domains: 1024 nodes, 8% = 82 domains × 32 targets.
        let aurora = PoolShape(targetCount: 32768, domainCount: 1024)
        let groups = try ObjectClass(parsing: "EC_16P2GX").resolvedGroupCount(on: aurora, redundancyFactor: 2)
        #expect(Int(groups) == 32768 / 18 - (82 * 32 + 17) / 18)
    }

    @Test func generateRefusesWhatThePoolCannotHold() {
        let shape = PoolShape(targetCount: 12, domainCount: 3)
        #expect(throws: ObjectClassError.groupSizeExceedsFaultDomains(ObjectClass(redundancy: .ec4P2, groups: .count(1)), domains: 3)) {
            try ObjectID.generate(lo: 1, type: .array, objectClass: ObjectClass(parsing: "EC_4P2G1"), on: shape)
        }
        #expect(throws: ObjectClassError.classBelowRedundancyFactor(ObjectClass(redundancy: .none, groups: .max), redundancyFactor: 1)) {
            try ObjectID.generate(lo: 1, type: .array, objectClass: ObjectClass(parsing: "SX"), on: shape, redundancyFactor: 1)
        }
        #expect(throws: ObjectClassError.emptyPool) {
            try ObjectClass(parsing: "S1").resolvedGroupCount(on: PoolShape(targetCount: 0, domainCount: 0))
        }
    }
}
