/// Pool query, map fetch and target state changes (opcodes 0x0106–0x010A).

/// `poolQuery` request. An empty name means the pool of the header's pool handle.
///
///     0  2  name length N (0…127) | N bytes
public struct PoolQueryRequest: WireMessage, Hashable {
    public var name: String

    public init(name: String = "") {
        precondition(name.utf8.count <= WireLimits.nameBytesMax, "pool name too long")
        self.name = name
    }

    public func encode(into writer: inout ByteWriter) { writer.writeLengthPrefixed(name, as: UInt16.self) }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        name = try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.nameBytesMax)
    }
}

/// Space of one storage tier (0 = SCM, 1 = NVMe), over the pool's targets.
///
///     0  8  total bytes | 8 free bytes (≤ total) | 8 free on the emptiest target | 8 on the fullest
public struct TierSpace: Hashable, Sendable {
    public var totalBytes: UInt64
    public var freeBytes: UInt64
    public var freeMaxBytes: UInt64
    public var freeMinBytes: UInt64

    public init(totalBytes: UInt64, freeBytes: UInt64, freeMaxBytes: UInt64, freeMinBytes: UInt64) {
        self.totalBytes = totalBytes
        self.freeBytes = freeBytes
        self.freeMaxBytes = freeMaxBytes
        self.freeMinBytes = freeMinBytes
    }
}

/// Rebuild progress as `daos pool query` prints it ("Rebuild idle, 0 objs, 0 recs").
public enum RebuildState: UInt8, Sendable, CaseIterable {
    case idle = 0, busy, done, failed
}

/// `poolQuery` reply.
///
///     0   16  pool UUID
///     16  2   label length N (0…127) | N bytes
///     …   4   map version | 4 leader rank | 4 targets total | 4 targets disabled | 4 handles open
///     …   1   tier count T (≤ 2) | T × `TierSpace` (32 bytes)
///     …   1   rebuild state | 4 rebuild status (`WireStatus`) | 8 objects | 8 records
public struct PoolQueryReply: WireMessage, Hashable {
    public var uuid: WireUUID
    public var label: String
    public var mapVersion: UInt32
    public var leaderRank: UInt32
    public var targetsTotal: UInt32
    public var targetsDisabled: UInt32
    public var handlesOpen: UInt32
    public var tiers: [TierSpace]
    public var rebuildState: RebuildState
    public var rebuildStatus: WireStatus
    public var rebuildObjects: UInt64
    public var rebuildRecords: UInt64

    public init(
        uuid: WireUUID, label: String, mapVersion: UInt32, leaderRank: UInt32, targetsTotal: UInt32,
        targetsDisabled: UInt32, handlesOpen: UInt32, tiers: [TierSpace], rebuildState: RebuildState = .idle,
        rebuildStatus: WireStatus = .success, rebuildObjects: UInt64 = 0, rebuildRecords: UInt64 = 0
    ) {
        self.uuid = uuid
        self.label = label
        self.mapVersion = mapVersion
        self.leaderRank = leaderRank
        self.targetsTotal = targetsTotal
        self.targetsDisabled = targetsDisabled
        self.handlesOpen = handlesOpen
        self.tiers = tiers
        self.rebuildState = rebuildState
        self.rebuildStatus = rebuildStatus
        self.rebuildObjects = rebuildObjects
        self.rebuildRecords = rebuildRecords
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(uuid)
        writer.writeLengthPrefixed(label, as: UInt16.self)
        for field in [mapVersion, leaderRank, targetsTotal, targetsDisabled, handlesOpen] { writer.write(field) }
        writer.writeCount(tiers.count, as: UInt8.self, limit: WireLimits.tiersMax)
        for tier in tiers {
            for field in [tier.totalBytes, tier.freeBytes, tier.freeMaxBytes, tier.freeMinBytes] { writer.write(field) }
        }
        writer.write(rebuildState.rawValue)
        writer.write(rebuildStatus.rawValue)
        writer.write(rebuildObjects)
        writer.write(rebuildRecords)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        uuid = try reader.readUUID()
        label = try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.labelBytesMax)
        mapVersion = try reader.read()
        leaderRank = try reader.read()
        targetsTotal = try reader.read()
        targetsDisabled = try reader.read()
        handlesOpen = try reader.read()
        let count = try reader.readCount(UInt8.self, minimumElementSize: 32, limit: WireLimits.tiersMax)
        tiers = []
        for _ in 0..<count {
            let at = reader.offset
            let tier = TierSpace(totalBytes: try reader.read(), freeBytes: try reader.read(),
                                 freeMaxBytes: try reader.read(), freeMinBytes: try reader.read())
            guard tier.freeBytes <= tier.totalBytes else { throw .invalid(offset: at, reason: "free space exceeds total") }
            tiers.append(tier)
        }
        rebuildState = try reader.readEnum(RebuildState.self)
        rebuildStatus = WireStatus(rawValue: try reader.read())
        rebuildObjects = try reader.read()
        rebuildRecords = try reader.read()
    }
}

