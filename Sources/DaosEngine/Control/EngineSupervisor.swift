import DaosObject
import Glibc

/// The engines `daos_server` runs on this host: it spawns them, learns their addresses from
/// their announcements, writes the system file clients read, notices when one dies, and stops
/// them (SIGTERM: graceful; after a grace period or with `force`, SIGKILL). An engine that dies
/// on its own is marked `Errored` with the reason and left down until `dmg system start` — as
/// DAOS does, so an administrator sees the failure instead of a restart loop.
public final class EngineSupervisor {
    struct Member {
        var engine: ServerConfig.Engine
        var state: RankStatus.State = .stopped
        var pid: pid_t = 0
        var announcement: EngineAnnouncement?
        var reason = ""
        var stopRequested = false
    }

    public let config: ServerConfig
    public let configPath: String
    public let systemFilePath: String
    public let engineExecutable: String
    public var startTimeoutSeconds = 120
    public var stopGraceSeconds = 30
    let log: EngineLog
    var members: [Member]

    public init(config: ServerConfig, configPath: String, systemFilePath: String, engineExecutable: String, log: EngineLog) {
        self.config = config
        self.configPath = configPath
        self.systemFilePath = systemFilePath
        self.engineExecutable = engineExecutable
        self.log = log
        members = config.engines.map { Member(engine: $0) }
    }

    public var statuses: [RankStatus] {
        members.map { RankStatus(rank: $0.engine.rank, state: $0.state, pid: $0.pid,
                                 incarnation: $0.announcement?.incarnation ?? 0, reason: $0.reason) }
    }

    func indices(_ ranks: [UInt32]?) throws(ControlError) -> [Int] {
        guard let ranks else { return Array(members.indices) }
        var result: [Int] = []
        for rank in ranks {
            guard let index = members.firstIndex(where: { $0.engine.rank == rank }) else {
                throw .refused("rank \(rank) is not in this system (ranks \(members.map(\.engine.rank)))")
            }
            result.append(index)
        }
        return result
    }

    // MARK: - Start

    /// Starts the stopped or errored engines among `ranks` and waits until each announced itself
    /// or failed; rewrites the system file. Returns the statuses of `ranks`.
    public func start(_ ranks: [UInt32]?) throws(ControlError) -> [RankStatus] {
        let chosen = try indices(ranks)
        for index in chosen where members[index].state == .stopped || members[index].state == .errored {
            spawn(index)
        }
        let deadline = Self.now() + Double(startTimeoutSeconds)
        while chosen.contains(where: { members[$0].state == .starting }) && Self.now() < deadline {
            reap()
            for index in chosen where members[index].state == .starting {
                if let announcement = EngineAnnouncement.read(storage: members[index].engine.storage),
                   announcement.pid == members[index].pid {
                    members[index].announcement = announcement
                    members[index].state = .joined
                    log(.info, "rank \(members[index].engine.rank) joined (pid \(announcement.pid))")
                }
            }
            usleep(20_000)
        }
        for index in chosen where members[index].state == .starting {
            members[index].reason = "did not announce itself within \(startTimeoutSeconds) s"
            kill(members[index].pid, SIGKILL)
            _ = ProcessSpawner.exitStatus(members[index].pid, wait: true)
            members[index].state = .errored
        }
        writeSystemFile()
        return chosen.map { statuses[$0] }
    }

    private func spawn(_ index: Int) {
        let engine = members[index].engine
        EngineAnnouncement.remove(storage: engine.storage)
        do {
            let pid = try ProcessSpawner.spawn(engineExecutable, ["--config", configPath, "--rank", String(engine.rank),
                                                                                   "--system-file", systemFilePath])
            members[index].pid = pid
            members[index].state = .starting
            members[index].reason = ""
            members[index].stopRequested = false
            log(.info, "rank \(engine.rank): started \(engineExecutable) as pid \(pid)")
        } catch {
            members[index].state = .errored
            members[index].reason = "\(error)"
            log(.error, "rank \(engine.rank): \(error)")
        }
    }

    // MARK: - Watch

    /// Collects engines that exited; an exit nobody asked for marks the rank `Errored`.
    public func reap() {
        for index in members.indices where members[index].pid > 0 {
            guard let status = ProcessSpawner.exitStatus(members[index].pid) else { continue }
            let rank = members[index].engine.rank
            if members[index].stopRequested && status.exitCode == 0 {
                members[index].state = .stopped
                members[index].reason = ""
                log(.info, "rank \(rank) stopped")
            } else {
                members[index].state = members[index].stopRequested ? .stopped : .errored
                members[index].reason = "\(status)"
                log(members[index].stopRequested ? .info : .error, "rank \(rank) (pid \(members[index].pid)) \(status)")
            }
            members[index].pid = 0
        }
    }

    // MARK: - Stop

    /// Stops the running engines among `ranks`: SIGTERM and up to `stopGraceSeconds` to
    /// checkpoint, then SIGKILL; `force` kills at once.
    public func stop(_ ranks: [UInt32]?, force: Bool) throws(ControlError) -> [RankStatus] {
        let chosen = try indices(ranks)
        for index in chosen where members[index].pid > 0 {
            members[index].stopRequested = true
            members[index].state = .stopping
            kill(members[index].pid, force ? SIGKILL : SIGTERM)
        }
        let deadline = Self.now() + Double(stopGraceSeconds)
        while chosen.contains(where: { members[$0].pid > 0 }) {
            reap()
            if Self.now() > deadline {
                for index in chosen where members[index].pid > 0 {
                    log(.warning, "rank \(members[index].engine.rank) did not stop within \(stopGraceSeconds) s: SIGKILL")
                    kill(members[index].pid, SIGKILL)
                }
            }
            usleep(20_000)
        }
        return chosen.map { statuses[$0] }
    }

    // MARK: - System file

    /// Writes the system file from the last known address of every engine that ever announced
    /// (a stopped engine keeps its entry so clients get a clean "unreachable", not "unknown
    /// rank"); nothing is written until the service rank has announced.
    public func writeSystemFile() {
        let engines = members.compactMap { member -> SystemFile.Engine? in
            guard let announcement = member.announcement else { return nil }
            return SystemFile.Engine(rank: member.engine.rank, targets: member.engine.targets,
                                     address: announcement.serviceAddress, targetAddresses: announcement.targetAddresses)
        }
        guard engines.contains(where: { $0.rank == config.serviceRank }) else { return }
        let file = SystemFile(name: config.name, provider: members.first?.engine.provider ?? config.provider,
                              serviceRank: config.serviceRank, engines: engines)
        let temporary = systemFilePath + ".tmp"
        guard let handle = fopen(temporary, "w") else {
            log(.error, "cannot write \(temporary): \(String(cString: strerror(errno)))")
            return
        }
        let text = file.text
        fputs(text, handle)
        fclose(handle)
        if rename(temporary, systemFilePath) != 0 { log(.error, "cannot rename \(temporary): \(String(cString: strerror(errno)))") }
    }

    public func removeSystemFile() { unlink(systemFilePath) }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
