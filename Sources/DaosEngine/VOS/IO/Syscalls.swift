// The one funnel between the VOS and the operating system: no other VOS file calls libc I/O.
// Every call retries EINTR here, short writes and reads are completed here, EBADF/EFAULT are
// programmer errors (precondition), and every other errno becomes `VOSError.io` naming the path.
// Linux only (the project's platform): the funnel names Glibc explicitly.
import Glibc

/// An open file of the target directory. Not thread-safe by itself; its owners serialize use.
final class PosixFile: @unchecked Sendable {
    let path: String
    private(set) var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
    }

    /// Opens (and with `create`, creates) a file for reading and writing.
    static func open(_ path: String, create: Bool) throws(VOSError) -> PosixFile {
        let flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0)
        while true {
            let fd = Glibc.open(path, flags, 0o600)
            if fd >= 0 { return PosixFile(path: path, descriptor: fd) }
            if errno == EINTR { continue }
            throw .io(operation: "open", path: path, errno: errno)
        }
    }

    /// Writes all `count` bytes at `offset`, completing short writes.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(VOSError) {
        precondition(descriptor >= 0, "write on a closed file")
        var done = 0
        while done < bytes.count {
            let n = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n > 0 {
                done += n
                continue
            }
            if n < 0 && errno == EINTR { continue }
            try Self.check(errno: n == 0 ? EIO : errno, operation: "pwrite", path: path)
        }
    }

    /// Reads exactly `bytes.count` bytes at `offset`; a short file is an `EIO`-style error.
    func read(into bytes: UnsafeMutableRawBufferPointer, at offset: UInt64) throws(VOSError) {
        precondition(descriptor >= 0, "read on a closed file")
        var done = 0
        while done < bytes.count {
            let n = pread(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n > 0 {
                done += n
                continue
            }
            if n < 0 && errno == EINTR { continue }
            try Self.check(errno: n == 0 ? EIO : errno, operation: "pread", path: path)
        }
    }

    /// Reads the whole file (WAL and checkpoint are read once at recovery).
    func readAll() throws(VOSError) -> [UInt8] {
        let size = try self.size()
        var bytes = [UInt8](repeating: 0, count: Int(size))
        try bytes.withMutableBytes { (buffer) throws(VOSError) in try read(into: buffer, at: 0) }
        return bytes
    }

    func size() throws(VOSError) -> UInt64 {
        var status = stat()
        while fstat(descriptor, &status) != 0 {
            if errno == EINTR { continue }
            try Self.check(errno: errno, operation: "fstat", path: path)
        }
        return UInt64(status.st_size)
    }

    /// The file's device and inode numbers.
    func identity() throws(VOSError) -> (device: UInt64, inode: UInt64) {
        var status = stat()
        while fstat(descriptor, &status) != 0 {
            if errno == EINTR { continue }
            try Self.check(errno: errno, operation: "fstat", path: path)
        }
        return (UInt64(status.st_dev), UInt64(status.st_ino))
    }

    func syncData() throws(VOSError) {
        while fdatasync(descriptor) != 0 {
            if errno == EINTR { continue }
            try Self.check(errno: errno, operation: "fdatasync", path: path)
        }
    }

    func truncate(to size: UInt64) throws(VOSError) {
        while ftruncate(descriptor, off_t(size)) != 0 {
            if errno == EINTR { continue }
            try Self.check(errno: errno, operation: "ftruncate", path: path)
        }
    }

    /// Maps the first `length` bytes of the file shared and writable. Bytes past the file's end
    /// must not be touched until `allocateBlocks` covers them (they would fault).
    func mapShared(length: Int) throws(VOSError) -> UnsafeMutableRawPointer {
        precondition(descriptor >= 0, "map of a closed file")
        guard let base = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, descriptor, 0), base != MAP_FAILED else {
            throw .io(operation: "mmap", path: path, errno: errno)
        }
        return base
    }

    static func unmap(_ base: UnsafeMutableRawPointer, length: Int) { _ = munmap(base, length) }

    /// Gives `offset..<offset+length` disk blocks and file size (posix_fallocate), so stores
    /// through a mapping never hit a hole on a full disk: no space shows up here as ENOSPC, not
    /// as SIGBUS.
    func allocateBlocks(at offset: UInt64, length: UInt64) throws(VOSError) {
        while true {
            let status = posix_fallocate(descriptor, off_t(offset), off_t(length))
            if status == 0 { return }
            if status == EINTR { continue }
            try Self.check(errno: status, operation: "posix_fallocate", path: path)
        }
    }

    /// Gives back the blocks (or, on tmpfs, the memory) of `offset..<offset+length`, keeping
    /// the file size: the range reads as zeros afterwards.
    func releaseBlocks(at offset: UInt64, length: UInt64) throws(VOSError) {
        precondition(descriptor >= 0, "fallocate on a closed file")
        let punchHoleKeepSize: Int32 = 0x02 | 0x01  // FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE
        while linuxFallocate(descriptor, punchHoleKeepSize, Int64(offset), Int64(length)) != 0 {
            if errno == EINTR { continue }
            try Self.check(errno: errno, operation: "fallocate(PUNCH_HOLE)", path: path)
        }
    }

    /// True when the file lives in memory (tmpfs): its blocks are RAM pages, which only exist
    /// once touched.
    var isInMemory: Bool {
        precondition(descriptor >= 0, "statfs of a closed file")
        // struct statfs (120 bytes on Linux x86-64 and arm64) begins with the long f_type.
        let info = UnsafeMutableRawPointer.allocate(byteCount: 256, alignment: 8)
        defer { info.deallocate() }
        guard linuxFstatfs(descriptor, info) == 0 else { return false }
        return info.load(as: Int.self) == Self.tmpfsMagic
    }

    private static let tmpfsMagic = 0x0102_1994

    /// Maps in and dirties every page of `length` bytes at `base` now (MADV_POPULATE_WRITE), so
    /// later stores take no page faults. Best effort: a kernel before 5.14 lacks it, and then
    /// the pages fault in on first use as before.
    static func populate(_ base: UnsafeMutableRawPointer, length: Int) {
        let populateWrite: Int32 = 23  // MADV_POPULATE_WRITE; Glibc's headers may predate it
        while madvise(base, length, populateWrite) != 0 && errno == EINTR {}
    }

    func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Releases the lock on the open file description itself, so a child process forked
    /// meanwhile (which shares the description until its exec) cannot keep it locked.
    func unlock() {
        if descriptor >= 0 { _ = flock(descriptor, LOCK_UN) }
    }

    /// Takes an exclusive advisory lock, or throws at once if another open file holds it
    /// (a second process opening the same target).
    func lockExclusive() throws(VOSError) {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            try Self.check(errno: errno, operation: "flock", path: path)
        }
    }

    private static func check(errno code: Int32, operation: String, path: String) throws(VOSError) {
        precondition(code != EBADF && code != EFAULT, "\(operation) \(path): errno \(code) is a VOS bug")
        throw .io(operation: operation, path: path, errno: code)
    }
}