/// `poolMapFetch` request: the client's map version, and where to push a map too big to
/// travel inline (without one, a big map is answered `viaBulk` with its size only).
///
///     0  4  the client's map version
///     4  1  0 = no bulk, 1 = `BulkDescriptor` follows
public struct PoolMapFetchRequest: WireMessage, Hashable {
    public var knownVersion: UInt32
    public var bulk: BulkDescriptor?

    public init(knownVersion: UInt32, bulk: BulkDescriptor? = nil) {
        self.knownVersion = knownVersion
        self.bulk = bulk
    }

    public var bulkDescriptor: BulkDescriptor? { bulk }

    public func encode(into writer: inout ByteWriter) {
        writer.write(knownVersion)
        writer.write(bulk != nil)
        bulk?.encode(into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        knownVersion = try reader.read()
        bulk = try reader.readBool() ? try BulkDescriptor(decoding: &reader) : nil
    }
}

/// `poolMapFetch` reply: `viaBulk` means the map was pushed into the request's window.
///
///     0  4  map version
///     4  …  `PoolMapTransfer`
public struct PoolMapFetchReply: WireMessage, Hashable {
    public var mapVersion: UInt32
    public var map: PoolMapTransfer

    public init(mapVersion: UInt32, map: PoolMapTransfer) {
        self.mapVersion = mapVersion
        self.map = map
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(mapVersion)
        map.encode(into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        mapVersion = try reader.read()
        map = try PoolMapTransfer(decoding: &reader, version: mapVersion)
    }
}

/// `poolExclude`, `poolReintegrate` and `poolDrain` request (the opcode says which).
///
///     0  2  name length N (1…127) | N bytes
///     …  4  rank
///     …  2  target index count C (≤ 256; 0 = every target of the rank) | C×4 indices
public struct PoolTargetsRequest: WireMessage, Hashable {
    public var name: String
    public var rank: UInt32
    public var targetIndices: [UInt32]

    public init(name: String, rank: UInt32, targetIndices: [UInt32] = []) {
        self.name = name
        self.rank = rank
        self.targetIndices = targetIndices
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeText(name, limit: WireLimits.nameBytesMax)
        writer.write(rank)
        precondition(targetIndices.count <= WireLimits.targetIndicesMax, "too many target indices")
        writer.writeRanks(targetIndices)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        name = try reader.readText(limit: WireLimits.nameBytesMax)
        rank = try reader.read()
        targetIndices = try reader.readRanks(limit: WireLimits.targetIndicesMax)
    }
}

/// Reply to exclude / reintegrate / drain: the map version that holds the change.
///
///     0  4  map version
public struct PoolTargetsReply: WireMessage, Hashable {
    public var mapVersion: UInt32
    public init(mapVersion: UInt32) { self.mapVersion = mapVersion }
    public func encode(into writer: inout ByteWriter) { writer.write(mapVersion) }
    public init(decoding reader: inout ByteReader) throws(DecodeError) { mapVersion = try reader.read() }
}
