import DaosObject
import DaosTools
import Testing

@Suite struct ReportTests {
    static let uuid = WireUUID("0477964f-3d74-4053-ba42-ac0c0f9feb95")!

    @Test func humanize() {
        #expect(Humanize.bytes(4 << 30) == "4.3 GB")
        #expect(Humanize.bytes(268_435_456) == "268 MB")
        #expect(Humanize.bytes(999) == "999 B")
        #expect(Humanize.bytes(75_000_000_000_000) == "75 TB")
        #expect(Humanize.bytes(2_300_000_000_000) == "2.3 TB")
        #expect(Humanize.binaryBytes(131_072) == "128 KiB")
        #expect(Humanize.binaryBytes(1 << 20) == "1 MiB")
        #expect(Humanize.binaryBytes(1000) == "1000 B")
        #expect(Humanize.ranks([2, 0, 1, 5, 7, 6]) == "[0-2,5-7]")
        #expect(Humanize.ranks([3]) == "[3]")
    }

    @Test func poolQueryLooksLikeDAOS() {
        let reply = PoolQueryReply(
            uuid: Self.uuid, label: "tank", mapVersion: 3, leaderRank: 0, targetsTotal: 12, targetsDisabled: 4, handlesOpen: 0,
            tiers: [TierSpace(totalBytes: 4 << 30, freeBytes: 3 << 30, freeMaxBytes: 268_435_456, freeMinBytes: 268_435_456)])
        #expect(PoolReports.query(reply) == """
            Pool 0477964f-3d74-4053-ba42-ac0c0f9feb95, ntarget=12, disabled=4, leader=0, version=3
            Pool space info:
            - Target(VOS) count:8
            - Storage tier 0 (SCM):
              Total size: 4.3 GB
              Free: 3.2 GB, min:268 MB, max:268 MB, mean:268 MB
            Rebuild idle, 0 objs, 0 recs

            """)
    }

    @Test func poolCreateAndContainerCreate() {
        let created = PoolReports.created(
            PoolCreateReply(uuid: Self.uuid, serviceRanks: [0], storageRanks: [0, 1, 2], totalBytes: 4 << 30), requestedBytes: 4 << 30)
        #expect(created.contains("  UUID                 : 0477964f-3d74-4053-ba42-ac0c0f9feb95\n"))
        #expect(created.contains("  Storage Ranks        : [0-2]\n"))
        #expect(created.contains("  Storage tier 0 (SCM) : 4.3 GB (1.4 GB / rank)\n"))
        #expect(ContainerReports.created(uuid: Self.uuid, label: "c1", type: .posix) == """
              Container UUID : 0477964f-3d74-4053-ba42-ac0c0f9feb95
              Container Label: c1
              Container Type : POSIX

            Successfully created container 0477964f-3d74-4053-ba42-ac0c0f9feb95

            """)
    }

    @Test func getProp() throws {
        let text = ContainerReports.properties(
            [.label("c1"), .layoutType(.posix), .redundancyFactor(1), .ecCellSizeBytes(131_072),
             .fileObjectClass(try ObjectClass(parsing: "EC_2P1GX"))], container: "c1")
        #expect(text == """
            Properties for container c1
            Name               Value
            ----               -----
            Label              c1
            Layout Type        POSIX (1)
            Redundancy Factor  rd_fac1
            EC Cell Size       128 KiB
            Object Class       EC_2P1GX

            """)
    }

    @Test func propertiesParse() throws {
        #expect(try PropertyParser.containerProperties("rd_fac:1,cksum:crc32,ec_cell_sz:131072") ==
                [.redundancyFactor(1), .checksum(.crc32), .ecCellSizeBytes(131_072)])
        #expect(try PropertyParser.containerProperties("chunk_size:1MiB,oclass:EC_2P1GX,dir_oclass:RP_2G1") ==
                [.chunkSizeBytes(1 << 20), .fileObjectClass(try ObjectClass(parsing: "EC_2P1GX")),
                 .directoryObjectClass(try ObjectClass(parsing: "RP_2G1"))])
        #expect(try PropertyParser.containerProperties("") == [])
        for bad in ["rd_fac", "rd_fac:5", "cksum:sha1", "ec_cell_sz:big", "colour:red", "rd_fac:1,rd_fac:2", "oclass:EC_3P1G1", ",",
                    "chunk_size:+1M"] {
            #expect(throws: ToolError.self, "\(bad)") { try PropertyParser.containerProperties(bad) }
        }
        #expect(try PropertyParser.containerType("posix") == .posix)
        #expect(throws: ToolError.self) { try PropertyParser.containerType("zfs") }
        #expect(ByteSize.parse("+1G") == nil)
    }
}