/// Directory-level calls: listing, rename, unlink and the directory fsync that makes them durable.
enum DirectoryOps {
    static func makeDirectory(_ path: String) throws(VOSError) {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw .io(operation: "mkdir", path: path, errno: errno)
        }
    }

    static func list(_ path: String) throws(VOSError) -> [String] {
        guard let dir = opendir(path) else { throw .io(operation: "opendir", path: path, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func rename(_ from: String, to: String) throws(VOSError) {
        if Glibc.rename(from, to) != 0 { throw .io(operation: "rename", path: from, errno: errno) }
    }

    static func unlink(_ path: String) throws(VOSError) {
        if Glibc.unlink(path) != 0 && errno != ENOENT { throw .io(operation: "unlink", path: path, errno: errno) }
    }

    /// Makes created, renamed and unlinked names in `path` durable.
    static func sync(_ path: String) throws(VOSError) {
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw .io(operation: "open", path: path, errno: errno) }
        defer { _ = Glibc.close(fd) }
        while fsync(fd) != 0 {
            if errno == EINTR { continue }
            throw .io(operation: "fsync", path: path, errno: errno)
        }
    }
}

// Glibc's module map leaves out <sys/vfs.h> and the GNU fallocate; both symbols are plain C
// (64-bit off_t on the 64-bit platforms we build for).
@_silgen_name("fstatfs")
private func linuxFstatfs(_ descriptor: Int32, _ info: UnsafeMutableRawPointer) -> Int32

@_silgen_name("fallocate64")
private func linuxFallocate(_ descriptor: Int32, _ mode: Int32, _ offset: Int64, _ length: Int64) -> Int32
