import DaosObject

/// The pool and container services behind the wire: one decoded request in, one reply message
/// (or a `ServiceError`) out. Transport-free, so the same code answers RPCs from the fabric,
/// from the simulator and from tests. Requests that act on an open pool or container name it by
/// the handle cookie in the frame header, as DAOS's do.
public struct ServiceRequest {
    public var opcode: Opcode
    public var poolHandle: HandleCookie
    public var containerHandle: HandleCookie
    public var message: any WireMessage

    public init(opcode: Opcode, poolHandle: HandleCookie = .none, containerHandle: HandleCookie = .none,
                message: any WireMessage) {
        self.opcode = opcode
        self.poolHandle = poolHandle
        self.containerHandle = containerHandle
        self.message = message
    }
}

/// Used bytes per pool, summed over its targets; the engine answers it from its targets' VOS
/// space accounting.
public typealias PoolSpaceProvider = (PoolRecord) -> UInt64

extension PoolService {
    /// Runs one request. Opcodes that are not the services' (object I/O, engine management) are
    /// `unsupported` here: the engine routes them to targets before they reach this.
    public func handle(_ request: ServiceRequest, serviceRank: UInt32, usedBytes: PoolSpaceProvider)
        throws(ServiceError) -> any WireMessage {
        switch (request.opcode, request.message) {
        case (.poolCreate, let m as PoolCreateRequest):
            let pool = try createPool(label: m.label, sizeBytes: m.sizeBytes, rankCount: Int(m.rankCount), properties: m.properties)
            return PoolCreateReply(uuid: pool.uuid, serviceRanks: [serviceRank], storageRanks: pool.ranks, totalBytes: pool.sizeBytes)
        case (.poolDestroy, let m as PoolDestroyRequest):
            try destroyPool(m.name, force: m.force)
            return EmptyMessage()
        case (.poolList, _ as ListPageRequest):
            return PoolListReply(pools: pools.map { pool in
                let used = min(usedBytes(pool), pool.sizeBytes)
                return PoolSummary(uuid: pool.uuid, label: pool.label, totalBytes: pool.sizeBytes, freeBytes: pool.sizeBytes - used,
                                   targetsTotal: UInt32(pool.map.targets.count), targetsDisabled: Self.disabledTargets(pool))
            })
        case (.poolConnect, let m as PoolConnectRequest):
            let (handle, pool) = try connect(m.name, mode: m.access)
            return PoolConnectReply(handle: handle.cookie, poolUUID: pool.uuid, mapVersion: pool.map.version,
                                    map: .fitting(pool.map, otherPayloadBytes: PoolMapTransfer.connectReplyOtherBytes))
        case (.poolDisconnect, _):
            try disconnect(request.poolHandle)
            return EmptyMessage()
        case (.poolQuery, let m as PoolQueryRequest):
            let pool = try m.name.isEmpty ? self.pool(try handle(request.poolHandle).pool.description) : self.pool(m.name)
            let used = min(usedBytes(pool), pool.sizeBytes)
            let perTargetFree = (pool.sizeBytes - used) / UInt64(max(1, pool.map.targets.count))
            return PoolQueryReply(
                uuid: pool.uuid, label: pool.label, mapVersion: pool.map.version, leaderRank: serviceRank,
                targetsTotal: UInt32(pool.map.targets.count), targetsDisabled: Self.disabledTargets(pool),
                handlesOpen: UInt32(handleCount(pool: pool.uuid)),
                tiers: [TierSpace(totalBytes: pool.sizeBytes, freeBytes: pool.sizeBytes - used,
                                  freeMaxBytes: perTargetFree, freeMinBytes: perTargetFree)])
        case (.poolMapFetch, _ as PoolMapFetchRequest):
            let pool = try self.pool(try handle(request.poolHandle).pool.description)
            return PoolMapFetchReply(mapVersion: pool.map.version,
                                     map: .fitting(pool.map, otherPayloadBytes: PoolMapTransfer.fetchReplyOtherBytes))
        case (.poolExclude, let m as PoolTargetsRequest), (.poolReintegrate, let m as PoolTargetsRequest),
             (.poolDrain, let m as PoolTargetsRequest):
            return PoolTargetsReply(mapVersion: try changeTargets(request.opcode, m))
        default:
            return try handleContainer(request)
        }
    }

