import DaosObject

/// What a directory entry is: a file (a byte array) or a directory (a multi-level KV).
public enum FileKind: UInt32, Sendable, CaseIterable {
    /// POSIX S_IFDIR.
    case directory = 0o040000
    /// POSIX S_IFREG.
    case regular = 0o100000

    /// The S_IFMT bits of a mode.
    static let typeMask: UInt32 = 0o170000

    /// The object type of the object behind an entry of this kind.
    public var objectType: ObjectType {
        switch self {
        case .directory: .multiHashed
        case .regular: .byteArray
        }
    }
}

/// A POSIX mode: the file type bits and the permission bits (0o7777: set-id, sticky, rwx).
public struct FileMode: Hashable, Sendable, CustomStringConvertible {
    public var kind: FileKind
    public var permissions: UInt32

    public static let permissionMask: UInt32 = 0o7777

    public init(kind: FileKind, permissions: UInt32) {
        precondition(permissions & ~Self.permissionMask == 0, "permission bits \(String(permissions, radix: 8)) outside 0o7777")
        self.kind = kind
        self.permissions = permissions
    }

    /// The `st_mode` value.
    public var rawValue: UInt32 { kind.rawValue | permissions }

    /// Decodes `st_mode`; nil for another file type or bits outside S_IFMT | 0o7777.
    public init?(rawValue: UInt32) {
        guard rawValue & ~(FileKind.typeMask | Self.permissionMask) == 0,
              let kind = FileKind(rawValue: rawValue & FileKind.typeMask) else { return nil }
        self.init(kind: kind, permissions: rawValue & Self.permissionMask)
    }

    /// `ls -l` style, e.g. `drwxr-xr-x`.
    public var description: String {
        let letters: [Character] = ["r", "w", "x"]
        var text = kind == .directory ? "d" : "-"
        for bit in 0..<9 {
            text.append(permissions & (0o400 >> UInt32(bit)) != 0 ? letters[bit % 3] : "-")
        }
        return text
    }
}

/// Nanoseconds since the Unix epoch (UTC); a u64 reaches the year 2554.
public struct Timestamp: Hashable, Sendable, Comparable {
    public var nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    public var seconds: UInt64 { nanoseconds / 1_000_000_000 }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.nanoseconds < b.nanoseconds }
}

/// A directory entry's value (libdfs's `struct dfs_entry`): the packed inode stored under the
/// entry's dkey. For a file, the class and chunk size are the file's own; for a directory they
/// are the defaults for files created in it (0 = take the file system's).
///
///     offset size field
///     0      1    format version (1)
///     1      3    reserved, zero
///     4      4    mode: S_IFDIR or S_IFREG | permission bits 0o7777
///     8      16   object ID: lo u64, hi u64
///     24     8    atime, ns since the epoch
///     32     8    mtime
///     40     8    ctime
///     48     8    chunk size in bytes (file: 1…1 GiB; directory: 0 or 1…1 GiB)
///     56     4    object class id, DAOS's daos_oclass_id_t (file: its class; directory: 0 or a class)
///     60     4    uid
///     64     4    gid
///     68          end
public struct Inode: Hashable, Sendable {
    public var mode: FileMode
    public var oid: ObjectID
    public var accessTime: Timestamp
    public var modifyTime: Timestamp
    public var changeTime: Timestamp
    /// File: its chunk size. Directory: the default for new files (0 = inherit).
    public var chunkSize: UInt64
    /// File: its class. Directory: the default for new files (nil = inherit).
    public var objectClass: ObjectClass?
    public var uid: UInt32
    public var gid: UInt32

    public static let formatVersion: UInt8 = 1
    public static let sizeBytes = 68

    public init(mode: FileMode, oid: ObjectID, time: Timestamp, chunkSize: UInt64, objectClass: ObjectClass?,
                uid: UInt32, gid: UInt32) {
        self.mode = mode
        self.oid = oid
        accessTime = time
        modifyTime = time
        changeTime = time
        self.chunkSize = chunkSize
        self.objectClass = objectClass
        self.uid = uid
        self.gid = gid
    }

