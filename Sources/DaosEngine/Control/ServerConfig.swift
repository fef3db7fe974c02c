import DaosObject
import Foundation
import Yams

/// `daos_server.yml`: the engines `daos_server` starts on this host. Field names follow DAOS's
/// file where one exists (`name`, `provider`, `engines`, `targets`, `fabric_iface_port`).
///
///     name: daos_server
///     provider: tcp;ofi_rxm          # DAOS_PROVIDER wins when set
///     state_dir: /var/lib/swift-daos # system file, service store, logs
///     service_rank: 0                # runs the pool and container services
///     engines:
///       - rank: 0
///         targets: 4
///         storage: /var/lib/swift-daos/engine0
///         fabric_iface_addr: 127.0.0.1
///         fabric_iface_port: 31416
///         durability: sync           # or page-cache
///         capacity_per_target: 4GiB
public struct ServerConfig: Equatable, Sendable {
    public struct Engine: Equatable, Sendable {
        public var rank: UInt32
        public var targets: Int
        public var storage: String
        public var address: String
        public var port: UInt16
        public var durability: Durability
        public var capacityBytesPerTarget: UInt64
        public var provider: String?

        public init(rank: UInt32, targets: Int, storage: String, address: String, port: UInt16,
                    durability: Durability, capacityBytesPerTarget: UInt64, provider: String?) {
            self.rank = rank
            self.targets = targets
            self.storage = storage
            self.address = address
            self.port = port
            self.durability = durability
            self.capacityBytesPerTarget = capacityBytesPerTarget
            self.provider = provider
        }
    }

    public var name: String
    public var provider: String
    public var stateDirectory: String
    public var serviceRank: UInt32
    public var engines: [Engine]
    /// How old partial-stripe copies of EC objects must be before engines aggregate them into
    /// parity (`ec_aggregation_delay_ms`); updates older than half of it are refused with
    /// DER_TX_RESTART, so no write can land below the aggregated epoch. 0 turns it off.
    public var ecAggregationDelayMilliseconds = 60_000

    public init(name: String, provider: String, stateDirectory: String, serviceRank: UInt32, engines: [Engine]) {
        self.name = name
        self.provider = provider
        self.stateDirectory = stateDirectory
        self.serviceRank = serviceRank
        self.engines = engines
    }

    public static let targetsMax = 64
    /// Port distance between the default engines: each listens on its port (service) and the
    /// `targets` ports after it (one per target), as DAOS's contexts do.
    public static let portStride: UInt16 = 100
    public static let enginesMax = 64

    /// The single-host default: 3 engines × 4 targets on 127.0.0.1, page-cache durability
    /// (a development system; real deployments say `sync`), state under `stateDirectory`.
    public static func singleHost(stateDirectory: String, basePort: UInt16 = 31416) -> ServerConfig {
        ServerConfig(
            name: "daos_server", provider: FabricDomain.defaultProvider, stateDirectory: stateDirectory, serviceRank: 0,
            engines: (0..<3).map { rank in
                Engine(rank: UInt32(rank), targets: 4, storage: stateDirectory + "/engine\(rank)", address: "127.0.0.1",
                       port: basePort + UInt16(rank) * portStride, durability: .pageCache, capacityBytesPerTarget: 4 << 30,
                       provider: nil)
            })
    }

