import DaosObject
import Glibc

/// The engine's one client of the pool and container services, shared by its target threads.
/// A target asks once per container handle it has not seen (`containerQuery`), and for a pool
/// map newer than the one it holds: rare calls, so one client serves them one at a time. One
/// per target, as before, cost each target a fabric domain and an endpoint whose ofi_rxm
/// bounce-buffer pools take 34 MB, all set up inside a fresh system's first job.
/// Its domain and endpoint are made, and the endpoint warmed up, when the engine starts (the
/// system file may not list this engine yet, so the client itself waits for the first call):
/// made in the first call they cost a fresh system's first open about 100 ms.
final class ServiceQueries: @unchecked Sendable {
    // @unchecked: `system` and `ready` are read and written only under `mutex`.
    private let systemFile: String
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var system: DaosSystem?
    private var ready: (domain: FabricDomain, endpoint: RPCClient?)?

    init(systemFile: String, provider: String) {
        self.systemFile = systemFile
        precondition(pthread_mutex_init(mutex, nil) == 0, "pthread_mutex_init")
        if let domain = try? FabricDomain(provider: provider) {
            ready = (domain, try? RPCClient(domain: domain, warmingUp: true))
        }
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// `DaosSystem.serviceCall`, on the shared client (made on first use).
    func call<Request: WireMessage, Reply: WireMessage>(
        _ opcode: Opcode, _ request: Request, expecting: Reply.Type, poolHandle: HandleCookie,
        containerHandle: HandleCookie = .none
    ) throws(ClientError) -> Reply {
        // Not `pthread_mutex_lock`: in a simulation the holder waits for its reply by yielding
        // to the world's scheduler, and a thread blocked in the kernel would never yield back.
        while pthread_mutex_trylock(mutex) != 0 { SimulationContext.sleep(microseconds: 50) }
        defer { pthread_mutex_unlock(mutex) }
        let system: DaosSystem
        if let made = self.system {
            system = made
        } else {
            system = try DaosSystem(systemFile: systemFile, timeoutMilliseconds: 5_000, domain: ready?.domain,
                                    serviceEndpoint: ready?.endpoint)
            ready = nil
            system.attempts = 2
            self.system = system
        }
        return try system.serviceCall(opcode, request, expecting: expecting, poolHandle: poolHandle,
                                      containerHandle: containerHandle)
    }
}
