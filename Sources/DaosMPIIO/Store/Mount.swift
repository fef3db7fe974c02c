import DaosFS
import DaosObject

/// One container's namespace as this process reaches it. `owned` when this process connected
/// to the pool and opened the container itself; otherwise it adopted the handles another rank
/// serialized, which stay valid as long as that rank keeps them (until its process exits).
final class Mount {
    let key: String
    let fileSystem: DaosFileSystem
    let owned: Bool

    init(key: String, fileSystem: DaosFileSystem, owned: Bool) {
        self.key = key
        self.fileSystem = fileSystem
        self.owned = owned
    }

    /// Closes the container and disconnects the pool; only the owner does, once every rank
    /// that adopted the handles is done (see `Store.disconnectOwnedAtExit`).
    func disconnect() {
        precondition(owned, "only the process that connected disconnects")
        let container = fileSystem.container
        do throws(ClientError) {
            try container.close()
            try container.pool.disconnect()
        } catch {
            Diagnostics.warning("disconnect from \(key): \(error)")
        }
    }
}
