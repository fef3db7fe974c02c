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
    /// Links to every target, for pool space queries.
    private var spaceClient: RPCClient?
    private var spaceLinks: [SpaceLinkKey: RPCLink] = [:]
    private var spaceUnreachableUntil: [SpaceLinkKey: Int] = [:]
    struct SpaceLinkKey: Hashable {
        var rank: UInt32
        var target: Int
    }

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
        let destroyed = containersDestroyed(by: opcode, message, poolHandle: request.header.poolHandle)
        let reply: any WireMessage
        do throws(ServiceError) {
            reply = try service.handle(ServiceRequest(opcode: opcode, poolHandle: request.header.poolHandle,
                                                      containerHandle: request.header.containerHandle, message: message),
                                       serviceRank: serviceRank, usedBytes: { [self] pool in usedBytes(of: pool) })
        } catch {
            if error.status != .nonexistent && error.status != .exists { log(.info, "\(opcode) refused: \(error)") }
            return .failure(error.status, "\(error)")
        }
        if let (pool, uuids) = destroyed, !uuids.isEmpty { destroyOnTargets(pool, containers: uuids) }
        if opcode == .poolCreate, let created = reply as? PoolCreateReply, let refusal = backNewPool(created, service: service) {
            return refusal
        }
        if opcode == .poolDestroy, let (pool, _) = destroyed { backShares(of: pool, service: service) }
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

    /// The bytes a pool's containers hold, summed over every target of the pool (asked
    /// concurrently; a target that does not answer counts nothing and is logged).
    private func usedBytes(of pool: PoolRecord) -> UInt64 {
        let containers = Array(pool.containers.map(\.uuid).prefix(WireLimits.listEntriesMax))
        guard !containers.isEmpty else { return 0 }
        var total: UInt64 = 0
        let missing = callEveryTarget(of: pool, .targetSpaceQuery, SpaceQueryRequest(containers: containers)) { frame in
            guard let reply = try? RPCClient.decodeReply(frame, as: SpaceQueryReply.self) else { return false }
            total &+= reply.usedBytes
            return true
        }
        if missing > 0 { log(.info, "pool \(pool.label): \(missing) targets did not report their space") }
        return total
    }

    /// After a pool create: every target of the new pool backs its blob for the shares of all
    /// pools on its engine, as DAOS preallocates a pool's space at create. A target whose
    /// storage cannot hold it fails the create, which is then undone (and the backing given
    /// back). A target that does not answer in time is logged and backs its blob on first use.
    private func backNewPool(_ created: PoolCreateReply, service: PoolService) -> RPCReply? {
        guard let pool = try? service.pool(created.uuid.description), let refusal = backShares(of: pool, service: service) else {
            return nil
        }
        do throws(ServiceError) { try service.destroyPool(pool.uuid.description, force: true) } catch {
            log(.warning, "pool \(pool.label): not undone after a failed create: \(error)")
        }
        backShares(of: pool, service: service)
        return .failure(.noSpace, "pool \(pool.label) not created: \(refusal)")
    }

    /// Tells every target of `pool`'s engines to back exactly the shares of the pools those
    /// engines hold now (growing for a new pool, giving back a destroyed one's). Returns the
    /// first no-space refusal.
    @discardableResult
    private func backShares(of pool: PoolRecord, service: PoolService) -> String? {
        let shares = Dictionary(uniqueKeysWithValues: pool.ranks.map { ($0, service.used(onRank: $0)) })
        let largest = max(shares.values.max() ?? 0, pool.bytesPerTarget)
        // Populating memory-backed storage runs at about 2 MiB/ms here; allow ten times longer.
        let timeout = 5_000 + Int(largest >> 20) * pool.map.targets.count * 5
        var refusal: String?
        let missing = callEveryTarget(of: pool, .targetBlobReserve, timeoutMilliseconds: timeout,
                                      request: { BlobReserveRequest(bytes: shares[$0] ?? 0) }) { frame in
            do throws(RPCError) {
                _ = try RPCClient.decodeReply(frame, as: EmptyMessage.self)
            } catch {
                guard case .failed(.noSpace, let detail, _) = error else { return false }
                refusal = refusal ?? detail
            }
            return true
        }
        if missing > 0 { log(.info, "pool \(pool.label): \(missing) targets did not adjust their backing") }
        return refusal
    }

    /// Tells every target of `pool` to drop destroyed containers and free their space (best
    /// effort: a target that misses it keeps the bytes, which no container references).
    private func destroyOnTargets(_ pool: PoolRecord, containers uuids: [WireUUID]) {
        for start in stride(from: 0, to: uuids.count, by: WireLimits.listEntriesMax) {
            let batch = Array(uuids[start..<min(uuids.count, start + WireLimits.listEntriesMax)])
            let missing = callEveryTarget(of: pool, .targetContainerDestroy, SpaceQueryRequest(containers: batch)) { frame in
                (try? RPCClient.decodeReply(frame, as: EmptyMessage.self)) != nil
            }
            if missing > 0 {
                log(.warning, "pool \(pool.label): \(missing) targets did not free \(batch.count) destroyed container(s)")
            }
        }
    }

    /// Calls `opcode` on every target of `pool` that holds shards, concurrently; `answered` is
    /// handed each reply frame and says whether it was a good answer. Returns how many targets
    /// gave none (they are skipped for 10 s after).
    private func callEveryTarget(of pool: PoolRecord, _ opcode: Opcode, _ request: any WireMessage,
                                 answered: (Frame) -> Bool) -> Int {
        callEveryTarget(of: pool, opcode, timeoutMilliseconds: 1_000, request: { _ in request }, answered: answered)
    }

    /// As above, with the request each engine's targets get (by rank) and a longer timeout.
    private func callEveryTarget(of pool: PoolRecord, _ opcode: Opcode, timeoutMilliseconds: Int,
                                 request: (UInt32) -> any WireMessage, answered: (Frame) -> Bool) -> Int {
        do throws(ClientError) {
            if peers == nil {
                peers = try DaosSystem(systemFile: systemFile, timeoutMilliseconds: 2_000)
                peers?.attempts = 1
            }
            let system = peers!
            if spaceClient == nil {
                do throws(FabricError) { spaceClient = try RPCClient(domain: system.domain, receiveBuffers: 32, sendBuffers: 32) } catch {
                    throw .rpc(.fabric(error))
                }
            }
            let client = spaceClient!
            var calls: [RPCCall] = []
            var callKeys: [SpaceLinkKey] = []
            var missing = 0
            let now = Endpoint.nowMicroseconds() / 1000
            for engine in pool.map.engines {
                guard let entry = system.file.engines.first(where: { $0.rank == engine.rank }) else { continue }
                for (index, address) in entry.targetAddresses.enumerated() {
                    // Excluded targets hold nothing the pool counts; a target that just failed
                    // to answer is skipped for a while rather than costing every call a timeout.
                    let global = engine.targets.lowerBound + index
                    guard global < pool.map.targets.count, pool.map.targets[global].state.holdsShards else { continue }
                    let key = SpaceLinkKey(rank: engine.rank, target: index)
                    if let until = spaceUnreachableUntil[key], now < until {
                        missing += 1
                        continue
                    }
                    var link = spaceLinks[key]
                    if link == nil {
                        link = try? client.link(to: address, timeoutMilliseconds: 500)
                        spaceLinks[key] = link
                        if link == nil { spaceUnreachableUntil[key] = now + 10_000 }
                    }
                    guard let link else {
                        missing += 1
                        continue
                    }
                    calls.append(RPCCall(link: link, opcode: opcode, request: request(engine.rank), target: TargetIndex(UInt32(index))))
                    callKeys.append(key)
                }
            }
            do throws(RPCError) {
                try client.callConcurrently(calls, timeoutMilliseconds: timeoutMilliseconds) { index, outcome in
                    if case .success(let frame) = outcome, answered(frame) { return }
                    missing += 1
                    spaceUnreachableUntil[callKeys[index]] = Endpoint.nowMicroseconds() / 1000 + 10_000
                    spaceLinks[callKeys[index]] = nil
                }
            } catch { throw .rpc(error) }
            return missing
        } catch {
            log(.info, "pool \(pool.label): \(opcode) not sent to its targets: \(error)")
            return pool.map.targets.count
        }
    }

    /// The pool and containers a container or pool destroy is about to remove (looked up
    /// before it runs, while they still exist); nil for other opcodes or unknown names.
    private func containersDestroyed(by opcode: Opcode, _ message: any WireMessage, poolHandle: HandleCookie)
        -> (PoolRecord, [WireUUID])? {
        guard let service else { return nil }
        switch (opcode, message) {
        case (.containerDestroy, let m as ContainerDestroyRequest):
            guard let handle = try? service.handle(poolHandle), let pool = try? service.pool(handle.pool.description),
                  let record = try? service.container(pool: handle.pool.description, m.name) else { return nil }
            return (pool, [record.uuid])
        case (.poolDestroy, let m as PoolDestroyRequest):
            guard let pool = try? service.pool(m.name) else { return nil }
            return (pool, pool.containers.map(\.uuid))
        default:
            return nil
        }
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
