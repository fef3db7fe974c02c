#if canImport(Glibc)
import Glibc
#endif

/// A local file for `daos fs copy`: open/pread/pwrite/close with EINTR retried, every failure a
/// one-line `ToolError` naming the path and strerror.
struct LocalFile {
    let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        precondition(descriptor >= 0, "a negative descriptor is an open failure, not a file")
        self.path = path
        self.descriptor = descriptor
    }

    /// What `stat(2)` says about a path: nil when nothing is there.
    static func kind(of path: String) throws(ToolError) -> (isDirectory: Bool, size: UInt64)? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            if errno == ENOENT { return nil }
            throw failure("stat", path)
        }
        return ((status.st_mode & S_IFMT) == S_IFDIR, UInt64(max(0, status.st_size)))
    }

    static func openForReading(_ path: String) throws(ToolError) -> LocalFile {
        let descriptor = retrying { open(path, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw failure("open", path) }
        return LocalFile(path: path, descriptor: descriptor)
    }

    /// Creates or empties `path` for writing (mode 0644 before the umask).
    static func create(_ path: String) throws(ToolError) -> LocalFile {
        let descriptor = retrying { open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard descriptor >= 0 else { throw failure("create", path) }
        return LocalFile(path: path, descriptor: descriptor)
    }

    /// Reads up to `buffer.count` bytes at `offset`; 0 at the end of the file.
    func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(ToolError) -> Int {
        let count = Self.retrying { pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset)) }
        guard count >= 0 else { throw Self.failure("read", path) }
        return count
    }

    /// Writes all of `buffer` at `offset`.
    func write(at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(ToolError) {
        var done = 0
        while done < buffer.count {
            let count = Self.retrying { pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done)) }
            guard count > 0 else { throw Self.failure("write", path) }
            done += count
        }
    }

    /// Closes the file; a failed close of a written file is a failed write (NFS reports late).
    func close() throws(ToolError) {
        guard Glibc.close(descriptor) == 0 else { throw Self.failure("close", path) }
    }

    private static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }

    private static func failure(_ what: String, _ path: String) -> ToolError {
        .failed("\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
