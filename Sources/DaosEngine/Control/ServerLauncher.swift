import DaosObject
import Foundation

/// Where one `daos_server` keeps things: its configuration, and the files next to the system file.
public struct ServerSetup: Sendable {
    public var config: ServerConfig
    /// The configuration file the engines read (written for the default system).
    public var configPath: String
    public var systemFilePath: String
    public var controlSocketPath: String { ControlChannel.socketPath(systemFile: systemFilePath) }
    public var pidFilePath: String { Self.pidFile(systemFile: systemFilePath) }
    public var logPath: String { config.stateDirectory + "/daos_server.log" }

    static func pidFile(systemFile: String) -> String {
        (systemFile as NSString).deletingLastPathComponent + "/daos_server.pid"
    }

    /// Reads `configPath`, or prepares the single-host default in the per-user state directory.
    public init(configPath: String?) throws {
        if let configPath {
            let absolute = configPath.hasPrefix("/") ? configPath : FileManager.default.currentDirectoryPath + "/" + configPath
            guard let text = try? String(contentsOfFile: absolute, encoding: .utf8) else {
                throw ServerError("cannot read \(absolute)")
            }
            config = try ServerConfig(yaml: text)
            self.configPath = absolute
            try Self.makeDirectory(config.stateDirectory)
        } else {
            config = ServerConfig.singleHost(stateDirectory: SystemFile.defaultStateDirectory)
            try Self.makeDirectory(config.stateDirectory)
            self.configPath = config.stateDirectory + "/daos_server.yml"
            try config.yaml.write(toFile: self.configPath, atomically: true, encoding: .utf8)
        }
        systemFilePath = ProcessInfo.processInfo.environment["DAOS_SYSTEM_FILE"].flatMap { $0.isEmpty ? nil : $0 }
            ?? config.stateDirectory + "/system"
    }

    static func makeDirectory(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ServerError("cannot create state directory \(path): \(error.localizedDescription)")
        }
    }
}

public struct ServerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What the `daos_server` subcommands do.
public enum ServerLauncher {
    /// `daos_server start`: detaches `daos_server run`, then waits until every engine has joined
    /// and answers a ping over the fabric.
    public static func start(_ setup: ServerSetup, timeoutSeconds: Int) throws {
        if (try? ControlChannel.send(.query, socket: setup.controlSocketPath, timeoutSeconds: 5)) != nil {
            throw ServerError("daos_server is already running (control socket \(setup.controlSocketPath))")
        }
        let me = ProcessSpawner.executableDirectory + "/daos_server"
        let pid = try ProcessSpawner.spawn(me, ["run", "--config", setup.configPath], newSession: true, outputPath: setup.logPath)
        let deadline = EngineSupervisor.now() + Double(timeoutSeconds)
        var statuses: [RankStatus] = []
        while EngineSupervisor.now() < deadline {
            if let status = ProcessSpawner.exitStatus(pid) {
                throw ServerError("daos_server \(status) while starting; see \(setup.logPath):\n" + tail(setup.logPath))
            }
            if let answer = try? ControlChannel.send(.query, socket: setup.controlSocketPath, timeoutSeconds: 5) {
                statuses = answer
                if let failed = statuses.first(where: { $0.state == .errored }) {
                    _ = try? ControlChannel.send(.shutdown, socket: setup.controlSocketPath)
                    _ = ProcessSpawner.exitStatus(pid, wait: true)
                    throw ServerError("rank \(failed.rank) failed to start: \(failed.reason); see \(setup.logPath):\n" + tail(setup.logPath))
                }
                if !statuses.isEmpty && statuses.allSatisfy({ $0.state == .joined }) { break }
            }
            usleep(50_000)
        }
        guard !statuses.isEmpty && statuses.allSatisfy({ $0.state == .joined }) else {
            _ = try? ControlChannel.send(.shutdown, socket: setup.controlSocketPath)
            throw ServerError("the system did not come up within \(timeoutSeconds) s; see \(setup.logPath)")
        }
        let system = try DaosSystem(systemFile: setup.systemFilePath, timeoutMilliseconds: 10_000)
        for status in statuses { _ = try system.ping(rank: status.rank, attempts: 3) }
        let targets = setup.config.engines.reduce(0) { $0 + $1.targets }
        print("daos_server started: \(statuses.count) engines (ranks \(statuses.map { String($0.rank) }.joined(separator: ","))), "
              + "\(targets) targets, provider \(system.file.provider)")
        print("system file: \(setup.systemFilePath)")
    }