    /// Parses and validates a YAML document; every problem is a `ConfigError` naming the field.
    public init(yaml text: String) throws(ConfigError) {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw ConfigError.invalid("the file is empty") }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch {
            throw .invalid("not YAML: \(error)")
        }
        guard let map = root.mapping else { throw .invalid("the top level must be a mapping") }
        try Self.checkKeys(map, allowed: ["name", "provider", "state_dir", "service_rank", "engines", "ec_aggregation_delay_ms"],
                           at: "top level")
        ecAggregationDelayMilliseconds = try Self.integer(map, "ec_aggregation_delay_ms", in: 0...86_400_000) ?? 60_000
        name = try Self.string(map, "name") ?? "daos_server"
        provider = try Self.string(map, "provider") ?? FabricDomain.defaultProvider
        guard let state = try Self.string(map, "state_dir") else { throw .missing("state_dir") }
        stateDirectory = state
        serviceRank = UInt32(try Self.integer(map, "service_rank", in: 0...Int(UInt32.max)) ?? 0)
        guard let list = map["engines"]?.sequence, !list.isEmpty else { throw .missing("engines") }
        guard list.count <= Self.enginesMax else { throw .invalid("engines: at most \(Self.enginesMax)") }
        engines = []
        for (index, node) in list.enumerated() {
            guard let engine = node.mapping else { throw .invalid("engines[\(index)] must be a mapping") }
            engines.append(try Self.engine(engine, index: index))
        }
        try validate()
    }

    private static func engine(_ map: Node.Mapping, index: Int) throws(ConfigError) -> Engine {
        let at = "engines[\(index)]"
        try checkKeys(map, allowed: ["rank", "targets", "storage", "fabric_iface_addr", "fabric_iface_port",
                                     "durability", "capacity_per_target", "provider"], at: at)
        guard let rank = try integer(map, "rank", in: 0...Int(UInt32.max - 1), at: at) else { throw .missing("\(at).rank") }
        guard let targets = try integer(map, "targets", in: 1...targetsMax, at: at) else { throw .missing("\(at).targets") }
        guard let storage = try string(map, "storage", at: at) else { throw .missing("\(at).storage") }
        guard let port = try integer(map, "fabric_iface_port", in: 1...65535, at: at) else {
            throw .missing("\(at).fabric_iface_port")
        }
        let durability: Durability
        switch try string(map, "durability", at: at) ?? "sync" {
        case "sync": durability = .sync
        case "page-cache": durability = .pageCache
        case let other: throw .invalid("\(at).durability: '\(other)' is neither sync nor page-cache")
        }
        let capacityText = try string(map, "capacity_per_target", at: at) ?? "4GiB"
        guard let capacity = ByteSize.parse(capacityText), capacity >= 16 << 20 else {
            throw .invalid("\(at).capacity_per_target: '\(capacityText)' is not a size of at least 16MiB (e.g. 4GiB)")
        }
        return Engine(rank: UInt32(rank), targets: targets, storage: storage,
                      address: try string(map, "fabric_iface_addr", at: at) ?? "127.0.0.1", port: UInt16(port),
                      durability: durability, capacityBytesPerTarget: capacity, provider: try string(map, "provider", at: at))
    }

    private func validate() throws(ConfigError) {
        var ranks = Set<UInt32>()
        var endpoints = Set<String>()
        var paths = Set<String>()
        for engine in engines {
            guard ranks.insert(engine.rank).inserted else { throw .invalid("rank \(engine.rank) appears twice") }
            // The service listens on `port`, target i on `port + 1 + i`.
            guard Int(engine.port) + engine.targets <= 65535 else {
                throw .invalid("rank \(engine.rank): ports \(engine.port)…\(Int(engine.port) + engine.targets) exceed 65535")
            }
            for port in Int(engine.port)...Int(engine.port) + engine.targets {
                guard endpoints.insert("\(engine.address):\(port)").inserted else {
                    throw .invalid("\(engine.address):\(port) is used by two engines (an engine uses its port and one per target after it)")
                }
            }
            guard paths.insert(engine.storage).inserted else { throw .invalid("storage \(engine.storage) is used by two engines") }
        }
        guard ranks.contains(serviceRank) else { throw .invalid("service_rank \(serviceRank) is not one of the engines") }
    }

    // MARK: - Field readers

    private static func checkKeys(_ map: Node.Mapping, allowed: Set<String>, at: String) throws(ConfigError) {
        for key in map.keys {
            guard let name = key.string, allowed.contains(name) else {
                throw .invalid("\(at): unknown field '\(key.string ?? "?")' (known: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    private static func string(_ map: Node.Mapping, _ key: String, at: String = "") throws(ConfigError) -> String? {
        guard let node = map[key] else { return nil }
        guard let scalar = node.scalar, !scalar.string.isEmpty else { throw .invalid("\(at.isEmpty ? "" : at + ".")\(key) must be text") }
        return scalar.string
    }

    private static func integer(_ map: Node.Mapping, _ key: String, in range: ClosedRange<Int>, at: String = "")
        throws(ConfigError) -> Int? {
        guard let node = map[key] else { return nil }
        let field = (at.isEmpty ? "" : at + ".") + key
        guard let text = node.scalar?.string, let value = Int(text), range.contains(value) else {
            throw .invalid("\(field) must be an integer in \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }
}

public enum ConfigError: Error, Equatable, CustomStringConvertible {
    case missing(String)
    case invalid(String)

    public var description: String {
        switch self {
        case .missing(let field): return "daos_server.yml: missing required field '\(field)'"
        case .invalid(let reason): return "daos_server.yml: \(reason)"
        }
    }
}

extension ServerConfig {
    /// The configuration as `daos_server.yml` text (what `daos_server` writes for the default
    /// system so its engines read the same file a hand-written system would have).
    public var yaml: String {
        // Double-quoted scalars, so paths with ':' or '#' survive.
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = ["name: \(quoted(name))", "provider: \(quoted(provider))", "state_dir: \(quoted(stateDirectory))",
                     "service_rank: \(serviceRank)", "ec_aggregation_delay_ms: \(ecAggregationDelayMilliseconds)", "engines:"]
        for engine in engines {
            lines += ["  - rank: \(engine.rank)", "    targets: \(engine.targets)", "    storage: \(quoted(engine.storage))",
                      "    fabric_iface_addr: \(quoted(engine.address))", "    fabric_iface_port: \(engine.port)",
                      "    durability: \(engine.durability == .sync ? "sync" : "page-cache")",
                      "    capacity_per_target: \(engine.capacityBytesPerTarget)"]
            if let provider = engine.provider { lines.append("    provider: \(quoted(provider))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
