/// A connected pool (DAOS's `daos_pool_connect` handle): the service's handle cookie and the
/// pool map the client places objects with. Every service reply carries the pool's current map
/// version in its header; when that is newer than ours, the map is fetched again before the call
/// returns, so a client never keeps placing with a map it knows is stale.
public final class PoolConnection {
    public let system: DaosSystem
    public private(set) var handle: GlobalPoolHandle
    public private(set) var isConnected = true

    public var uuid: WireUUID { handle.pool }
    public var label: String { handle.label }
    public var map: PoolMap { handle.map }

    /// Connects to the pool named by label or UUID (`label` is then the name given).
    public init(system: DaosSystem, pool name: String, mode: AccessMode = .readWrite) throws(ClientError) {
        try Names.checkName(name, what: "pool")
        let reply = try system.serviceCall(.poolConnect, PoolConnectRequest(name: name, access: mode, handleUUID: Self.newHandleUUID()),
                                           expecting: PoolConnectReply.self)
        self.system = system
        handle = GlobalPoolHandle(pool: reply.poolUUID, label: name, cookie: reply.handle, mode: mode,
                                  map: PoolMap(shape: [[1]]))
        handle.map = try resolve(reply.map, version: reply.mapVersion)
    }

    static func newHandleUUID() -> WireUUID {
        var generator = SplitMix64(seed: SimulationContext.randomSeed())
        return WireUUID.random(using: &generator)
    }

    /// global2local: adopts a handle another process connected and serialized; no RPC.
    public init(system: DaosSystem, global bytes: [UInt8]) throws(ClientError) {
        self.system = system
        do throws(DecodeError) { handle = try GlobalPoolHandle(decoding: bytes) } catch {
            throw .invalidArgument("pool handle bytes: \(error)")
        }
    }

    /// local2global: the bytes to broadcast.
    public func global() -> [UInt8] { handle.encoded() }

    /// A call on this pool handle; refreshes the map when the reply says it moved on.
    public func call<Request: WireMessage, Reply: WireMessage>(
        _ opcode: Opcode, _ request: Request, expecting: Reply.Type, containerHandle: HandleCookie = .none
    ) throws(ClientError) -> Reply {
        guard isConnected else { throw .invalidArgument("pool \(label) is disconnected") }
        let reply: Reply
        do throws(ClientError) {
            reply = try system.serviceCall(opcode, request, expecting: expecting, poolHandle: handle.cookie,
                                           containerHandle: containerHandle, mapVersion: handle.map.version)
        } catch .failed(.staleMap, _) {
            try refreshMap()
            return try call(opcode, request, expecting: expecting, containerHandle: containerHandle)
        }
        if system.lastReplyMapVersion(rank: system.serviceRank) > handle.map.version { try refreshMap() }
        return reply
    }

    /// Fetches the current pool map (inline, or pulled into a registered buffer when large).
    public func refreshMap() throws(ClientError) {
        let reply = try system.serviceCall(.poolMapFetch, PoolMapFetchRequest(knownVersion: handle.map.version),
                                           expecting: PoolMapFetchReply.self, poolHandle: handle.cookie)
        handle.map = try resolve(reply.map, version: reply.mapVersion)
    }

    private func resolve(_ transfer: PoolMapTransfer, version: UInt32) throws(ClientError) -> PoolMap {
        switch transfer {
        case .inline(let map):
            return map
        case .viaBulk(let byteCount):
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(byteCount), alignment: 64)
            defer { buffer.deallocate() }
            let region = try system.registerForService(buffer)
            let request = PoolMapFetchRequest(knownVersion: 0, bulk: region.bulkDescriptor())
            let reply = try system.serviceCall(.poolMapFetch, request, expecting: PoolMapFetchReply.self, poolHandle: handle.cookie)
            guard reply.mapVersion >= version else { throw .rpc(.unexpectedReply("pool map went back to version \(reply.mapVersion)")) }
            do throws(DecodeError) { return try PoolMap(decoding: Array(buffer)) } catch {
                throw .rpc(.unexpectedReply("pool map pulled by bulk: \(error)"))
            }
        }
    }

    public func query() throws(ClientError) -> PoolQueryReply {
        try call(.poolQuery, PoolQueryRequest(), expecting: PoolQueryReply.self)
    }

    public func listContainers() throws(ClientError) -> [ContainerSummary] {
        var all: [ContainerSummary] = []
        var anchor = ListAnchor.start
        while true {
            let page = try call(.containerList, ListPageRequest(countMax: UInt32(WireLimits.listEntriesMax), anchor: anchor),
                                expecting: ContainerListReply.self)
            all += page.containers
            guard let next = page.next, !page.containers.isEmpty else { return all }
            anchor = next
        }
    }

    /// Creates a container; the service validates `properties` against the pool (e.g. a
    /// redundancy factor the pool's fault domains cannot honour is refused).
    public func createContainer(label: String, type: ContainerType, properties: [ContainerProperty] = [])
        throws(ClientError) -> WireUUID {
        try Names.checkLabel(label, what: "container label")
        guard properties.count <= WireLimits.propertiesMax else { throw .invalidArgument("more than \(WireLimits.propertiesMax) properties") }
        return try call(.containerCreate, ContainerCreateRequest(label: label, type: type, properties: properties),
                        expecting: ContainerCreateReply.self).uuid
    }

    public func destroyContainer(_ name: String, force: Bool = false) throws(ClientError) {
        try Names.checkName(name, what: "container")
        _ = try call(.containerDestroy, ContainerDestroyRequest(name: name, force: force), expecting: EmptyMessage.self)
    }

    public func openContainer(_ name: String, mode: AccessMode = .readWrite) throws(ClientError) -> ContainerConnection {
        try ContainerConnection(pool: self, container: name, mode: mode)
    }

    public func disconnect() throws(ClientError) {
        guard isConnected else { return }
        _ = try call(.poolDisconnect, EmptyMessage(), expecting: EmptyMessage.self)
        isConnected = false
    }
}
