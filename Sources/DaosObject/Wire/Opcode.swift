/// The one opcode table of the protocol (DAOS keeps its own in `obj_rpc.h` under "increment
/// DAOS_OBJ_VERSION whenever the protocol is changed"; ours is `WireLimits.protocolVersion`).
/// The high byte names the service, so a receiver routes on it before it looks further:
///
///     0x00xx  core: no-op, protocol-error reply
///     0x01xx  pool service          (engine service thread)
///     0x02xx  container service     (engine service thread)
///     0x03xx  object I/O            (the target that owns the shard)
///     0x04xx  engine management     (engine service thread)
///
/// Values are never reused: a retired opcode keeps its number, unassigned.
public enum Opcode: UInt16, Sendable, CaseIterable {
    /// Does nothing and replies; the latency floor of the RPC layer. Payload echoes back.
    case noop = 0x0001
    /// A client proves it runs on the server's host (see `LocalBulkProof`), so the server may
    /// move its bulk by cross-memory attach instead of the fabric.
    case localBulkProof = 0x0002
    /// Reply-only: the request could not be decoded (unknown opcode, bad payload).
    case protocolError = 0x00FF

    case poolCreate = 0x0101
    case poolDestroy = 0x0102
    case poolList = 0x0103
    case poolConnect = 0x0104
    case poolDisconnect = 0x0105
    case poolQuery = 0x0106
    case poolMapFetch = 0x0107
    case poolExclude = 0x0108
    case poolReintegrate = 0x0109
    case poolDrain = 0x010A

    case containerCreate = 0x0201
    case containerOpen = 0x0202
    case containerClose = 0x0203
    case containerDestroy = 0x0204
    case containerList = 0x0205
    case containerQuery = 0x0206
    case containerGetProperties = 0x0207
    case containerSetProperties = 0x0208
    case snapshotCreate = 0x0209
    case snapshotList = 0x020A
    case snapshotDestroy = 0x020B
    /// Hands out a range of object ID `lo` values unique in the container.
    case objectIDAllocate = 0x020C

    case objectUpdate = 0x0301
    case objectFetch = 0x0302
    /// Punches an object, dkeys, akeys or array extents (the request's scope says which).
    case objectPunch = 0x0303
    case dkeyList = 0x0304
    case akeyList = 0x0305
    case extentList = 0x0306
    /// Largest dkey and/or array extent (how DAOS arrays learn their size).
    case objectQueryMax = 0x0307
    /// Several bulk fetches for one target in one request (`ObjectFetchBatchRequest`).
    case objectFetchBatch = 0x0308
    /// Several bulk updates for one target in one request (`ObjectUpdateBatchRequest`).
    case objectUpdateBatch = 0x0309
    /// Blob space for updates a client on the engine's host writes itself (`LocalWrites`).
    case placementReserve = 0x030A

    case enginePing = 0x0401
    case engineStop = 0x0402
    case engineQuery = 0x0403
    /// The service rank tells an engine a pool's new map (best effort; engines also fetch a map
    /// when a client shows them a newer version).
    case enginePoolMapUpdate = 0x0404
    /// Bytes a target holds for some containers (the service sums them for pool queries).
    case targetSpaceQuery = 0x0405
    /// The service tells a target to drop destroyed containers and free their space.
    case targetContainerDestroy = 0x0406
    /// The service tells a target to back its blob ahead of use after a pool create (DAOS
    /// preallocates every target's share of a new pool).
    case targetBlobReserve = 0x0407

    /// The service byte: 0x00 core, 0x01 pool, 0x02 container, 0x03 object, 0x04 management.
    public var service: UInt8 { UInt8(rawValue >> 8) }

    /// Requests that run on a target's thread rather than the engine's service thread.
    public var isTargetOperation: Bool { service == 0x03 }
}

