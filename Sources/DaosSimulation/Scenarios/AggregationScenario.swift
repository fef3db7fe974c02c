import DaosObject

/// EC aggregation under load: partial-stripe writes to EC objects become parity once old
/// enough while another client keeps writing and reading; then an engine holding data cells
/// is killed and excluded, and every byte reads back through degraded reads — which decode
/// from the aggregated parity, so a wrong parity or a lost copy shows up as a wrong byte. A
/// container destroyed while its copies wait for aggregation has them dropped, not retried.
public enum AggregationScenario {
    public static let engines = 4
    public static let targets = 2
    static let classes = ["EC_2P1G1", "EC_2P2G1"]
    static let span = 96 << 10

    final class Model: @unchecked Sendable {
        var bytes: [[UInt8]]
        init(objects: Int) { bytes = Array(repeating: [UInt8](repeating: 0, count: span), count: objects) }
    }

    public static func run(_ cluster: SimulatedCluster) throws {
        let world = cluster.world
        let client = try SimulatedClient(cluster, create: true, cellSize: 4096)
        let model = Model(objects: classes.count)
        let arrays = try classes.enumerated().map { try ArrayObject.create(try client.object($0.element, lo: 700 + UInt64($0.offset)),
                                                                           chunkSize: 32 << 10) }
        @Sendable func write(_ arrays: [ArrayObject], step: Int) throws {
            let object = Int(world.uniform(UInt64(arrays.count)))
            let start = Int(world.uniform(UInt64(span - 1)))
            let count = 1 + Int(world.uniform(UInt64(min(span - start, 12 << 10))))
            let data = simulatedBytes(count, seed: world.seed &+ UInt64(step))
            try data.withUnsafeBytes { try arrays[object].write([WireExtent(start: UInt64(start), count: UInt64(count))], from: $0) }
            model.bytes[object].replaceSubrange(start..<start + count, with: data)
        }
        @Sendable func verify(_ arrays: [ArrayObject], _ when: String) throws {
            for (index, array) in arrays.enumerated() {
                var back = [UInt8](repeating: 0xEE, count: span)
                _ = try back.withUnsafeMutableBytes { try array.read([WireExtent(start: 0, count: UInt64(span))], into: $0) }
                if back != model.bytes[index] {
                    let first = zip(back, model.bytes[index]).enumerated().first { $0.element.0 != $0.element.1 }!.offset
                    throw SimulationError.violation("\(when): \(classes[index]) byte \(first) reads \(back[first]), expected \(model.bytes[index][first])")
                }
            }
        }
        for step in 0..<24 { try write(arrays, step: step) }
        // A second client writes and reads while the first writes age into aggregation.
        final class Failure: @unchecked Sendable { var text: String? }
        let failure = Failure()
        let second = world.client("client1") {
            do {
                let other = try SimulatedClient(cluster, create: false)
                let theirs = try classes.enumerated().map { try ArrayObject.open(try other.object($0.element, lo: 700 + UInt64($0.offset))) }
                for step in 100..<112 {
                    SimulationContext.sleep(microseconds: Int(world.uniform(150_000)))
                    try write(theirs, step: step)
                    try verify(theirs, "during aggregation")
                }
            } catch {
                failure.text = "\(error)"
            }
        }
        second.join()
        if let text = failure.text { throw SimulationError.violation(text) }
        try writeToADestroyedContainer(client, seed: world.seed)
        SimulationContext.sleep(microseconds: 1_500_000)
        try verify(arrays, "after aggregation")
        let logs = cluster.ranks.map { cluster.log(of: $0) }
        let aggregations = logs.reduce(0) { $0 + $1.components(separatedBy: "EC aggregation:").count - 1 }
        guard aggregations > 0 else { throw SimulationError.violation("no engine aggregated anything") }
        guard logs.contains(where: { $0.contains("dropped: it no longer exists") }), !logs.contains(where: { $0.contains("gave up") }) else {
            throw SimulationError.violation("the destroyed container's pending stripes were retried, not dropped")
        }
        let victim = UInt32(1 + world.uniform(UInt64(engines - 1)))
        try cluster.crash(rank: victim)
        let admin = try DaosSystem(systemFile: cluster.systemFilePath)
        _ = try admin.changeTargets(.poolExclude, pool: "tank", rank: victim)
        try client.pool.refreshMap()
        try verify(arrays, "rank \(victim) down after aggregation (degraded reads)")
    }

    /// A partial-stripe write to an EC object in a second container, which is then destroyed
    /// before its copies are old enough to aggregate: the engines must drop them, not retry.
    static func writeToADestroyedContainer(_ client: SimulatedClient, seed: UInt64) throws {
        _ = try client.pool.createContainer(label: "doomed", type: .none, properties: [.ecCellSizeBytes(4096)])
        let container = try client.pool.openContainer("doomed")
        let io = try ObjectIO(container: container)
        io.timeoutMilliseconds = 2_000
        let array = try ArrayObject.create(try client.object("EC_2P1G1", lo: 900, in: io), chunkSize: 32 << 10)
        try simulatedBytes(1000, seed: seed).withUnsafeBytes { try array.write([WireExtent(start: 5, count: 1000)], from: $0) }
        try container.close()
        try client.pool.destroyContainer("doomed", force: true)
    }
}
