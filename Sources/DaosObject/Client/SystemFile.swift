#if canImport(Glibc)
import Glibc
#endif

/// Where clients find the system: written by `daos_server` once its engines answer, read by
/// every client (like DAOS's attach info). A small line-oriented text file, so an admin can
/// read it and a plugin can parse it without Foundation:
///
///     # swift-daos system file
///     version 1
///     name daos_server
///     provider tcp;ofi_rxm
///     service_rank 0
///     engine 0 targets 4 address 02007a69...
///     target 0 0 address 02007a6b...
///     engine 1 targets 4 address 02007a6a...
///
/// `address` is the engine service endpoint's raw libfabric address in hex; `target R I` lines
/// give the endpoint of target I of engine R (one per target, in order, after its engine).
public struct SystemFile: Equatable, Sendable {
    public struct Engine: Equatable, Sendable {
        public var rank: UInt32
        public var targets: Int
        public var address: [UInt8]
        /// One endpoint per target, or empty when only the service endpoint is published.
        public var targetAddresses: [[UInt8]]

        public init(rank: UInt32, targets: Int, address: [UInt8], targetAddresses: [[UInt8]] = []) {
            self.rank = rank
            self.targets = targets
            self.address = address
            self.targetAddresses = targetAddresses
        }
    }

    public var name: String
    public var provider: String
    public var serviceRank: UInt32
    public var engines: [Engine]

    public static let bytesMax = 1 << 20
    public static let enginesMax = 4096
    public static let addressBytesMax = 256
    public static let targetsMax = 64

    public init(name: String, provider: String, serviceRank: UInt32, engines: [Engine]) {
        self.name = name
        self.provider = provider
        self.serviceRank = serviceRank
        self.engines = engines
    }

    /// `DAOS_SYSTEM_FILE`, else `system` in the per-user state directory (`DAOS_STATE_DIR`, else
    /// `/tmp/swift-daos-<uid>`).
    public static var defaultPath: String {
        if let path = environment("DAOS_SYSTEM_FILE") { return path }
        return defaultStateDirectory + "/system"
    }

    public static var defaultStateDirectory: String {
        environment("DAOS_STATE_DIR") ?? "/tmp/swift-daos-\(getuid())"
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    public var text: String {
        var lines = ["# swift-daos system file (written by daos_server; clients read it, see DAOS_SYSTEM_FILE)",
                     "version 1", "name \(name)", "provider \(provider)", "service_rank \(serviceRank)"]
        for engine in engines {
            lines.append("engine \(engine.rank) targets \(engine.targets) address \(Self.hex(engine.address))")
            for (index, address) in engine.targetAddresses.enumerated() {
                lines.append("target \(engine.rank) \(index) address \(Self.hex(address))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Parses the text form; every problem names its line.
    public init(parsing text: String) throws(SystemFileError) {
        guard text.utf8.count <= Self.bytesMax else { throw .invalid(line: 0, "file larger than \(Self.bytesMax) bytes") }
        var version: String?
        var name: String?
        var provider: String?
        var serviceRank: UInt32?
        var engines: [Engine] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = index + 1
            let words = raw.split(separator: " ", omittingEmptySubsequences: true)
            guard let keyword = words.first, !keyword.hasPrefix("#") else { continue }
            switch (keyword, words.count) {
            case ("version", 2): version = String(words[1])
            case ("name", 2): name = String(words[1])
            case ("provider", 2): provider = String(words[1])
            case ("service_rank", 2):
                guard let rank = UInt32(words[1]) else { throw .invalid(line: line, "service_rank '\(words[1])'") }
                serviceRank = rank
            case ("engine", 6) where words[2] == "targets" && words[4] == "address":
                guard engines.count < Self.enginesMax else { throw .invalid(line: line, "more than \(Self.enginesMax) engines") }
                guard let rank = UInt32(words[1]), !engines.contains(where: { $0.rank == rank }) else {
                    throw .invalid(line: line, "engine rank '\(words[1])' is not a new rank")
                }
                guard let targets = Int(words[3]), (1...Self.targetsMax).contains(targets) else {
                    throw .invalid(line: line, "targets '\(words[3])'")
                }
                guard let address = Self.bytes(hex: words[5]) else { throw .invalid(line: line, "address is not hex of ≤ \(Self.addressBytesMax) bytes") }
                engines.append(Engine(rank: rank, targets: targets, address: address))
            case ("target", 5) where words[3] == "address":
                guard let rank = UInt32(words[1]), let last = engines.last, last.rank == rank else {
                    throw .invalid(line: line, "target line for rank '\(words[1])' does not follow its engine line")
                }
                guard let index = Int(words[2]), index == last.targetAddresses.count, index < last.targets else {
                    throw .invalid(line: line, "target index '\(words[2])' is not the next of \(last.targets) targets")
                }
                guard let address = Self.bytes(hex: words[4]) else { throw .invalid(line: line, "address is not hex of ≤ \(Self.addressBytesMax) bytes") }
                engines[engines.count - 1].targetAddresses.append(address)
            default:
                throw .invalid(line: line, "unknown line '\(raw.prefix(60))'")
            }
        }
        guard version == "1" else { throw .invalid(line: 0, "missing or unsupported 'version' (want 1)") }
        guard let name, let provider, let serviceRank else { throw .invalid(line: 0, "missing name, provider or service_rank") }
        guard !engines.isEmpty else { throw .invalid(line: 0, "no engines") }
        if let partial = engines.first(where: { !$0.targetAddresses.isEmpty && $0.targetAddresses.count != $0.targets }) {
            throw .invalid(line: 0, "engine \(partial.rank) lists \(partial.targetAddresses.count) of its \(partial.targets) target addresses")
        }
        guard engines.contains(where: { $0.rank == serviceRank }) else {
            throw .invalid(line: 0, "service_rank \(serviceRank) is not an engine")
        }
        self.init(name: name, provider: provider, serviceRank: serviceRank, engines: engines)
    }

    /// Reads and parses the file at `path`.
    public static func load(from path: String = SystemFile.defaultPath) throws(SystemFileError) -> SystemFile {
        try SystemFile(parsing: try read(path))
    }

    /// The file's text, bounded by `bytesMax`.
    static func read(_ path: String) throws(SystemFileError) -> String {
        guard let file = fopen(path, "r") else { throw .unreadable(path: path, errno: errno) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= bytesMax else { throw .invalid(line: 0, "\(path) is larger than \(bytesMax) bytes") }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hex(_ bytes: [UInt8]) -> String { HexText.encode(bytes) }

    static func bytes(hex text: Substring) -> [UInt8]? { HexText.decode(text, bytesMax: addressBytesMax) }
}

public enum SystemFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, errno: Int32)
    case invalid(line: Int, String)

    public var description: String {
        switch self {
        case .unreadable(let path, let code):
            return "cannot read the system file \(path): \(String(cString: strerror(code))) (is daos_server running? set DAOS_SYSTEM_FILE)"
        case .invalid(let line, let reason):
            return line > 0 ? "system file line \(line): \(reason)" : "system file: \(reason)"
        }
    }
}
