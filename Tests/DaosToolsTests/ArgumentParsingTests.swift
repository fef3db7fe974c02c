import DaosObject
import DaosTools
import Testing

@Suite struct ArgumentParsingTests {
    @Test func objectIDsInDecimalAndHex() throws {
        #expect(try ObjectIDArgument.parse("281479271677952.5") == ObjectID(hi: 281_479_271_677_952, lo: 5))
        #expect(try ObjectIDArgument.parse("0x1000100000000.0x5") == ObjectID(hi: 0x1_0001_0000_0000, lo: 5))
        #expect(try ObjectIDArgument.parse("b01000100000000.1f") == ObjectID(hi: 0x0B01_0001_0000_0000, lo: 0x1F))
        #expect(try ObjectIDArgument.parse("0X10.12") == ObjectID(hi: 16, lo: 12))
        #expect(try ObjectIDArgument.parse("18446744073709551615.0") == ObjectID(hi: UInt64.max, lo: 0))
        // What `daos object query` prints reads back.
        let id = ObjectID(hi: 0x0B20_0002_0000_0000, lo: 77)
        #expect(try ObjectIDArgument.parse(ObjectIDArgument.format(id)) == id)
        #expect(ObjectIDArgument.format(id) == "\(0x0B20_0002_0000_0000 as UInt64).77")
    }

    @Test func badObjectIDs() {
        for bad in ["", "1", "1.", ".1", "1.2.3", "0x.1", "1.0x", "+1.2", "1.-2", "g.1", "18446744073709551616.0",
                    "0x10000000000000000.0", "1 .2", "1.2 "] {
            #expect(throws: ToolError.self, "\(bad)") { try ObjectIDArgument.parse(bad) }
        }
    }

    @Test func snapshotEpochs() throws {
        #expect(try SnapshotSelection.epoch("42") == Epoch(42))
        #expect(try SnapshotSelection.epoch("0x2a") == Epoch(42))
        #expect(try SnapshotSelection.range("10-0x14") == Epoch(10)...Epoch(20))
        #expect(try SnapshotSelection.range("7-7") == Epoch(7)...Epoch(7))
        for bad in ["", "0", "-1", "+3", "0x", "0xg", "ten", "18446744073709551616"] {
            #expect(throws: ToolError.self, "\(bad)") { try SnapshotSelection.epoch(bad) }
        }
        for bad in ["5-3", "1-", "-2", "1-2-3", "1", "0-5", "a-b", ""] {
            #expect(throws: ToolError.self, "\(bad)") { try SnapshotSelection.range(bad) }
        }
    }

    @Test func snapshotSelectionNeedsExactlyOne() throws {
        #expect(try SnapshotSelection(epoch: "9", range: nil, name: nil) == .epochs(Epoch(9)...Epoch(9)))
        #expect(try SnapshotSelection(epoch: nil, range: "1-9", name: nil) == .epochs(Epoch(1)...Epoch(9)))
        #expect(try SnapshotSelection(epoch: nil, range: nil, name: "nightly") == .name("nightly"))
        #expect(throws: ToolError.self) { try SnapshotSelection(epoch: nil, range: nil, name: nil) }
        #expect(throws: ToolError.self) { try SnapshotSelection(epoch: "1", range: "1-2", name: nil) }
        #expect(throws: ToolError.self) { try SnapshotSelection(epoch: "1", range: nil, name: "x") }
        #expect(throws: ToolError.self) { try SnapshotSelection(epoch: nil, range: nil, name: "") }
    }

    @Test func rankLists() throws {
        #expect(try RankListParser.parse("0,2") == [0, 2])
        #expect(try RankListParser.parse("3,0-2,2") == [0, 1, 2, 3])
        #expect(try RankListParser.parse("[0-3,5]") == [0, 1, 2, 3, 5])
        #expect(try RankListParser.parse("7") == [7])
        #expect(try RankListParser.parse("0-255", what: "target index", limit: 256).count == 256)
        for bad in ["", "[]", "a", "1,", ",1", "3-1", "1-2-3", "-1", "+1", "0-4294967295", "4294967296"] {
            #expect(throws: ToolError.self, "\(bad)") { try RankListParser.parse(bad) }
        }
        #expect(throws: ToolError.self) { try RankListParser.parse("0-256", what: "target index", limit: 256) }
    }

