/// The pool map: a fault-domain tree root → node → engine (rank) → target, with a state and a
/// version on every component and one map version for the whole. Every change bumps the map
/// version and stamps the changed components with it, so two maps can be compared by version.
///
/// Invariants:
/// - components are stored flat, children of one parent contiguous and in creation order;
///   new components are only ever appended (placement's hashing relies on stable indices);
/// - a target's global index never changes once assigned.
public struct PoolMap: Hashable, Sendable {
    public struct Node: Hashable, Sendable {
        public var id: UInt32
        public var state: ComponentState
        public var version: UInt32
        /// Indices into `engines`.
        public var engines: Range<Int>
    }

    public struct Engine: Hashable, Sendable {
        public var rank: UInt32
        public var state: ComponentState
        public var version: UInt32
        public var node: Int
        /// Global target indices, contiguous.
        public var targets: Range<Int>
    }

    public struct Target: Hashable, Sendable {
        public var state: ComponentState
        public var version: UInt32
        public var engine: Int
    }

    public private(set) var version: UInt32
    public private(set) var nodes: [Node]
    public private(set) var engines: [Engine]
    public private(set) var targets: [Target]

    /// Limits enforced on every map, built or decoded.
    public static let nodesMax = 1 << 16
    public static let enginesMax = 1 << 18
    public static let targetsMax = 1 << 22

    /// A map whose nodes hold engines with the given target counts:
    /// `PoolMap(shape: [[16, 16], [16, 16]])` is 2 nodes × 2 engines × 16 targets.
    /// Ranks are numbered in order; everything starts UPIN at version 1.
    public init(shape: [[Int]]) {
        version = 1
        nodes = []
        engines = []
        targets = []
        for (nodeIndex, node) in shape.enumerated() {
            let firstEngine = engines.count
            for targetCount in node {
                let firstTarget = targets.count
                for _ in 0..<targetCount {
                    targets.append(Target(state: .upIn, version: 1, engine: engines.count))
                }
                engines.append(Engine(rank: UInt32(engines.count), state: .upIn, version: 1,
                                      node: nodeIndex, targets: firstTarget..<targets.count))
            }
            nodes.append(Node(id: UInt32(nodeIndex), state: .upIn, version: 1, engines: firstEngine..<engines.count))
        }
    }

    /// A map of the given engines with their own ranks, grouped by node in order of first
    /// appearance (what a pool spanning some of a system's engines gets).
    public init(engines specs: [(node: Int, rank: UInt32, targets: Int)]) {
        self.init(shape: [])
        var nodeOrder: [Int] = []
        for spec in specs where !nodeOrder.contains(spec.node) { nodeOrder.append(spec.node) }
        for node in nodeOrder {
            let firstEngine = engines.count
            for spec in specs where spec.node == node {
                let firstTarget = targets.count
                for _ in 0..<spec.targets { targets.append(Target(state: .upIn, version: 1, engine: engines.count)) }
                engines.append(Engine(rank: spec.rank, state: .upIn, version: 1, node: nodes.count,
                                      targets: firstTarget..<targets.count))
            }
            nodes.append(Node(id: UInt32(node), state: .upIn, version: 1, engines: firstEngine..<engines.count))
        }
    }

    public static func uniform(nodes: Int, enginesPerNode: Int, targetsPerEngine: Int) -> PoolMap {
        PoolMap(shape: Array(repeating: Array(repeating: targetsPerEngine, count: enginesPerNode), count: nodes))
    }

    init(version: UInt32, nodes: [Node], engines: [Engine], targets: [Target]) {
        self.version = version
        self.nodes = nodes
        self.engines = engines
        self.targets = targets
    }

    public func engine(rank: UInt32) -> Int? {
        engines.firstIndex { $0.rank == rank }
    }

    // MARK: - Changes

    /// Moves targets to a new state, checking each move against the state machine.
    /// All or nothing: on an invalid move nothing changes. Bumps the map version once.
    public mutating func setState(_ state: ComponentState, targets indices: some Collection<Int>) throws(PoolMapError) {
        for index in indices {
            guard targets.indices.contains(index) else { throw .unknownTarget(index) }
            let from = targets[index].state
            guard from == state || from.canMove(to: state) else {
                throw .invalidTransition(target: index, from: from, to: state)
            }
        }
        version += 1
        for index in indices where targets[index].state != state {
            targets[index].state = state
            targets[index].version = version
        }
        refreshParentStates()
    }

