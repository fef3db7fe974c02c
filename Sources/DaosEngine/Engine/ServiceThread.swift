import DaosObject

/// The engine's service thread: engine management on every rank, and on the service rank the
/// pool and container services. Other ranks answer service requests with `notLeader` and the
/// service rank as the hint, so a client with an old system file finds its way.
final class ServiceThread: @unchecked Sendable {
    // @unchecked: used by the service thread alone once the engine runs.
    let service: PoolService?
    let serviceRank: UInt32
    let rank: UInt32
    let log: EngineLog
    let directory: PoolDirectory
    let systemFile: String
    /// The other engines, for map pushes (created on first use).
    private var peers: DaosSystem?

    init(config: ServerConfig, rank: UInt32, store: ServiceStore?, systemFile: String, directory: PoolDirectory,
         log: EngineLog) throws(ServiceError) {
        serviceRank = config.serviceRank
        self.rank = rank
        self.systemFile = systemFile
        self.directory = directory
        self.log = log
        if let store {
            // Engines on the same interface address share a host: one node-level fault domain.
            var nodes: [String] = []
            let engines = config.engines.map { engine in
                if !nodes.contains(engine.address) { nodes.append(engine.address) }
                return PoolService.Engine(rank: engine.rank, node: nodes.firstIndex(of: engine.address)!,
                                          targets: engine.targets, capacityBytesPerTarget: engine.capacityBytesPerTarget)
            }
            service = try PoolService(engines: engines, store: store)
            for pool in service!.pools { directory.install(pool.map, pool: pool.uuid, label: pool.label) }
            log(.info, "pool service up, \(service!.pools.count) pools loaded")
        } else {
            service = nil
        }
    }

    func run(server: RPCServer, engine: EngineProcess, until shouldStop: @escaping () -> Bool) {
        do {
            try server.serve(until: shouldStop) { request in
                engine.rpcsInFlight.add(1, ordering: .relaxed)
                defer { engine.rpcsInFlight.subtract(1, ordering: .relaxed) }
                server.mapVersion = 0
                if let reply = try engine.management(request) { return reply }
                return try self.handle(request, server: server)
            }
        } catch {
            log(.error, "rank \(engine.engine.rank): service endpoint failed: \(error); stopping")
            engine.requestStop()
        }
    }

    private func handle(_ request: RPCRequest, server: RPCServer) throws -> RPCReply {
        let opcode = request.header.opcode
        guard opcode.isServiceOperation else {
            return .failure(.unsupported, "\(opcode) is not served by the service endpoint (object I/O goes to targets)")
        }
        guard let service else {
            return .failure(.notLeader, "this rank does not run the pool service; rank \(serviceRank) does", leaderHint: serviceRank)
        }
        let message = try request.message()
        let reply: any WireMessage
        do throws(ServiceError) {
            reply = try service.handle(ServiceRequest(opcode: opcode, poolHandle: request.header.poolHandle,
                                                      containerHandle: request.header.containerHandle, message: message),
                                       serviceRank: serviceRank, usedBytes: { _ in 0 })
        } catch {
            if error.status != .nonexistent && error.status != .exists { log(.info, "\(opcode) refused: \(error)") }
            return .failure(error.status, "\(error)")
        }
        // Every reply about a pool carries that pool's map version: a client holding an older
        // map refreshes it (DESIGN.md §8).
        if let cookie = Optional(request.header.poolHandle), cookie != .none,
           let handle = try? service.handle(cookie), let pool = try? service.pool(handle.pool.description) {
            server.mapVersion = pool.map.version
        }
        if opcode == .poolMapFetch, let fetch = reply as? PoolMapFetchReply, case .viaBulk = fetch.map,
           let window = (message as? PoolMapFetchRequest)?.bulk,
           let handle = try? service.handle(request.header.poolHandle), let pool = try? service.pool(handle.pool.description) {
            let bytes = pool.map.encoded()
            guard bytes.count <= server.bulkBuffer.count else { return .failure(.recordTooBig, "pool map of \(bytes.count) bytes") }
            server.bulkBuffer.copyBytes(from: bytes)
            try server.push(UnsafeRawBufferPointer(rebasing: server.bulkBuffer[0..<bytes.count]), to: window, for: request)
        }
        switch opcode {
        case .poolCreate, .poolExclude, .poolReintegrate, .poolDrain:
            if let name = (message as? PoolCreateRequest)?.label ?? (message as? PoolTargetsRequest)?.name,
               let pool = try? service.pool(name) {
                publish(pool)
            }
        case .poolDestroy:
            if let name = (message as? PoolDestroyRequest)?.name, let uuid = WireUUID(name) ?? directory.uuid(label: name) {
                directory.forget(pool: uuid)
            }
        default:
            break
        }
        return .success(reply)
    }

    /// Pushes a pool's new map to every engine of the pool (best effort: an engine that misses
    /// it fetches the map when a client shows it the newer version).
    private func publish(_ pool: PoolRecord) {
        directory.install(pool.map, pool: pool.uuid, label: pool.label)
        let update = PoolMapUpdate(pool: pool.uuid, mapVersion: pool.map.version,
                                   map: .fitting(pool.map, otherPayloadBytes: PoolMapUpdate.otherPayloadBytes))
        for engine in pool.map.engines where engine.rank != rank {
            do throws(ClientError) {
                if peers == nil {
                    peers = try DaosSystem(systemFile: systemFile, timeoutMilliseconds: 2_000)
                    peers?.attempts = 1
                }
                _ = try peers!.engineCall(engine.rank, .enginePoolMapUpdate, update, expecting: EmptyMessage.self, attempts: 1)
            } catch {
                log(.info, "pool \(pool.label) map version \(pool.map.version) not pushed to rank \(engine.rank): \(error)")
                peers = nil  // the system file may have changed (an engine restarted)
            }
        }
    }
}

extension Opcode {
    /// Pool, container, snapshot and OID opcodes: the pool/container service's.
    var isServiceOperation: Bool { (0x0100..<0x0300).contains(rawValue) }
}