    public var kind: FileKind { mode.kind }

    public func encoded() -> [UInt8] {
        precondition(oid.type == kind.objectType, "a \(kind) entry names object \(oid)")
        precondition(chunkSize <= FileSystemLimits.chunkBytesMax, "chunk size \(chunkSize) over the limit")
        if kind == .regular {
            precondition(chunkSize >= 1, "a file's inode carries its chunk size")
            precondition(objectClass != nil, "a file's inode carries its object class")
        }
        var writer = ByteWriter(capacity: Self.sizeBytes)
        writer.write(Self.formatVersion)
        writer.writeZeros(3)
        writer.write(mode.rawValue)
        writer.write(oid.lo)
        writer.write(oid.hi)
        writer.write(accessTime.nanoseconds)
        writer.write(modifyTime.nanoseconds)
        writer.write(changeTime.nanoseconds)
        writer.write(chunkSize)
        writer.write(objectClass?.id ?? 0)
        writer.write(uid)
        writer.write(gid)
        precondition(writer.count == Self.sizeBytes, "inode layout is \(Self.sizeBytes) bytes")
        return writer.bytes
    }

    /// Decodes a stored inode; every field is checked, nothing traps.
    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        guard bytes.count >= 1 else { throw .truncated(offset: 0, needed: 1, available: 0) }
        guard bytes[0] == Self.formatVersion else { throw .unsupportedVersion(UInt16(bytes[0])) }
        guard bytes.count == Self.sizeBytes else {
            if bytes.count < Self.sizeBytes {
                throw .truncated(offset: bytes.count, needed: Self.sizeBytes - bytes.count, available: 0)
            }
            throw .invalid(offset: Self.sizeBytes, reason: "\(bytes.count - Self.sizeBytes) bytes after a version 1 inode")
        }
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) -> Inode in
                var reader = ByteReader(raw, offset: 1)
                return try Inode(reading: &reader)
            }
        }
        self = try result.get()
    }

    private init(reading reader: inout ByteReader) throws(DecodeError) {
        try reader.readZeros(3)
        let modeAt = reader.offset
        let rawMode: UInt32 = try reader.read()
        guard let mode = FileMode(rawValue: rawMode) else {
            throw .invalid(offset: modeAt, reason: "mode 0o\(String(rawMode, radix: 8)) is not a directory or regular file")
        }
        let oidAt = reader.offset
        let lo: UInt64 = try reader.read()
        let oid = ObjectID(hi: try reader.read(), lo: lo)
        guard oid.type == mode.kind.objectType, oid.objectClass != nil, oid.groupCount >= 1 else {
            throw .invalid(offset: oidAt, reason: "object ID \(oid) is not a \(mode.kind) object")
        }
        let times = (try reader.read(UInt64.self), try reader.read(UInt64.self), try reader.read(UInt64.self))
        let chunkAt = reader.offset
        let chunkSize: UInt64 = try reader.read()
        let classAt = reader.offset
        let classID: UInt32 = try reader.read()
        let objectClass = ObjectClass(id: classID)
        guard classID == 0 || objectClass != nil else { throw .invalid(offset: classAt, reason: "unknown object class id \(classID)") }
        guard chunkSize <= FileSystemLimits.chunkBytesMax else { throw .invalid(offset: chunkAt, reason: "chunk size \(chunkSize)") }
        if mode.kind == .regular {
            guard chunkSize >= 1 else { throw .invalid(offset: chunkAt, reason: "a file with chunk size 0") }
            guard objectClass != nil else { throw .invalid(offset: classAt, reason: "a file without an object class") }
        }
        self.init(mode: mode, oid: oid, time: Timestamp(nanoseconds: times.0), chunkSize: chunkSize, objectClass: objectClass,
                  uid: try reader.read(), gid: try reader.read())
        modifyTime = Timestamp(nanoseconds: times.1)
        changeTime = Timestamp(nanoseconds: times.2)
        try reader.expectEnd()
    }
}
