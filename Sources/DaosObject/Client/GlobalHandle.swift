/// Connections in a form one process hands to others (DAOS's `local2global` /
/// `global2local`): rank 0 connects and opens, then broadcasts these bytes over MPI so the other
/// ranks skip the service entirely — no connect storm. The bytes carry everything a rank needs
/// to do I/O: the handle cookies the engines check, the pool map for placement, and the
/// container properties that shape objects.
///
///     0   u32  magic "DGH1" (0x31484744)
///     4   u8   kind: 1 pool, 2 container
///     5   …    pool: uuid 16 | label u16+bytes | cookie u64 | mode u8 | map u32+bytes
///     …   …    container only: uuid 16 | label u16+bytes | cookie u64 | mode u8 | type u8 | properties
///     end u32  CRC-32C of everything before it
public struct GlobalPoolHandle: Equatable, Sendable {
    public var pool: WireUUID
    public var label: String
    public var cookie: HandleCookie
    public var mode: AccessMode
    public var map: PoolMap

    public init(pool: WireUUID, label: String, cookie: HandleCookie, mode: AccessMode, map: PoolMap) {
        self.pool = pool
        self.label = label
        self.cookie = cookie
        self.mode = mode
        self.map = map
    }

    public func encoded() -> [UInt8] {
        var writer = GlobalHandleFormat.begin(kind: .pool)
        encode(into: &writer)
        return GlobalHandleFormat.seal(&writer)
    }

    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        self = try GlobalHandleFormat.open(bytes, kind: .pool) { (reader) throws(DecodeError) in
            try GlobalPoolHandle(reading: &reader)
        }
    }

    func encode(into writer: inout ByteWriter) {
        writer.write(pool)
        writer.writeLengthPrefixed(label, as: UInt16.self)
        writer.write(cookie.rawValue)
        writer.write(mode.rawValue)
        writer.writeLengthPrefixed(map.encoded(), as: UInt32.self)
    }

    init(reading reader: inout ByteReader) throws(DecodeError) {
        pool = try reader.readUUID()
        label = try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.labelBytesMax)
        cookie = try reader.readHandle()
        mode = try reader.readEnum(AccessMode.self)
        map = try PoolMap(decoding: try reader.readLengthPrefixedBytes(UInt32.self, limit: GlobalHandleFormat.mapBytesMax))
    }
}

public struct GlobalContainerHandle: Equatable, Sendable {
    public var pool: GlobalPoolHandle
    public var container: WireUUID
    public var label: String
    public var cookie: HandleCookie
    public var mode: AccessMode
    public var type: ContainerType
    public var properties: [ContainerProperty]

    public init(pool: GlobalPoolHandle, container: WireUUID, label: String, cookie: HandleCookie, mode: AccessMode,
                type: ContainerType, properties: [ContainerProperty]) {
        self.pool = pool
        self.container = container
        self.label = label
        self.cookie = cookie
        self.mode = mode
        self.type = type
        self.properties = properties
    }

    public func encoded() -> [UInt8] {
        var writer = GlobalHandleFormat.begin(kind: .container)
        pool.encode(into: &writer)
        writer.write(container)
        writer.writeLengthPrefixed(label, as: UInt16.self)
        writer.write(cookie.rawValue)
        writer.write(mode.rawValue)
        writer.write(type.rawValue)
        writer.writeProperties(properties)
        return GlobalHandleFormat.seal(&writer)
    }

    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        self = try GlobalHandleFormat.open(bytes, kind: .container) { (reader) throws(DecodeError) in
            let pool = try GlobalPoolHandle(reading: &reader)
            return GlobalContainerHandle(
                pool: pool, container: try reader.readUUID(),
                label: try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.labelBytesMax),
                cookie: try reader.readHandle(), mode: try reader.readEnum(AccessMode.self),
                type: try reader.readEnum(ContainerType.self), properties: try reader.readContainerProperties())
        }
    }
}

enum GlobalHandleFormat {
    enum Kind: UInt8 { case pool = 1, container = 2 }

    static let magic: UInt32 = 0x3148_4744
    static let mapBytesMax = 64 << 20

    static func begin(kind: Kind) -> ByteWriter {
        var writer = ByteWriter(capacity: 1024)
        writer.write(magic)
        writer.write(kind.rawValue)
        return writer
    }

    static func seal(_ writer: inout ByteWriter) -> [UInt8] {
        let crc = writer.bytes.withUnsafeBytes { CRC.crc32c($0) }
        writer.write(crc)
        return writer.bytes
    }

    /// Checks size, checksum, magic and kind, then decodes the body and refuses leftovers.
    static func open<T>(_ bytes: [UInt8], kind: Kind, _ body: (inout ByteReader) throws(DecodeError) -> T)
        throws(DecodeError) -> T {
        guard bytes.count >= 9 else { throw .truncated(offset: 0, needed: 9, available: bytes.count) }
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) -> T in
                let content = UnsafeRawBufferPointer(rebasing: raw[..<(raw.count - 4)])
                let stored = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 4, as: UInt32.self))
                var reader = ByteReader(content)
                let found: UInt32 = try reader.read()
                guard found == magic else { throw .badMagic(found: found) }
                let computed = CRC.crc32c(content)
                guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
                let at = reader.offset
                guard try reader.read(UInt8.self) == kind.rawValue else {
                    throw .invalid(offset: at, reason: "not a \(kind) handle")
                }
                let value = try body(&reader)
                try reader.expectEnd()
                return value
            }
        }
        return try result.get()
    }
}
