import CFabric
#if canImport(Glibc)
import Glibc
#endif

extension FabricDomain {
    /// Starts libfabric's process-wide initialisation on a thread of its own, for the plugins
    /// (the MPI-IO driver, the VOL connector) to call when they are loaded, so that a program's
    /// first `daos:` open or H5Fcreate does not wait for it.
    ///
    /// Why it matters: Debian's libfabric initialises every provider it was built with at the
    /// first `fi_getinfo` of a process, and reads `/proc/kallsyms` twice, 1 KiB at a time,
    /// looking for GPU peer-memory support (`ib_register_peer_memory_client`,
    /// `ib_umem_dmabuf_get`) — about 0.2 s of CPU on this VM, inside the first open
    /// (measured with strace: 2 × 100–250 ms). DAOS avoids it by shipping its own libfabric;
    /// the interception library of DAOS (libpil4dfs) likewise initialises at load.
    ///
    /// Call it while the process is single-threaded if possible: it sets provider defaults in
    /// the environment before starting the thread. Later `FabricDomain`s wait for the
    /// initialisation if it is still running (libfabric serialises it) and then skip it; exit
    /// waits for it too.
    public static func startInitializingInBackground(provider: String = FabricDomain.defaultProvider) {
        guard !provider.hasPrefix(FabricSimulators.prefix) else { return }
        earlyInit.startOnce {
            setProviderDefaults()
            let name = UnsafeMutablePointer<CChar>(strdup(provider))
            var thread = pthread_t()
            let started = pthread_create(&thread, nil, { argument in
                guard let argument else { return nil }
                let name = argument.assumingMemoryBound(to: CChar.self)
                defer { free(name) }
                if let info = try? FabricDomain.getInfo(provider: String(cString: name)) { fi_freeinfo(info) }
                return nil
            }, name)
            guard started == 0 else {
                free(name)
                return nil
            }
            // A program that exits while the thread is inside libfabric would run libfabric's
            // destructor under it (seen: a segfault in a program that failed at once). atexit
            // handlers run before the libraries' destructors, so exit waits for the thread there.
            atexit { FabricDomain.earlyInit.join() }
            return thread
        }
    }

    private static let earlyInit = OnceThread()
}

/// A thread started at most once in a process, and joined once.
final class OnceThread: @unchecked Sendable {
    // @unchecked: `tried` and `thread` are only read and written under `lock`.
    private let lock = FabricLock()
    private var tried = false
    private var thread: pthread_t?

    /// Runs `start` (which returns the thread it started, if any) the first time only.
    func startOnce(_ start: () -> pthread_t?) {
        lock.locked {
            guard !tried else { return }
            tried = true
            thread = start()
        }
    }

    func join() {
        guard let running = lock.locked({ () -> pthread_t? in
            defer { thread = nil }
            return thread
        }) else { return }
        pthread_join(running, nil)
    }
}
