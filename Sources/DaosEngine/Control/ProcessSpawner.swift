import Glibc

/// `posix_spawn` for the server's children (engines, and the detached supervisor that
/// `daos_server start` leaves behind). Children are reaped with `waitpid` by whoever spawned them;
/// nothing here installs a SIGCHLD handler.
public enum ProcessSpawner {
    public struct Failure: Error, CustomStringConvertible {
        public var executable: String
        public var errno: Int32
        public var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
    }

    /// Starts `executable` with `arguments` (argv[1...]) and the current environment.
    /// - Parameters:
    ///   - newSession: detach into its own session (no controlling terminal, own process group).
    ///   - outputPath: append stdout and stderr there (stdin becomes /dev/null); nil inherits.
    public static func spawn(_ executable: String, _ arguments: [String], newSession: Bool = false,
                             outputPath: String? = nil) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Only stdin/out/err cross over: an inherited descriptor (say, the pipe a parent uses to
        // see us exit) held open by a long-lived child would make the parent wait for it.
        for descriptor in openDescriptors() where descriptor > 2 {
            posix_spawn_file_actions_addclose(&actions, descriptor)
        }
        if let outputPath {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Children start with default signal dispositions and nothing blocked, whatever we use.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGCHLD)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if newSession { flags |= 0x80 }  // POSIX_SPAWN_SETSID (glibc ≥ 2.26)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw Failure(executable: executable, errno: result) }
        return pid
    }

    /// Our open file descriptors, from /proc/self/fd.
    static func openDescriptors() -> [Int32] {
        guard let directory = opendir("/proc/self/fd") else { return [] }
        defer { closedir(directory) }
        let own = dirfd(directory)
        var result: [Int32] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if let fd = Int32(name), fd != own { result.append(fd) }
        }
        return result
    }

    /// The exit of `pid` if it has exited (reaped), else nil. `pid` must be our child.
    public static func exitStatus(_ pid: pid_t, wait: Bool = false) -> ExitStatus? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, wait ? 0 : WNOHANG)
            if result == pid { return ExitStatus(raw: status) }
            if result == -1 && errno == EINTR { continue }
            if result == -1 && errno == ECHILD { return ExitStatus(raw: -1) }
            return nil
        }
    }

    /// The directory holding the running executable (its siblings are our other tools).
    public static var executableDirectory: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return "." }
        let path = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    }
}

/// How a child ended, worded as `dmg system query` shows it.
public struct ExitStatus: Equatable, Sendable, CustomStringConvertible {
    public var raw: Int32

    public var exitCode: Int32? { raw >= 0 && raw & 0x7F == 0 ? (raw >> 8) & 0xFF : nil }
    public var signal: Int32? { raw >= 0 && raw & 0x7F != 0 && raw & 0x7F != 0x7F ? raw & 0x7F : nil }

    public var description: String {
        if let code = exitCode { return "exited with status \(code)" }
        if let signal { return "killed by signal \(signal) (\(String(cString: strsignal(signal))))" }
        return "vanished (not our child)"
    }
}
