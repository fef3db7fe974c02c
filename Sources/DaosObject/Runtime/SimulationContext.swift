#if canImport(Glibc)
import Glibc
#endif

/// The seam through which `DaosSimulation` runs the real client and engine code on simulated
/// time, threads and randomness: a simulation's threads carry a `SimulatedRuntime` in a
/// thread-local, and the few places that read a clock, sleep, start a thread or draw a random
/// seed ask `SimulationContext` first. Outside a simulation `current` is nil and every call is
/// the plain system one (one thread-local read on the clock paths).
public protocol SimulatedRuntime: AnyObject, Sendable {
    /// Simulated monotonic time.
    var monotonicMicroseconds: Int { get }
    /// Simulated wall-clock time as this thread's node sees it (nodes may be skewed).
    var realtimeNanoseconds: UInt64 { get }
    /// Blocks this thread for simulated time.
    func sleep(microseconds: Int)
    /// Starts `body` as another simulated thread of the same node.
    func spawn(_ body: @escaping @Sendable () -> Void) -> any SimulatedThread
    /// The next value of the simulation's seeded generator.
    func nextRandom() -> UInt64
}

/// A thread started by a simulation.
public protocol SimulatedThread: AnyObject, Sendable {
    func join()
}

public enum SimulationContext {
    private final class Box {
        let runtime: any SimulatedRuntime
        init(_ runtime: any SimulatedRuntime) { self.runtime = runtime }
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    /// The simulated runtime of the calling thread, if it is a simulation's thread.
    @inline(__always)
    public static var current: (any SimulatedRuntime)? {
        guard let raw = pthread_getspecific(key) else { return nil }
        return Unmanaged<Box>.fromOpaque(raw).takeUnretainedValue().runtime
    }

    /// Makes the calling thread a simulated one (until `leave`).
    public static func enter(_ runtime: any SimulatedRuntime) {
        leave()
        pthread_setspecific(key, Unmanaged.passRetained(Box(runtime)).toOpaque())
    }

    public static func leave() {
        guard let raw = pthread_getspecific(key) else { return }
        pthread_setspecific(key, nil)
        Unmanaged<Box>.fromOpaque(raw).release()
    }

    /// Sleeps in the current runtime: simulated time in a simulation, `usleep` otherwise.
    public static func sleep(microseconds: Int) {
        if let simulated = current {
            simulated.sleep(microseconds: microseconds)
        } else {
            usleep(UInt32(clamping: microseconds))
        }
    }

    /// A random 64-bit value: the simulation's seeded generator inside one (so runs replay),
    /// the system generator otherwise.
    public static func randomSeed() -> UInt64 {
        if let simulated = current { return simulated.nextRandom() }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }
}
