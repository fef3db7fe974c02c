#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DaosObject

/// Who the caller is and what time it is, for a mounted file system. Both are injected so tests
/// can act as another user and pin times; the defaults are the process's credentials and the
/// real-time clock.
public struct MountOptions: Sendable {
    /// Owner of what this mount creates, and the identity permission checks use (0 = root,
    /// which passes every check, as in POSIX).
    public var uid: UInt32
    public var gid: UInt32
    /// Source of atime/mtime/ctime.
    public var clock: @Sendable () -> Timestamp

    public init(uid: UInt32 = getuid(), gid: UInt32 = getgid(), clock: @escaping @Sendable () -> Timestamp = Timestamp.now) {
        self.uid = uid
        self.gid = gid
        self.clock = clock
    }
}

/// What `format` writes into the superblock. Each field left nil comes from the container's
/// properties (`oclass`, `dir_oclass`, `chunk_size`), else from DAOS's defaults for the
/// container's `rd_fac` and the pool's fault domains (1 MiB chunks).
public struct FormatOptions: Sendable {
    public var defaultFileClass: ObjectClass?
    /// Class of every directory object; erasure codes are refused (directories are KV objects
    /// listed page by page from one member per group).
    public var directoryClass: ObjectClass?
    public var defaultChunkSize: UInt64?
    /// Permission bits of the root directory.
    public var rootPermissions: UInt32

    public init(defaultFileClass: ObjectClass? = nil, directoryClass: ObjectClass? = nil, defaultChunkSize: UInt64? = nil,
                rootPermissions: UInt32 = 0o755) {
        self.defaultFileClass = defaultFileClass
        self.directoryClass = directoryClass
        self.defaultChunkSize = defaultChunkSize
        self.rootPermissions = rootPermissions
    }
}

extension Timestamp {
    /// The real-time clock (CLOCK_REALTIME).
    @Sendable public static func now() -> Timestamp {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Timestamp(nanoseconds: UInt64(max(0, time.tv_sec)) * 1_000_000_000 + UInt64(max(0, time.tv_nsec)))
    }
}
