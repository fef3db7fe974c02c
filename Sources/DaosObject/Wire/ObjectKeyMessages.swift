/// Object punch, listing and max queries (opcodes 0x0303–0x0307), sent to the target that owns
/// the shard, with the container handle and epoch in the header.

/// What a punch removes, from the whole object down to array records (the VOS's punch levels).
///
///     0  1  kind: 1 object, 2 dkeys, 3 akeys, 4 extents
///     dkeys:    1  4  key count K (1…1024) | K dkeys
///     akeys:    1  …  dkey | 4 key count K (1…1024) | K akeys
///     extents:  1  …  dkey | akey | 4 extent count E (1…4096) | E × `WireExtent`
public enum PunchScope: Hashable, Sendable {
    case object
    case dkeys([WireKey])
    case akeys(dkey: WireKey, akeys: [WireKey])
    case extents(dkey: WireKey, akey: WireKey, extents: [WireExtent])

    func encode(into writer: inout ByteWriter) {
        switch self {
        case .object:
            writer.write(UInt8(1))
        case .dkeys(let keys):
            precondition(!keys.isEmpty, "punch of no dkeys")
            writer.write(UInt8(2))
            writer.writeKeys(keys, limit: WireLimits.punchKeysMax)
        case .akeys(let dkey, let akeys):
            precondition(!akeys.isEmpty, "punch of no akeys")
            writer.write(UInt8(3))
            dkey.encode(into: &writer)
            writer.writeKeys(akeys, limit: WireLimits.punchKeysMax)
        case .extents(let dkey, let akey, let extents):
            precondition(!extents.isEmpty, "punch of no extents")
            writer.write(UInt8(4))
            dkey.encode(into: &writer)
            akey.encode(into: &writer)
            writer.writeExtents(extents, limit: WireLimits.extentsPerIODMax)
        }
    }

    init(decoding reader: inout ByteReader) throws(DecodeError) {
        let at = reader.offset
        switch try reader.read(UInt8.self) {
        case 1: self = .object
        case 2: self = .dkeys(try reader.readKeys(limit: WireLimits.punchKeysMax))
        case 3:
            let dkey = try WireKey(decoding: &reader)
            self = .akeys(dkey: dkey, akeys: try reader.readKeys(limit: WireLimits.punchKeysMax))
        case 4:
            let dkey = try WireKey(decoding: &reader)
            let akey = try WireKey(decoding: &reader)
            self = .extents(dkey: dkey, akey: akey, extents: try reader.readExtents(limit: WireLimits.extentsPerIODMax))
        case let kind: throw .invalid(offset: at, reason: "unknown punch kind \(kind)")
        }
        switch self {
        case .object: break
        case .dkeys(let keys), .akeys(_, let keys):
            guard !keys.isEmpty else { throw .invalid(offset: at, reason: "punch of no keys") }
        case .extents(_, _, let extents):
            guard !extents.isEmpty else { throw .invalid(offset: at, reason: "punch of no extents") }
        }
    }
}

/// `objectPunch` request; the reply is an `EpochReply`.
///
///     0   16  object ID (lo, hi)
///     16  4   shard
///     20  …   `PunchScope`
public struct ObjectPunchRequest: WireMessage, Hashable {
    public var oid: ObjectID
    public var shard: UInt32
    public var scope: PunchScope

    public init(oid: ObjectID, shard: UInt32, scope: PunchScope) {
        self.oid = oid
        self.shard = shard
        self.scope = scope
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(oid)
        writer.write(shard)
        scope.encode(into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        oid = try reader.readObjectID()
        shard = try reader.read()
        scope = try PunchScope(decoding: &reader)
    }
}

/// `dkeyList` request.
///
///     0   16  object ID (lo, hi) | 4 shard
///     20  4   most keys wanted (1…65536) | anchor
public struct DkeyListRequest: WireMessage, Hashable {
    public var oid: ObjectID
    public var shard: UInt32
    public var countMax: UInt32
    public var anchor: ListAnchor

    public init(oid: ObjectID, shard: UInt32, countMax: UInt32, anchor: ListAnchor = .start) {
        self.oid = oid
        self.shard = shard
        self.countMax = countMax
        self.anchor = anchor
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(oid)
        writer.write(shard)
        writer.write(countMax)
        anchor.encode(into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        oid = try reader.readObjectID()
        shard = try reader.read()
        countMax = try reader.readListCountMax()
        anchor = try ListAnchor(decoding: &reader)
    }
}

/// `akeyList` request: the akeys under one dkey.
///
///     0   16  object ID (lo, hi) | 4 shard
///     20  …   dkey | 4 most keys wanted (1…65536) | anchor
public struct AkeyListRequest: WireMessage, Hashable {
    public var oid: ObjectID
    public var shard: UInt32
    public var dkey: WireKey
    public var countMax: UInt32
    public var anchor: ListAnchor

    public init(oid: ObjectID, shard: UInt32, dkey: WireKey, countMax: UInt32, anchor: ListAnchor = .start) {
        self.oid = oid
        self.shard = shard
        self.dkey = dkey
        self.countMax = countMax
        self.anchor = anchor
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(oid)
        writer.write(shard)
        dkey.encode(into: &writer)
        writer.write(countMax)
        anchor.encode(into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        oid = try reader.readObjectID()
        shard = try reader.read()
        dkey = try WireKey(decoding: &reader)
        countMax = try reader.readListCountMax()
        anchor = try ListAnchor(decoding: &reader)
    }
}

/// `extentList` request: the written extents of one array akey.
///
///     0   16  object ID (lo, hi) | 4 shard
///     20  …   dkey | akey | 4 most extents wanted (1…65536) | anchor
public struct ExtentListRequest: WireMessage, Hashable {
    public var oid: ObjectID
    public var shard: UInt32
    public var dkey: WireKey
    public var akey: WireKey
    public var countMax: UInt32
    public var anchor: ListAnchor