extension Opcode {
    /// The payload type of this opcode's request; nil for reply-only opcodes.
    public var requestType: (any WireMessage.Type)? {
        switch self {
        case .noop: NoopMessage.self
        case .localBulkProof: LocalBulkProof.self
        case .protocolError: nil
        case .poolCreate: PoolCreateRequest.self
        case .poolDestroy: PoolDestroyRequest.self
        case .poolList: ListPageRequest.self
        case .poolConnect: PoolConnectRequest.self
        case .poolDisconnect: EmptyMessage.self
        case .poolQuery: PoolQueryRequest.self
        case .poolMapFetch: PoolMapFetchRequest.self
        case .poolExclude, .poolReintegrate, .poolDrain: PoolTargetsRequest.self
        case .containerCreate: ContainerCreateRequest.self
        case .containerOpen: ContainerOpenRequest.self
        case .containerClose: EmptyMessage.self
        case .containerDestroy: ContainerDestroyRequest.self
        case .containerList: ListPageRequest.self
        case .containerQuery: EmptyMessage.self
        case .containerGetProperties: ContainerGetPropertiesRequest.self
        case .containerSetProperties: ContainerPropertiesMessage.self
        case .snapshotCreate: SnapshotCreateRequest.self
        case .snapshotList: ListPageRequest.self
        case .snapshotDestroy: SnapshotDestroyRequest.self
        case .objectIDAllocate: ObjectIDAllocateRequest.self
        case .objectUpdate: ObjectUpdateRequest.self
        case .objectFetch: ObjectFetchRequest.self
        case .objectFetchBatch: ObjectFetchBatchRequest.self
        case .objectUpdateBatch: ObjectUpdateBatchRequest.self
        case .placementReserve: PlacementReserveRequest.self
        case .objectPunch: ObjectPunchRequest.self
        case .dkeyList: DkeyListRequest.self
        case .akeyList: AkeyListRequest.self
        case .extentList: ExtentListRequest.self
        case .objectQueryMax: ObjectQueryMaxRequest.self
        case .enginePing: EmptyMessage.self
        case .engineStop: EngineStopRequest.self
        case .engineQuery: EmptyMessage.self
        case .enginePoolMapUpdate: PoolMapUpdate.self
        case .targetSpaceQuery: SpaceQueryRequest.self
        case .targetContainerDestroy: SpaceQueryRequest.self
        case .targetBlobReserve: BlobReserveRequest.self
        }
    }

    /// The payload type of this opcode's successful reply. A reply whose status is not
    /// success carries an `ErrorReply` instead, except for `protocolError` itself.
    public var replyType: any WireMessage.Type {
        switch self {
        case .noop: NoopMessage.self
        case .localBulkProof: EmptyMessage.self
        case .protocolError: ProtocolErrorReply.self
        case .poolCreate: PoolCreateReply.self
        case .poolDestroy, .poolDisconnect: EmptyMessage.self
        case .poolList: PoolListReply.self
        case .poolConnect: PoolConnectReply.self
        case .poolQuery: PoolQueryReply.self
        case .poolMapFetch: PoolMapFetchReply.self
        case .poolExclude, .poolReintegrate, .poolDrain: PoolTargetsReply.self
        case .containerCreate: ContainerCreateReply.self
        case .containerOpen: ContainerOpenReply.self
        case .containerClose, .containerDestroy, .containerSetProperties, .snapshotDestroy: EmptyMessage.self
        case .containerList: ContainerListReply.self
        case .containerQuery: ContainerQueryReply.self
        case .containerGetProperties: ContainerPropertiesMessage.self
        case .snapshotCreate: EpochReply.self
        case .snapshotList: SnapshotListReply.self
        case .objectIDAllocate: ObjectIDAllocateReply.self
        case .objectUpdate, .objectPunch: EpochReply.self
        case .objectFetch: ObjectFetchReply.self
        case .objectFetchBatch: ObjectFetchBatchReply.self
        case .objectUpdateBatch: ObjectUpdateBatchReply.self
        case .placementReserve: PlacementReserveReply.self
        case .dkeyList, .akeyList: KeyListReply.self
        case .extentList: ExtentListReply.self
        case .objectQueryMax: ObjectQueryMaxReply.self
        case .enginePing: PingReply.self
        case .engineStop, .enginePoolMapUpdate: EmptyMessage.self
        case .engineQuery: EngineQueryReply.self
        case .targetSpaceQuery: SpaceQueryReply.self
        case .targetContainerDestroy, .targetBlobReserve: EmptyMessage.self
        }
    }
}
