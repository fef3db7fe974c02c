/// Container service messages (opcodes 0x0201–0x0208): create, open, destroy, list, query,
/// properties. All of them travel with the pool handle in the header; those acting on an open
/// container (close, query, get/set-prop) with the container handle too.

/// `containerCreate` request. The service assigns the UUID.
///
///     0  2  label length N (0…127; 0 = no label) | N bytes
///     …  1  type (`ContainerType`)
///     …  …  container properties
public struct ContainerCreateRequest: WireMessage, Hashable {
    public var label: String
    public var type: ContainerType
    public var properties: [ContainerProperty]

    public init(label: String, type: ContainerType, properties: [ContainerProperty] = []) {
        precondition(label.utf8.count <= WireLimits.labelBytesMax, "container label too long")
        self.label = label
        self.type = type
        self.properties = properties
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeLengthPrefixed(label, as: UInt16.self)
        writer.write(type.rawValue)
        writer.writeProperties(properties)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        label = try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.labelBytesMax)
        type = try reader.readEnum(ContainerType.self)
        properties = try reader.readContainerProperties()
    }
}

/// `containerCreate` reply.
///
///     0  16  container UUID
public struct ContainerCreateReply: WireMessage, Hashable {
    public var uuid: WireUUID
    public init(uuid: WireUUID) { self.uuid = uuid }
    public func encode(into writer: inout ByteWriter) { writer.write(uuid) }
    public init(decoding reader: inout ByteReader) throws(DecodeError) { uuid = try reader.readUUID() }
}

/// `containerOpen` request.
///
///     0  2  name length N (1…127): label or UUID text | N bytes
///     …  1  access mode (1 RO, 2 RW, 4 EX)
public struct ContainerOpenRequest: WireMessage, Hashable {
    public var name: String
    public var access: AccessMode

    public init(name: String, access: AccessMode) {
        self.name = name
        self.access = access
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeText(name, limit: WireLimits.nameBytesMax)
        writer.write(access.rawValue)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        name = try reader.readText(limit: WireLimits.nameBytesMax)
        access = try reader.readEnum(AccessMode.self)
    }
}

/// `containerOpen` reply: the handle and everything a client needs to do I/O (type, rd_fac,
/// checksum, cell size, default classes) in one round trip.
///
///     0   8   container handle cookie (non-zero)
///     8   16  container UUID
///     24  1   type
///     25  …   container properties
public struct ContainerOpenReply: WireMessage, Hashable {
    public var handle: HandleCookie
    public var uuid: WireUUID
    public var type: ContainerType
    public var properties: [ContainerProperty]

    public init(handle: HandleCookie, uuid: WireUUID, type: ContainerType, properties: [ContainerProperty]) {
        self.handle = handle
        self.uuid = uuid
        self.type = type
        self.properties = properties
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(handle.rawValue)
        writer.write(uuid)
        writer.write(type.rawValue)
        writer.writeProperties(properties)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        handle = try reader.readHandle()
        uuid = try reader.readUUID()
        type = try reader.readEnum(ContainerType.self)
        properties = try reader.readContainerProperties()
    }
}

/// `containerDestroy` request; refused with `busy` while open unless forced.
///
///     0  2  name length N (1…127) | N bytes
///     …  1  force (0/1)
public struct ContainerDestroyRequest: WireMessage, Hashable {
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

/// One container in a `containerList` reply.
public struct ContainerSummary: Hashable, Sendable {
    public var uuid: WireUUID
    public var label: String
    public init(uuid: WireUUID, label: String) {
        self.uuid = uuid
        self.label = label
    }
}

/// `containerList` reply (the request is a `ListPageRequest`).
///
///     0  2  entry count (≤ 1024), each: 16 UUID | 2 label length N (0…127) | N bytes
///     …  …  next anchor: 0 = complete, or 1 + anchor
public struct ContainerListReply: WireMessage, Hashable {
    public var containers: [ContainerSummary]
    public var next: ListAnchor?