    /// `daos_server run`: the supervisor loop until `shutdown` or SIGTERM/SIGINT.
    public static func supervise(_ setup: ServerSetup) throws {
        let control = try ControlServer(path: setup.controlSocketPath)
        try "\(getpid())\n".write(toFile: setup.pidFilePath, atomically: true, encoding: .utf8)
        defer { unlink(setup.pidFilePath) }
        let log = try EngineLog(path: setup.logPath + ".events", prefix: "daos_server", fileLevel: .info, standardErrorLevel: .info)
        let engine = ProcessSpawner.executableDirectory + "/daos_engine"
        let supervisor = EngineSupervisor(config: setup.config, configPath: setup.configPath,
                                          systemFilePath: setup.systemFilePath, engineExecutable: engine, log: log)
        SupervisorSignals.install()
        log(.info, "starting \(setup.config.engines.count) engines from \(setup.configPath)")
        _ = try? supervisor.start(nil)
        var shuttingDown = false
        while !shuttingDown && !SupervisorSignals.stopRequested {
            control.serveOne(timeoutMilliseconds: 200) { request in
                do throws(ControlError) {
                    switch request {
                    case .query:
                        supervisor.reap()
                        return ControlChannel.reply(supervisor.statuses)
                    case .start(let ranks):
                        return ControlChannel.reply(try supervisor.start(ranks))
                    case .stop(let ranks, let force):
                        return ControlChannel.reply(try supervisor.stop(ranks, force: force))
                    case .shutdown:
                        shuttingDown = true
                        return ControlChannel.reply(try supervisor.stop(nil, force: false))
                    }
                } catch {
                    return "error \(error)\n"
                }
            }
            supervisor.reap()
        }
        log(.info, "shutting down")
        _ = try? supervisor.stop(nil, force: false)
        supervisor.removeSystemFile()
    }

    /// `daos_server stop`: asks the supervisor to stop everything and waits until it is gone.
    public static func stop(systemFile: String, timeoutSeconds: Int) throws {
        let socket = ControlChannel.socketPath(systemFile: systemFile)
        let pidText = try? String(contentsOfFile: ServerSetup.pidFile(systemFile: systemFile), encoding: .utf8)
        let pid = pidText.flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let statuses: [RankStatus]
        do {
            statuses = try ControlChannel.send(.shutdown, socket: socket, timeoutSeconds: timeoutSeconds)
        } catch {
            throw ServerError("\(error)")
        }
        if let pid {
            let deadline = EngineSupervisor.now() + Double(timeoutSeconds)
            while kill(pid, 0) == 0 && EngineSupervisor.now() < deadline { usleep(20_000) }
            guard kill(pid, 0) != 0 else { throw ServerError("daos_server (pid \(pid)) did not exit within \(timeoutSeconds) s") }
        }
        print("daos_server stopped: \(statuses.count) engines (\(statuses.map { "rank \($0.rank) \($0.state.rawValue.lowercased())" }.joined(separator: ", ")))")
    }

    static func tail(_ path: String, lines: Int = 12) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }
}

/// SIGTERM/SIGINT ask the supervisor to stop its engines and exit.
enum SupervisorSignals {
    nonisolated(unsafe) static var flag: sig_atomic_t = 0
    static var stopRequested: Bool { flag != 0 }

    static func install() {
        signal(SIGTERM) { _ in SupervisorSignals.flag = 1 }
        signal(SIGINT) { _ in SupervisorSignals.flag = 1 }
        signal(SIGPIPE, SIG_IGN)
    }
}
