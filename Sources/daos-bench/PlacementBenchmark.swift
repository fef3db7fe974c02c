import ArgumentParser
import DaosObject

/// Runs the real placement code on a synthetic pool map: speed, balance, and the shards that
/// move when one engine fails compared with the ideal (exactly that engine's shards).
struct PlacementBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "placement", abstract: "Placement simulator on a synthetic pool map.")

    @Option(help: "Nodes in the pool map.") var nodes = 1024
    @Option(help: "Engines per node.") var engines = 2
    @Option(help: "Targets per engine.") var targets = 16
    @Option(help: "Objects to place.") var objects = 1_000_000
    @Option(name: .customLong("class"), help: "Object class.") var objectClass = "EC_8P2G1"
    @Option(help: "Fault-domain level: node or engine.") var domain = "node"
    @Option(help: "Object IDs: sequential (as the container allocator hands them out) or random.")
    var ids = "sequential"
    @Option(help: "Rank to fail for the movement measurement.") var failRank: UInt32?

    func run() throws {
        guard let level: FaultDomainLevel = domain == "node" ? .node : domain == "engine" ? .engine : nil else {
            throw ValidationError("--domain must be node or engine")
        }
        guard ids == "sequential" || ids == "random" else { throw ValidationError("--ids must be sequential or random") }
        let oclass = try ObjectClass(parsing: objectClass)
        var map = PoolMap.uniform(nodes: nodes, enginesPerNode: engines, targetsPerEngine: targets)
        let healthy = PlacementMap(map, level: level)
        var generator = SplitMix64(seed: 42)
        let objectIDs = try (0..<objects).map { i in
            let lo = ids == "sequential" ? UInt64(i + 1) : generator.next()
            return try ObjectID.generate(lo: lo, type: .byteArray, objectClass: oclass, on: healthy.shape)
        }
        print("pool: \(nodes) nodes × \(engines) engines × \(targets) targets = \(healthy.targetCount) targets, "
              + "fault domain: \(domain), \(objects) objects of \(oclass) (\(ids) IDs)")

        var shards: [ShardLocation] = []
        var perTarget = [Int](repeating: 0, count: map.targets.count)
        var sameDomain = 0
        let start = monotonicSeconds()
        for id in objectIDs {
            healthy.place(id, into: &shards)
            for shard in shards { perTarget[Int(shard.target)] += 1 }
        }
        let elapsed = monotonicSeconds() - start
        for id in objectIDs.prefix(100_000) {
            let layout = healthy.layout(of: id)
            for g in 0..<layout.groupCount {
                let domains = Set(layout.group(g).map { healthy.domain(ofTarget: $0.target) })
                if domains.count != layout.groupSize { sameDomain += 1 }
            }
        }
        let total = perTarget.reduce(0, +)
        let mean = Double(total) / Double(perTarget.count)
        let maxCount = perTarget.max() ?? 0
        let minCount = perTarget.min() ?? 0
        let variance = perTarget.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(perTarget.count)
        print("placements/s: \(format(Double(objects) / elapsed, decimals: 0)) objects (\(format(Double(total) / elapsed / 1e6)) M shards/s)")
        print("shards per target: mean \(format(mean)) min \(minCount) max \(maxCount) stddev \(format(variance.squareRoot())) "
              + "max/mean \(format(Double(maxCount) / mean, decimals: 3))")
        print("groups with two shards in one fault domain (first 100000 objects): \(sameDomain)")

        let rank = failRank ?? UInt32(map.engines.count / 2)
        guard let failedEngine = map.engine(rank: rank) else { throw ValidationError("no rank \(rank)") }
        let failedTargets = Set(map.engines[failedEngine].targets.map(Int32.init))
        try map.setState(.down, rank: rank)
        let degraded = PlacementMap(map, level: level)
        var moved = 0
        var ideal = 0
        var before: [ShardLocation] = []
        var after: [ShardLocation] = []
        // Rebuild reads the surviving shards of each affected group and writes the fallbacks.
        var sourceDomains = Set<Int>()
        var fallbackPerTarget: [Int32: Int] = [:]
        for id in objectIDs {
            healthy.place(id, into: &before)
            degraded.place(id, into: &after)
            let groupSize = before.count / max(1, Int(id.groupCount))
            for k in before.indices {
                if failedTargets.contains(before[k].target) {
                    ideal += 1
                    let group = (k / groupSize) * groupSize..<(k / groupSize + 1) * groupSize
                    for peer in group where peer != k { sourceDomains.insert(healthy.domain(ofTarget: before[peer].target)) }
                    fallbackPerTarget[after[k].target, default: 0] += 1
                }
                if before[k].target != after[k].target { moved += 1 }
            }
        }
        print("engine rank \(rank) DOWN: moved \(moved) shards, ideal \(ideal), ratio \(format(Double(moved) / Double(max(ideal, 1)), decimals: 3))")
        print("rebuild spread: surviving shards in \(sourceDomains.count) of \(healthy.domainCount) domains; "
              + "fallbacks on \(fallbackPerTarget.count) targets, at most \(fallbackPerTarget.values.max() ?? 0) per target")
    }
}
