import DaosObject
import Glibc

/// The supervisor's side of `ControlChannel`: a Unix socket next to the system file, one
/// request per connection, answered in order (a `start` that waits for engines holds the next
/// request back; the requests are rare and admin-driven).
public final class ControlServer {
    public let path: String
    let fd: Int32

    /// Binds `path`, replacing a stale socket file only if nothing answers on it.
    public init(path: String) throws(ControlError) {
        if (try? ControlChannel.send(.query, socket: path, timeoutSeconds: 5)) != nil {
            throw .refused("daos_server is already running (control socket \(path) answers)")
        }
        unlink(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .io("socket", errno: errno) }
        var address = try ControlChannel.unixAddress(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let code = errno
            close(fd)
            throw .io("bind \(path)", errno: code)
        }
        chmod(path, 0o600)
        self.fd = fd
        self.path = path
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// Waits up to `timeoutMilliseconds` for one request and answers it with `handler`'s reply
    /// text (statuses + `ok`, or `error <reason>`).
    public func serveOne(timeoutMilliseconds: Int32, handler: (ControlRequest) -> String) {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) == 1 else { return }
        let client = accept(fd, nil, nil)
        guard client >= 0 else { return }
        _ = fcntl(client, F_SETFD, FD_CLOEXEC)
        defer { close(client) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.count < 256 {
            let count = read(client, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1, byte != UInt8(ascii: "\n") else { break }
            line.append(byte)
        }
        let reply: String
        do throws(ControlError) {
            reply = handler(try ControlRequest(parsing: Substring(String(decoding: line, as: UTF8.self))))
        } catch {
            reply = "error \(error)\n"
        }
        try? ControlChannel.writeAll(client, reply)
    }
}
