/// Pool service messages (opcodes 0x01xx), served by the engine's service thread. Pools are
/// named by label or UUID text in the same field ("name"); the service resolves either.

/// How a pool or container handle may be used (DAOS_PC_* / DAOS_COO_* numbers).
public enum AccessMode: UInt8, Sendable, CaseIterable {
    case readOnly = 1
    case readWrite = 2
    case exclusive = 4
}

/// `poolCreate` request.
///
///     0  2  label length N (1…127)
///     2  N  label, UTF-8
///     …  8  size in bytes, split evenly over the pool's targets
///     …  4  rank count (0 = every engine)
///     …  …  pool properties
public struct PoolCreateRequest: WireMessage, Hashable {
    public var label: String
    public var sizeBytes: UInt64
    public var rankCount: UInt32
    public var properties: [PoolProperty]

    public init(label: String, sizeBytes: UInt64, rankCount: UInt32 = 0, properties: [PoolProperty] = []) {
        self.label = label
        self.sizeBytes = sizeBytes
        self.rankCount = rankCount
        self.properties = properties
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeText(label, limit: WireLimits.labelBytesMax)
        writer.write(sizeBytes)
        writer.write(rankCount)
        writer.writeProperties(properties)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        label = try reader.readText(limit: WireLimits.labelBytesMax)
        sizeBytes = try reader.read()
        rankCount = try reader.read()
        properties = try reader.readPoolProperties()
    }
}

/// `poolCreate` reply.
///
///     0   16    pool UUID
///     16  2     service rank count S (≤ 1024)
///     18  S×4   service ranks
///     …   2     storage rank count R (≤ 1024)
///     …   R×4   storage ranks
///     …   8     total size in bytes
public struct PoolCreateReply: WireMessage, Hashable {
    public var uuid: WireUUID
    public var serviceRanks: [UInt32]
    public var storageRanks: [UInt32]
    public var totalBytes: UInt64

    public init(uuid: WireUUID, serviceRanks: [UInt32], storageRanks: [UInt32], totalBytes: UInt64) {
        self.uuid = uuid
        self.serviceRanks = serviceRanks
        self.storageRanks = storageRanks
        self.totalBytes = totalBytes
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(uuid)
        writer.writeRanks(serviceRanks)
        writer.writeRanks(storageRanks)
        writer.write(totalBytes)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        uuid = try reader.readUUID()
        serviceRanks = try reader.readRanks()
        storageRanks = try reader.readRanks()
        totalBytes = try reader.read()
    }
}

/// `poolDestroy` request; refused with `busy` while handles are open unless forced.
///
///     0  2  name length N (1…127): label or UUID text
///     2  N  name
///     …  1  force (0/1)
public struct PoolDestroyRequest: WireMessage, Hashable {
    public var name: String
    public var force: Bool

    public init(name: String, force: Bool = false) {
        self.name = name
        self.force = force
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeText(name, limit: WireLimits.nameBytesMax)
        writer.write(force)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        name = try reader.readText(limit: WireLimits.nameBytesMax)
        force = try reader.readBool()
    }
}

/// One pool in a `poolList` reply.
///
///     0   16  UUID
///     16  2   label length N (0…127) | N bytes
///     …   8   total bytes | 8 free bytes | 4 targets total | 4 targets disabled
public struct PoolSummary: Hashable, Sendable {
    public var uuid: WireUUID
    public var label: String
    public var totalBytes: UInt64
    public var freeBytes: UInt64
    public var targetsTotal: UInt32
    public var targetsDisabled: UInt32

    public init(uuid: WireUUID, label: String, totalBytes: UInt64, freeBytes: UInt64,
                targetsTotal: UInt32, targetsDisabled: UInt32) {
        self.uuid = uuid
        self.label = label
        self.totalBytes = totalBytes
        self.freeBytes = freeBytes
        self.targetsTotal = targetsTotal
        self.targetsDisabled = targetsDisabled
    }

    static let encodedBytesMin = 16 + 2 + 24
}

/// `poolList` reply (the request is a `ListPageRequest`).
///
///     0  2  entry count (≤ 1024), then the `PoolSummary` entries
///     …  …  next anchor: 0 = complete, or 1 + anchor
public struct PoolListReply: WireMessage, Hashable {
    public var pools: [PoolSummary]
    public var next: ListAnchor?

    public init(pools: [PoolSummary], next: ListAnchor? = nil) {
        self.pools = pools
        self.next = next
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeCount(pools.count, as: UInt16.self, limit: WireLimits.listEntriesMax)
        for pool in pools {
            writer.write(pool.uuid)
            writer.writeLengthPrefixed(pool.label, as: UInt16.self)
            writer.write(pool.totalBytes)
            writer.write(pool.freeBytes)
            writer.write(pool.targetsTotal)
            writer.write(pool.targetsDisabled)
        }
        ListAnchor.encodeNext(next, into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(
            UInt16.self, minimumElementSize: PoolSummary.encodedBytesMin, limit: WireLimits.listEntriesMax)
        pools = []
        pools.reserveCapacity(count)
        for _ in 0..<count {
            pools.append(PoolSummary(
                uuid: try reader.readUUID(),
                label: try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.labelBytesMax),
                totalBytes: try reader.read(), freeBytes: try reader.read(),
                targetsTotal: try reader.read(), targetsDisabled: try reader.read()))
        }
        next = try ListAnchor.decodeNext(&reader)
    }
}

