#if canImport(Glibc)
import Glibc
#endif

/// The control plane between `dmg system …` and `daos_server` (DAOS does this over gRPC): a
/// Unix stream socket in the server's state directory, one request line in, status lines and a
/// final `ok` or `error <reason>` line out. Engines are stopped and started here; everything
/// about pools and containers goes over the fabric to the service rank instead.
///
///     → query | stop all|0,2 [force] | start all|1 | shutdown
///     ← rank 0 state joined pid 4242 incarnation 17 reason -
///     ← ok
public enum ControlRequest: Equatable, Sendable {
    case query
    case stop(ranks: [UInt32]?, force: Bool)
    case start(ranks: [UInt32]?)
    case shutdown

    public var line: String {
        func ranks(_ list: [UInt32]?) -> String { list.map { $0.map(String.init).joined(separator: ",") } ?? "all" }
        switch self {
        case .query: return "query"
        case .stop(let list, let force): return "stop \(ranks(list))" + (force ? " force" : "")
        case .start(let list): return "start \(ranks(list))"
        case .shutdown: return "shutdown"
        }
    }

    public init(parsing line: Substring) throws(ControlError) {
        let words = line.split(separator: " ")
        func ranks(_ word: Substring) throws(ControlError) -> [UInt32]? {
            if word == "all" { return nil }
            var list: [UInt32] = []
            for part in word.split(separator: ",") {
                guard let rank = UInt32(part), list.count < SystemFile.enginesMax else { throw .malformed("rank list '\(word.prefix(40))'") }
                list.append(rank)
            }
            guard !list.isEmpty else { throw .malformed("empty rank list") }
            return list
        }
        switch (words.first, words.count) {
        case ("query", 1): self = .query
        case ("shutdown", 1): self = .shutdown
        case ("start", 2): self = .start(ranks: try ranks(words[1]))
        case ("stop", 2): self = .stop(ranks: try ranks(words[1]), force: false)
        case ("stop", 3) where words[2] == "force": self = .stop(ranks: try ranks(words[1]), force: true)
        default: throw .malformed("unknown request '\(line.prefix(40))'")
        }
    }
}

/// One engine as the server sees it.
public struct RankStatus: Equatable, Sendable {
    /// DAOS's member states, as `dmg system query` prints them.
    public enum State: String, Sendable, CaseIterable {
        case starting = "Starting", joined = "Joined", stopping = "Stopping", stopped = "Stopped", errored = "Errored"
    }

    public var rank: UInt32
    public var state: State
    public var pid: Int32
    public var incarnation: UInt64
    /// Why it is not joined (exit status, start failure), or empty.
    public var reason: String

    public init(rank: UInt32, state: State, pid: Int32, incarnation: UInt64 = 0, reason: String = "") {
        self.rank = rank
        self.state = state
        self.pid = pid
        self.incarnation = incarnation
        self.reason = reason
    }

    var line: String {
        let why = reason.isEmpty ? "-" : reason.map { $0 == "\n" ? " " : $0 }.reduce(into: "") { $0.append($1) }
        return "rank \(rank) state \(state.rawValue.lowercased()) pid \(pid) incarnation \(incarnation) reason \(why)"
    }

    init(parsing line: Substring) throws(ControlError) {
        let words = line.split(separator: " ", maxSplits: 9)
        guard words.count == 10, words[0] == "rank", words[2] == "state", words[4] == "pid", words[6] == "incarnation",
              words[8] == "reason", let rank = UInt32(words[1]), let pid = Int32(words[5]), let incarnation = UInt64(words[7]),
              let state = State.allCases.first(where: { $0.rawValue.lowercased() == words[3] })
        else { throw .malformed("status line '\(line.prefix(60))'") }
        self.init(rank: rank, state: state, pid: pid, incarnation: incarnation, reason: words[9] == "-" ? "" : String(words[9]))
    }
}

public enum ControlError: Error, Equatable, CustomStringConvertible {
    case notRunning(path: String, errno: Int32)
    case malformed(String)
    case refused(String)
    case io(String, errno: Int32)

    public var description: String {
        switch self {
        case .notRunning(let path, let code):
            return "daos_server is not running (control socket \(path): \(String(cString: strerror(code))))"
        case .malformed(let text): return "control protocol: \(text)"
        case .refused(let text): return text
        case .io(let what, let code): return "control socket \(what): \(String(cString: strerror(code)))"
        }
    }
}

public enum ControlChannel {
    public static let replyBytesMax = 1 << 20

    /// `control.sock` next to the system file.
    public static func socketPath(systemFile: String = SystemFile.defaultPath) -> String {
        guard let slash = systemFile.lastIndex(of: "/") else { return "control.sock" }
        return String(systemFile[..<slash]) + "/control.sock"
    }

    /// The reply lines before `ok`, or `.refused` with the server's reason.
    public static func replyLines(_ text: String) throws(ControlError) -> [Substring] {
        var lines = text.split(separator: "\n")
        guard let last = lines.popLast() else { throw .malformed("empty reply") }
        if last == "ok" { return lines }
        if last.hasPrefix("error ") { throw .refused(String(last.dropFirst(6))) }
        throw .malformed("reply ends with '\(last.prefix(60))'")
    }

    public static func statuses(_ text: String) throws(ControlError) -> [RankStatus] {
        var result: [RankStatus] = []
        for line in try replyLines(text) { result.append(try RankStatus(parsing: line)) }
        return result
    }

    public static func reply(_ statuses: [RankStatus]) -> String {
        statuses.map { $0.line + "\n" }.joined() + "ok\n"
    }

    /// Sends `request` and waits (up to `timeoutSeconds`) for the whole reply.
    public static func send(_ request: ControlRequest, socket path: String, timeoutSeconds: Int = 120)
        throws(ControlError) -> [RankStatus] {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .io("socket", errno: errno) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = try unixAddress(path)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { throw .notRunning(path: path, errno: errno) }
        try writeAll(fd, request.line + "\n")
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .io(errno == EAGAIN ? "reply timed out" : "read", errno: errno)
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            guard bytes.count <= replyBytesMax else { throw .malformed("reply larger than \(replyBytesMax) bytes") }
        }
        return try statuses(String(decoding: bytes, as: UTF8.self))
    }

    public static func unixAddress(_ path: String) throws(ControlError) -> sockaddr_un {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw .malformed("socket path too long: \(path)") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    public static func writeAll(_ fd: Int32, _ text: String) throws(ControlError) {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress! + done, $0.count - done) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .io("write", errno: errno)
            }
            done += count
        }
    }
}
