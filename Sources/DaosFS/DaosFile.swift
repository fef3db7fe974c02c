import DaosObject

/// How a file handle may be used.
public enum FileAccess: UInt8, Sendable {
    case readOnly = 1
    case readWrite = 2
}

/// `open` flags (POSIX O_RDONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC). Exactly one of
/// `readOnly` and `readWrite` must be given; `exclusive` needs `create`; `truncate` needs
/// `readWrite`.
public struct OpenFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let readOnly = OpenFlags(rawValue: 1 << 0)
    public static let readWrite = OpenFlags(rawValue: 1 << 1)
    public static let create = OpenFlags(rawValue: 1 << 2)
    public static let exclusive = OpenFlags(rawValue: 1 << 3)
    public static let truncate = OpenFlags(rawValue: 1 << 4)

    /// The access the flags ask for, or why they are refused.
    func access() throws(FileSystemError) -> FileAccess {
        guard rawValue & ~0b11111 == 0 else { throw .invalidArgument("unknown open flags 0x\(String(rawValue, radix: 16))") }
        guard contains(.readOnly) != contains(.readWrite) else {
            throw .invalidArgument("open needs exactly one of readOnly and readWrite")
        }
        if contains(.exclusive) && !contains(.create) { throw .invalidArgument("exclusive without create") }
        if contains(.truncate) && !contains(.readWrite) { throw .invalidArgument("truncate needs readWrite") }
        return contains(.readWrite) ? .readWrite : .readOnly
    }
}

/// An open file (libdfs's `dfs_obj_t` for a regular file): its inode as of open, where that
/// inode is stored, and its data. Reads and writes go straight to the byte array; the inode is
/// only rewritten by truncate (mtime/ctime). Used by one thread at a time, like its file system.
public final class DaosFile {
    public let fileSystem: DaosFileSystem
    /// The entry as it was when the file was opened (or when the serialized handle was made).
    public let entry: DirectoryEntry
    public let access: FileAccess
    let data: FileData

    init(fileSystem: DaosFileSystem, entry: DirectoryEntry, access: FileAccess) throws(FileSystemError) {
        precondition(entry.kind == .regular, "a file handle on a \(entry.kind)")
        self.fileSystem = fileSystem
        self.entry = entry
        self.access = access
        data = try FileData(fileSystem: fileSystem, inode: entry.inode)
    }

    public var oid: ObjectID { entry.inode.oid }
    public var chunkSize: UInt64 { entry.inode.chunkSize }

    // MARK: - Contiguous I/O

    /// Reads `buffer.count` bytes from `offset`; returns how many lie inside the file (fewer at
    /// the end of the file, 0 at or past it). Holes read as zeros.
    public func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(FileSystemError) -> Int {
        Int(try read([FileExtent(offset: offset, length: UInt64(buffer.count))], into: [buffer]))
    }

    /// Writes all of `buffer` at `offset`; the file grows to cover it.
    public func write(at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(FileSystemError) {
        _ = try write([FileExtent(offset: offset, length: UInt64(buffer.count))], from: [buffer])
    }

    /// `read(at:into:)` into a new array of the bytes inside the file.
    public func read(at offset: UInt64, count: Int) throws(FileSystemError) -> [UInt8] {
        guard count >= 0 else { throw .invalidArgument("read of \(count) bytes") }
        var bytes = [UInt8](repeating: 0, count: count)
        let moved = try withMutableBytes(of: &bytes) { (buffer) throws(FileSystemError) in try read(at: offset, into: buffer) }
        return Array(bytes.prefix(moved))
    }

    /// `write(at:from:)` from an array.
    public func write(at offset: UInt64, _ bytes: [UInt8]) throws(FileSystemError) {
        try withBytes(of: bytes) { (buffer) throws(FileSystemError) in try write(at: offset, from: buffer) }
    }

    // MARK: - List I/O

    /// Writes the file extents `extents` from the memory `segments` (the extents' bytes back to
    /// back across the segments, in extent order) as one array request; returns the bytes moved.
    /// With `epoch`, every update of the request carries it: the write is one version, so
    /// overlapping writes resolve whole, byte by byte, by epoch (MPI-IO atomic mode).
    /// - Throws: `.invalidArgument` when the segments do not hold exactly the extents' bytes,
    ///   `.fileTooLarge` for an extent past 2^63 - 1, `.badHandle` on a read-only handle.
    public func write(_ extents: [FileExtent], from segments: [UnsafeRawBufferPointer], epoch: Epoch? = nil)
        throws(FileSystemError) -> UInt64 {
        guard access == .readWrite else { throw .badHandle("write to \(entry.path), opened read-only") }
        let list = try ExtentList(extents)
        try data.write(list, from: segments, epoch: epoch)
        return UInt64(list.totalBytes)
    }

    /// Reads the file extents `extents` into the memory `segments` as one array request;
    /// returns the bytes that lie inside the file. Each extent's bytes land at their place in
    /// the segments; the parts past the end of the file read as zeros.
    public func read(_ extents: [FileExtent], into segments: [UnsafeMutableRawBufferPointer]) throws(FileSystemError) -> UInt64 {
        try data.read(try ExtentList(extents), into: segments)
    }

    // MARK: - Size

    /// One past the highest byte written.
    public func size() throws(FileSystemError) -> UInt64 { try data.size() }

    /// The inode as of open with the current size.
    public func stat() throws(FileSystemError) -> FileStatus { try fileSystem.status(of: entry) }

    /// Shrinks (punching everything past `size`) or grows (reading as zeros) the file, then
    /// stamps mtime and ctime on its entry.
    public func truncate(to size: UInt64) throws(FileSystemError) {
        guard access == .readWrite else { throw .badHandle("truncate of \(entry.path), opened read-only") }
        try data.truncate(to: size)
        try fileSystem.touch(entry)
    }

    /// Deallocates a range (see `FileData.punch`): to the end of the file it truncates, inside
    /// the file it leaves a hole that reads as zeros.
    public func punch(_ extent: FileExtent) throws(FileSystemError) {
        guard access == .readWrite else { throw .badHandle("punch of \(entry.path), opened read-only") }
        try data.punch(extent)
        try fileSystem.touch(entry)
    }
}