    public init(containers: [ContainerSummary], next: ListAnchor? = nil) {
        self.containers = containers
        self.next = next
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeCount(containers.count, as: UInt16.self, limit: WireLimits.listEntriesMax)
        for container in containers {
            writer.write(container.uuid)
            writer.writeLengthPrefixed(container.label, as: UInt16.self)
        }
        ListAnchor.encodeNext(next, into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(UInt16.self, minimumElementSize: 18, limit: WireLimits.listEntriesMax)
        containers = []
        containers.reserveCapacity(count)
        for _ in 0..<count {
            containers.append(ContainerSummary(
                uuid: try reader.readUUID(),
                label: try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.labelBytesMax)))
        }
        next = try ListAnchor.decodeNext(&reader)
    }
}

/// `containerQuery` reply (the request is empty: the container handle says which).
///
///     0   16  container UUID | 16 pool UUID
///     32  2   label length N (0…127) | N bytes
///     …   1   type
///     …   4   snapshot count | 8 latest snapshot epoch (0 = none) | 4 handles open
///     …   8   object ID allocator watermark (next `lo` it hands out)
public struct ContainerQueryReply: WireMessage, Hashable {
    public var uuid: WireUUID
    public var poolUUID: WireUUID
    public var label: String
    public var type: ContainerType
    public var snapshotCount: UInt32
    public var latestSnapshot: Epoch
    public var handlesOpen: UInt32
    public var nextObjectID: UInt64

    public init(uuid: WireUUID, poolUUID: WireUUID, label: String, type: ContainerType, snapshotCount: UInt32,
                latestSnapshot: Epoch, handlesOpen: UInt32, nextObjectID: UInt64) {
        self.uuid = uuid
        self.poolUUID = poolUUID
        self.label = label
        self.type = type
        self.snapshotCount = snapshotCount
        self.latestSnapshot = latestSnapshot
        self.handlesOpen = handlesOpen
        self.nextObjectID = nextObjectID
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(uuid)
        writer.write(poolUUID)
        writer.writeLengthPrefixed(label, as: UInt16.self)
        writer.write(type.rawValue)
        writer.write(snapshotCount)
        writer.write(latestSnapshot)
        writer.write(handlesOpen)
        writer.write(nextObjectID)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        uuid = try reader.readUUID()
        poolUUID = try reader.readUUID()
        label = try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.labelBytesMax)
        type = try reader.readEnum(ContainerType.self)
        snapshotCount = try reader.read()
        latestSnapshot = try reader.readEpoch()
        handlesOpen = try reader.read()
        nextObjectID = try reader.read()
    }
}

/// `containerGetProperties` request: the tags wanted, none meaning all.
///
///     0  2  tag count (≤ 32), each a u16 `ContainerProperty.Tag`, no repeats
public struct ContainerGetPropertiesRequest: WireMessage, Hashable {
    public var tags: [ContainerProperty.Tag]

    public init(tags: [ContainerProperty.Tag] = []) { self.tags = tags }

    public func encode(into writer: inout ByteWriter) {
        writer.writeCount(tags.count, as: UInt16.self, limit: WireLimits.propertiesMax)
        for tag in tags { writer.write(tag.rawValue) }
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(UInt16.self, minimumElementSize: 2, limit: WireLimits.propertiesMax)
        tags = []
        var seen: UInt64 = 0
        for _ in 0..<count {
            let at = reader.offset
            let tag = try reader.readEnum(ContainerProperty.Tag.self)
            guard seen & (1 << tag.rawValue) == 0 else { throw .invalid(offset: at, reason: "duplicate tag \(tag)") }
            seen |= 1 << tag.rawValue
            tags.append(tag)
        }
    }
}

/// A container property list: the `containerGetProperties` reply and the
/// `containerSetProperties` request.
///
///     0  2  property count (≤ 32), then the `ContainerProperty` entries
public struct ContainerPropertiesMessage: WireMessage, Hashable {
    public var properties: [ContainerProperty]
    public init(properties: [ContainerProperty]) { self.properties = properties }
    public func encode(into writer: inout ByteWriter) { writer.writeProperties(properties) }
    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        properties = try reader.readContainerProperties()
    }
}
