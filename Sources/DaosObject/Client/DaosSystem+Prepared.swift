#if canImport(Glibc)
import Glibc
#endif

/// A system attached ahead of its first use, by the plugins when they are loaded: on a thread
/// of its own, the system file is read, the fabric domain opened and two endpoints made ready
/// (one for objects, one for the pool service), so that a program's first `daos:` open or
/// H5Fcreate does not make them. Measured before: a 4-rank job's first collective open took
/// 60–67 ms, of which each endpoint (ofi_rxm allocating and touching its buffer pools) cost
/// about 8 ms on every rank, on cores the ranks share.
///
/// Nothing goes on the wire: connections and the pool connect wait for the first open, which
/// rank 0 alone makes (no connect storm). A process that never opens a file of ours leaves the
/// prepared system unused.
extension DaosSystem {
    /// Starts preparing the system at `path` on one thread, whose first `fi_getinfo` is
    /// libfabric's initialisation. Without a readable system file, only libfabric is
    /// initialised (`FabricDomain.startInitializingInBackground`). Call it while the process
    /// is single-threaded if possible: it sets provider defaults in the environment first.
    public static func prepareInBackground(systemFile path: String = SystemFile.defaultPath) {
        guard access(path, R_OK) == 0 else {
            FabricDomain.startInitializingInBackground()
            return
        }
        FabricDomain.setProviderDefaults()
        prepared.start(path)
    }

    /// The system prepared for `path`, once; nil when none was (not started, failed, another
    /// path). Waits for the preparation if it still runs.
    public static func takePrepared(systemFile path: String) -> DaosSystem? {
        prepared.take(path)
    }

    /// The prepared system for `path` if there is one, else a new one.
    public static func prepared(systemFile path: String) throws(ClientError) -> DaosSystem {
        if let system = takePrepared(systemFile: path) { return system }
        return try DaosSystem(systemFile: path)
    }

    /// An endpoint made ready ahead of use, for an `ObjectIO` or a service client.
    func takeSpareEndpoint(forObjects: Bool) -> RPCClient? {
        idleLock.locked {
            if forObjects { defer { spareObjectEndpoint = nil }; return spareObjectEndpoint }
            defer { spareServiceEndpoint = nil }
            return spareServiceEndpoint
        }
    }

    static let objectReceiveBuffers = 32
    static let objectSendBuffers = 32

    private static let prepared = PreparedSystem()
}

/// The one prepared system of a process and the thread preparing it.
private final class PreparedSystem: @unchecked Sendable {
    // @unchecked: `path` and `system` are read and written under `lock`; the system is handed
    // from the preparing thread to the taker through it, after the thread was joined.
    private let lock = FabricLock()
    private let thread = OnceThread()
    private var path: String?
    private var system: DaosSystem?

    func start(_ path: String) {
        thread.startOnce {
            lock.locked { self.path = path }
            var thread = pthread_t()
            guard pthread_create(&thread, nil, { _ in
                DaosSystem.preparedSlotRun()
                return nil
            }, nil) == 0 else { return nil }
            // As for libfabric's initialisation: exit must not run libraries' destructors
            // under a thread still inside libfabric.
            atexit { DaosSystem.preparedSlotJoin() }
            return thread
        }
    }

    /// The preparing thread's work.
    func run() {
        guard let path = lock.locked({ self.path }) else { return }
        guard let system = try? DaosSystem(systemFile: path) else { return }
        system.spareObjectEndpoint = try? RPCClient(domain: system.domain, receiveBuffers: DaosSystem.objectReceiveBuffers,
                                                    sendBuffers: DaosSystem.objectSendBuffers, warmingUp: true)
        // Not warmed: only ranks that connect use it, and a job that opens at once waits here.
        system.spareServiceEndpoint = try? RPCClient(domain: system.domain)
        lock.locked { self.system = system }
    }

    func join() { thread.join() }

    func take(_ path: String) -> DaosSystem? {
        thread.join()
        return lock.locked { () -> DaosSystem? in
            guard self.path == path, let system else { return nil }
            self.system = nil
            return system
        }
    }
}

extension DaosSystem {
    // The thread entry and the exit hook are C function pointers: no captures, so they reach
    // the one slot through these.
    fileprivate static func preparedSlotRun() { prepared.run() }
    fileprivate static func preparedSlotJoin() { prepared.join() }
}
