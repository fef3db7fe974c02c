import DaosObject

/// Handles in a form one process hands to others (libdfs's `dfs_local2global` /
/// `dfs_obj_local2global`): MPI rank 0 mounts and opens, then broadcasts these bytes so the
/// other ranks skip the pool and container service and the path walk.
///
///     offset size field
///     0      4    magic "DFSH" (0x48534644)
///     4      1    kind: 1 file system, 2 file
///     5      1    format version (1)
///     6      2    reserved, zero
///     8      …    body
///     end    4    CRC-32C of everything before it
///
///     file system: u32 length + container handle (`GlobalContainerHandle`, which carries the
///                  pool's) | 48 superblock | 68 root inode
///     file:        16 container UUID (high u64, low u64) | 16 parent object ID (lo u64, hi u64)
///                  | u8 access | 3 reserved, zero | 68 inode | u16 length + path (UTF-8)
///
/// A file's bytes are about 130 plus its path; a file system's are dominated by the pool map.
enum SerializedHandle {
    enum Kind: UInt8 {
        case fileSystem = 1
        case file = 2
    }

    static let magic: UInt32 = 0x4853_4644
    static let formatVersion: UInt8 = 1
    static let containerHandleBytesMax = 64 << 20
    static let headerBytes = 8
    static let checksumBytes = 4

    static func begin(_ kind: Kind) -> ByteWriter {
        var writer = ByteWriter(capacity: 256)
        writer.write(magic)
        writer.write(kind.rawValue)
        writer.write(formatVersion)
        writer.writeZeros(2)
        return writer
    }

    static func seal(_ writer: inout ByteWriter) -> [UInt8] {
        writer.write(CRC.crc32c(writer.bytes))
        return writer.bytes
    }

    /// Checks magic, version, kind and checksum, decodes the body and refuses leftovers.
    static func open<T>(_ bytes: [UInt8], as kind: Kind, _ body: (inout ByteReader) throws(DecodeError) -> T)
        throws(DecodeError) -> T {
        let minimum = headerBytes + checksumBytes
        guard bytes.count >= minimum else { throw .truncated(offset: bytes.count, needed: minimum - bytes.count, available: 0) }
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) -> T in
                let content = UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - checksumBytes)])
                var reader = ByteReader(content)
                let found: UInt32 = try reader.read()
                guard found == magic else { throw .badMagic(found: found) }
                let kindAt = reader.offset
                let foundKind: UInt8 = try reader.read()
                let version: UInt8 = try reader.read()
                guard version == formatVersion else { throw .unsupportedVersion(UInt16(version)) }
                guard foundKind == kind.rawValue else { throw .invalid(offset: kindAt, reason: "not a serialized \(kind) handle") }
                try reader.readZeros(2)
                let stored = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - checksumBytes, as: UInt32.self))
                let computed = CRC.crc32c(content)
                guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
                let value = try body(&reader)
                try reader.expectEnd()
                return value
            }
        }
        return try result.get()
    }

    static func readInode(_ reader: inout ByteReader) throws(DecodeError) -> Inode {
        try Inode(decoding: try reader.readBytes(Inode.sizeBytes))
    }

    static func readObjectID(_ reader: inout ByteReader) throws(DecodeError) -> ObjectID {
        let lo: UInt64 = try reader.read()
        return ObjectID(hi: try reader.read(), lo: lo)
    }
}

/// The body of a serialized file system handle.
struct SerializedFileSystem: Equatable {
    /// `ContainerConnection.global()`: the container handle with its pool's inside.
    var containerHandle: [UInt8]
    var superblock: Superblock
    var root: Inode

    func encoded() -> [UInt8] {
        var writer = SerializedHandle.begin(.fileSystem)
        writer.writeLengthPrefixed(containerHandle, as: UInt32.self)
        writer.write(superblock.encoded())
        writer.write(root.encoded())
        return SerializedHandle.seal(&writer)
    }

    init(containerHandle: [UInt8], superblock: Superblock, root: Inode) {
        self.containerHandle = containerHandle
        self.superblock = superblock
        self.root = root
    }

    init(decoding bytes: [UInt8]) throws(DecodeError) {
        self = try SerializedHandle.open(bytes, as: .fileSystem) { (reader) throws(DecodeError) in
            let container = try reader.readLengthPrefixedBytes(UInt32.self, limit: SerializedHandle.containerHandleBytesMax)
            let superblock = try Superblock(decoding: try reader.readBytes(Superblock.sizeBytes))
            let rootAt = reader.offset
            let root = try SerializedHandle.readInode(&reader)
            guard root.kind == .directory, root.oid == superblock.root else {
                throw .invalid(offset: rootAt, reason: "the root inode does not match the superblock")
            }
            return SerializedFileSystem(containerHandle: container, superblock: superblock, root: root)
        }
    }
}

