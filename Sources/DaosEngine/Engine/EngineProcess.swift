import DaosObject
import Glibc
import Synchronization

/// One `daos_engine`: a rank with a service thread and one thread per target, each serving its
/// own fabric endpoint and running every request to completion. Start-up order: recover storage
/// (refusing a corrupted store), open every endpoint, then announce the addresses to
/// `daos_server`. Stop: each thread finishes the frames it has already received, then storage
/// is checkpointed and closed.
public final class EngineProcess: @unchecked Sendable {
    // @unchecked: after init, each thread touches only its own server and (target) VOS; the
    // fields shared between threads are immutable or atomics.
    public let config: ServerConfig
    public let engine: ServerConfig.Engine
    public let provider: String
    let log: EngineLog
    let storage: EngineStorage
    let incarnation: UInt64
    let startedAt: Int
    let clock = HybridLogicalClock()
    let stopRequested = Atomic<Bool>(false)
    let rpcsInFlight = Atomic<Int>(0)
    let serviceServer: RPCServer
    let targetServers: [RPCServer]
    let service: ServiceThread
    let directory = PoolDirectory()
    /// The target threads' client of the pool and container services.
    let serviceQueries: ServiceQueries
    let aggregator: ECAggregator
    /// Where the engine finds the other engines (the service rank, for lookups; the others,
    /// for map pushes from the service rank).
    public let systemFilePath: String

    public init(config: ServerConfig, rank: UInt32, systemFile: String = SystemFile.defaultPath, log: EngineLog)
        throws(EngineStartError) {
        guard let engine = config.engines.first(where: { $0.rank == rank }) else {
            throw .badConfiguration("rank \(rank) is not in the configuration (ranks: \(config.engines.map(\.rank)))")
        }
        self.config = config
        self.engine = engine
        self.log = log
        aggregator = ECAggregator(delayMilliseconds: config.ecAggregationDelayMilliseconds)
        systemFilePath = systemFile
        provider = engine.provider ?? config.provider
        serviceQueries = ServiceQueries(systemFile: systemFile, provider: provider)
        let now = SystemClock().nanosecondsSinceUnixEpoch()
        incarnation = now / 1000
        startedAt = Int(now / 1_000_000_000)
        EngineAnnouncement.remove(storage: engine.storage)
        let isServiceRank = rank == config.serviceRank
        storage = try EngineStorage(config: engine, isServiceRank: isServiceRank, log: log)
        do {
            serviceServer = try Self.server(provider: provider, engine: engine, port: engine.port, receiveBuffers: 32)
            var targets: [RPCServer] = []
            for index in 0..<engine.targets {
                targets.append(try Self.server(provider: provider, engine: engine, port: engine.port + 1 + UInt16(index),
                                               receiveBuffers: 64))
            }
            targetServers = targets
        } catch {
            storage.close()
            throw .fabric("\(error)")
        }
        do {
            service = try ServiceThread(config: config, rank: rank, store: storage.service, systemFile: systemFile,
                                        directory: directory, log: log)
        } catch {
            storage.close()
            throw .corruptServiceStore(reason: "\(error)")
        }
    }

    /// An RPC server listening on `port` of the engine's interface; providers without ports
    /// (shm) choose their own address.
    static func server(provider: String, engine: ServerConfig.Engine, port: UInt16, receiveBuffers: Int) throws -> RPCServer {
        let usesPorts = !provider.hasPrefix("shm")
        let domain = try FabricDomain(provider: provider, node: usesPorts ? engine.address : nil,
                                      service: usesPorts ? String(port) : nil)
        // Warmed up: every target's first reply would otherwise set up the provider's transmit
        // pool (17 MB with tcp;ofi_rxm) inside the first job's first calls.
        return try RPCServer(domain: domain, receiveBuffers: receiveBuffers, sendBuffers: 16, warmingUp: true)
    }

    /// Serves until `externalStop` (SIGTERM) or an `engineStop` RPC asks to stop, then stops
    /// gracefully and closes storage.
    public func run(until externalStop: @escaping @Sendable () -> Bool) throws(EngineStartError) {
        let announcement: EngineAnnouncement
        do {
            announcement = EngineAnnouncement(
                pid: getpid(), incarnation: incarnation, serviceAddress: try serviceServer.name(),
                targetAddresses: try targetServers.map { try $0.name() })
        } catch {
            storage.close()
            throw .fabric("\(error)")
        }
        let shouldStop: @Sendable () -> Bool = { [self] in externalStop() || stopRequested.load(ordering: .relaxed) }
        var threads: [OSThread] = []
        for (index, server) in targetServers.enumerated() {
            let target = TargetThread(index: index, server: server, vos: storage.targets[index], engine: self)
            threads.append(OSThread { target.run(until: shouldStop) })
        }
        let service = self.service
        threads.append(OSThread { [self] in service.run(server: serviceServer, engine: self, until: shouldStop) })
        if aggregator.isEnabled {
            let aggregator = self.aggregator
            threads.append(OSThread { [self] in
                aggregator.run(systemFile: systemFilePath, clock: clock, log: log, until: shouldStop)
            })
        }
        do {
            try announcement.write(storage: engine.storage)
        } catch {
            stopRequested.store(true, ordering: .relaxed)
            threads.forEach { $0.join() }
            storage.close()
            throw error
        }
        log(.info, "rank \(engine.rank) ready: \(engine.targets) targets on \(provider), incarnation \(incarnation)")
        threads.forEach { $0.join() }
        log(.info, "rank \(engine.rank) stopping: checkpointing \(storage.targets.count) targets")
        storage.close()
        EngineAnnouncement.remove(storage: engine.storage)
        log(.info, "rank \(engine.rank) stopped")
    }

    func requestStop() { stopRequested.store(true, ordering: .relaxed) }

    var uptimeSeconds: UInt64 {
        let now = Int(SystemClock().nanosecondsSinceUnixEpoch() / 1_000_000_000)
        return UInt64(max(0, now - startedAt))
    }

    /// Answers for engine management opcodes, on any of the engine's endpoints.
    func management(_ request: RPCRequest) throws -> RPCReply? {
        switch request.header.opcode {
        case .noop:
            return .success(try request.message(as: NoopMessage.self))
        case .enginePing:
            return .success(PingReply(rank: engine.rank, incarnation: incarnation, clock: clock.now()))
        case .engineQuery:
            return .success(EngineQueryReply(
                rank: engine.rank, state: stopRequested.load(ordering: .relaxed) ? .stopping : .ready,
                targetCount: UInt32(engine.targets), rpcsInFlight: UInt32(clamping: rpcsInFlight.load(ordering: .relaxed)),
                incarnation: incarnation, uptimeSeconds: uptimeSeconds, provider: String(provider.prefix(WireLimits.providerBytesMax))))
        case .enginePoolMapUpdate:
            let update = try request.message(as: PoolMapUpdate.self)
            if case .inline(let map) = update.map { directory.install(map, pool: update.pool) }
            directory.learn(version: update.mapVersion, pool: update.pool)
            return .success(EmptyMessage())
        case .engineStop:
            log(.info, "rank \(engine.rank): stop requested over RPC")
            requestStop()
            return .success(EmptyMessage())
        default:
            return nil
        }
    }
}
