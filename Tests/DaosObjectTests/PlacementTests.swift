import DaosObject
import Testing

/// Laws of placement, checked on pools of several shapes for every class that fits.
@Suite struct PlacementTests {
    struct Pool: CustomStringConvertible, Sendable {
        var name: String
        var shape: [[Int]]
        var level: FaultDomainLevel
        var description: String { name }
    }

    static let pools: [Pool] = [
        Pool(name: "3 engines × 4 (single host)", shape: [[4], [4], [4]], level: .engine),
        Pool(name: "6 nodes × 2 × 4", shape: Array(repeating: [4, 4], count: 6), level: .node),
        Pool(name: "20 nodes × 1 × 8", shape: Array(repeating: [8], count: 20), level: .node),
        Pool(name: "uneven 7 nodes", shape: [[4, 2], [8], [1, 1, 1], [16], [4, 4], [3], [2, 6]], level: .engine),
        Pool(name: "24 nodes × 2 × 2 by engine", shape: Array(repeating: [2, 2], count: 24), level: .engine),
    ]

    static let classNames = ObjectClassTests.allCanonicalNames

    static func objects(_ oclass: ObjectClass, on map: PlacementMap, count: Int, type: ObjectType = .byteArray) -> [ObjectID] {
        (0..<count).compactMap { i in
            try? ObjectID.generate(lo: UInt64(i) &* 7919 &+ 1, userHi: UInt32(i % 3), type: type, objectClass: oclass, on: map.shape)
        }
    }

    @Test(arguments: pools)
    func groupsLandInDistinctFaultDomains(pool: Pool) throws {
        let map = PlacementMap(PoolMap(shape: pool.shape), level: pool.level)
        var checked = 0
        for name in Self.classNames {
            let oclass = try ObjectClass(parsing: name)
            guard oclass.groupSize <= map.domainCount else { continue }
            for id in Self.objects(oclass, on: map, count: 40) {
                let layout = map.layout(of: id)
                #expect(layout.shards.count == layout.groupSize * layout.groupCount)
                for g in 0..<layout.groupCount {
                    let domains = Set(layout.group(g).map { map.domain(ofTarget: $0.target) })
                    #expect(domains.count == layout.groupSize, "\(oclass) group \(g) of \(id)")
                    checked += 1
                }
            }
        }
        #expect(checked > 1000)
    }

    @Test(arguments: pools)
    func placementIsDeterministic(pool: Pool) throws {
        let a = PlacementMap(PoolMap(shape: pool.shape), level: pool.level)
        let b = PlacementMap(PoolMap(shape: pool.shape), level: pool.level)
        for id in Self.objects(try ObjectClass(parsing: "RP_2G4"), on: a, count: 200) {
            #expect(a.layout(of: id) == b.layout(of: id))
        }
    }

    /// A DOWN target's shards move one by one; no other shard moves; the group's other shards
    /// keep their domains; and re-adding the target restores the original layout exactly.
    @Test(arguments: pools)
    func onlyFailedShardsMoveAndReintegrationRestores(pool: Pool) throws {
        var poolMap = PoolMap(shape: pool.shape)
        let healthy = PlacementMap(poolMap, level: pool.level)
        let failedRank = UInt32(poolMap.engines.count / 2)
        let failedTargets = Set(poolMap.engines[poolMap.engine(rank: failedRank)!].targets.map(Int32.init))
        try poolMap.setState(.down, rank: failedRank)
        let degraded = PlacementMap(poolMap, level: pool.level)
        #expect(degraded.version > healthy.version)
        var movedTotal = 0
        for name in ["EC_2P1GX", "RP_3G2", "S4", "EC_4P2G1"] {
            let oclass = try ObjectClass(parsing: name)
            guard oclass.groupSize < healthy.domainCount else { continue }
            for id in Self.objects(oclass, on: healthy, count: 150) {
                let before = healthy.layout(of: id)
                let after = degraded.layout(of: id)
                for k in before.shards.indices {
                    if failedTargets.contains(before.shards[k].target) {
                        #expect(!failedTargets.contains(after.shards[k].target))
                        #expect(after.shards[k].isFallback && after.shards[k].isAvailable)
                        movedTotal += 1
                    } else {
                        #expect(after.shards[k] == before.shards[k])
                    }
                }
                #expect(healthy.moves(of: id, to: degraded).allSatisfy { failedTargets.contains($0.from) })
            }
        }
        #expect(movedTotal > 0)
        try poolMap.setState(.downOut, rank: failedRank)
        try poolMap.setState(.up, rank: failedRank)
        try poolMap.setState(.upIn, rank: failedRank)
        let restored = PlacementMap(poolMap, level: pool.level)
        for id in Self.objects(try ObjectClass(parsing: "EC_2P1GX"), on: healthy, count: 150) {
            #expect(restored.layout(of: id) == healthy.layout(of: id))
        }
    }

