import DaosObject
import Synchronization

/// What an engine's threads know about pools and container handles beyond their own storage:
/// pool maps (pushed by the service rank, or fetched when a client shows a newer version) and
/// container handle cookies resolved to containers (asked of the service on first use). Shared
/// by the target threads and the service thread; each lookup is one short lock.
final class PoolDirectory: Sendable {
    struct OpenContainer: Sendable, Equatable {
        var pool: WireUUID
        var container: WireUUID
    }

    private let maps = Mutex<[WireUUID: PoolMap]>([:])
    private let versions = Mutex<[WireUUID: UInt32]>([:])
    private let containers = Mutex<[HandleCookie: OpenContainer]>([:])
    private let labels = Mutex<[String: WireUUID]>([:])
    /// Bounds the handle cache: a long-running engine sees a new cookie per container open.
    static let containerHandlesMax = 1 << 16

    /// The newest map version this engine has heard of for `pool` (0: none).
    func version(of pool: WireUUID) -> UInt32 { versions.withLock { $0[pool] ?? 0 } }

    func map(of pool: WireUUID) -> PoolMap? { maps.withLock { $0[pool] } }

    /// Keeps `map` if it is newer than what we hold.
    func install(_ map: PoolMap, pool: WireUUID, label: String) {
        labels.withLock { $0[label] = pool }
        install(map, pool: pool)
    }

    func uuid(label: String) -> WireUUID? { labels.withLock { $0[label] } }

    func install(_ map: PoolMap, pool: WireUUID) {
        maps.withLock { if ($0[pool]?.version ?? 0) < map.version { $0[pool] = map } }
        learn(version: map.version, pool: pool)
    }

    /// Notes that version `version` exists (the map itself may come later).
    func learn(version: UInt32, pool: WireUUID) {
        versions.withLock { if ($0[pool] ?? 0) < version { $0[pool] = version } }
    }

    func forget(pool: WireUUID) {
        maps.withLock { _ = $0.removeValue(forKey: pool) }
        versions.withLock { _ = $0.removeValue(forKey: pool) }
        containers.withLock { $0 = $0.filter { $0.value.pool != pool } }
        labels.withLock { $0 = $0.filter { $0.value != pool } }
    }

    func container(_ cookie: HandleCookie) -> OpenContainer? { containers.withLock { $0[cookie] } }

    func install(_ open: OpenContainer, cookie: HandleCookie) {
        containers.withLock {
            if $0.count >= Self.containerHandlesMax { $0.removeAll(keepingCapacity: true) }
            $0[cookie] = open
        }
    }
}

extension ContainerID {
    /// A container's VOS identity is its UUID, as DAOS's is.
    init(_ uuid: WireUUID) {
        self.init(hi: uuid.high, lo: uuid.low)
    }
}
