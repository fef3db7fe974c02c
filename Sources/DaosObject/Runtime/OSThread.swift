#if canImport(Glibc)
import Glibc
#endif

/// A dedicated operating-system thread. Engine targets, service loops and fabric progress run
/// on threads of their own rather than on Dispatch or the cooperative pool: they block in
/// `poll` on completion queues, which would starve a shared pool of 2 threads.
public final class OSThread: @unchecked Sendable {
    // @unchecked: `thread` is written once in init, read by join.
    private var thread = pthread_t()
    private var joined = false
    /// Set when started by a simulation's thread: the simulation schedules it.
    private var simulated: (any SimulatedThread)?

    private final class Body {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    /// Starts `body` on a new joinable thread.
    public init(_ body: @escaping @Sendable () -> Void) {
        if let runtime = SimulationContext.current {
            simulated = runtime.spawn(body)
            return
        }
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        let status = pthread_create(&thread, nil, { raw in
            let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
            body.run()
            return nil
        }, context)
        precondition(status == 0, "pthread_create failed: \(status)")
    }

    /// Waits for the thread to finish. Calling it twice is a no-op.
    public func join() {
        guard !joined else { return }
        joined = true
        if let simulated {
            simulated.join()
            return
        }
        pthread_join(thread, nil)
    }

    deinit { if !joined && simulated == nil { pthread_detach(thread) } }
}
