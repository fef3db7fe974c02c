/// An open container (DAOS's `daos_cont_open` handle): cookie, type and properties.
public final class ContainerConnection {
    public let pool: PoolConnection
    public private(set) var handle: GlobalContainerHandle
    public private(set) var isOpen = true

    public var uuid: WireUUID { handle.container }
    public var label: String { handle.label }
    public var type: ContainerType { handle.type }
    public var properties: [ContainerProperty] { handle.properties }

    init(pool: PoolConnection, container name: String, mode: AccessMode) throws(ClientError) {
        try Names.checkName(name, what: "container")
        let reply = try pool.call(.containerOpen, ContainerOpenRequest(name: name, access: mode), expecting: ContainerOpenReply.self)
        self.pool = pool
        let label = reply.properties.lazy.compactMap { if case .label(let text) = $0 { text } else { nil } }.first ?? name
        handle = GlobalContainerHandle(pool: pool.handle, container: reply.uuid, label: label, cookie: reply.handle,
                                       mode: mode, type: reply.type, properties: reply.properties)
    }

    /// global2local for a container handle another process opened; `pool` must be the same pool.
    public init(pool: PoolConnection, global bytes: [UInt8]) throws(ClientError) {
        let decoded: GlobalContainerHandle
        do throws(DecodeError) { decoded = try GlobalContainerHandle(decoding: bytes) } catch {
            throw .invalidArgument("container handle bytes: \(error)")
        }
        guard decoded.pool.pool == pool.uuid else { throw .invalidArgument("container handle belongs to pool \(decoded.pool.pool)") }
        self.pool = pool
        handle = decoded
    }

    public func global() -> [UInt8] {
        var current = handle
        current.pool = pool.handle
        return current.encoded()
    }

    private func call<Request: WireMessage, Reply: WireMessage>(_ opcode: Opcode, _ request: Request, expecting: Reply.Type)
        throws(ClientError) -> Reply {
        guard isOpen else { throw .invalidArgument("container \(label) is closed") }
        return try pool.call(opcode, request, expecting: expecting, containerHandle: handle.cookie)
    }

    public func query() throws(ClientError) -> ContainerQueryReply {
        try call(.containerQuery, EmptyMessage(), expecting: ContainerQueryReply.self)
    }

    /// All properties, or those with `tags`.
    public func getProperties(_ tags: [ContainerProperty.Tag] = []) throws(ClientError) -> [ContainerProperty] {
        try call(.containerGetProperties, ContainerGetPropertiesRequest(tags: tags), expecting: ContainerPropertiesMessage.self).properties
    }

    public func setProperties(_ properties: [ContainerProperty]) throws(ClientError) {
        guard !properties.isEmpty, properties.count <= WireLimits.propertiesMax else {
            throw .invalidArgument("set-prop takes 1…\(WireLimits.propertiesMax) properties")
        }
        _ = try call(.containerSetProperties, ContainerPropertiesMessage(properties: properties), expecting: EmptyMessage.self)
        handle.properties = try getProperties()
    }

    public func createSnapshot(name: String = "") throws(ClientError) -> Epoch {
        guard name.utf8.count <= WireLimits.labelBytesMax else { throw .invalidArgument("snapshot name too long") }
        return try call(.snapshotCreate, SnapshotCreateRequest(name: name), expecting: EpochReply.self).epoch
    }

    public func listSnapshots() throws(ClientError) -> [SnapshotEntry] {
        var all: [SnapshotEntry] = []
        var anchor = ListAnchor.start
        while true {
            let page = try call(.snapshotList, ListPageRequest(countMax: UInt32(WireLimits.listEntriesMax), anchor: anchor),
                                expecting: SnapshotListReply.self)
            all += page.snapshots
            guard let next = page.next, !page.snapshots.isEmpty else { return all }
            anchor = next
        }
    }

    /// Destroys the snapshots with epochs in `first...last`.
    public func destroySnapshots(_ first: Epoch, _ last: Epoch) throws(ClientError) {
        guard first <= last else { throw .invalidArgument("snapshot range \(first)…\(last) is empty") }
        _ = try call(.snapshotDestroy, SnapshotDestroyRequest(first: first, last: last), expecting: EmptyMessage.self)
    }

    /// Reserves `count` object IDs; returns the first (the range is `first..<first+count`).
    public func allocateObjectIDs(_ count: UInt64) throws(ClientError) -> UInt64 {
        guard count > 0 else { throw .invalidArgument("OID range of 0") }
        return try call(.objectIDAllocate, ObjectIDAllocateRequest(count: count), expecting: ObjectIDAllocateReply.self).first
    }

    public func close() throws(ClientError) {
        guard isOpen else { return }
        _ = try call(.containerClose, EmptyMessage(), expecting: EmptyMessage.self)
        isOpen = false
    }
}
