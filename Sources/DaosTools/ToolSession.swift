import DaosObject

/// How the tools attach to a system and hold pool and container handles: connect, act,
/// close and disconnect, whatever the action threw. Close and disconnect errors are ignored:
/// the action's outcome is what the user asked about, and the service drops a dead client's
/// handles anyway.
public enum ToolSession {
    /// Reads the system file (`--sys-file`, else `DAOS_SYSTEM_FILE`, else the state directory).
    public static func system(_ systemFile: String) throws(CommandFailure) -> DaosSystem {
        try client { () throws(ClientError) in try DaosSystem(systemFile: systemFile) }
    }

    public static func withPool<T>(
        systemFile: String, pool name: String, mode: AccessMode, _ body: (PoolConnection) throws(CommandFailure) -> T
    ) throws(CommandFailure) -> T {
        let system = try system(systemFile)
        let pool = try client { () throws(ClientError) in try PoolConnection(system: system, pool: name, mode: mode) }
        defer { try? pool.disconnect() }
        return try body(pool)
    }

    public static func withContainer<T>(
        systemFile: String, pool name: String, container: String, mode: AccessMode,
        _ body: (ContainerConnection) throws(CommandFailure) -> T
    ) throws(CommandFailure) -> T {
        try withPool(systemFile: systemFile, pool: name, mode: mode) { (pool) throws(CommandFailure) -> T in
            let opened = try client { () throws(ClientError) in try pool.openContainer(container, mode: mode) }
            defer { try? opened.close() }
            return try body(opened)
        }
    }
}