    /// Fallbacks keep a group's shards in distinct domains while spare domains exist.
    @Test func fallbacksAvoidTheGroupsDomains() throws {
        var poolMap = PoolMap.uniform(nodes: 12, enginesPerNode: 2, targetsPerEngine: 4)
        try poolMap.setState(.down, rank: 5)
        try poolMap.setState(.down, rank: 14)
        let map = PlacementMap(poolMap, level: .node)
        for id in Self.objects(try ObjectClass(parsing: "EC_4P2G2"), on: map, count: 500) {
            let layout = map.layout(of: id)
            for g in 0..<layout.groupCount {
                let group = layout.group(g)
                #expect(group.allSatisfy { $0.isAvailable && map.holdsShards($0.target) })
                #expect(Set(group.map { map.domain(ofTarget: $0.target) }).count == layout.groupSize)
            }
        }
    }

    /// Consecutive IDs from a container's allocator fill targets evenly.
    @Test func balanceBound() throws {
        let map = PlacementMap(PoolMap.uniform(nodes: 16, enginesPerNode: 2, targetsPerEngine: 8), level: .node)
        let oclass = try ObjectClass(parsing: "EC_8P2G1")
        var perTarget = [Int](repeating: 0, count: map.targetCount)
        var shards: [ShardLocation] = []
        for lo in 1...20_000 {
            map.place(try ObjectID.generate(lo: UInt64(lo), type: .byteArray, objectClass: oclass, on: map.shape), into: &shards)
            for shard in shards { perTarget[Int(shard.target)] += 1 }
        }
        let mean = Double(perTarget.reduce(0, +)) / Double(perTarget.count)
        let ratio = Double(perTarget.max()!) / mean
        #expect(ratio <= 1.05, "max/mean \(ratio)")
        #expect(Double(perTarget.min()!) / mean >= 0.95)
    }

    @Test func extensionChangesNothingUntilNewTargetsJoin() throws {
        var poolMap = PoolMap.uniform(nodes: 6, enginesPerNode: 1, targetsPerEngine: 4)
        let before = PlacementMap(poolMap, level: .node)
        let added = try poolMap.extend(engineTargetCounts: [4])
        let during = PlacementMap(poolMap, level: .node)
        let ids = Self.objects(try ObjectClass(parsing: "RP_2G2"), on: before, count: 300)
        for id in ids { #expect(before.moves(of: id, to: during).isEmpty) }
        try poolMap.setState(.upIn, targets: added)
        let after = PlacementMap(poolMap, level: .node)
        #expect(after.domainCount == 7)
        let moved = ids.flatMap { before.moves(of: $0, to: after) }
        #expect(!moved.isEmpty)
    }

    @Test func distributionKeysPickGroupsAndRotateParity() throws {
        let map = PlacementMap(PoolMap.uniform(nodes: 8, enginesPerNode: 1, targetsPerEngine: 4), level: .node)
        let id = try ObjectID.generate(lo: 1, type: .byteArray, objectClass: ObjectClass(parsing: "EC_4P2G4"), on: map.shape)
        let layout = map.layout(of: id)
        var groupsSeen = Set<Int>()
        var firstParityMembers = Set<Int>()
        for chunk in UInt64(1)...64 {
            let hash = PlacementHash.distributionKey(chunk)
            groupsSeen.insert(layout.groupIndex(forDistributionKeyHash: hash))
            let members = (0..<6).map { ObjectLayout.erasureMember(cell: $0, distributionKeyHash: hash, groupSize: 6) }
            #expect(Set(members).count == 6)
            firstParityMembers.insert(members[4])
        }
        #expect(groupsSeen == Set(0..<4))
        #expect(firstParityMembers.count == 6)
        #expect(PlacementHash.distributionKey([1, 2, 3]) == PlacementHash.distributionKey([1, 2, 3]))
        #expect(PlacementHash.distributionKey([1, 2, 3]) != PlacementHash.distributionKey([1, 2, 4]))
    }

    @Test func jumpHashIsConsistent() {
        for key in UInt64(0)..<2000 {
            let key = PlacementHash.mix(key)
            let a = PlacementHash.jump(key, buckets: 10)
            let b = PlacementHash.jump(key, buckets: 11)
            #expect(b == a || b == 10)
        }
    }
}
