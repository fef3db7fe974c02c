import DaosObject

/// One target: its endpoint and its VOS, owned by this thread alone (no locks on the VOS).
/// Object requests name their container by the handle cookie the service issued; the first
/// request with a cookie asks the service which container it is (DAOS broadcasts open handles
/// to targets instead). Requests carry the client's pool map version: an older one than this
/// engine knows is refused with `staleMap` so the client refreshes; a newer one makes the
/// engine fetch the map first.
final class TargetThread: @unchecked Sendable {
    // @unchecked: handed to exactly one OSThread.
    let index: Int
    let server: RPCServer
    let service: TargetService
    unowned let engine: EngineProcess

    init(index: Int, server: RPCServer, vos: VOSTarget, engine: EngineProcess) {
        self.index = index
        self.server = server
        self.engine = engine
        let aggregation = engine.aggregator
        service = TargetService(vos: vos, clock: engine.clock, options: .init(
            updateAgeMaxNanoseconds: aggregation.isEnabled ? aggregation.delayNanoseconds / 2 : nil))
    }

    func run(until shouldStop: @escaping () -> Bool) {
        do {
            try server.serve(until: shouldStop) { request in
                engine.rpcsInFlight.add(1, ordering: .relaxed)
                defer { engine.rpcsInFlight.subtract(1, ordering: .relaxed) }
                server.mapVersion = 0
                if let reply = try engine.management(request) { return reply }
                if request.header.opcode == .targetSpaceQuery {
                    let query = try request.message(as: SpaceQueryRequest.self)
                    let used = query.containers.reduce(UInt64(0)) { $0 &+ service.vos.usedBytes(container: ContainerID($1)) }
                    return .success(SpaceQueryReply(usedBytes: used, capacityBytes: service.vos.space.capacityBytes))
                }
                if request.header.opcode == .targetContainerDestroy {
                    // Containers this target never stored are no error: nothing to free.
                    for uuid in try request.message(as: SpaceQueryRequest.self).containers
                    where service.vos.index.containers[ContainerID(uuid)] != nil {
                        try service.vos.destroyContainer(ContainerID(uuid))
                    }
                    return .success(EmptyMessage())
                }
                if request.header.opcode == .targetBlobReserve {
                    let bytes = try request.message(as: BlobReserveRequest.self).bytes
                    do throws(TargetError) {
                        try service.storage { () throws(VOSError) in try service.vos.backBlob(bytes) }
                    } catch {
                        return .failure(error.status, "target \(index) cannot back \(bytes) bytes: \(error)")
                    }
                    return .success(EmptyMessage())
                }
                guard request.header.opcode.isTargetOperation else {
                    return .failure(.unsupported, "\(request.header.opcode) goes to the engine's service endpoint, not target \(index)")
                }
                return try objectRequest(request)
            }
        } catch {
            engine.log(.error, "target \(index): endpoint failed: \(error); stopping")
            engine.requestStop()
        }
    }

    private func objectRequest(_ request: RPCRequest) throws -> RPCReply {
        let header = request.header
        let open: PoolDirectory.OpenContainer
        do throws(ClientError) { open = try resolve(header) } catch {
            return .failure(error.status == .unreachable ? .tryAgain : error.status,
                            "container handle \(header.containerHandle): \(error)")
        }
        var known = engine.directory.version(of: open.pool)
        if header.mapVersion > known {
            refreshMap(pool: open.pool, header: header)
            known = engine.directory.version(of: open.pool)
        }
        server.mapVersion = known
        guard header.mapVersion >= known else {
            return .failure(.staleMap, "pool map version \(header.mapVersion) is older than version \(known) on this engine")
        }
        let message = try request.message()
        do throws(TargetError) {
            let reply = try service.handle(TargetRequest(opcode: header.opcode, container: ContainerID(open.container),
                                                         epoch: header.epoch, message: message),
                                           bulk: RequestBulk(server: server, request: request))
            if let update = message as? ObjectUpdateRequest { noteCopies(update, open: open, epoch: reply.epoch) }
            if let batch = message as? ObjectUpdateBatchRequest, let answers = reply.message as? ObjectUpdateBatchReply {
                for (update, entry) in zip(batch.members, answers.entries) {
                    if case .answered(_, let epoch) = entry { noteCopies(update, open: open, epoch: epoch) }
                }
            }
            return RPCReply(status: .success, message: reply.message, epoch: reply.epoch)
        } catch {
            return .failure(error.status, error.description, epoch: error.status == .restart ? service.clock.now() : Epoch(0))
        }
    }

    /// Partial-stripe copies this target just stored as a parity member of an EC object go on
    /// the engine's aggregation list.
    private func noteCopies(_ update: ObjectUpdateRequest, open: PoolDirectory.OpenContainer, epoch: Epoch) {
        guard engine.aggregator.isEnabled, let redundancy = Redundancy(rawValue: update.oid.redundancyCode),
              case .erasure(let k, let p) = redundancy.scheme else { return }
        let members = k + p
        let member = Int(update.shard) % members
        let rotation = Int(update.dkey.distributionHash % UInt64(members))
        guard (member - rotation + members) % members >= k else { return }
        for iod in update.iods {
            guard case .array(let recordSize, let extents) = iod.value else { continue }
            let copies = extents.filter { $0.start < ECGeometry.parityBit }
            guard !copies.isEmpty else { continue }
            engine.aggregator.note(ECAggregator.Key(pool: open.pool, container: open.container, oid: update.oid, dkey: update.dkey,
                                                    akey: iod.akey, recordSize: recordSize),
                                   copies: copies, epoch: epoch)
        }
    }

    /// The container behind the request's handle cookie, from the directory or the service.
    private func resolve(_ header: FrameHeader) throws(ClientError) -> PoolDirectory.OpenContainer {
        if let known = engine.directory.container(header.containerHandle) { return known }
        guard header.containerHandle != .none else { throw .failed(.noHandle, detail: "object I/O without a container handle") }
        let reply = try engine.serviceQueries.call(.containerQuery, EmptyMessage(), expecting: ContainerQueryReply.self,
                                                   poolHandle: header.poolHandle, containerHandle: header.containerHandle)
        let open = PoolDirectory.OpenContainer(pool: reply.poolUUID, container: reply.uuid)
        engine.directory.install(open, cookie: header.containerHandle)
        return open
    }

    private func refreshMap(pool: WireUUID, header: FrameHeader) {
        guard let reply = try? engine.serviceQueries.call(.poolMapFetch, PoolMapFetchRequest(knownVersion: engine.directory.version(of: pool)),
                                                          expecting: PoolMapFetchReply.self, poolHandle: header.poolHandle)
        else { return }
        if case .inline(let map) = reply.map { engine.directory.install(map, pool: pool) }
        engine.directory.learn(version: reply.mapVersion, pool: pool)
    }
}
