import Glibc

/// Bulk between processes of one host by cross-memory attach (`process_vm_readv`/`writev`), as
/// Mercury's shared-memory plugin moves the bulk of local peers: the server copies straight
/// between its buffer and the client's, one copy, without the client's progress. Over tcp
/// loopback the same bytes are copied twice by the kernel, and an RMA read is served only while
/// the client polls.
///
/// A server uses it for a peer only after that peer proved its pid (`LocalBulkProof`), so a
/// client can never name another process's memory. `DAOS_LOCAL_BULK=0` turns it off on either
/// side; a failed attach (no ptrace permission, the process is gone) falls back to the fabric.
public enum LocalBulk {
    /// Off with `DAOS_LOCAL_BULK=0` (for measuring the fabric path, or where ptrace is denied).
    public static let enabled: Bool = {
        guard let value = getenv("DAOS_LOCAL_BULK") else { return true }
        return String(cString: value) != "0"
    }()

    static let challengeBytes = 16

    /// This process's secret for local bulk: sent in its proofs and in every bulk descriptor it
    /// makes, so a server attaches only for requests that carry it (see `LocalBulkProof`).
    static let processKey = UInt64.random(in: 1...UInt64.max)
    /// Linux's UIO_MAXIOV (Glibc's module map leaves out IOV_MAX).
    public static let iovecsPerCallMax = 1024

    /// Whether a failed transfer's errno blames the descriptor (a bad address), not the attach.
    static func isBadAddress(_ failure: Int32) -> Bool { failure == EFAULT || failure == EINVAL }

    /// Copies between `local` and the segments `remote` names in process `pid` (whole, in order,
    /// until `local` is full, at the descriptor's `localAddress`); `read` copies from the peer.
    /// Returns errno on failure.
    static func transfer(read: Bool, pid: Int32, local: UnsafeRawBufferPointer, remote: BulkDescriptor) -> Int32? {
        var piece = iovec(iov_base: UnsafeMutableRawPointer(mutating: local.baseAddress), iov_len: local.count)
        return withUnsafePointer(to: &piece) { transfer(read: read, pid: pid, local: UnsafeBufferPointer(start: $0, count: 1),
                                                        bytes: local.count, remote: remote) }
    }

    /// Writes the `local` pieces (`bytes` in all) in order into the segments `remote` names in
    /// process `pid`: a gather straight out of where the data lives.
    static func transfer(read: Bool, pid: Int32, local: UnsafeBufferPointer<iovec>, bytes: Int,
                         remote: BulkDescriptor) -> Int32? {
        guard local.count <= iovecsPerCallMax else { return E2BIG }
        // At most 256 segments (WireLimits.bulkSegmentsMax): the iovecs fit on the stack.
        return withUnsafeTemporaryAllocation(of: iovec.self, capacity: max(1, remote.segments.count)) { pieces in
            var count = 0
            var covered = 0
            func add(_ offset: UInt64, _ length: UInt64) {
                guard covered < bytes else { return }
                let part = Int(min(length, UInt64(bytes - covered)))
                pieces[count] = iovec(iov_base: UnsafeMutableRawPointer(bitPattern: UInt(remote.localAddress &+ offset)), iov_len: part)
                count += 1
                covered += part
            }
            if remote.segments.isEmpty {
                add(0, remote.length)
            } else {
                for segment in remote.segments { add(segment.offset, segment.length) }
            }
            guard covered == bytes else { return EINVAL }
            while true {
                let moved = read ? crossMemoryRead(pid, local.baseAddress!, UInt(local.count), pieces.baseAddress!, UInt(count), 0)
                                 : crossMemoryWrite(pid, local.baseAddress!, UInt(local.count), pieces.baseAddress!, UInt(count), 0)
                if moved < 0 && errno == EINTR { continue }
                if moved < 0 { return errno }
                // Short only when a page of the peer's range is not there.
                return moved == bytes ? nil : EFAULT
            }
        }
    }

    /// Copies `buffer.count` bytes at `address` of process `pid` into `buffer` (the raw cost of
    /// a local pull, for benchmarks). Returns errno on failure.
    public static func read(pid: Int32, address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int32? {
        transfer(read: true, pid: pid, local: UnsafeRawBufferPointer(buffer),
                 remote: BulkDescriptor(address: 0, length: UInt64(buffer.count), rkey: 0, localAddress: address))
    }

    /// Whether process `pid` holds `challenge` at `address`.
    static func verify(pid: UInt32, address: UInt64, challenge: (UInt64, UInt64)) -> Bool {
        guard pid > 0, pid <= UInt32(Int32.max), address != 0 else { return false }
        var seen: (UInt64, UInt64) = (0, 0)
        let failure = withUnsafeMutableBytes(of: &seen) { bytes in
            transfer(read: true, pid: Int32(pid), local: UnsafeRawBufferPointer(bytes),
                     remote: BulkDescriptor(address: 0, length: UInt64(challengeBytes), rkey: 0, localAddress: address))
        }
        return failure == nil && seen == challenge
    }

    static func newChallenge() -> (UInt64, UInt64) { (UInt64.random(in: 1...UInt64.max), UInt64.random(in: 1...UInt64.max)) }
}

// Glibc's module map leaves out the GNU cross-memory calls (<sys/uio.h> under _GNU_SOURCE).
@_silgen_name("process_vm_readv")
private func crossMemoryRead(_ pid: pid_t, _ local: UnsafePointer<iovec>, _ localCount: UInt,
                             _ remote: UnsafePointer<iovec>, _ remoteCount: UInt, _ flags: UInt) -> Int

@_silgen_name("process_vm_writev")
private func crossMemoryWrite(_ pid: pid_t, _ local: UnsafePointer<iovec>, _ localCount: UInt,
                              _ remote: UnsafePointer<iovec>, _ remoteCount: UInt, _ flags: UInt) -> Int