/// `poolConnect` request. The handle UUID is the client's (DAOS style), so a retried connect
/// is recognised rather than leaking a second handle.
///
///     0   2   name length N (1…127): label or UUID text | N bytes
///     …   1   access mode (1 RO, 2 RW, 4 EX)
///     …   16  handle UUID
public struct PoolConnectRequest: WireMessage, Hashable {
    public var name: String
    public var access: AccessMode
    public var handleUUID: WireUUID

    public init(name: String, access: AccessMode, handleUUID: WireUUID) {
        self.name = name
        self.access = access
        self.handleUUID = handleUUID
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeText(name, limit: WireLimits.nameBytesMax)
        writer.write(access.rawValue)
        writer.write(handleUUID)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        name = try reader.readText(limit: WireLimits.nameBytesMax)
        access = try reader.readEnum(AccessMode.self)
        handleUUID = try reader.readUUID()
    }
}

/// A pool map in a reply: inline when its encoding fits, otherwise only its size, and the
/// client fetches (or has been pushed) the bytes by RMA.
///
///     0  1  kind: 1 inline, 2 via bulk
///     inline:    1  4  length N | N bytes: `PoolMap.encoded()` (validated on decode)
///     via bulk:  1  4  encoded map size in bytes
public enum PoolMapTransfer: Hashable, Sendable {
    case inline(PoolMap)
    case viaBulk(byteCount: UInt32)

    /// Inline when the encoded map fits the payload next to `otherPayloadBytes` of the reply's
    /// other fields, otherwise `viaBulk` with its size (the service then pushes
    /// `map.encoded()` into the client's window, or the client fetches it with one).
    public static func fitting(_ map: PoolMap, otherPayloadBytes: Int) -> PoolMapTransfer {
        let mapBytes = map.encoded().count
        if otherPayloadBytes + 5 + mapBytes <= WireLimits.inlinePayloadBytesMax { return .inline(map) }
        return .viaBulk(byteCount: UInt32(mapBytes))
    }

    /// Bytes of a `PoolConnectReply` before its map transfer (cookie, UUID, version).
    public static let connectReplyOtherBytes = 28
    /// Bytes of a `PoolMapFetchReply` before its map transfer (version).
    public static let fetchReplyOtherBytes = 4

    func encode(into writer: inout ByteWriter) {
        switch self {
        case .inline(let map):
            writer.write(UInt8(1))
            writer.writeLengthPrefixed(map.encoded(), as: UInt32.self)
        case .viaBulk(let byteCount):
            writer.write(UInt8(2))
            writer.write(byteCount)
        }
    }

    init(decoding reader: inout ByteReader, version: UInt32) throws(DecodeError) {
        let at = reader.offset
        switch try reader.read(UInt8.self) {
        case 1:
            let length = try reader.readCount(UInt32.self, minimumElementSize: 1, limit: WireLimits.inlinePayloadBytesMax)
            let map = try PoolMap(decoding: try reader.readSlice(length))
            guard map.version == version else {
                throw .invalid(offset: at, reason: "inline map version \(map.version) != reply version \(version)")
            }
            self = .inline(map)
        case 2: self = .viaBulk(byteCount: try reader.read())
        case let kind: throw .invalid(offset: at, reason: "unknown pool map transfer kind \(kind)")
        }
    }
}

/// `poolConnect` reply.
///
///     0   8   pool handle cookie (non-zero)
///     8   16  pool UUID
///     24  4   pool map version
///     28  …   `PoolMapTransfer` (an inline map must have that version)
public struct PoolConnectReply: WireMessage, Hashable {
    public var handle: HandleCookie
    public var poolUUID: WireUUID
    public var mapVersion: UInt32
    public var map: PoolMapTransfer

    public init(handle: HandleCookie, poolUUID: WireUUID, mapVersion: UInt32, map: PoolMapTransfer) {
        self.handle = handle
        self.poolUUID = poolUUID
        self.mapVersion = mapVersion
        self.map = map
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(handle.rawValue)
        writer.write(poolUUID)
        writer.write(mapVersion)
        map.encode(into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        handle = try reader.readHandle()
        poolUUID = try reader.readUUID()
        mapVersion = try reader.read()
        map = try PoolMapTransfer(decoding: &reader, version: mapVersion)
    }
}

// MARK: - Shared pieces

extension ByteWriter {
    mutating func writeRanks(_ ranks: [UInt32]) {
        writeCount(ranks.count, as: UInt16.self, limit: WireLimits.ranksMax)
        for rank in ranks { write(rank) }
    }
}

extension ByteReader {
    mutating func readRanks(limit: Int = WireLimits.ranksMax) throws(DecodeError) -> [UInt32] {
        let count = try readCount(UInt16.self, minimumElementSize: 4, limit: limit)
        var ranks: [UInt32] = []
        ranks.reserveCapacity(count)
        for _ in 0..<count { ranks.append(try read()) }
        return ranks
    }

    /// A handle cookie a service issued: never zero.
    mutating func readHandle() throws(DecodeError) -> HandleCookie {
        let at = offset
        let cookie = HandleCookie(try read(UInt64.self))
        guard cookie != .none else { throw .invalid(offset: at, reason: "zero handle cookie") }
        return cookie
    }
}
