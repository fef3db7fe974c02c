import DaosObject

/// A client keeps using pool map version N after an administrator excluded a rank (version
/// N+1): engines refuse its requests as stale, it refreshes the map and carries on; data
/// written before and after reads back. (Only redundant classes: an excluded rank takes the
/// only copy of an S1 object with it until rebuild.)
public enum StaleMapScenario {
    public static let engines = 4
    public static let targets = 2

    public static func run(_ cluster: SimulatedCluster) throws {
        let world = cluster.world
        let client = try SimulatedClient(cluster, create: true)
        let writes = try AcknowledgedWrites(client, classes: ["RP_2G1", "EC_2P1G1", "RP_3G1"], seed: world.seed)
        for array in writes.arrays.indices { writes.writeNext(array: array, attempts: 1) }
        let before = client.pool.map.version
        let excluded = UInt32(1 + world.uniform(UInt64(engines - 1)))
        let admin = world.client("admin") {
            if let system = try? DaosSystem(systemFile: cluster.systemFilePath) {
                _ = try? system.changeTargets(.poolExclude, pool: "tank", rank: excluded)
            }
        }
        admin.join()
        guard client.pool.map.version == before else { throw SimulationError.violation("the client learned the new map without asking") }
        for array in writes.arrays.indices where !writes.writeNext(array: array, attempts: 1) {
            throw SimulationError.violation("a write with the stale map was not retried with the fresh one")
        }
        for _ in 0..<2 { _ = try writes.verify("rank \(excluded) excluded") }
        guard client.pool.map.version > before else {
            throw SimulationError.violation("pool map still version \(before) after rank \(excluded) was excluded")
        }
        let layoutTargets = writes.arrays.flatMap { client.io.layout(of: $0.array.object.id).shards.map(\.target) }
        let map = client.pool.map
        for target in layoutTargets where target >= 0 && map.engines[map.targets[Int(target)].engine].rank == excluded {
            throw SimulationError.violation("the fresh layout still places a shard on excluded rank \(excluded)")
        }
    }
}
