import DaosObject
import Glibc

/// A counting semaphore on `sem_t`: how the baton passes between the controller and actors.
final class Semaphore: @unchecked Sendable {
    private let raw = UnsafeMutablePointer<sem_t>.allocate(capacity: 1)
    init() { sem_init(raw, 0, 0) }
    deinit {
        sem_destroy(raw)
        raw.deallocate()
    }
    func signal() { sem_post(raw) }
    func wait() { while sem_wait(raw) != 0 && errno == EINTR {} }
}

/// One simulated thread: a real OS thread that runs only while it holds the world's baton, so
/// exactly one thread of the world runs at a time and the world decides which — the source of
/// determinism. It gives the baton back whenever the real code blocks: waiting on an endpoint,
/// sleeping, joining a thread, or finishing.
final class SimulatedActor: SimulatedRuntime, SimulatedThread, @unchecked Sendable {
    // @unchecked: every field is touched only by the thread holding the world's baton.
    enum State {
        case ready
        case running
        case waiting(NetworkEndpoint, deadline: Int)
        case sleeping(until: Int)
        case joining(SimulatedActor)
        case finished
    }

    unowned let world: SimulatedWorld
    let id: Int
    /// The fault domain: partitions cut between nodes.
    let node: String
    /// The incarnation this thread belongs to (an engine process, a client): a crash freezes
    /// the whole group.
    let group: Int
    /// How far this node's wall clock is off.
    let skewNanoseconds: Int64
    let semaphore = Semaphore()
    var state: State = .ready
    /// Set at teardown for frozen threads: every wait throws, so they unwind and exit.
    var terminated = false
    private let body: @Sendable () -> Void

    init(world: SimulatedWorld, id: Int, node: String, group: Int, skewNanoseconds: Int64, body: @escaping @Sendable () -> Void) {
        self.world = world
        self.id = id
        self.node = node
        self.group = group
        self.skewNanoseconds = skewNanoseconds
        self.body = body
    }

    /// Starts the OS thread; it waits for the baton before running `body`.
    func launch() {
        final class Context {
            let actor: SimulatedActor
            init(_ actor: SimulatedActor) { self.actor = actor }
        }
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Context(self)).toOpaque()
        let status = pthread_create(&thread, nil, { raw in
            let actor = Unmanaged<Context>.fromOpaque(raw!).takeRetainedValue().actor
            actor.main()
            return nil
        }, context)
        precondition(status == 0, "pthread_create failed: \(status)")
        pthread_detach(thread)
    }

    private func main() {
        SimulationContext.enter(self)
        semaphore.wait()
        body()
        state = .finished
        SimulationContext.leave()
        let world = self.world
        world.current = nil
        world.controller.signal()  // nothing of the world is touched after this
    }

    var isFinished: Bool { if case .finished = state { true } else { false } }

    /// Whether the scheduler may hand this thread the baton now.
    func isRunnable(at now: Int) -> Bool {
        switch state {
        case .ready: return true
        case .running, .finished: return false
        case .waiting(let endpoint, let deadline): return terminated || endpoint.hasCompletions || deadline <= now
        case .sleeping(let until): return terminated || until <= now
        case .joining(let other): return other.isFinished
        }
    }

    /// When this thread becomes runnable by time alone.
    var wakeTime: Int? {
        switch state {
        case .waiting(_, let deadline): return deadline
        case .sleeping(let until): return until
        default: return nil
        }
    }

    // MARK: - SimulatedRuntime

    var monotonicMicroseconds: Int { world.now }

    var realtimeNanoseconds: UInt64 {
        UInt64(Int64(bitPattern: world.realtimeBaseNanoseconds &+ UInt64(world.now) &* 1000) &+ skewNanoseconds)
    }

    func sleep(microseconds: Int) {
        guard !terminated else { return }
        state = .sleeping(until: world.now + max(0, microseconds))
        world.yield(self)
    }

    func spawn(_ body: @escaping @Sendable () -> Void) -> any SimulatedThread {
        world.spawn(node: node, group: group, skewNanoseconds: skewNanoseconds, body)
    }

    func nextRandom() -> UInt64 { world.random.next() }

    // MARK: - SimulatedThread

    /// Called by another actor: blocks it until this one has finished.
    func join() {
        guard !isFinished, let waiter = world.current else { return }
        waiter.state = .joining(self)
        world.yield(waiter)
    }
}