    public init(oid: ObjectID, shard: UInt32, dkey: WireKey, akey: WireKey, countMax: UInt32,
                anchor: ListAnchor = .start) {
        self.oid = oid
        self.shard = shard
        self.dkey = dkey
        self.akey = akey
        self.countMax = countMax
        self.anchor = anchor
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(oid)
        writer.write(shard)
        dkey.encode(into: &writer)
        akey.encode(into: &writer)
        writer.write(countMax)
        anchor.encode(into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        oid = try reader.readObjectID()
        shard = try reader.read()
        dkey = try WireKey(decoding: &reader)
        akey = try WireKey(decoding: &reader)
        countMax = try reader.readListCountMax()
        anchor = try ListAnchor(decoding: &reader)
    }
}

/// `dkeyList` and `akeyList` reply.
///
///     0  4  key count K (≤ 1024) | K keys
///     …  …  next anchor: 0 = complete, or 1 + anchor
public struct KeyListReply: WireMessage, Hashable {
    public var keys: [WireKey]
    public var next: ListAnchor?

    public init(keys: [WireKey], next: ListAnchor? = nil) {
        self.keys = keys
        self.next = next
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeKeys(keys, limit: WireLimits.listEntriesMax)
        ListAnchor.encodeNext(next, into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        keys = try reader.readKeys(limit: WireLimits.listEntriesMax)
        next = try ListAnchor.decodeNext(&reader)
    }
}

/// `extentList` reply.
///
///     0  4  record size (0 = the akey holds no array)
///     4  4  extent count E (≤ 1024) | E × `WireExtent`
///     …  …  next anchor: 0 = complete, or 1 + anchor
public struct ExtentListReply: WireMessage, Hashable {
    public var recordSizeBytes: UInt32
    public var extents: [WireExtent]
    public var next: ListAnchor?

    public init(recordSizeBytes: UInt32, extents: [WireExtent], next: ListAnchor? = nil) {
        self.recordSizeBytes = recordSizeBytes
        self.extents = extents
        self.next = next
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(recordSizeBytes)
        writer.writeExtents(extents, limit: WireLimits.listEntriesMax)
        ListAnchor.encodeNext(next, into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        recordSizeBytes = try reader.read()
        extents = try reader.readExtents(limit: WireLimits.listEntriesMax)
        next = try ListAnchor.decodeNext(&reader)
    }
}

/// What an `objectQueryMax` asks for (DAOS_GET_MAX with DAOS_GET_DKEY and/or DAOS_GET_RECX).
///
///     0  1  kind: 1 max dkey, 2 max extent, 3 max dkey then its max extent
///     max extent:               1  …  dkey | akey
///     max dkey then extent:     1  …  akey
public enum MaxQuery: Hashable, Sendable {
    case maxDkey
    case maxExtent(dkey: WireKey, akey: WireKey)
    case maxDkeyThenExtent(akey: WireKey)
}

/// `objectQueryMax` request: how DAOS arrays find their size without scanning.
///
///     0   16  object ID (lo, hi) | 4 shard
///     20  …   `MaxQuery`
public struct ObjectQueryMaxRequest: WireMessage, Hashable {
    public var oid: ObjectID
    public var shard: UInt32
    public var query: MaxQuery

    public init(oid: ObjectID, shard: UInt32, query: MaxQuery) {
        self.oid = oid
        self.shard = shard
        self.query = query
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(oid)
        writer.write(shard)
        switch query {
        case .maxDkey:
            writer.write(UInt8(1))
        case .maxExtent(let dkey, let akey):
            writer.write(UInt8(2))
            dkey.encode(into: &writer)
            akey.encode(into: &writer)
        case .maxDkeyThenExtent(let akey):
            writer.write(UInt8(3))
            akey.encode(into: &writer)
        }
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        oid = try reader.readObjectID()
        shard = try reader.read()
        let at = reader.offset
        switch try reader.read(UInt8.self) {
        case 1: query = .maxDkey
        case 2:
            let dkey = try WireKey(decoding: &reader)
            query = .maxExtent(dkey: dkey, akey: try WireKey(decoding: &reader))
        case 3: query = .maxDkeyThenExtent(akey: try WireKey(decoding: &reader))
        case let kind: throw .invalid(offset: at, reason: "unknown max query kind \(kind)")
        }
    }
}

/// `objectQueryMax` reply: what exists (either may be absent on an empty object).
///
///     0  1  0 = no dkey, 1 = dkey follows
///     …  1  0 = no extent, 1 = `WireExtent` follows (the one with the highest end)
public struct ObjectQueryMaxReply: WireMessage, Hashable {
    public var dkey: WireKey?
    public var extent: WireExtent?

    public init(dkey: WireKey? = nil, extent: WireExtent? = nil) {
        self.dkey = dkey
        self.extent = extent
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(dkey != nil)
        dkey?.encode(into: &writer)
        writer.write(extent != nil)
        extent?.encode(into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        dkey = try reader.readBool() ? try WireKey(decoding: &reader) : nil
        extent = try reader.readBool() ? try WireExtent(decoding: &reader) : nil
    }
}
