import DaosObject
import Testing

@Suite struct ObjectClassTests {
    static let groupNames = ["1", "2", "4", "8", "16", "32", "X"]

    static var allCanonicalNames: [String] {
        var names = ["S1", "S2", "S4", "S8", "S16", "S32", "SX"]
        for r in [2, 3, 4, 6] { names += groupNames.map { "RP_\(r)G\($0)" } }
        for (k, p) in [(2, 1), (2, 2), (4, 1), (4, 2), (8, 1), (8, 2), (16, 1), (16, 2), (4, 3), (8, 3), (16, 3)] {
            names += groupNames.map { "EC_\(k)P\(p)G\($0)" }
        }
        return names
    }

    @Test(arguments: allCanonicalNames)
    func parsesAndPrintsBack(name: String) throws {
        let oclass = try ObjectClass(parsing: name)
        #expect(oclass.description == name)
        #expect(ObjectClass(id: oclass.id) == oclass)
        #expect(try ObjectClass(parsing: "oc_" + name.lowercased()) == oclass)
    }

    @Test func groupSizes() throws {
        #expect(try ObjectClass(parsing: "S32").groupSize == 1)
        #expect(try ObjectClass(parsing: "RP_3G2").groupSize == 3)
        #expect(try ObjectClass(parsing: "EC_16P2GX").groupSize == 18)
        #expect(try ObjectClass(parsing: "EC_8P3G1").redundancy.faultTolerance == 3)
        #expect(try ObjectClass(parsing: "EC_4P2") == ObjectClass(parsing: "EC_4P2G1"))
    }

    @Test(arguments: ["", "S", "S0", "SY", "RP_7G1", "RP_2G", "RP_2G0", "EC_3P1G1", "EC_2P3G1", "EC_8P2GY",
                      "EC_8P", "EC_P2G1", "RP_G1", "XX_2G1", "S1G1", "S65535", "S٣", "RP_2G1x"])
    func unknownNamesAreClearErrors(name: String) {
        #expect(throws: ObjectClassError.unknownName(name)) { try ObjectClass(parsing: name) }
    }

    @Test func classIDsMatchDAOS() throws {
        #expect(try ObjectClass(parsing: "EC_8P2G1").id == 37 << 24 | 1)
        #expect(try ObjectClass(parsing: "RP_3GX").id == 9 << 24 | 0xFFFF)
        #expect(try ObjectClass(parsing: "SX").id == 1 << 24 | 0xFFFF)
        #expect(ObjectClass(id: 0x7700_0001) == nil)
        #expect(ObjectClass(id: 37 << 24) == nil)
    }

    /// DAOS's default-class table (`dc_set_oclass`): rd_fac × fault domains × object type.
    @Test func defaultClassTable() throws {
        func name(_ type: ObjectType, rf: Int, domains: Int) throws -> String {
            try ObjectClass.defaultClass(for: type, redundancyFactor: rf, domains: domains).description
        }
        #expect(try name(.byteArray, rf: 0, domains: 3) == "SX")
        #expect(try name(.multiHashed, rf: 0, domains: 3) == "S1")
        #expect(try name(.keyValueHashed, rf: 0, domains: 3) == "SX")
        #expect(try name(.byteArray, rf: 1, domains: 3) == "EC_2P1GX")
        #expect(try name(.byteArray, rf: 1, domains: 6) == "EC_4P1GX")
        #expect(try name(.byteArray, rf: 1, domains: 10) == "EC_8P1GX")
        #expect(try name(.array, rf: 1, domains: 18) == "EC_16P1GX")
        #expect(try name(.byteArray, rf: 1, domains: 2) == "RP_2GX")
        #expect(try name(.multiHashed, rf: 1, domains: 100) == "RP_2G1")
        #expect(try name(.byteArray, rf: 2, domains: 3) == "RP_3GX")
        #expect(try name(.byteArray, rf: 2, domains: 4) == "EC_2P2GX")
        #expect(try name(.byteArray, rf: 2, domains: 8) == "EC_4P2GX")
        #expect(try name(.byteArray, rf: 2, domains: 12) == "EC_8P2GX")
        #expect(try name(.byteArray, rf: 2, domains: 20) == "EC_16P2GX")
        #expect(try name(.multiLexical, rf: 2, domains: 20) == "RP_3G1")
        #expect(try name(.byteArray, rf: 3, domains: 9) == "RP_4GX")
        #expect(try name(.byteArray, rf: 3, domains: 10) == "EC_4P3GX")
        #expect(try name(.byteArray, rf: 3, domains: 14) == "EC_8P3GX")
        #expect(try name(.byteArray, rf: 3, domains: 22) == "EC_16P3GX")
        #expect(try name(.byteArray, rf: 4, domains: 22) == "RP_5GX")
        #expect(throws: ObjectClassError.redundancyFactorExceedsFaultDomains(redundancyFactor: 2, domains: 2)) {
            try ObjectClass.defaultClass(for: .byteArray, redundancyFactor: 2, domains: 2)
        }
        #expect(throws: ObjectClassError.redundancyFactorOutOfRange(5)) {
            try ObjectClass.defaultClass(for: .byteArray, redundancyFactor: 5, domains: 50)
        }
    }
}
