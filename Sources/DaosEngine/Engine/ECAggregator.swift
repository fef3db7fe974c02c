import DaosObject
import Synchronization

/// Engine-side EC aggregation (DESIGN.md §5): partial-stripe copies on parity members become
/// parity once they are older than the configured delay. Target threads note the copies they
/// store (`note`); this engine's aggregator thread — a client of the system like any other, so
/// target threads never wait on it — re-encodes the touched stripes from the data cells as of
/// a stable epoch A (now − delay), writes the parity at A on every parity member and then
/// punches the copies up to A (`ObjectHandle.aggregateStripes`). Targets refuse data updates
/// older than half the delay, so nothing can land at or below A afterwards.
///
/// The list of pending stripes is volatile: copies left after a restart stay copies (still
/// correct, only not compacted).
final class ECAggregator: Sendable {
    struct Key: Hashable, Sendable {
        var pool: WireUUID
        var container: WireUUID
        var oid: ObjectID
        var dkey: WireKey
        var akey: WireKey
        var recordSize: UInt32
    }

    private struct Pending {
        var copies: [WireExtent]
        var newest: Epoch
        var failures = 0
    }

    /// Pending work in arrival order (a deterministic order for simulations).
    private struct Queue {
        var order: [Key] = []
        var entries: [Key: Pending] = [:]
    }

    let delayNanoseconds: UInt64
    private let queue = Mutex(Queue())
    /// Copies noted per key beyond this are merged into one extent (bounded memory per key).
    static let copiesPerKeyMax = 256
    static let failuresMax = 20

    init(delayMilliseconds: Int) {
        delayNanoseconds = UInt64(max(0, delayMilliseconds)) * 1_000_000
    }

    var isEnabled: Bool { delayNanoseconds > 0 }

    /// Called by a target thread after it stored partial copies of an EC stripe at `epoch`.
    func note(_ key: Key, copies: [WireExtent], epoch: Epoch) {
        guard isEnabled, !copies.isEmpty else { return }
        queue.withLock { queue in
            if var pending = queue.entries[key] {
                pending.copies += copies
                if pending.copies.count > Self.copiesPerKeyMax {
                    let start = pending.copies.map(\.start).min()!
                    let end = pending.copies.map { $0.start + $0.count }.max()!
                    pending.copies = [WireExtent(start: start, count: end - start)]
                }
                pending.newest = max(pending.newest, epoch)
                queue.entries[key] = pending
            } else {
                queue.order.append(key)
                queue.entries[key] = Pending(copies: copies, newest: epoch)
            }
        }
    }

    var pendingCount: Int { queue.withLock { $0.order.count } }

    /// The aggregator thread: every `delay / 4` (at most 1 s) it aggregates what has become
    /// old enough, until `shouldStop`.
    func run(systemFile: String, clock: HybridLogicalClock, log: EngineLog, until shouldStop: () -> Bool) {
        let interval = Int(min(1_000_000, max(10_000, delayNanoseconds / 4_000)))
        var pools: [WireUUID: PoolConnection] = [:]
        var connections: [WireUUID: ObjectIO] = [:]
        var system: DaosSystem?
        while !shouldStop() {
            SimulationContext.sleep(microseconds: interval)
            let stable = clock.epoch(nanosecondsAgo: delayNanoseconds)
            let due = queue.withLock { queue -> [(Key, Pending)] in
                var taken: [(Key, Pending)] = []
                queue.order.removeAll { key in
                    guard let pending = queue.entries[key], pending.newest < stable else { return false }
                    taken.append((key, pending))
                    queue.entries[key] = nil
                    return true
                }
                return taken
            }
            var aggregated = 0
            var gone: Set<WireUUID> = []
            for (index, (key, pending)) in due.enumerated() where !shouldStop() && !gone.contains(key.container) {
                do {
                    if system == nil { system = try DaosSystem(systemFile: systemFile, timeoutMilliseconds: 5_000) }
                    guard let io = try connections[key.container] ?? open(key, system: system!, pools: &pools) else {
                        // Destroyed since its copies were noted: nothing left to aggregate.
                        gone.insert(key.container)
                        let dropped = due[index...].filter { $0.0.container == key.container }.count + drop(container: key.container)
                        log(.info, "EC aggregation of container \(key.container) dropped: it no longer exists (\(dropped) pending akeys)")
                        continue
                    }
                    connections[key.container] = io
                    let object = try ObjectHandle(key.oid, in: io)
                    try object.aggregateStripes(dkey: key.dkey, akey: key.akey, recordSize: key.recordSize,
                                                copies: pending.copies, epoch: stable)
                    aggregated += 1
                } catch {
                    connections[key.container] = nil
                    if pending.failures + 1 < Self.failuresMax {
                        var retry = pending
                        retry.failures += 1
                        note(key, copies: retry.copies, epoch: retry.newest)
                        queue.withLock { $0.entries[key]?.failures = retry.failures }
                    } else {
                        log(.warning, "EC aggregation of \(key.oid) dkey \(key.dkey) gave up after \(Self.failuresMax) tries: \(error)")
                    }
                }
            }
            if aggregated > 0 { log(.info, "EC aggregation: \(aggregated) akeys re-encoded at epoch \(stable)") }
        }
    }

    /// The container's object I/O, or nil when its pool or the container no longer exists. One
    /// pool connection per pool, kept while it works: connecting per container left a pool
    /// handle on the service for every container this engine ever aggregated (and one per
    /// retry). A container open that fails otherwise drops the connection (its handle may be
    /// stale: the service forgets handles when it restarts), so the next try connects anew.
    private func open(_ key: Key, system: DaosSystem, pools: inout [WireUUID: PoolConnection]) throws(ClientError) -> ObjectIO? {
        let pool: PoolConnection
        if let connected = pools[key.pool] {
            pool = connected
        } else {
            do throws(ClientError) {
                pool = try PoolConnection(system: system, pool: key.pool.description)
            } catch .failed(.nonexistent, _) {
                return nil
            }
            pools[key.pool] = pool
        }
        let container: ContainerConnection
        do throws(ClientError) {
            container = try pool.openContainer(key.container.description)
        } catch .failed(.nonexistent, _) {
            return nil
        } catch {
            pools[key.pool] = nil
            try? pool.disconnect()
            throw error
        }
        let io = try ObjectIO(container: container)
        io.timeoutMilliseconds = 2_000
        return io
    }

    /// Forgets every pending stripe of `container`; returns how many keys there were.
    private func drop(container: WireUUID) -> Int {
        queue.withLock { queue in
            let before = queue.order.count
            queue.order.removeAll { key in
                guard key.container == container else { return false }
                queue.entries[key] = nil
                return true
            }
            return before - queue.order.count
        }
    }
}
