import DaosObject
import Glibc

/// What a started engine tells `daos_server`: written to `<storage>/engine.ready` once every
/// endpoint listens (atomically: temp file + rename), removed on a clean stop. The server
/// removes a stale one before it spawns the engine and waits for the new one.
///
///     pid 4242
///     incarnation 1732531200123456
///     service 02007a69...
///     target 0 02007a6a...
public struct EngineAnnouncement: Equatable, Sendable {
    public var pid: Int32
    public var incarnation: UInt64
    public var serviceAddress: [UInt8]
    public var targetAddresses: [[UInt8]]

    public init(pid: Int32, incarnation: UInt64, serviceAddress: [UInt8], targetAddresses: [[UInt8]]) {
        self.pid = pid
        self.incarnation = incarnation
        self.serviceAddress = serviceAddress
        self.targetAddresses = targetAddresses
    }

    public static func path(storage: String) -> String { storage + "/engine.ready" }

    public var text: String {
        var lines = ["pid \(pid)", "incarnation \(incarnation)", "service \(HexText.encode(serviceAddress))"]
        for (index, address) in targetAddresses.enumerated() { lines.append("target \(index) \(HexText.encode(address))") }
        return lines.joined(separator: "\n") + "\n"
    }

    public init?(parsing text: String) {
        var pid: Int32?
        var incarnation: UInt64?
        var service: [UInt8]?
        var targets: [[UInt8]] = []
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            switch (words.first, words.count) {
            case ("pid", 2): pid = Int32(words[1])
            case ("incarnation", 2): incarnation = UInt64(words[1])
            case ("service", 2): service = HexText.decode(words[1], bytesMax: SystemFile.addressBytesMax)
            case ("target", 3):
                guard Int(words[1]) == targets.count, let address = HexText.decode(words[2], bytesMax: SystemFile.addressBytesMax) else { return nil }
                targets.append(address)
            default: return nil
            }
        }
        guard let pid, let incarnation, let service else { return nil }
        self.init(pid: pid, incarnation: incarnation, serviceAddress: service, targetAddresses: targets)
    }

    /// Writes the file atomically.
    public func write(storage: String) throws(EngineStartError) {
        let final = Self.path(storage: storage)
        let temporary = final + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .storageUnusable(path: temporary, errno: errno) }
        var bytes = Array(text.utf8)
        let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        let closed = close(fd)
        guard written == bytes.count, closed == 0, rename(temporary, final) == 0 else {
            throw .storageUnusable(path: final, errno: errno)
        }
    }

    public static func read(storage: String) -> EngineAnnouncement? {
        guard let file = fopen(path(storage: storage), "r") else { return nil }
        defer { fclose(file) }
        var bytes = [UInt8](repeating: 0, count: 64 << 10)
        let count = fread(&bytes, 1, bytes.count, file)
        return EngineAnnouncement(parsing: String(decoding: bytes[0..<count], as: UTF8.self))
    }

    public static func remove(storage: String) { unlink(path(storage: storage)) }
}

