#if canImport(Glibc)
import Glibc
#endif
import DaosFS
import DaosObject

/// The process's attachment to the object store: one `DaosSystem` (read from `DAOS_SYSTEM_FILE`
/// or the default path; opening it sends no RPC) and one `Mount` per container, kept until the
/// process exits so later opens of the same container cost nothing.
///
/// DaosFS objects are used by one thread at a time, so every store call runs under `lock`
/// (`Store.run`). MPI communication never happens under it: a collective that waited for another
/// thread's store call would deadlock otherwise.
final class Store: @unchecked Sendable {
    static let shared = Store()

    /// Allocated, not a stored struct: a pthread mutex must not move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var system: DaosSystem?
    private var mounts: [String: Mount] = [:]
    private var exitHookInstalled = false

    private init() {
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        // Recursive: an error handler the program installed may call back into MPI-IO.
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    /// Runs `body` holding the store lock.
    func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// The cached mount of `key`, if this process has one.
    func cachedMount(_ key: String) -> Mount? { run { mounts[key] } }

    /// Connects to the pool, opens the container and mounts its namespace (rank 0 of an open).
    /// With `create`, a missing container is created as a POSIX container labelled with the
    /// name, and a container without a namespace is formatted (as ROMIO's driver does with
    /// `dfs_cont_create`).
    func connect(_ name: DaosFileName, create: Bool) throws(MPIIOError) -> Mount {
        try run { () throws(MPIIOError) -> Mount in
            if let mount = mounts[name.containerKey] { return mount }
            let system = try attachedSystem()
            let pool = try client("connect to pool \(name.pool)") { () throws(ClientError) in
                try PoolConnection(system: system, pool: name.pool, mode: .readWrite)
            }
            let container = try openContainer(name, pool: pool, create: create)
            let fileSystem = try mountOrFormat(container, name: name, create: create)
            let mount = Mount(key: name.containerKey, fileSystem: fileSystem, owned: true)
            mounts[name.containerKey] = mount
            installExitHook()
            return mount
        }
    }

    /// Mounts from the bytes rank 0 broadcast (global2local): no RPC.
    func adopt(key: String, serialized bytes: [UInt8]) throws(MPIIOError) -> Mount {
        try run { () throws(MPIIOError) -> Mount in
            if let mount = mounts[key] { return mount }
            let system = try attachedSystem()
            let fileSystem = try store("attach to the container handle of \(key)") { () throws(FileSystemError) in
                try DaosFileSystem(serialized: bytes, system: system)
            }
            let mount = Mount(key: key, fileSystem: fileSystem, owned: false)
            mounts[key] = mount
            return mount
        }
    }

    private func attachedSystem() throws(MPIIOError) -> DaosSystem {
        if let system { return system }
        let path = Diagnostics.environment("DAOS_SYSTEM_FILE") ?? SystemFile.defaultPath
        let attached = try client("attach to the DAOS system (system file \(path))") { () throws(ClientError) in
            try DaosSystem.prepared(systemFile: path)
        }
        system = attached
        return attached
    }

    private func openContainer(_ name: DaosFileName, pool: PoolConnection, create: Bool) throws(MPIIOError) -> ContainerConnection {
        let what = "open container \(name.container) in pool \(name.pool)"
        do throws(ClientError) {
            return try pool.openContainer(name.container, mode: .readWrite)
        } catch .failed(.nonexistent, _) where create {
            do throws(ClientError) {
                _ = try pool.createContainer(label: name.container, type: .posix)
            } catch .failed(.exists, _) {
                // Another process created it between our open and our create.
            } catch {
                throw MPIIOError(error, "create POSIX container \(name.container) in pool \(name.pool)")
            }
            return try client(what) { () throws(ClientError) in try pool.openContainer(name.container, mode: .readWrite) }
        } catch {
            throw MPIIOError(error, what)
        }
    }

    private func mountOrFormat(_ container: ContainerConnection, name: DaosFileName, create: Bool) throws(MPIIOError) -> DaosFileSystem {
        let what = "mount container \(name.containerKey)"
        guard container.type == .posix else {
            throw .badFile("\(what): the container has type \(container.type), MPI-IO files need a POSIX container")
        }
        do throws(FileSystemError) {
            return try DaosFileSystem.mount(container: container)
        } catch .noEntry where create {
            do throws(FileSystemError) {
                return try DaosFileSystem.format(container: container)
            } catch .exists {
                // Formatted by another process meanwhile.
                return try store(what) { () throws(FileSystemError) in try DaosFileSystem.mount(container: container) }
            } catch {
                throw MPIIOError(error, "format container \(name.containerKey)")
            }
        } catch {
            throw MPIIOError(error, what)
        }
    }

    /// Owned handles are given up when the process exits, not in MPI_Finalize: ranks that
    /// adopted them may still be using them until they too have passed the start of
    /// MPI_Finalize, and OpenMPI's finalize ends with a fence over all processes.
    private func installExitHook() {
        guard !exitHookInstalled else { return }
        exitHookInstalled = true
        atexit { Store.shared.disconnectOwned() }
    }

    private func disconnectOwned() {
        let owned = run { () -> [Mount] in
            let owned = mounts.values.filter(\.owned)
            mounts.removeAll()
            return owned
        }
        for mount in owned { mount.disconnect() }
    }
}
