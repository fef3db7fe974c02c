import DaosObject

/// The pool service: pool table, pool maps and pool handles, on the service rank's service
/// thread (one replica for now). Every change is written to the `ServiceStore` before it is
/// answered, so pools and containers survive an engine restart; handles are volatile — after a
/// restart clients see `noHandle` and connect again.
///
/// Invariants: labels are unique among pools; a target's space is never promised twice (the
/// sum of `bytesPerTarget` over the pools on an engine stays within its capacity); every map
/// change bumps the pool map version.
public final class PoolService {
    /// One engine of the system as the service sees it.
    public struct Engine: Sendable, Equatable {
        public var rank: UInt32
        /// Engines with the same node number share a host (one fault domain at node level).
        public var node: Int
        public var targets: Int
        public var capacityBytesPerTarget: UInt64

        public init(rank: UInt32, node: Int, targets: Int, capacityBytesPerTarget: UInt64) {
            self.rank = rank
            self.node = node
            self.targets = targets
            self.capacityBytesPerTarget = capacityBytesPerTarget
        }
    }

    public struct Handle: Sendable, Equatable {
        public var cookie: HandleCookie
        public var pool: WireUUID
        public var mode: AccessMode
    }

    /// Below this, a pool slice cannot hold a target's WAL and checkpoint.
    public static let bytesPerTargetMin: UInt64 = 16 << 20
    public static let ecCellSizeDefault: UInt32 = 128 << 10
    public static let rebuildReserveDefault: UInt8 = 5

    public let engines: [Engine]
    let store: ServiceStore
    let clock: HybridLogicalClock
    var random: SplitMix64
    var poolsByUUID: [WireUUID: PoolRecord] = [:]
    var poolHandles: [HandleCookie: Handle] = [:]
    var containerHandles: [HandleCookie: ContainerHandle] = [:]

    public init(engines: [Engine], store: ServiceStore, clock: HybridLogicalClock = HybridLogicalClock(),
                seed: UInt64? = nil) throws(ServiceError) {
        self.engines = engines.sorted { $0.rank < $1.rank }
        self.store = store
        self.clock = clock
        random = SplitMix64(seed: seed ?? SimulationContext.randomSeed())
        for pool in try store.loadPools() { poolsByUUID[pool.uuid] = pool }
    }

    /// Pools in label order.
    public var pools: [PoolRecord] { poolsByUUID.values.sorted { $0.label < $1.label } }

    /// A pool by label or UUID.
    public func pool(_ name: String) throws(ServiceError) -> PoolRecord {
        if let uuid = WireUUID(name), let pool = poolsByUUID[uuid] { return pool }
        if let pool = poolsByUUID.values.first(where: { $0.label == name }) { return pool }
        throw .noSuchPool(name)
    }

    // MARK: - Create and destroy

    /// Creates a pool over all engines (`rankCount` 0) or the first `rankCount` ranks, splitting
    /// `sizeBytes` evenly over their targets.
    public func createPool(label: String, sizeBytes: UInt64, rankCount: Int = 0,
                           properties: [PoolProperty] = []) throws(ServiceError) -> PoolRecord {
        try LabelRule.check(label)
        guard !poolsByUUID.values.contains(where: { $0.label == label }) else { throw .labelTaken(label) }
        guard rankCount >= 0, rankCount <= engines.count else {
            throw .invalidRanks("\(rankCount) ranks requested, the system has \(engines.count)")
        }
        let chosen = rankCount == 0 ? engines : Array(engines.prefix(rankCount))
        guard !chosen.isEmpty else { throw .invalidRanks("the system has no engines") }
        let targetCount = chosen.reduce(0) { $0 + $1.targets }
        let bytesPerTarget = sizeBytes / UInt64(targetCount)
        guard bytesPerTarget >= Self.bytesPerTargetMin else {
            throw .invalidProperty("size \(sizeBytes) gives \(bytesPerTarget) bytes per target, below the minimum of \(Self.bytesPerTargetMin) (\(targetCount) targets)")
        }
        for engine in chosen {
            let available = engine.capacityBytesPerTarget - min(engine.capacityBytesPerTarget, used(onRank: engine.rank))
            guard bytesPerTarget <= available else { throw .noSpace(requested: bytesPerTarget, available: available) }
        }
        let map = PoolMap(engines: chosen.map { (node: $0.node, rank: $0.rank, targets: $0.targets) })
        let level = FaultDomainLevel.serviceDefault(for: map)
        let domains = PlacementMap(map, level: level).domainCount
        var pool = PoolRecord(
            uuid: WireUUID.random(using: &random), label: label, bytesPerTarget: bytesPerTarget, map: map,
            faultDomainLevel: level, redundancyFactor: UInt8(min(3, domains - 1)),
            ecCellSizeBytes: Self.ecCellSizeDefault, rebuildReservePercent: Self.rebuildReserveDefault,
            owner: "root@", group: "root@", containers: [])
        for property in properties { try apply(property, to: &pool, domains: domains) }
        try store.save(pool)
        poolsByUUID[pool.uuid] = pool
        return pool
    }

