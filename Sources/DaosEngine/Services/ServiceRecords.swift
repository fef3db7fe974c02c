import DaosObject

/// A container as the container service keeps it: every property with its effective value
/// (defaults resolved at create), the snapshot list and the OID allocator's next value.
public struct ContainerRecord: Equatable, Sendable {
    public var uuid: WireUUID
    public var label: String
    public var type: ContainerType
    public var redundancyFactor: UInt8
    public var checksum: ChecksumKind
    public var ecCellSizeBytes: UInt32
    public var fileObjectClass: ObjectClass
    public var directoryObjectClass: ObjectClass
    public var chunkSizeBytes: UInt64
    public var owner: String
    public var group: String
    /// Snapshot epochs, increasing.
    public var snapshots: [Epoch]
    /// The next `lo` the OID allocator hands out.
    public var nextObjectID: UInt64

    /// Every property with its value, in tag order (what `get-prop` prints).
    public var properties: [ContainerProperty] {
        [.label(label), .layoutType(type), .redundancyFactor(redundancyFactor), .checksum(checksum),
         .ecCellSizeBytes(ecCellSizeBytes), .fileObjectClass(fileObjectClass),
         .directoryObjectClass(directoryObjectClass), .chunkSizeBytes(chunkSizeBytes), .owner(owner), .group(group)]
    }
}

/// A pool as the pool service keeps it.
public struct PoolRecord: Equatable, Sendable {
    public var uuid: WireUUID
    public var label: String
    /// Bytes reserved on each target the pool spans.
    public var bytesPerTarget: UInt64
    /// The pool's own map: only its engines, with their states and versions.
    public var map: PoolMap
    /// Fault domains group shards: nodes when the pool spans several, else engines.
    public var faultDomainLevel: FaultDomainLevel
    public var redundancyFactor: UInt8
    public var ecCellSizeBytes: UInt32
    public var rebuildReservePercent: UInt8
    public var owner: String
    public var group: String
    /// In creation order.
    public var containers: [ContainerRecord]

    public var sizeBytes: UInt64 { bytesPerTarget * UInt64(map.targets.count) }
    public var ranks: [UInt32] { map.engines.map(\.rank) }
    public var faultDomainCount: Int { PlacementMap(map, level: faultDomainLevel).domainCount }
}

// MARK: - Durable form (one value per pool in the service's VOS container)

extension PoolRecord {
    static let formatVersion: UInt16 = 1

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 512)
        writer.write(Self.formatVersion)
        writer.write(uuid.high)
        writer.write(uuid.low)
        writer.writeLengthPrefixed(label, as: UInt16.self)
        writer.write(bytesPerTarget)
        writer.writeLengthPrefixed(map.encoded(), as: UInt32.self)
        writer.write(faultDomainLevel.rawValue)
        writer.write(redundancyFactor)
        writer.write(ecCellSizeBytes)
        writer.write(rebuildReservePercent)
        writer.writeLengthPrefixed(owner, as: UInt16.self)
        writer.writeLengthPrefixed(group, as: UInt16.self)
        writer.write(UInt32(containers.count))
        for container in containers { container.encode(into: &writer) }
        return writer.bytes
    }

    init(decoding bytes: [UInt8]) throws(DecodeError) {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) -> PoolRecord in
                var reader = ByteReader(raw)
                return try PoolRecord(reading: &reader)
            }
        }
        self = try result.get()
    }

    private init(reading reader: inout ByteReader) throws(DecodeError) {
        let version: UInt16 = try reader.read()
        guard version == Self.formatVersion else { throw .unsupportedVersion(version) }
        uuid = WireUUID(high: try reader.read(), low: try reader.read())
        label = try reader.readLengthPrefixedString(UInt16.self, limit: LabelRule.lengthMax)
        bytesPerTarget = try reader.read()
        let mapBytes = try reader.readLengthPrefixedBytes(UInt32.self, limit: 64 << 20)
        map = try PoolMap(decoding: mapBytes)
        faultDomainLevel = try reader.readEnum(FaultDomainLevel.self)
        redundancyFactor = try reader.read()
        ecCellSizeBytes = try reader.read()
        rebuildReservePercent = try reader.read()
        owner = try reader.readLengthPrefixedString(UInt16.self, limit: 256)
        group = try reader.readLengthPrefixedString(UInt16.self, limit: 256)
        let count = try reader.readCount(UInt32.self, minimumElementSize: 40, limit: 1 << 16)
        containers = []
        for _ in 0..<count { containers.append(try ContainerRecord(reading: &reader)) }
        try reader.expectEnd()
    }
}

extension ContainerRecord {
    func encode(into writer: inout ByteWriter) {
        writer.write(uuid.high)
        writer.write(uuid.low)
        writer.writeLengthPrefixed(label, as: UInt16.self)
        writer.write(type.rawValue)
        writer.write(redundancyFactor)
        writer.write(checksum.rawValue)
        writer.write(ecCellSizeBytes)
        writer.write(fileObjectClass.id)
        writer.write(directoryObjectClass.id)
        writer.write(chunkSizeBytes)
        writer.writeLengthPrefixed(owner, as: UInt16.self)
        writer.writeLengthPrefixed(group, as: UInt16.self)
        writer.write(UInt32(snapshots.count))
        for epoch in snapshots { writer.write(epoch.rawValue) }
        writer.write(nextObjectID)
    }

    init(reading reader: inout ByteReader) throws(DecodeError) {
        uuid = WireUUID(high: try reader.read(), low: try reader.read())
        label = try reader.readLengthPrefixedString(UInt16.self, limit: LabelRule.lengthMax)
        type = try reader.readEnum(ContainerType.self)
        redundancyFactor = try reader.read()
        checksum = try reader.readEnum(ChecksumKind.self)
        ecCellSizeBytes = try reader.read()
        fileObjectClass = try Self.readClass(&reader)
        directoryObjectClass = try Self.readClass(&reader)
        chunkSizeBytes = try reader.read()
        owner = try reader.readLengthPrefixedString(UInt16.self, limit: 256)
        group = try reader.readLengthPrefixedString(UInt16.self, limit: 256)
        let count = try reader.readCount(UInt32.self, minimumElementSize: 8, limit: 1 << 20)
        snapshots = []
        for _ in 0..<count { snapshots.append(Epoch(try reader.read())) }
        nextObjectID = try reader.read()
    }

    private static func readClass(_ reader: inout ByteReader) throws(DecodeError) -> ObjectClass {
        let raw: UInt32 = try reader.read()
        guard let oclass = ObjectClass(id: raw) else { throw reader.invalid("object class id \(raw)") }
        return oclass
    }
}
