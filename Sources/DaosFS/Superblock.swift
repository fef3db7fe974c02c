import DaosObject

/// The namespace's root record, stored at a fixed object ID so `mount` finds it with one fetch
/// (libdfs's superblock): what every file and directory created later defaults to, and where
/// the root directory is. It is written once, by `format`, and never changed.
///
///     offset size field
///     0      8    magic 0xDA05DF50DA05DF50 (libdfs's DFS_SB_MAGIC)
///     8      2    layout version (1)
///     10     2    reserved, zero
///     12     4    default file object class id (daos_oclass_id_t)
///     16     4    directory object class id
///     20     4    reserved, zero
///     24     8    default chunk size in bytes (1…1 GiB)
///     32     16   root directory object ID: lo u64, hi u64
///     48          end
///
/// The superblock object itself (multi-level KV, lo 0, user hi 0) holds two dkeys: `superblock`
/// (akey `sb`: these bytes) and `/` (akey `inode`: the root directory's inode, so the root has
/// an entry like every other directory). The root directory object is lo 0, user hi 1. The
/// container's OID allocator starts at 1, so no allocated ID meets these two.
public struct Superblock: Hashable, Sendable {
    public var defaultFileClass: ObjectClass
    public var directoryClass: ObjectClass
    public var defaultChunkSize: UInt64
    public var root: ObjectID

    public static let magic: UInt64 = 0xDA05_DF50_DA05_DF50
    public static let layoutVersion: UInt16 = 1
    public static let sizeBytes = 48

    public init(defaultFileClass: ObjectClass, directoryClass: ObjectClass, defaultChunkSize: UInt64, root: ObjectID) {
        self.defaultFileClass = defaultFileClass
        self.directoryClass = directoryClass
        self.defaultChunkSize = defaultChunkSize
        self.root = root
    }

    public func encoded() -> [UInt8] {
        precondition((1...FileSystemLimits.chunkBytesMax).contains(defaultChunkSize), "default chunk size \(defaultChunkSize)")
        precondition(root.type == FileKind.directory.objectType, "root \(root) is not a directory object")
        var writer = ByteWriter(capacity: Self.sizeBytes)
        writer.write(Self.magic)
        writer.write(Self.layoutVersion)
        writer.writeZeros(2)
        writer.write(defaultFileClass.id)
        writer.write(directoryClass.id)
        writer.writeZeros(4)
        writer.write(defaultChunkSize)
        writer.write(root.lo)
        writer.write(root.hi)
        precondition(writer.count == Self.sizeBytes, "superblock layout is \(Self.sizeBytes) bytes")
        return writer.bytes
    }

    /// Decodes a stored superblock; every field is checked, nothing traps.
    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) -> Superblock in
                var reader = ByteReader(raw)
                return try Superblock(reading: &reader)
            }
        }
        self = try result.get()
    }

    private init(reading reader: inout ByteReader) throws(DecodeError) {
        // Magic and version first: a different format is named as such, not as a short read.
        let magic: UInt64 = try reader.read()
        guard magic == Self.magic else { throw .invalid(offset: 0, reason: "magic 0x\(String(magic, radix: 16)) is not DaosFS's") }
        let version: UInt16 = try reader.read()
        guard version == Self.layoutVersion else { throw .unsupportedVersion(version) }
        try reader.readZeros(2)
        let fileClass = try Self.readClass(&reader)
        let directoryClass = try Self.readClass(&reader)
        // Directories are listed a page at a time from one member per group: no erasure code.
        guard !directoryClass.redundancy.scheme.isErasure else {
            throw .invalid(offset: 16, reason: "directory class \(directoryClass) is erasure-coded")
        }
        try reader.readZeros(4)
        let chunkAt = reader.offset
        let chunk: UInt64 = try reader.read()
        guard (1...FileSystemLimits.chunkBytesMax).contains(chunk) else {
            throw .invalid(offset: chunkAt, reason: "chunk size \(chunk)")
        }
        let rootAt = reader.offset
        let lo: UInt64 = try reader.read()
        let root = ObjectID(hi: try reader.read(), lo: lo)
        guard root.type == FileKind.directory.objectType, root.objectClass != nil, root.groupCount >= 1 else {
            throw .invalid(offset: rootAt, reason: "root \(root) is not a directory object")
        }
        try reader.expectEnd()
        self.init(defaultFileClass: fileClass, directoryClass: directoryClass, defaultChunkSize: chunk, root: root)
    }

    private static func readClass(_ reader: inout ByteReader) throws(DecodeError) -> ObjectClass {
        let at = reader.offset
        let id: UInt32 = try reader.read()
        guard let oclass = ObjectClass(id: id) else { throw .invalid(offset: at, reason: "unknown object class id \(id)") }
        return oclass
    }
}

extension Redundancy.Scheme {
    var isErasure: Bool {
        if case .erasure = self { true } else { false }
    }
}