/// The body of a serialized file handle.
struct SerializedFile: Equatable {
    var container: WireUUID
    var parent: ObjectID
    var access: FileAccess
    var inode: Inode
    /// The normalised path the file was opened by (its last name is the entry's dkey).
    var path: String

    func encoded() -> [UInt8] {
        var writer = SerializedHandle.begin(.file)
        writer.write(container.high)
        writer.write(container.low)
        writer.write(parent.lo)
        writer.write(parent.hi)
        writer.write(access.rawValue)
        writer.writeZeros(3)
        writer.write(inode.encoded())
        writer.writeLengthPrefixed(path, as: UInt16.self)
        return SerializedHandle.seal(&writer)
    }

    init(container: WireUUID, parent: ObjectID, access: FileAccess, inode: Inode, path: String) {
        precondition(inode.kind == .regular, "a file handle on a \(inode.kind)")
        precondition(path.utf8.count <= FileSystemLimits.pathBytesMax, "path longer than PATH_MAX")
        self.container = container
        self.parent = parent
        self.access = access
        self.inode = inode
        self.path = path
    }

    init(decoding bytes: [UInt8]) throws(DecodeError) {
        self = try SerializedHandle.open(bytes, as: .file) { (reader) throws(DecodeError) in
            let high: UInt64 = try reader.read()
            let container = WireUUID(high: high, low: try reader.read())
            let parent = try SerializedHandle.readObjectID(&reader)
            let access = try reader.readEnum(FileAccess.self)
            try reader.readZeros(3)
            let inodeAt = reader.offset
            let inode = try SerializedHandle.readInode(&reader)
            guard inode.kind == .regular else { throw .invalid(offset: inodeAt, reason: "the inode is not a file's") }
            let path = try reader.readLengthPrefixedString(UInt16.self, limit: FileSystemLimits.pathBytesMax)
            return SerializedFile(container: container, parent: parent, access: access, inode: inode, path: path)
        }
    }
}

// MARK: - File system

extension DaosFileSystem {
    /// The bytes another process passes to `init(serialized:system:options:)` to use this
    /// mount without connecting, opening or reading the superblock.
    public func serialized() -> [UInt8] {
        SerializedFileSystem(containerHandle: container.global(), superblock: superblock, root: rootInode).encoded()
    }

    /// Mounts from the bytes of `serialized()` (DAOS's global2local): no RPC. The pool and
    /// container handles are the serializing process's; they stay valid while it keeps them open.
    public convenience init(serialized bytes: [UInt8], system: DaosSystem, options: MountOptions = MountOptions())
        throws(FileSystemError) {
        let decoded: SerializedFileSystem
        do throws(DecodeError) { decoded = try SerializedFileSystem(decoding: bytes) } catch {
            throw .invalidArgument("serialized file system handle: \(error)")
        }
        let container = try client("adoption of a serialized container handle") { () throws(ClientError) in
            let global: GlobalContainerHandle
            do throws(DecodeError) { global = try GlobalContainerHandle(decoding: decoded.containerHandle) } catch {
                throw .invalidArgument("container handle bytes: \(error)")
            }
            let pool = try PoolConnection(system: system, global: global.pool.encoded())
            return try ContainerConnection(pool: pool, global: decoded.containerHandle)
        }
        let io = try client("adoption of a serialized container handle") { () throws(ClientError) in
            try ObjectIO(container: container)
        }
        try self.init(container: container, io: io, superblock: decoded.superblock, rootInode: decoded.root, options: options)
    }

    /// Opens a file from the bytes of `DaosFile.serialized()` (made by any process that mounted
    /// this container): no RPC. A read-write handle on a read-only mount is refused.
    public func open(serialized bytes: [UInt8]) throws(FileSystemError) -> DaosFile {
        let decoded: SerializedFile
        do throws(DecodeError) { decoded = try SerializedFile(decoding: bytes) } catch {
            throw .invalidArgument("serialized file handle: \(error)")
        }
        guard decoded.container == container.uuid else {
            throw .invalidArgument("serialized file handle belongs to container \(decoded.container), not \(container.uuid)")
        }
        let path = try FilePath(decoded.path)
        guard let name = path.name else { throw .invalidArgument("serialized file handle names the root directory") }
        if decoded.access == .readWrite { try requireWritable("open \(path) for writing") }
        let entry = DirectoryEntry(path: path, parent: decoded.parent, name: name, inode: decoded.inode)
        return try DaosFile(fileSystem: self, entry: entry, access: decoded.access)
    }
}

// MARK: - File

extension DaosFile {
    /// The bytes `DaosFileSystem.open(serialized:)` turns back into this handle in any process
    /// that mounted the same container.
    public func serialized() -> [UInt8] {
        SerializedFile(container: fileSystem.container.uuid, parent: entry.parent, access: access, inode: entry.inode,
                       path: entry.path.description).encoded()
    }
}
