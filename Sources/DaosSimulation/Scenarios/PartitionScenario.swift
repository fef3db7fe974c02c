import DaosObject

/// The client loses the network to one engine for a while (the engine stays up and in the
/// map): writes touching it fail and are retried, none is acknowledged half-done; after the
/// partition heals writes go through again and every acknowledged write reads back.
public enum PartitionScenario {
    public static let engines = 3
    public static let targets = 2

    public static func run(_ cluster: SimulatedCluster) throws {
        let world = cluster.world
        let client = try SimulatedClient(cluster, create: true)
        let writes = try AcknowledgedWrites(client, classes: ["RP_2G1", "EC_2P1G1", "S1"], seed: world.seed)
        let cut = cluster.node(of: UInt32(world.uniform(UInt64(engines))))
        let start = Int(world.uniform(300_000))
        let length = 300_000 + Int(world.uniform(3_000_000))
        let chaos = world.client("chaos") {
            SimulationContext.sleep(microseconds: start)
            cluster.world.network.partition("client0", cut)
            SimulationContext.sleep(microseconds: length)
            cluster.world.network.heal("client0", cut)
        }
        var round = 0
        while !chaos.isFinished || round < 6 {
            for array in writes.arrays.indices where !writes.writeNext(array: array) {
                throw SimulationError.violation("a write to \(writes.arrays[array].name) failed for good while \(cut) was cut off")
            }
            round += 1
        }
        chaos.join()
        for array in writes.arrays.indices where !writes.writeNext(array: array, attempts: 1) {
            throw SimulationError.violation("after the partition from \(cut) healed, a write to \(writes.arrays[array].name) failed")
        }
        try writes.verify("partition from \(cut) healed")
    }
}
