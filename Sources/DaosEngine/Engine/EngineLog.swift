import Glibc
import Synchronization

/// Levelled log lines to a file and standard error, one `write(2)` per line so lines from
/// several threads and processes never interleave mid-line:
///
///     2026-11-25T10:12:03.512Z INFO  rank 1: target 3 recovered: 2 WAL files, 1204 records, 12.1 ms
public final class EngineLog: Sendable {
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        case debug = 0, info, warning, error

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        public var description: String {
            switch self {
            case .debug: return "DEBUG"
            case .info: return "INFO "
            case .warning: return "WARN "
            case .error: return "ERROR"
            }
        }

        /// Parses `DAOS_LOG_LEVEL`-style names: debug, info, warn/warning, error.
        public init?(name: String) {
            switch name.lowercased() {
            case "debug", "dbug": self = .debug
            case "info": self = .info
            case "warn", "warning": self = .warning
            case "error", "err": self = .error
            default: return nil
            }
        }
    }

    private let file: Mutex<Int32>
    private let prefix: String
    public let fileLevel: Level
    /// Nil: nothing goes to standard error (engines simulated inside a test process).
    public let standardErrorLevel: Level?

    /// Appends to `path` (created 0644) when given; lines at or above each level go to each sink.
    public init(path: String?, prefix: String, fileLevel: Level = .info, standardErrorLevel: Level? = .warning)
        throws(EngineLogError) {
        var descriptor: Int32 = -1
        if let path {
            descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        }
        file = Mutex(descriptor)
        self.prefix = prefix
        self.fileLevel = fileLevel
        self.standardErrorLevel = standardErrorLevel
    }

    deinit {
        file.withLock { if $0 >= 0 { close($0) } }
    }

    public func callAsFunction(_ level: Level, _ message: String) {
        let line = Self.timestamp() + " \(level) \(prefix): \(message)\n"
        var bytes = Array(line.utf8)
        if level >= fileLevel {
            file.withLock { fd in
                if fd >= 0 { _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) } }
            }
        }
        if let standardErrorLevel, level >= standardErrorLevel {
            _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
        }
    }

    /// A sink for VOS's recovery and fail-stop lines, at `level`.
    public func sink(_ level: Level) -> @Sendable (String) -> Void {
        { [self] message in self(level, message) }
    }

    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let millis = Int(now.tv_nsec / 1_000_000)
        let millisText = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T"
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(millisText)Z"
    }
}

public enum EngineLogError: Error, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let code): return "cannot open log file \(path): \(String(cString: strerror(code)))"
        }
    }
}
