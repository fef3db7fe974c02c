import DaosObject

/// The process's attachments to the object store, shared by every file it opens: one
/// `DaosSystem` per system file, one pool connection per pool, one open container per HDF5
/// file (shared by repeated opens of the same file, closed when the last user lets go).
/// HDF5 calls the connector from one thread at a time, which is what these objects need.
final class Attachments {
    nonisolated(unsafe) static let shared = Attachments()

    private var systems: [String: DaosSystem] = [:]
    private var pools: [String: PoolConnection] = [:]
    /// Pool handles adopted from another rank: that rank disconnects them, not this one.
    private var adoptedPools: Set<ObjectIdentifier> = []
    private var containers: [String: OpenContainer] = [:]

    static let missingPoolHint = "no DAOS pool given: set DAOS_POOL=<label>, HDF5_VOL_CONNECTOR=\"daos pool=<label>\" "
        + "or call H5Pset_fapl_daos(fapl, \"<label>\", NULL)"

    func system(_ config: ConnectorConfig) throws(VolError) -> DaosSystem {
        let path = config.systemFile ?? SystemFile.defaultPath
        if let system = systems[path] { return system }
        do throws(ClientError) {
            let system = try DaosSystem.prepared(systemFile: path)
            systems[path] = system
            return system
        } catch {
            throw VolError("cannot attach to the DAOS system (system file \(path); set DAOS_SYSTEM_FILE): \(error)")
        }
    }

    func pool(_ config: ConnectorConfig) throws(VolError) -> PoolConnection {
        guard let name = config.pool else { throw VolError(Self.missingPoolHint) }
        let system = try self.system(config)
        let key = system.path + "\u{0}" + name
        if let pool = pools[key], pool.isConnected { return pool }
        let pool = try store("connecting to pool '\(name)'") { () throws(ClientError) in
            try PoolConnection(system: system, pool: name)
        }
        pools[key] = pool
        return pool
    }

    /// Adopts a pool handle another rank connected (global2local).
    func pool(_ config: ConnectorConfig, global bytes: [UInt8]) throws(VolError) -> PoolConnection {
        guard let name = config.pool else { throw VolError(Self.missingPoolHint) }
        let system = try self.system(config)
        let key = system.path + "\u{0}" + name
        if let pool = pools[key], pool.isConnected, pool.global() == bytes { return pool }
        let pool = try store("adopting the handle of pool '\(name)'") { () throws(ClientError) in
            try PoolConnection(system: system, global: bytes)
        }
        adoptedPools.insert(ObjectIdentifier(pool))
        if pools[key] == nil { pools[key] = pool }
        return pool
    }

    /// Opens the container `label` (or shares the open one) for one more user.
    func openContainer(_ pool: PoolConnection, label: String) throws(VolError) -> OpenContainer {
        let key = pool.uuid.description + "/" + label
        if let open = containers[key], open.connection.isOpen {
            open.users += 1
            return open
        }
        let connection = try store("opening container '\(label)'") { () throws(ClientError) in
            try pool.openContainer(label)
        }
        let open = try OpenContainer(key: key, pool: pool, connection: connection)
        containers[key] = open
        return open
    }

    /// Adopts a container handle another rank opened (global2local), for one more user.
    func openContainer(_ pool: PoolConnection, global bytes: [UInt8]) throws(VolError) -> OpenContainer {
        let connection = try store("adopting a container handle") { () throws(ClientError) in
            try ContainerConnection(pool: pool, global: bytes)
        }
        let key = pool.uuid.description + "/" + connection.label
        if let open = containers[key], open.connection.isOpen, open.connection.uuid == connection.uuid {
            open.users += 1
            return open
        }
        let open = try OpenContainer(key: key, pool: pool, connection: connection, adopted: true)
        containers[key] = open
        return open
    }

    /// One more user of a container already open here (a second handle on the same file).
    func share(_ container: OpenContainer) {
        precondition(container.users > 0, "sharing a closed container")
        container.users += 1
    }

    /// One user is done; the last one closes the container (an adopted handle is not closed:
    /// the rank that opened it does that).
    func release(_ container: OpenContainer) {
        precondition(container.users > 0, "released more often than opened")
        container.users -= 1
        guard container.users == 0 else { return }
        if containers[container.key] === container { containers[container.key] = nil }
        if !container.adopted { try? container.connection.close() }
    }

    /// True while some file of this process has the container open.
    func isOpen(_ pool: PoolConnection, label: String) -> Bool {
        containers[pool.uuid.description + "/" + label] != nil
    }

    /// At HDF5's terminate: closes containers and disconnects pools (best effort: the process
    /// is going away and the service forgets handles of dead clients).
    func closeAll() {
        for container in containers.values where !container.adopted { try? container.connection.close() }
        containers = [:]
        for pool in pools.values where !adoptedPools.contains(ObjectIdentifier(pool)) { try? pool.disconnect() }
        pools = [:]
        adoptedPools = []
        systems = [:]
    }
}
