import DaosObject
import Glibc

/// An engine's local storage: one VOS target per target directory (`<storage>/target-N`) and,
/// on the service rank, the service store (`<storage>/service`). Opening recovers each one
/// (checkpoint + WAL replay) and refuses to start on any corruption, naming the target, file
/// and offset: an engine never serves from a store it could not fully read.
public final class EngineStorage {
    public let targets: [VOSTarget]
    public let service: ServiceStore?

    public init(config: ServerConfig.Engine, isServiceRank: Bool, log: EngineLog) throws(EngineStartError) {
        try Self.makeDirectory(config.storage)
        var opened: [VOSTarget] = []
        for index in 0..<config.targets {
            let directory = config.storage + "/target-\(index)"
            try Self.makeDirectory(directory)
            do {
                let target = try VOSTarget.open(directory: directory, options: .init(
                    durability: config.durability, capacityBytes: config.capacityBytesPerTarget, log: log.sink(.info)))
                opened.append(target)
            } catch {
                opened.forEach { $0.close() }
                throw .corruptStore(target: index, reason: "\(error)")
            }
        }
        if isServiceRank {
            try Self.makeDirectory(config.storage + "/service")
            do {
                service = try ServiceStore(directory: config.storage + "/service", durability: config.durability, log: log.sink(.info))
            } catch {
                opened.forEach { $0.close() }
                throw .corruptServiceStore(reason: "\(error)")
            }
        } else {
            service = nil
        }
        targets = opened
        log(.info, "storage open: \(opened.count) targets in \(config.storage)\(isServiceRank ? " + service store" : "")")
    }

    /// Checkpoints and closes every store (graceful stop).
    public func close() {
        for target in targets {
            try? target.checkpoint()
            target.close()
        }
        service?.close()
    }

    static func makeDirectory(_ path: String) throws(EngineStartError) {
        // Only the engine's user (and root) may read what the pools hold.
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw .storageUnusable(path: path, errno: errno) }
    }
}

public enum EngineStartError: Error, Equatable, CustomStringConvertible {
    case storageUnusable(path: String, errno: Int32)
    case corruptStore(target: Int, reason: String)
    case corruptServiceStore(reason: String)
    case badConfiguration(String)
    /// An endpoint could not be opened (address in use, provider missing…).
    case fabric(String)

    public var description: String {
        switch self {
        case .storageUnusable(let path, let code):
            return "cannot use storage directory \(path): \(String(cString: strerror(code)))"
        case .corruptStore(let target, let reason):
            return "refusing to start: target \(target) cannot be recovered: \(reason)"
        case .badConfiguration(let reason):
            return "bad configuration: \(reason)"
        case .fabric(let reason):
            return "cannot open the engine's endpoints: \(reason)"
        case .corruptServiceStore(let reason):
            return "refusing to start: the service store cannot be recovered: \(reason)"
        }
    }
}
