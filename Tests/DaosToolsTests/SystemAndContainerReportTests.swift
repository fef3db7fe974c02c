import DaosObject
import DaosTools
import Testing

@Suite struct SystemAndContainerReportTests {
    static let uuid = WireUUID("59747044-016b-41be-bb2b-22693333a380")!
    static let pool = WireUUID("0477964f-3d74-4053-ba42-ac0c0f9feb95")!

    static let statuses = [
        RankStatus(rank: 1, state: .joined, pid: 101, incarnation: 7),
        RankStatus(rank: 0, state: .joined, pid: 100, incarnation: 7),
        RankStatus(rank: 2, state: .errored, pid: 0, incarnation: 3, reason: "exit status 1"),
    ]

    @Test func systemQueryGroupsRanksByState() {
        #expect(SystemReports.query(Self.statuses, verbose: false) == """
            Rank  State
            ----  -----
            2     Errored
            [0-1] Joined

            """)
        #expect(SystemReports.query(Self.statuses, verbose: true) == """
            Rank State   PID Incarnation Reason
            ---- -----   --- ----------- ------
            0    Joined  100 7
            1    Joined  101 7
            2    Errored 0   3           exit status 1

            """)
        #expect(SystemReports.query([], verbose: false) == "Query matches no ranks in system\n")
        #expect(SystemReports.queryJSON(Self.statuses).rendered().contains("\"state\": \"errored\""))
    }

    @Test func stopAndStartResults() {
        let stopped = [RankStatus(rank: 0, state: .stopped, pid: 0), RankStatus(rank: 1, state: .stopped, pid: 0),
                       RankStatus(rank: 2, state: .joined, pid: 9)]
        #expect(SystemReports.results(stopped, action: .stop) == """
            Rank  Operation Result
            ----  --------- ------
            [0-1] stop      OK
            2     stop      rank is joined

            """)
        #expect(SystemReports.failure(stopped, action: .stop)?.reason == "system stop failed on rank 2")
        #expect(SystemReports.failure(Array(stopped.prefix(2)), action: .stop) == nil)
        let started = [RankStatus(rank: 1, state: .starting, pid: 300)]
        #expect(SystemReports.failure(started, action: .start) == nil)
        #expect(SystemReports.results(started, action: .start).hasSuffix("1    start     OK\n"))
        #expect(SystemReports.resultsJSON(stopped, action: .stop).rendered().contains("\"errored\": true"))
    }

    @Test func tables() {
        #expect(TextTable.render(titles: ["A", "Long title"], rows: [["wide cell", "x"], ["y", ""]]) == """
            A         Long title
            -         ----------
            wide cell x
            y

            """)
        #expect(TextTable.entity([("Container UUID", "u"), ("Container Label", "c1")]) == """
              Container UUID : u
              Container Label: c1

            """)
    }

    @Test func containerList() {
        #expect(ContainerReports.list([], pool: "tank") == "No containers.\n")
        #expect(ContainerReports.list([ContainerSummary(uuid: Self.uuid, label: "LLM-GPT-1T")], pool: "tank") == """
            Containers in pool tank:
              Label      UUID
              -----      ----
              LLM-GPT-1T 59747044-016b-41be-bb2b-22693333a380

            """)
        #expect(ContainerReports.listJSON([ContainerSummary(uuid: Self.uuid, label: "c")]).rendered().contains("\"label\": \"c\""))
    }

    @Test func containerQuery() throws {
        let reply = ContainerQueryReply(uuid: Self.uuid, poolUUID: Self.pool, label: "c1", type: .posix, snapshotCount: 2,
                                        latestSnapshot: Epoch(0x1A2B), handlesOpen: 1, nextObjectID: 10)
        let properties: [ContainerProperty] = [.label("c1"), .redundancyFactor(1), .fileObjectClass(try ObjectClass(parsing: "EC_2P1GX")),
                                               .directoryObjectClass(try ObjectClass(parsing: "RP_2G1")), .chunkSizeBytes(1 << 20)]
        #expect(ContainerReports.query(reply, properties: properties) == """
              Container UUID             : 59747044-016b-41be-bb2b-22693333a380
              Container Label            : c1
              Container Type             : POSIX
              Pool UUID                  : 0477964f-3d74-4053-ba42-ac0c0f9feb95
              Container redundancy factor: 1
              Number of open handles     : 1
              Number of snapshots        : 2
              Latest Persistent Snapshot : 0x1a2b
              File Object Class          : EC_2P1GX
              Dir Object Class           : RP_2G1
              Chunk Size                 : 1 MiB

            """)
        let json = ContainerReports.queryJSON(reply, properties: properties).rendered()
        #expect(json.contains("\"container_label\": \"c1\""))
        #expect(json.contains("\"latest_snapshot\": 6699"))
        #expect(json.contains("\"redundancy_factor\": 1"))
        #expect(json.contains("\"chunk_size\": 1048576"))
    }

    @Test func getPropJSON() throws {
        let json = ContainerReports.propertiesJSONList([.label("c1"), .ecCellSizeBytes(131_072), .checksum(.crc32)]).rendered()
        #expect(json == """
            [
              {
                "name": "label",
                "description": "Label",
                "value": "c1"
              },
              {
                "name": "ec_cell_sz",
                "description": "EC Cell Size",
                "value": 131072
              },
              {
                "name": "cksum",
                "description": "Checksum",
                "value": "crc32"
              }
            ]
            """)
    }

    @Test func snapshots() throws {
        let list = [SnapshotEntry(epoch: Epoch(0x10)), SnapshotEntry(epoch: Epoch(0x20), name: "nightly")]
        #expect(SnapshotReports.list(list) == "Container's snapshots :\n0x10\n0x20 nightly\n")
        #expect(SnapshotReports.created(Epoch(0x20)) == "snapshot/epoch 0x20 has been created\n")
        #expect(SnapshotReports.destroyed(Epoch(1)...Epoch(1)) == "snapshot/epoch 0x1 has been destroyed\n")
        #expect(SnapshotReports.destroyed(Epoch(1)...Epoch(0x20)) == "snapshots in epochs 0x1-0x20 have been destroyed\n")
        #expect(SnapshotReports.listJSON(list).rendered().contains("\"epoch\": 32"))
        // Printed epochs read back as --epc / --epcrange arguments.
        #expect(try SnapshotSelection.range("\(list[0].epoch)-\(list[1].epoch)") == Epoch(0x10)...Epoch(0x20))
    }

    @Test func poolConfirmations() {
        #expect(PoolReports.targetsChanged(.exclude) == "Exclude command succeeded\n")
        #expect(PoolReports.targetsChanged(.reintegrate) == "Reintegration command succeeded\n")
        #expect(PoolReports.targetsChanged(.drain) == "Drain command succeeded\n")
        #expect(TargetChange.allCases.map(\.opcode) == [.poolExclude, .poolReintegrate, .poolDrain])
    }
}