    private func apply(_ property: PoolProperty, to pool: inout PoolRecord, domains: Int) throws(ServiceError) {
        switch property {
        case .label(let label):
            guard label == pool.label else { throw .invalidProperty("label given twice ('\(pool.label)', '\(label)')") }
        case .redundancyFactor(let factor):
            guard factor <= ContainerProperty.redundancyFactorMax, Int(factor) < domains else {
                throw .invalidProperty("rd_fac:\(factor) needs \(Int(factor) + 1) fault domains, the pool has \(domains)")
            }
            pool.redundancyFactor = factor
        case .ecCellSizeBytes(let bytes):
            try ContainerRules.checkCellSize(bytes)
            pool.ecCellSizeBytes = bytes
        case .rebuildSpaceReservePercent(let percent):
            guard percent <= 100 else { throw .invalidProperty("space_rb:\(percent) is over 100%") }
            pool.rebuildReservePercent = percent
        case .owner(let owner): pool.owner = owner
        case .group(let group): pool.group = group
        }
    }

    /// Bytes per target already promised to pools on an engine.
    func used(onRank rank: UInt32) -> UInt64 {
        poolsByUUID.values.filter { $0.ranks.contains(rank) }.reduce(0) { $0 + $1.bytesPerTarget }
    }

    /// Destroys a pool; refused while handles are open unless `force` (which revokes them).
    public func destroyPool(_ name: String, force: Bool = false) throws(ServiceError) {
        let pool = try pool(name)
        let open = poolHandles.values.filter { $0.pool == pool.uuid }
        guard open.isEmpty || force else { throw .poolBusy(label: pool.label, handles: open.count) }
        try store.remove(pool.uuid)
        poolsByUUID[pool.uuid] = nil
        poolHandles = poolHandles.filter { $0.value.pool != pool.uuid }
        containerHandles = containerHandles.filter { $0.value.pool != pool.uuid }
    }

    // MARK: - Handles

    public func connect(_ name: String, mode: AccessMode) throws(ServiceError) -> (Handle, PoolRecord) {
        let pool = try pool(name)
        let handle = Handle(cookie: newCookie(), pool: pool.uuid, mode: mode)
        poolHandles[handle.cookie] = handle
        return (handle, pool)
    }

    public func disconnect(_ cookie: HandleCookie) throws(ServiceError) {
        guard poolHandles.removeValue(forKey: cookie) != nil else { throw .noSuchHandle(cookie) }
        containerHandles = containerHandles.filter { $0.value.poolHandle != cookie }
    }

    public func handle(_ cookie: HandleCookie) throws(ServiceError) -> Handle {
        guard let handle = poolHandles[cookie] else { throw .noSuchHandle(cookie) }
        return handle
    }

    public func handleCount(pool uuid: WireUUID) -> Int { poolHandles.values.filter { $0.pool == uuid }.count }

    func newCookie() -> HandleCookie {
        while true {
            let cookie = HandleCookie(rawValue: random.next())
            if cookie != .none && poolHandles[cookie] == nil && containerHandles[cookie] == nil { return cookie }
        }
    }

    // MARK: - Map changes (dmg pool exclude / drain / reintegrate)

    /// Moves one engine's targets (all, or those at `targetIndices` within the engine) to
    /// `state` in one map change; returns the new map.
    @discardableResult
    public func setState(_ state: ComponentState, pool name: String, rank: UInt32, targetIndices: [Int] = [])
        throws(ServiceError) -> PoolMap {
        var pool = try pool(name)
        guard let engine = pool.map.engine(rank: rank) else { throw .invalidRanks("rank \(rank) is not in pool \(pool.label)") }
        let range = pool.map.engines[engine].targets
        for index in targetIndices where index < 0 || index >= range.count {
            throw .invalidRanks("rank \(rank) has targets 0…\(range.count - 1), not \(index)")
        }
        let targets = targetIndices.isEmpty ? Array(range) : targetIndices.map { range.lowerBound + $0 }
        do { try pool.map.setState(state, targets: targets) } catch { throw .invalidProperty("\(error)") }
        try store.save(pool)
        poolsByUUID[pool.uuid] = pool
        return pool.map
    }

    func save(_ pool: PoolRecord) throws(ServiceError) {
        try store.save(pool)
        poolsByUUID[pool.uuid] = pool
    }
}
