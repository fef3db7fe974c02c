/// The fault-domain level whose members a redundancy group's shards must all differ in.
public enum FaultDomainLevel: UInt8, Sendable, CaseIterable {
    /// Shards of one group on different engines (ranks); two may share a node.
    case engine = 1
    /// Shards of one group on different nodes.
    case node = 2
}

/// The slice of a pool map that placement reads, laid out as flat arrays for speed.
/// Built once per map version and shared; every layout is a pure function of (ID, this).
///
/// Invariants: domains are the map's non-NEW components at `level`, in map order; each lists
/// its non-NEW targets in map order. NEW components join only when they become UPIN, so an
/// extension in progress does not change any layout.
public struct PlacementMap: Sendable {
    public let version: UInt32
    public let level: FaultDomainLevel
    /// `domainTargets[domainStart[d]..<domainStart[d + 1]]` are domain d's targets.
    let domainStart: [Int32]
    let domainTargets: [Int32]
    /// Per global target index: its domain, or -1 when the target is not in layouts (NEW).
    let targetDomain: [Int32]
    /// Per position in `domainTargets`: the domain that position belongs to.
    let positionDomain: [Int32]
    /// Per global target index: whether shards placed there stay (UPIN or DRAIN).
    let targetHoldsShards: [Bool]
    let targetRank: [UInt32]
    /// Steps coprime with the domain count: walking the domains by one of them visits each
    /// domain once per `domainCount` shards, which is what keeps a group's shards apart.
    let strides: [UInt32]
    /// How many strides objects choose from. More strides spread a domain's peers (the domains
    /// rebuild reads from when it fails: 2 × (group size − 1) per stride) over more of the pool;
    /// fewer keep targets more evenly filled. 8 measured max/mean 1.05 at 1,024 × 2 × 16
    /// (1 stride: 1.02, 32: 1.09); see BENCHMARKS.md.
    static let strideChoices = 8

    public init(_ map: PoolMap, level: FaultDomainLevel = .node) {
        version = map.version
        self.level = level
        var start: [Int32] = [0]
        var members: [Int32] = []
        var domainOf = [Int32](repeating: -1, count: map.targets.count)
        func add(_ targetRange: Range<Int>) {
            for t in targetRange where map.targets[t].state != .new {
                domainOf[t] = Int32(start.count - 1)
                members.append(Int32(t))
            }
        }
        switch level {
        case .engine:
            for engine in map.engines where engine.state != .new {
                add(engine.targets)
                if members.count > Int(start.last!) { start.append(Int32(members.count)) }
            }
        case .node:
            for node in map.nodes where node.state != .new {
                for e in node.engines where map.engines[e].state != .new { add(map.engines[e].targets) }
                if members.count > Int(start.last!) { start.append(Int32(members.count)) }
            }
        }
        domainStart = start
        var positions = [Int32](repeating: 0, count: members.count)
        for d in 0..<start.count - 1 {
            for p in Int(start[d])..<Int(start[d + 1]) { positions[p] = Int32(d) }
        }
        positionDomain = positions
        domainTargets = members
        targetDomain = domainOf
        targetHoldsShards = map.targets.map { $0.state.holdsShards }
        targetRank = map.targets.map { map.engines[$0.engine].rank }
        let domains = start.count - 1
        strides = Self.strides(domains: domains, count: Self.strideChoices)
    }

    public var domainCount: Int { domainStart.count - 1 }
    public var targetCount: Int { domainTargets.count }
    public var shape: PoolShape { PoolShape(targetCount: targetCount, domainCount: domainCount) }

    /// Global target indices of domain d.
    public func targets(ofDomain d: Int) -> ArraySlice<Int32> {
        domainTargets[Int(domainStart[d])..<Int(domainStart[d + 1])]
    }

    public func domain(ofTarget target: Int32) -> Int { Int(targetDomain[Int(target)]) }
    public func holdsShards(_ target: Int32) -> Bool { targetHoldsShards[Int(target)] }
    public func rank(ofTarget target: Int32) -> UInt32 { targetRank[Int(target)] }

    /// `count` strides coprime with `domains`, spread evenly over 1..<domains.
    static func strides(domains: Int, count: Int) -> [UInt32] {
        guard domains > 2 else { return [1] }
        var result: [UInt32] = []
        for j in 0..<count {
            var candidate = max(1, domains * (2 * j + 1) / (2 * count))
            while gcd(candidate, domains) != 1 { candidate = candidate % (domains - 1) + 1 }
            if !result.contains(UInt32(candidate)) { result.append(UInt32(candidate)) }
        }
        return result
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}

extension FaultDomainLevel {
    /// The level the pool service places a pool's objects at: nodes when the pool spans
    /// several, else engines (one host: every engine its own fault domain).
    public static func serviceDefault(for map: PoolMap) -> FaultDomainLevel {
        map.nodes.count > 1 ? .node : .engine
    }
}