    /// Moves every target of an engine (`dmg pool exclude/drain/reintegrate --rank`).
    public mutating func setState(_ state: ComponentState, rank: UInt32) throws(PoolMapError) {
        guard let engine = engine(rank: rank) else { throw .unknownRank(rank) }
        try setState(state, targets: engines[engine].targets)
    }

    /// Appends a node of new engines in state NEW (pool extension); they join placement only
    /// once moved to UPIN.
    @discardableResult
    public mutating func extend(engineTargetCounts: [Int]) throws(PoolMapError) -> Range<Int> {
        let newTargets = engineTargetCounts.reduce(0, +)
        guard nodes.count < Self.nodesMax, engines.count + engineTargetCounts.count <= Self.enginesMax,
              targets.count + newTargets <= Self.targetsMax else { throw .tooLarge }
        version += 1
        let firstEngine = engines.count
        let firstTarget = targets.count
        let nextRank = (engines.map(\.rank).max() ?? 0) + (engines.isEmpty ? 0 : 1)
        for (i, count) in engineTargetCounts.enumerated() {
            let start = targets.count
            for _ in 0..<count { targets.append(Target(state: .new, version: version, engine: engines.count)) }
            engines.append(Engine(rank: nextRank + UInt32(i), state: .new, version: version,
                                  node: nodes.count, targets: start..<targets.count))
        }
        nodes.append(Node(id: UInt32(nodes.count), state: .new, version: version, engines: firstEngine..<engines.count))
        return firstTarget..<targets.count
    }

    /// An engine or node takes the state its targets share, or UPIN while any target is in.
    private mutating func refreshParentStates() {
        for e in engines.indices {
            let state = Self.summary(of: targets[engines[e].targets].map(\.state))
            if engines[e].state != state {
                engines[e].state = state
                engines[e].version = version
            }
        }
        for n in nodes.indices {
            let state = Self.summary(of: engines[nodes[n].engines].map(\.state))
            if nodes[n].state != state {
                nodes[n].state = state
                nodes[n].version = version
            }
        }
    }

    private static func summary(of states: [ComponentState]) -> ComponentState {
        guard let first = states.first else { return .upIn }
        return states.allSatisfy { $0 == first } ? first : .upIn
    }
}

/// Component states with DAOS's values. Transitions (DAOS's state diagram):
/// NEW → UPIN (extension done); UPIN → DOWN (failure) → DOWNOUT (rebuilt) → UP (reintegrating)
/// → UPIN; UPIN → DRAIN → DOWNOUT; UP → DOWNOUT (failed while reintegrating); DOWN → UP.
public enum ComponentState: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case new = 1, up = 2, upIn = 4, down = 8, downOut = 16, drain = 32

    public func canMove(to next: ComponentState) -> Bool {
        switch (self, next) {
        case (.new, .upIn), (.new, .down),
             (.upIn, .down), (.upIn, .drain),
             (.down, .downOut), (.down, .up),
             (.downOut, .up),
             (.up, .upIn), (.up, .downOut), (.up, .down),
             (.drain, .downOut), (.drain, .down), (.drain, .upIn):
            return true
        default:
            return false
        }
    }

    /// Whether shards placed on a component in this state stay there (readable, written).
    /// DOWN/DOWNOUT lose their shards to fallbacks; UP (reintegrating) is written by rebuild
    /// but not yet read from; NEW is not in layouts yet.
    public var holdsShards: Bool { self == .upIn || self == .drain }

    public var description: String {
        switch self {
        case .new: return "NEW"
        case .up: return "UP"
        case .upIn: return "UPIN"
        case .down: return "DOWN"
        case .downOut: return "DOWNOUT"
        case .drain: return "DRAIN"
        }
    }
}

public enum PoolMapError: Error, Equatable, CustomStringConvertible {
    case unknownTarget(Int)
    case unknownRank(UInt32)
    case invalidTransition(target: Int, from: ComponentState, to: ComponentState)
    case tooLarge

    public var description: String {
        switch self {
        case .unknownTarget(let index): return "no target \(index) in the pool map"
        case .unknownRank(let rank): return "no rank \(rank) in the pool map"
        case .invalidTransition(let target, let from, let to):
            return "target \(target) cannot move from \(from) to \(to)"
        case .tooLarge: return "pool map would exceed its limits"
        }
    }
}
