import DaosObject
import Foundation

/// What one seeded run did: enough to tell two runs of a seed apart, or to confirm they match.
public struct SimulationReport: Equatable, Sendable, CustomStringConvertible {
    public var seed: UInt64
    public var traceHash: UInt64
    public var steps: Int
    public var simulatedMicroseconds: Int
    public var messages: Int
    public var dropped: Int

    public var description: String {
        "seed \(seed): \(steps) steps, \(messages) messages (\(dropped) dropped), "
            + "\(simulatedMicroseconds / 1000) ms simulated, trace \(String(traceHash, radix: 16))"
    }
}

/// A failed seed, with what it takes to run it again.
public struct SimulationFailure: Error, CustomStringConvertible {
    public var scenario: String
    public var seed: UInt64
    public var reason: String
    public var description: String {
        "scenario \(scenario) failed with seed \(seed): \(reason)\n"
            + "reproduce: SIM_SEED=\(seed) swift test --filter DaosSimulationTests"
    }
}

/// Runs workloads against a whole simulated system.
public enum Simulation {
    /// Builds a world from `seed` with `engines` × `targets`, starts the engines, runs
    /// `workload` as the first client process (node `client0`) until it returns, then stops
    /// everything. A workload error, a deadlock or a time-limit overrun fails the seed.
    public static func run(scenario: String, seed: UInt64, engines: Int, targets: Int,
                           _ workload: @escaping @Sendable (SimulatedCluster) throws -> Void) throws(SimulationFailure) -> SimulationReport {
        let directory = NSTemporaryDirectory() + "daos-sim-\(getpid())-\(scenario)-\(seed)-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let world = SimulatedWorld(seed: seed)
        let cluster: SimulatedCluster
        do { cluster = try SimulatedCluster(world: world, engines: engines, targets: targets, directory: directory) } catch {
            throw SimulationFailure(scenario: scenario, seed: seed, reason: "setting up: \(error)")
        }
        do { try cluster.start() } catch {
            throw SimulationFailure(scenario: scenario, seed: seed, reason: "starting engines: \(error)")
        }
        final class Outcome: @unchecked Sendable { var error: (any Error)? }
        let outcome = Outcome()
        let client = world.client("client0") {
            do { try workload(cluster) } catch { outcome.error = error }
        }
        var failure: String?
        do throws(SimulationError) {
            try world.run(client, limitMicroseconds: 3_600_000_000)
        } catch {
            failure = "\(error)"
        }
        cluster.stopAll()
        do throws(SimulationError) { try world.shutDown() } catch {
            if failure == nil { failure = "shutting down: \(error)" }
        }
        if let error = outcome.error, failure == nil { failure = "\(error)" }
        if let failure { throw SimulationFailure(scenario: scenario, seed: seed, reason: failure) }
        return SimulationReport(seed: seed, traceHash: world.traceHash, steps: world.steps, simulatedMicroseconds: world.now,
                                messages: world.network.delivered, dropped: world.network.dropped)
    }
}

/// A client of the simulated system: the real `DaosSystem` → pool → container → `ObjectIO`
/// stack, created on the simulated thread that uses it.
public final class SimulatedClient {
    public let system: DaosSystem
    public let pool: PoolConnection
    public let container: ContainerConnection
    public let io: ObjectIO

    /// Connects to pool `tank` and opens container `c1`, creating both when `create` is set.
    public init(_ cluster: SimulatedCluster, create: Bool, cellSize: UInt32 = 4096) throws {
        system = try DaosSystem(systemFile: cluster.systemFilePath, timeoutMilliseconds: 5_000)
        if create {
            _ = try system.createPool(label: "tank", sizeBytes: 1 << 30)
        }
        pool = try PoolConnection(system: system, pool: "tank")
        if create {
            _ = try pool.createContainer(label: "c1", type: .none, properties: [.ecCellSizeBytes(cellSize)])
        }
        container = try pool.openContainer("c1")
        io = try ObjectIO(container: container)
        io.timeoutMilliseconds = 2_000
        io.unreachableHoldMilliseconds = 1_000
    }

    /// An object of class `name` (e.g. `EC_2P1G1`) with the given low OID bits, in this client's
    /// container or, through `io`, in another one of the pool.
    public func object(_ name: String, lo: UInt64, type: ObjectType = .dkeyUInt64, in io: ObjectIO? = nil) throws -> ObjectHandle {
        let objectClass = try ObjectClass(parsing: name)
        // X: one group per target of the pool.
        var groups = pool.map.targets.count
        if case .count(let count) = objectClass.groups { groups = Int(count) }
        return try ObjectHandle(ObjectID(lo: lo, type: type, redundancy: objectClass.redundancy, groups: UInt16(groups)), in: io ?? self.io)
    }
}

/// Seeded bytes for workloads.
public func simulatedBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var random = SplitMix64(seed: seed)
    var bytes = [UInt8](repeating: 0, count: count)
    var index = 0
    while index < count {
        var word = random.next()
        for _ in 0..<min(8, count - index) {
            bytes[index] = UInt8(truncatingIfNeeded: word)
            word >>= 8
            index += 1
        }
    }
    return bytes
}
