import DaosObject
import Foundation
import Testing

/// A real system for one test: `daos_server start` in a private state directory, the tools run
/// as child processes with that directory in their environment, and a stop (then a check that
/// no engine or supervisor is left) at the end — also when the test failed half-way.
final class TestSystem {
    let stateDirectory: String
    let configPath: String?
    let environment: [String: String]
    static let binDirectory: String = {
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().path
    }()

    var systemFile: String { stateDirectory + "/system" }

    /// - Parameter config: a `daos_server.yml` body (with `STATE` standing for the state
    ///   directory), or nil for the single-host default.
    init(name: String, config: String? = nil) throws {
        stateDirectory = NSTemporaryDirectory() + "swift-daos-\(name)-\(getpid())"
        try? FileManager.default.removeItem(atPath: stateDirectory)
        try FileManager.default.createDirectory(atPath: stateDirectory, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["DAOS_STATE_DIR"] = stateDirectory
        environment.removeValue(forKey: "DAOS_SYSTEM_FILE")
        environment.removeValue(forKey: "DAOS_PROVIDER")
        if let config {
            let path = stateDirectory + "/daos_server.yml"
            try config.replacingOccurrences(of: "STATE", with: stateDirectory).write(toFile: path, atomically: true, encoding: .utf8)
            configPath = path
            environment["DAOS_SYSTEM_FILE"] = stateDirectory + "/system"
        } else {
            configPath = nil
        }
        self.environment = environment
    }

    struct Result {
        var status: Int32
        var output: String
        var errors: String

        var json: [String: Any] {
            get throws {
                let object = try JSONSerialization.jsonObject(with: Data(output.utf8))
                guard let dictionary = object as? [String: Any] else { throw TestSystemError("not a JSON object: \(output)") }
                return dictionary
            }
        }
    }

    /// Runs one of our executables and collects its output.
    @discardableResult
    func run(_ tool: String, _ arguments: [String], timeoutSeconds: Double = 180) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binDirectory + "/" + tool)
        process.arguments = arguments
        process.environment = environment
        // Files, not pipes: a child that writes a lot never blocks on a reader.
        let outputPath = stateDirectory + "/.tool-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: outputPath + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: outputPath + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outputPath + ".out")
            try? FileManager.default.removeItem(atPath: outputPath + ".err")
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath + ".out"))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath + ".err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let outputData = FileManager.default.contents(atPath: outputPath + ".out") ?? Data()
        let errorData = FileManager.default.contents(atPath: outputPath + ".err") ?? Data()
        return Result(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                      errors: String(decoding: errorData, as: UTF8.self))
    }

    /// Runs and expects success; returns stdout.
    @discardableResult
    func ok(_ tool: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(tool, arguments)
        #expect(result.status == 0, "\(tool) \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.errors)",
                sourceLocation: sourceLocation)
        return result.output
    }

    /// Runs and expects exit status 1 with one `ERROR:` line naming `mention`.
    func fails(_ tool: String, _ arguments: [String], mentioning mention: String,
               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try run(tool, arguments)
        let lines = result.errors.split(separator: "\n")
        #expect(result.status == 1, "\(tool) \(arguments.joined(separator: " ")) exited \(result.status): \(result.errors)",
                sourceLocation: sourceLocation)
        #expect(lines.count == 1 && result.errors.contains(mention),
                "\(tool) \(arguments.joined(separator: " ")) said: \(result.errors)", sourceLocation: sourceLocation)
    }

    func start() throws {
        let result = try run("daos_server", ["start"] + (configPath.map { ["--config", $0] } ?? []))
        guard result.status == 0 else { throw TestSystemError("daos_server start failed: \(result.errors)\(result.output)") }
    }

    /// Stops the system and checks that none of its processes survived.
    func stop() throws {
        let pids = processes()
        let result = try run("daos_server", ["stop"])
        guard result.status == 0 else { throw TestSystemError("daos_server stop failed: \(result.errors)") }
        let survivors = pids.filter { kill($0, 0) == 0 }
        guard survivors.isEmpty else { throw TestSystemError("processes left after stop: \(survivors)") }
    }

    /// The supervisor and engine pids, from the pid file and the control socket.
    func processes() -> [pid_t] {
        var pids: [pid_t] = []
        if let text = try? String(contentsOfFile: stateDirectory + "/daos_server.pid", encoding: .utf8),
           let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) { pids.append(pid) }
        if let statuses = try? ControlChannel.send(.query, socket: ControlChannel.socketPath(systemFile: systemFile)) {
            pids += statuses.map(\.pid).filter { $0 > 0 }
        }
        return pids
    }

    /// A client attached to the running system with pool "tank" and container "c1" created and
    /// opened (4 KiB EC cells, so test arrays span many full and partial stripes).
    func tankAndContainer(poolBytes: UInt64 = 2 << 30) throws -> (client: DaosSystem, pool: PoolConnection, container: ContainerConnection) {
        let client = try DaosSystem(systemFile: systemFile)
        _ = try client.createPool(label: "tank", sizeBytes: poolBytes)
        let pool = try PoolConnection(system: client, pool: "tank")
        _ = try pool.createContainer(label: "c1", type: .none, properties: [.ecCellSizeBytes(4096)])
        return (client, pool, try pool.openContainer("c1"))
    }

    /// Last resort after a failed test: kill whatever is left.
    func tearDown() {
        if (try? stop()) == nil {
            for pid in processes() { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }
}

struct TestSystemError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