    @Test func globalOptionsMoveBehindTheCommand() {
        func hoisted(_ words: [String]) -> [String] {
            GlobalArguments.hoisted(words, flags: GlobalArguments.toolFlags, options: GlobalArguments.toolOptions)
        }
        #expect(hoisted(["-j", "pool", "query", "tank"]) == ["pool", "query", "tank", "-j"])
        #expect(hoisted(["--sys-file", "/s", "--json", "pool", "list"]) == ["pool", "list", "--sys-file", "/s", "--json"])
        #expect(hoisted(["--sys-file=/s", "system", "query"]) == ["system", "query", "--sys-file=/s"])
        #expect(hoisted(["pool", "query", "-j", "tank"]) == ["pool", "query", "-j", "tank"])
        #expect(hoisted(["-j", "cont", "create", "p", "--", "-odd"]) == ["cont", "create", "p", "-j", "--", "-odd"])
        #expect(hoisted(["--help"]) == ["--help"])
    }

    @Test func createLabelsAndSizes() throws {
        #expect(try CreateArguments.label(option: "tank", positional: nil, what: "pool") == "tank")
        #expect(try CreateArguments.label(option: nil, positional: "tank", what: "pool") == "tank")
        #expect(try CreateArguments.label(option: "tank", positional: "tank", what: "pool") == "tank")
        #expect(throws: ToolError.self) { try CreateArguments.label(option: "a", positional: "b", what: "pool") }
        #expect(throws: ToolError.self) { try CreateArguments.label(option: nil, positional: nil, what: "pool") }
        #expect(try CreateArguments.size("4G") == 4 << 30)
        #expect(try CreateArguments.size("512MiB") == 512 << 20)
        for bad in ["", "0", "4Q", "-4G", "G"] {
            #expect(throws: ToolError.self, "\(bad)") { try CreateArguments.size(bad) }
        }
    }

    @Test func containerCreateArguments() throws {
        let request = try ContainerOperations.CreateRequest(
            label: nil, positionalLabel: "c1", type: "posix", properties: "rd_fac:1,cksum:crc32,ec_cell_sz:131072",
            fileObjectClass: "EC_2P1GX", directoryObjectClass: "RP_2G1", chunkSize: "1MiB")
        #expect(request.label == "c1")
        #expect(request.type == .posix)
        #expect(request.properties == [.redundancyFactor(1), .checksum(.crc32), .ecCellSizeBytes(131_072),
                                       .fileObjectClass(try ObjectClass(parsing: "EC_2P1GX")),
                                       .directoryObjectClass(try ObjectClass(parsing: "RP_2G1")), .chunkSizeBytes(1 << 20)])
        let untyped = try ContainerOperations.CreateRequest(label: "c2", positionalLabel: nil, type: nil, properties: nil,
                                                             fileObjectClass: nil, directoryObjectClass: nil, chunkSize: nil)
        #expect(untyped.type == .none)
        #expect(untyped.properties.isEmpty)
        let bad: [(String?, String?, String?, String?, String?)] = [
            ("zfs", nil, nil, nil, nil),            // type
            (nil, "bogus:1", nil, nil, nil),        // unknown property
            (nil, "oclass:SX", "EC_2P1GX", nil, nil),  // file class twice
            (nil, nil, "EC_3P1G1", nil, nil),       // no such class
            (nil, "chunk_size:1M", nil, nil, "2M"), // chunk size twice
            (nil, nil, nil, nil, "0"),              // zero chunk
        ]
        for (type, properties, file, directory, chunk) in bad {
            #expect(throws: ToolError.self) {
                try ContainerOperations.CreateRequest(label: "c", positionalLabel: nil, type: type, properties: properties,
                                                      fileObjectClass: file, directoryObjectClass: directory, chunkSize: chunk)
            }
        }
        // Strings longer than the wire carries are refused here (the encoder would trap).
        let long = String(repeating: "x", count: 128)
        #expect(try PropertyParser.containerProperties("label:" + String(long.dropFirst())) == [.label(String(long.dropFirst()))])
        for bad in ["label:" + long, "owner:" + long + long, "group:" + long + long] {
            #expect(throws: ToolError.self) { try PropertyParser.containerProperties(bad) }
        }
        // Pool properties (dmg pool create --properties).
        #expect(try PropertyParser.poolProperties("rd_fac:1,ec_cell_sz:128KiB,space_rb:5")
                == [.redundancyFactor(1), .ecCellSizeBytes(131_072), .rebuildSpaceReservePercent(5)])
        #expect(try PropertyParser.poolProperties("") == [])
        for bad in ["rd_fac:9", "oclass:SX", "space_rb:101", "rd_fac:1,rd_fac:2", "rd_fac"] {
            #expect(throws: ToolError.self) { try PropertyParser.poolProperties(bad) }
        }
        #expect(throws: ToolError.self) {
            try ContainerOperations.CreateRequest(label: nil, positionalLabel: nil, type: nil, properties: nil,
                                                  fileObjectClass: nil, directoryObjectClass: nil, chunkSize: nil)
        }
    }
}
