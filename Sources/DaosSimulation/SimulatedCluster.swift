import DaosEngine
import DaosObject
import Foundation

/// Engines of a simulated world: the real `EngineProcess` (service thread, target threads, VOS
/// on files in a scratch directory) on the world's fabric, one node per engine, with a system
/// file the real clients read. Crashing an engine freezes its threads mid-step and keeps what
/// its files held at that instant (what `kill -9` leaves: the page cache); restarting starts a
/// new incarnation on those files.
public final class SimulatedCluster: @unchecked Sendable {
    // @unchecked: used from the world's baton holder only.
    public let world: SimulatedWorld
    public let directory: String
    public let config: ServerConfig
    public let systemFilePath: String
    private final class StopFlag: @unchecked Sendable { var value = false }
    private struct Incarnation {
        var group: Int
        var stop: StopFlag
        var process: SimulatedProcess
    }
    private var running: [UInt32: Incarnation] = [:]
    private var crashes = 0

    /// `engines` engines of `targets` targets each, node `engine<rank>`, service on rank 0.
    public init(world: SimulatedWorld, engines: Int, targets: Int, directory: String, aggregationDelayMilliseconds: Int = 400) throws {
        self.world = world
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var engineConfigs: [ServerConfig.Engine] = []
        var systemEngines: [SystemFile.Engine] = []
        for rank in 0..<engines {
            let node = "engine\(rank)"
            let port: UInt16 = 20_000
            engineConfigs.append(ServerConfig.Engine(
                rank: UInt32(rank), targets: targets, storage: "\(directory)/\(node)", address: node, port: port,
                durability: .pageCache, capacityBytesPerTarget: 1 << 30, provider: world.provider))
            systemEngines.append(SystemFile.Engine(
                rank: UInt32(rank), targets: targets, address: Array("sim/\(node):\(port)".utf8),
                targetAddresses: (0..<targets).map { Array("sim/\(node):\(port + 1 + UInt16($0))".utf8) }))
        }
        var config = ServerConfig(name: "daos_sim", provider: world.provider, stateDirectory: directory, serviceRank: 0,
                                  engines: engineConfigs)
        config.ecAggregationDelayMilliseconds = aggregationDelayMilliseconds
        self.config = config
        systemFilePath = "\(directory)/daos_system"
        let file = SystemFile(name: "daos_sim", provider: world.provider, serviceRank: 0, engines: systemEngines)
        try file.text.write(toFile: systemFilePath, atomically: true, encoding: .utf8)
    }

    public var ranks: [UInt32] { config.engines.map(\.rank) }

    public func node(of rank: UInt32) -> String { "engine\(rank)" }

    /// What the engine of `rank` logged so far (every incarnation).
    public func log(of rank: UInt32) -> String {
        (try? String(contentsOfFile: "\(directory)/engine\(rank).log", encoding: .utf8)) ?? ""
    }

    /// Starts every engine (their threads run once the world runs).
    public func start() throws {
        for rank in ranks { try start(rank: rank) }
    }

    public func start(rank: UInt32) throws {
        precondition(running[rank] == nil, "rank \(rank) is running")
        let stop = StopFlag()
        let config = self.config
        let systemFile = systemFilePath
        let log = try EngineLog(path: "\(directory)/engine\(rank).log", prefix: "rank \(rank)", fileLevel: .info,
                            standardErrorLevel: nil)
        let group = world.newGroup()
        let actor = world.spawn(node: node(of: rank), group: group) {
            do {
                let engine = try EngineProcess(config: config, rank: rank, systemFile: systemFile, log: log)
                try engine.run(until: { stop.value })
            } catch {
                log(.error, "simulated engine \(rank) failed: \(error)")
            }
        }
        running[rank] = Incarnation(group: group, stop: stop, process: SimulatedProcess(actor))
    }

    /// `kill -9`: the engine's threads stop where they are and its endpoints go silent; its
    /// storage keeps what was written so far, for a restart.
    public func crash(rank: UInt32) throws {
        guard let incarnation = running.removeValue(forKey: rank) else { return }
        world.freeze(group: incarnation.group)
        // Frozen threads never see this until `shutDown` lets them unwind; then it ends their
        // loops (waits throw, sleeps return at once).
        incarnation.stop.value = true
        // The frozen threads still hold the files (and their locks): move them aside and give
        // the next incarnation a copy of what they held at this instant.
        crashes += 1
        let storage = config.engines.first { $0.rank == rank }!.storage
        let aside = "\(storage).crashed\(crashes)"
        try FileManager.default.moveItem(atPath: storage, toPath: aside)
        try FileManager.default.copyItem(atPath: aside, toPath: storage)
    }

    /// Starts a new incarnation of a crashed engine on its storage.
    public func restart(rank: UInt32) throws { try start(rank: rank) }

    public func isRunning(_ rank: UInt32) -> Bool { running[rank] != nil }

    /// Asks every running engine to stop gracefully; `world.shutDown()` then lets them finish.
    public func stopAll() {
        for incarnation in running.values { incarnation.stop.value = true }
        running.removeAll()
    }
}
