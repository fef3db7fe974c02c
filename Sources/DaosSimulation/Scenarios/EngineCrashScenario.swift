import DaosObject

/// An engine is killed in the middle of a stream of writes to replicated and erasure-coded
/// arrays, then excluded by an administrator; every acknowledged write reads back — degraded
/// while the engine is gone, and again after it has restarted (still excluded).
public enum EngineCrashScenario {
    public static let engines = 4
    public static let targets = 2

    public static func run(_ cluster: SimulatedCluster) throws {
        let world = cluster.world
        let client = try SimulatedClient(cluster, create: true)
        let writes = try AcknowledgedWrites(client, classes: ["RP_2G1", "RP_3G1", "EC_2P1G1"], seed: world.seed)
        let victim = UInt32(1 + world.uniform(UInt64(engines - 1)))
        let crashAfter = Int(world.uniform(400_000))
        let admin = world.client("admin") {
            SimulationContext.sleep(microseconds: crashAfter)
            try? cluster.crash(rank: victim)
            SimulationContext.sleep(microseconds: 500_000 + Int(world.uniform(2_000_000)))
            if let system = try? DaosSystem(systemFile: cluster.systemFilePath) {
                _ = try? system.changeTargets(.poolExclude, pool: "tank", rank: victim)
            }
        }
        var round = 0
        while !admin.isFinished || round < 8 {
            for array in writes.arrays.indices where !writes.writeNext(array: array) {
                throw SimulationError.violation("a write to \(writes.arrays[array].name) never succeeded, even after rank \(victim) was excluded")
            }
            round += 1
        }
        admin.join()
        guard cluster.isRunning(victim) == false else { throw SimulationError.violation("rank \(victim) was not crashed") }
        try writes.verify("rank \(victim) crashed and excluded")
        try cluster.restart(rank: victim)
        SimulationContext.sleep(microseconds: 200_000)
        try writes.verify("rank \(victim) restarted")
    }
}