    private func changeTargets(_ opcode: Opcode, _ m: PoolTargetsRequest) throws(ServiceError) -> UInt32 {
        let pool = try self.pool(m.name)
        guard let engine = pool.map.engine(rank: m.rank) else { throw .invalidRanks("rank \(m.rank) is not in pool \(pool.label)") }
        let range = pool.map.engines[engine].targets
        var indices = m.targetIndices.isEmpty ? Array(0..<range.count) : m.targetIndices.map { Int($0) }
        // Reintegration passes through UP (rebuild writes, no reads) before UPIN: the state
        // machine refuses DOWN → UPIN. A target still draining holds all its shards, so
        // reintegrating it cancels the drain (DRAIN → UPIN). Targets already UPIN are left alone.
        var version = pool.map.version
        func move(_ chosen: [Int], through steps: [ComponentState]) throws(ServiceError) {
            guard !chosen.isEmpty else { return }
            for state in steps { version = try setState(state, pool: m.name, rank: m.rank, targetIndices: chosen).version }
        }
        func state(_ index: Int) -> ComponentState? { index < range.count ? pool.map.targets[range.lowerBound + index].state : nil }
        switch opcode {
        case .poolExclude: try move(indices, through: [.down])
        case .poolDrain: try move(indices, through: [.drain])
        default:
            indices = indices.filter { state($0) != .upIn }
            try move(indices.filter { state($0) == .drain }, through: [.upIn])
            try move(indices.filter { state($0) != .drain }, through: [.up, .upIn])
        }
        return version
    }

    static func disabledTargets(_ pool: PoolRecord) -> UInt32 {
        UInt32(pool.map.targets.filter { $0.state == .down || $0.state == .downOut }.count)
    }

    private func handleContainer(_ request: ServiceRequest) throws(ServiceError) -> any WireMessage {
        switch (request.opcode, request.message) {
        case (.containerCreate, let m as ContainerCreateRequest):
            let pool = try handle(request.poolHandle).pool.description
            let record = try createContainer(pool: pool, label: m.label, properties: [.layoutType(m.type)] + m.properties)
            return ContainerCreateReply(uuid: record.uuid)
        case (.containerOpen, let m as ContainerOpenRequest):
            let (handle, record) = try openContainer(poolHandle: request.poolHandle, m.name, mode: m.access)
            return ContainerOpenReply(handle: handle.cookie, uuid: record.uuid, type: record.type, properties: record.properties)
        case (.containerClose, _):
            try closeContainer(request.containerHandle)
            return EmptyMessage()
        case (.containerDestroy, let m as ContainerDestroyRequest):
            try destroyContainer(pool: try handle(request.poolHandle).pool.description, m.name, force: m.force)
            return EmptyMessage()
        case (.containerList, _ as ListPageRequest):
            let list = try containers(pool: try handle(request.poolHandle).pool.description)
            return ContainerListReply(containers: list.map { ContainerSummary(uuid: $0.uuid, label: $0.label) })
        case (.containerQuery, _):
            let (open, record) = try openRecord(request.containerHandle)
            return ContainerQueryReply(
                uuid: record.uuid, poolUUID: open.pool, label: record.label, type: record.type,
                snapshotCount: UInt32(record.snapshots.count), latestSnapshot: record.snapshots.last ?? Epoch(0),
                handlesOpen: UInt32(containerHandles.values.filter { $0.container == record.uuid }.count),
                nextObjectID: record.nextObjectID)
        case (.containerGetProperties, let m as ContainerGetPropertiesRequest):
            let (_, record) = try openRecord(request.containerHandle)
            let wanted = Set(m.tags)
            return ContainerPropertiesMessage(properties: record.properties.filter { wanted.isEmpty || wanted.contains($0.tag) })
        case (.containerSetProperties, let m as ContainerPropertiesMessage):
            let (open, _) = try openRecord(request.containerHandle)
            guard open.mode != .readOnly else { throw .readOnlyHandle }
            _ = try setContainerProperties(pool: open.pool.description, open.container.description, m.properties)
            return EmptyMessage()
        case (.snapshotCreate, _ as SnapshotCreateRequest):
            let (open, _) = try openRecord(request.containerHandle)
            return EpochReply(epoch: try createSnapshot(pool: open.pool.description, open.container.description))
        case (.snapshotList, _ as ListPageRequest):
            let (_, record) = try openRecord(request.containerHandle)
            return SnapshotListReply(snapshots: record.snapshots.map { SnapshotEntry(epoch: $0) })
        case (.snapshotDestroy, let m as SnapshotDestroyRequest):
            let (open, record) = try openRecord(request.containerHandle)
            let doomed = record.snapshots.filter { $0 >= m.first && $0 <= m.last }
            guard !doomed.isEmpty else { throw .noSuchSnapshot(m.first) }
            for epoch in doomed { try destroySnapshot(pool: open.pool.description, open.container.description, epoch: epoch) }
            return EmptyMessage()
        case (.objectIDAllocate, let m as ObjectIDAllocateRequest):
            let (open, _) = try openRecord(request.containerHandle)
            return ObjectIDAllocateReply(first: try allocateObjectIDs(pool: open.pool.description, open.container.description, count: m.count))
        default:
            throw .unsupported(request.opcode)
        }
    }

    private func openRecord(_ cookie: HandleCookie) throws(ServiceError) -> (ContainerHandle, ContainerRecord) {
        guard let open = containerHandles[cookie] else { throw .noSuchHandle(cookie) }
        return (open, try container(pool: open.pool.description, open.container.description))
    }
}
