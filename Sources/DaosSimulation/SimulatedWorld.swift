import DaosObject
import Glibc

/// Why a simulation stopped before its workload finished.
public enum SimulationError: Error, CustomStringConvertible {
    /// Every thread waits forever and no message is in flight.
    case deadlock(String)
    /// Simulated time passed the world's limit.
    case timeLimit(microseconds: Int)
    /// A workload found a wrong answer (or failed where it must not).
    case violation(String)

    public var description: String {
        switch self {
        case .deadlock(let who): return "deadlock: every thread blocks forever (\(who))"
        case .timeLimit(let limit): return "simulated time passed \(limit / 1_000_000) s"
        case .violation(let what): return what
        }
    }
}

/// One deterministic world: simulated time, a seeded generator, the simulated network and
/// the threads of every engine and client in it. Threads are real OS threads, but only the one
/// holding the baton runs; when it blocks (endpoint wait, sleep, join, exit) the baton goes
/// back to the controller — the thread that called `run` — which delivers due network events,
/// picks the next runnable thread with the seeded generator, or advances time to the next
/// event. Same seed, same code → same schedule, same messages, same trace hash.
public final class SimulatedWorld: @unchecked Sendable {
    // @unchecked: all state is touched only by the baton holder (controller or one actor).
    public let seed: UInt64
    /// The provider name engines and clients of this world use.
    public let provider: String
    var random: SplitMix64
    /// Simulated monotonic time in µs.
    public internal(set) var now = 0
    /// Simulated wall clock at `now == 0` (2026-09-01), so HLC epochs look like real ones.
    let realtimeBaseNanoseconds: UInt64 = 1_788_220_800 * 1_000_000_000
    var actors: [SimulatedActor] = []
    /// The actor holding the baton (nil: the controller).
    var current: SimulatedActor?
    let controller = Semaphore()
    /// Groups (engine incarnations) that crashed: their threads never run again.
    var frozenGroups: Set<Int> = []
    private var nextGroup = 1
    public private(set) var network: SimulatedNetwork!
    /// Order-sensitive hash of every delivered and dropped message (time, ends, size).
    public internal(set) var traceHash: UInt64 = 0xcbf2_9ce4_8422_2325
    /// Scheduling decisions made, for reports.
    public private(set) var steps = 0

    private nonisolated(unsafe) static var worlds = 0
    private static let worldsLock = SimulationLock()

    public init(seed: UInt64) {
        self.seed = seed
        random = SplitMix64(seed: seed)
        let serial = Self.worldsLock.locked { () -> Int in
            Self.worlds += 1
            return Self.worlds
        }
        provider = FabricSimulators.prefix + "world\(serial)"
        network = SimulatedNetwork(world: self)
        FabricSimulators.register(network, provider: provider)
    }

    deinit { FabricSimulators.remove(provider: provider) }

    /// A new fault-domain group (an engine incarnation, a client process).
    public func newGroup() -> Int {
        defer { nextGroup += 1 }
        return nextGroup
    }

    /// Starts `body` as a thread of `node` in `group`; it runs when the scheduler picks it.
    @discardableResult
    func spawn(node: String, group: Int, skewNanoseconds: Int64 = 0, _ body: @escaping @Sendable () -> Void) -> SimulatedActor {
        let actor = SimulatedActor(world: self, id: actors.count, node: node, group: group, skewNanoseconds: skewNanoseconds, body: body)
        actors.append(actor)
        actor.launch()
        return actor
    }

    /// A client process: one thread on its own node, its own group, and a wall clock `skew` off.
    public func client(_ node: String, skewNanoseconds: Int64 = 0, _ body: @escaping @Sendable () -> Void) -> SimulatedProcess {
        SimulatedProcess(spawn(node: node, group: newGroup(), skewNanoseconds: skewNanoseconds, body))
    }

    /// A uniformly random value below `bound`, from the world's seed (for workloads: call it
    /// only while holding the baton, i.e. from inside a simulated thread).
    public func uniform(_ bound: UInt64) -> UInt64 { bound == 0 ? 0 : random.next() % bound }

    // MARK: - The baton

    /// Called by `actor` (holding the baton) to give it back; returns when it is picked again.
    func yield(_ actor: SimulatedActor) {
        precondition(current === actor, "a simulated thread blocked without holding the baton")
        current = nil
        controller.signal()
        actor.semaphore.wait()
    }

    private func resume(_ actor: SimulatedActor) {
        steps += 1
        actor.state = .running
        current = actor
        actor.semaphore.signal()
        controller.wait()
    }

    /// Runs the world until `done` holds (checked between steps), throwing on deadlock or once
    /// simulated time passes `limitMicroseconds`.
    public func run(until done: () -> Bool, limitMicroseconds: Int = 3_600_000_000) throws(SimulationError) {
        precondition(current == nil, "run is called by the controller, not from a simulated thread")
        var runnable: [SimulatedActor] = []
        while !done() {
            runnable.removeAll(keepingCapacity: true)
            for actor in actors where (!frozenGroups.contains(actor.group) || actor.terminated) && actor.isRunnable(at: now) {
                runnable.append(actor)
            }
            if !runnable.isEmpty {
                resume(runnable[Int(random.next() % UInt64(runnable.count))])
                continue
            }
            var next = network.nextEventTime
            for actor in actors where !frozenGroups.contains(actor.group) || actor.terminated {
                if let wake = actor.wakeTime { next = min(next ?? wake, wake) }
            }
            guard let next else {
                let blocked = actors.filter { !$0.isFinished && !frozenGroups.contains($0.group) }
                throw .deadlock(blocked.map { "\($0.node)#\($0.id)" }.joined(separator: ", "))
            }
            guard next <= limitMicroseconds else { throw .timeLimit(microseconds: limitMicroseconds) }
            now = max(now, next)
            network.deliverDue()
        }
    }

    /// Runs until `process` has finished.
    public func run(_ process: SimulatedProcess, limitMicroseconds: Int = 3_600_000_000) throws(SimulationError) {
        try run(until: { process.isFinished }, limitMicroseconds: limitMicroseconds)
    }

    /// Freezes every thread of `group` where it stands, and cuts it off the network.
    func freeze(group: Int) { frozenGroups.insert(group) }

    /// Lets frozen threads unwind (each of their waits throws) and runs until every thread has
    /// finished, so no OS thread outlives the world.
    public func shutDown() throws(SimulationError) {
        for actor in actors where frozenGroups.contains(actor.group) { actor.terminated = true }
        try run(until: { actors.allSatisfy(\.isFinished) })
    }

    func mixTrace(_ values: Int...) {
        for value in values {
            traceHash = (traceHash ^ UInt64(bitPattern: Int64(value))) &* 0x100_0000_01b3
        }
    }
}

/// A handle on a simulated thread started by a workload or a cluster.
public struct SimulatedProcess: @unchecked Sendable {
    let actor: SimulatedActor
    init(_ actor: SimulatedActor) { self.actor = actor }
    public var isFinished: Bool { actor.isFinished }
}

/// A pthread mutex for the few process-wide tables of the simulation.
final class SimulationLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return body()
    }
}

extension SimulatedProcess {
    /// Called from another simulated thread: blocks it until this process has finished.
    public func join() { actor.join() }
}
