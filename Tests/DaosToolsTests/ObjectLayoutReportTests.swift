import DaosObject
import DaosTools
import Testing

@Suite struct ObjectLayoutReportTests {
    /// Three engines on one node (the single-host default): fault domains are engines.
    static func singleNodeMap() -> PoolMap {
        PoolMap(engines: [(node: 0, rank: 0, targets: 4), (node: 0, rank: 1, targets: 4), (node: 0, rank: 2, targets: 4)])
    }

    static func objectID(_ className: String, lo: UInt64, on map: PoolMap) throws -> ObjectID {
        let placement = PlacementMap(map, level: FaultDomainLevel.serviceDefault(for: map))
        return try ObjectID.generate(lo: lo, type: .byteArray, objectClass: try ObjectClass(parsing: className), on: placement.shape)
    }

    @Test func replicatedObjectMatchesPlacement() throws {
        let map = Self.singleNodeMap()
        #expect(FaultDomainLevel.serviceDefault(for: map) == .engine)
        let id = try Self.objectID("RP_2G2", lo: 5, on: map)
        let report = try ObjectLayoutReport(id: id, map: map)
        #expect(report.objectClass.description == "RP_2G2")
        #expect(report.groups.count == 2)
        let layout = PlacementMap(map, level: .engine).layout(of: id)
        for (g, group) in report.groups.enumerated() {
            #expect(group.count == 2)
            // A group's replicas are on different engines (the fault domains here).
            #expect(Set(group.map(\.rank)).count == 2)
            for (m, replica) in group.enumerated() {
                let shard = layout.shards[g * 2 + m]
                #expect(replica.rank == shard.rank)
                // Rank r's targets are r*4..<r*4+4 in this map: the index inside the engine.
                #expect(replica.targetIndex == Int(shard.target) - Int(shard.rank) * 4)
                #expect((0..<4).contains(replica.targetIndex))
                #expect(!replica.isFallback && replica.isAvailable)
            }
        }
        var expected = "oid: \(id.hi).5 ver 1 grp_nr: 2\nclass: RP_2G2\n"
        for (g, group) in report.groups.enumerated() {
            expected += "grp: \(g)\n"
            for (m, replica) in group.enumerated() { expected += "replica \(m) \(replica.rank):\(replica.targetIndex)\n" }
        }
        #expect(report.text == expected)
    }

    @Test func erasureCodedObjectSpansEveryDomain() throws {
        let map = Self.singleNodeMap()
        let id = try Self.objectID("EC_2P1G1", lo: 9, on: map)
        let report = try ObjectLayoutReport(id: id, map: map)
        #expect(report.groups.count == 1)
        #expect(Set(report.groups[0].map(\.rank)) == [0, 1, 2])
    }

    @Test func excludedRankMovesShardsToFallbacks() throws {
        var map = Self.singleNodeMap()
        let id = try Self.objectID("RP_2G4", lo: 1, on: map)
        let before = try ObjectLayoutReport(id: id, map: map)
        try map.setState(.down, rank: 1)
        let after = try ObjectLayoutReport(id: id, map: map)
        #expect(after.mapVersion == 2)
        #expect(after.text.hasPrefix("oid: \(id.hi).1 ver 2 grp_nr: 4\n"))
        for (g, group) in after.groups.enumerated() {
            for (m, replica) in group.enumerated() {
                #expect(replica.rank != 1)
                // Only shards that were on rank 1 moved, and they say so.
                #expect(replica.isFallback == (before.groups[g][m].rank == 1))
            }
        }
        #expect(after.text.contains("(fallback)"))
    }

    @Test func nodesAreFaultDomainsWhenThePoolSpansSeveral() throws {
        let map = PoolMap(engines: [(node: 0, rank: 0, targets: 2), (node: 0, rank: 1, targets: 2),
                                    (node: 1, rank: 2, targets: 2), (node: 1, rank: 3, targets: 2)])
        #expect(FaultDomainLevel.serviceDefault(for: map) == .node)
        let id = try Self.objectID("RP_2G1", lo: 3, on: map)
        let report = try ObjectLayoutReport(id: id, map: map)
        let nodes = report.groups[0].map { $0.rank / 2 }
        #expect(Set(nodes).count == 2)
    }

    @Test func jsonShapeFollowsDAOS() throws {
        let map = Self.singleNodeMap()
        let id = try Self.objectID("S1", lo: 2, on: map)
        let report = try ObjectLayoutReport(id: id, map: map)
        let replica = report.groups[0][0]
        #expect(report.json.rendered() == """
            {
              "oid": "\(id.hi).2",
              "version": 1,
              "class": "S1",
              "shards": [
                {
                  "replicas": [
                    {
                      "rank": \(replica.rank),
                      "target": \(replica.targetIndex),
                      "fallback": false,
                      "available": true
                    }
                  ]
                }
              ]
            }
            """)
    }

    @Test func idWithoutClassBitsIsRefused() {
        let map = Self.singleNodeMap()
        #expect(throws: ToolError.self) { try ObjectLayoutReport(id: ObjectID(hi: 0, lo: 5), map: map) }
        // A hex high word typed without 0x reads as decimal and carries no known class.
        #expect(throws: ToolError.self) { try ObjectLayoutReport(id: try ObjectIDArgument.parse("1000100000000.5"), map: map) }
        #expect(throws: Never.self) { try ObjectLayoutReport(id: try ObjectIDArgument.parse("0x1000100000000.5"), map: map) }
    }
}
