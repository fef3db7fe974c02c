/// Pool and container properties as typed, tagged entries (DAOS's `daos_prop_t`). Each entry
/// is a u16 tag followed by that tag's value; a list is a u16 count (≤ 32) then the entries,
/// and a tag may appear at most once. Values are range-checked where the range is part of the
/// format (e.g. rd_fac 0–4); checks that need the pool (rd_fac vs fault domains) are the
/// service's.

/// What a container holds (DAOS layout types, same numbers).
public enum ContainerType: UInt8, Sendable, CaseIterable {
    case none = 0
    case posix = 1
    case hdf5 = 2
}

/// Container data checksum (DAOS_PROP_CO_CSUM_* numbers).
public enum ChecksumKind: UInt8, Sendable, CaseIterable {
    case off = 0
    case crc32 = 2
    case crc64 = 3
}

/// One container property.
///
///     tag 1  label                 u16 length N (1…127) | N bytes UTF-8
///     tag 2  layout type           u8 (`ContainerType`)
///     tag 3  rd_fac                u8 (0…4)
///     tag 4  checksum              u8 (`ChecksumKind`)
///     tag 5  ec_cell_sz            u32 bytes
///     tag 6  default file class    u32 (`ObjectClass.id`)
///     tag 7  default dir class     u32 (`ObjectClass.id`)
///     tag 8  chunk size            u64 bytes
///     tag 9  owner                 u16 length N (1…255) | N bytes UTF-8
///     tag 10 group                 u16 length N (1…255) | N bytes UTF-8
public enum ContainerProperty: Hashable, Sendable {
    case label(String)
    case layoutType(ContainerType)
    case redundancyFactor(UInt8)
    case checksum(ChecksumKind)
    case ecCellSizeBytes(UInt32)
    case fileObjectClass(ObjectClass)
    case directoryObjectClass(ObjectClass)
    case chunkSizeBytes(UInt64)
    case owner(String)
    case group(String)

    /// Wire tags, also used to ask for particular properties in a get-prop request.
    public enum Tag: UInt16, Sendable, CaseIterable {
        case label = 1, layoutType, redundancyFactor, checksum, ecCellSizeBytes
        case fileObjectClass, directoryObjectClass, chunkSizeBytes, owner, group
    }

    public static let redundancyFactorMax: UInt8 = 4

    public var tag: Tag {
        switch self {
        case .label: .label
        case .layoutType: .layoutType
        case .redundancyFactor: .redundancyFactor
        case .checksum: .checksum
        case .ecCellSizeBytes: .ecCellSizeBytes
        case .fileObjectClass: .fileObjectClass
        case .directoryObjectClass: .directoryObjectClass
        case .chunkSizeBytes: .chunkSizeBytes
        case .owner: .owner
        case .group: .group
        }
    }

    func encode(into writer: inout ByteWriter) {
        writer.write(tag.rawValue)
        switch self {
        case .label(let text): writer.writeText(text, limit: WireLimits.labelBytesMax)
        case .layoutType(let type): writer.write(type.rawValue)
        case .redundancyFactor(let factor):
            precondition(factor <= Self.redundancyFactorMax, "rd_fac \(factor) > 4")
            writer.write(factor)
        case .checksum(let kind): writer.write(kind.rawValue)
        case .ecCellSizeBytes(let bytes): writer.write(bytes)
        case .fileObjectClass(let oclass), .directoryObjectClass(let oclass): writer.write(oclass.id)
        case .chunkSizeBytes(let bytes): writer.write(bytes)
        case .owner(let text), .group(let text): writer.writeText(text, limit: WireLimits.principalBytesMax)
        }
    }

    init(decoding reader: inout ByteReader) throws(DecodeError) {
        let at = reader.offset
        switch try reader.readEnum(Tag.self) {
        case .label: self = .label(try reader.readText(limit: WireLimits.labelBytesMax))
        case .layoutType: self = .layoutType(try reader.readEnum(ContainerType.self))
        case .redundancyFactor:
            let factor: UInt8 = try reader.read()
            guard factor <= Self.redundancyFactorMax else { throw .invalid(offset: at + 2, reason: "rd_fac \(factor) > 4") }
            self = .redundancyFactor(factor)
        case .checksum: self = .checksum(try reader.readEnum(ChecksumKind.self))
        case .ecCellSizeBytes: self = .ecCellSizeBytes(try reader.read())
        case .fileObjectClass: self = .fileObjectClass(try reader.readObjectClass())
        case .directoryObjectClass: self = .directoryObjectClass(try reader.readObjectClass())
        case .chunkSizeBytes: self = .chunkSizeBytes(try reader.read())
        case .owner: self = .owner(try reader.readText(limit: WireLimits.principalBytesMax))
        case .group: self = .group(try reader.readText(limit: WireLimits.principalBytesMax))
        }
    }
}

/// One pool property.
///
///     tag 1  label                 u16 length N (1…127) | N bytes UTF-8
///     tag 2  rd_fac                u8 (0…4)
///     tag 3  ec_cell_sz            u32 bytes
///     tag 4  rebuild space reserve u8 percent (0…100)
///     tag 5  owner                 u16 length N (1…255) | N bytes UTF-8
///     tag 6  group                 u16 length N (1…255) | N bytes UTF-8
public enum PoolProperty: Hashable, Sendable {
    case label(String)
    case redundancyFactor(UInt8)
    case ecCellSizeBytes(UInt32)
    case rebuildSpaceReservePercent(UInt8)
    case owner(String)
    case group(String)

    public enum Tag: UInt16, Sendable, CaseIterable {
        case label = 1, redundancyFactor, ecCellSizeBytes, rebuildSpaceReservePercent, owner, group
    }

    public var tag: Tag {
        switch self {
        case .label: .label
        case .redundancyFactor: .redundancyFactor
        case .ecCellSizeBytes: .ecCellSizeBytes
        case .rebuildSpaceReservePercent: .rebuildSpaceReservePercent
        case .owner: .owner
        case .group: .group
        }
    }

    func encode(into writer: inout ByteWriter) {
        writer.write(tag.rawValue)
        switch self {
        case .label(let text): writer.writeText(text, limit: WireLimits.labelBytesMax)
        case .redundancyFactor(let value), .rebuildSpaceReservePercent(let value): writer.write(value)
        case .ecCellSizeBytes(let bytes): writer.write(bytes)
        case .owner(let text), .group(let text): writer.writeText(text, limit: WireLimits.principalBytesMax)
        }
    }

    init(decoding reader: inout ByteReader) throws(DecodeError) {
        let at = reader.offset
        switch try reader.readEnum(Tag.self) {
        case .label: self = .label(try reader.readText(limit: WireLimits.labelBytesMax))
        case .redundancyFactor:
            let factor: UInt8 = try reader.read()
            guard factor <= ContainerProperty.redundancyFactorMax else {
                throw .invalid(offset: at + 2, reason: "rd_fac \(factor) > 4")
            }
            self = .redundancyFactor(factor)
        case .ecCellSizeBytes: self = .ecCellSizeBytes(try reader.read())
        case .rebuildSpaceReservePercent:
            let percent: UInt8 = try reader.read()
            guard percent <= 100 else { throw .invalid(offset: at + 2, reason: "\(percent)% reserve") }
            self = .rebuildSpaceReservePercent(percent)
        case .owner: self = .owner(try reader.readText(limit: WireLimits.principalBytesMax))
        case .group: self = .group(try reader.readText(limit: WireLimits.principalBytesMax))
        }
    }
}

// MARK: - Property lists

extension ByteWriter {
    /// A non-empty string of at most `limit` UTF-8 bytes, u16 length first.
    mutating func writeText(_ text: String, limit: Int) {
        precondition(!text.isEmpty, "empty string property")
        precondition(text.utf8.count <= limit, "string of \(text.utf8.count) bytes exceeds \(limit)")
        writeLengthPrefixed(text, as: UInt16.self)
    }

    mutating func writeProperties(_ properties: [ContainerProperty]) {
        writeCount(properties.count, as: UInt16.self, limit: WireLimits.propertiesMax)
        for property in properties { property.encode(into: &self) }
    }

    mutating func writeProperties(_ properties: [PoolProperty]) {
        writeCount(properties.count, as: UInt16.self, limit: WireLimits.propertiesMax)
        for property in properties { property.encode(into: &self) }
    }
}

extension ByteReader {
    mutating func readText(limit: Int) throws(DecodeError) -> String {
        let at = offset
        let text = try readLengthPrefixedString(UInt16.self, limit: limit)
        guard !text.isEmpty else { throw .invalid(offset: at, reason: "empty string") }
        return text
    }

    mutating func readObjectClass() throws(DecodeError) -> ObjectClass {
        let at = offset
        let id: UInt32 = try read()
        guard let oclass = ObjectClass(id: id) else { throw .invalid(offset: at, reason: "unknown object class 0x\(String(id, radix: 16))") }
        return oclass
    }

    /// Entries are at least 3 bytes (tag + u8 value); a tag may appear once.
    mutating func readContainerProperties() throws(DecodeError) -> [ContainerProperty] {
        try readProperties { (reader) throws(DecodeError) in
            let property = try ContainerProperty(decoding: &reader)
            return (property, property.tag.rawValue)
        }
    }

    mutating func readPoolProperties() throws(DecodeError) -> [PoolProperty] {
        try readProperties { (reader) throws(DecodeError) in
            let property = try PoolProperty(decoding: &reader)
            return (property, property.tag.rawValue)
        }
    }

    /// A u16 count of tagged properties, each decoded by `one`; a repeated tag is refused.
    private mutating func readProperties<P>(
        _ one: (inout ByteReader) throws(DecodeError) -> (P, UInt16)
    ) throws(DecodeError) -> [P] {
        let count = try readCount(UInt16.self, minimumElementSize: 3, limit: WireLimits.propertiesMax)
        var properties: [P] = []
        properties.reserveCapacity(count)
        var seen: UInt64 = 0
        for _ in 0..<count {
            let at = offset
            let (property, tag) = try one(&self)
            let bit = UInt64(1) << UInt64(tag)
            guard seen & bit == 0 else { throw .invalid(offset: at, reason: "duplicate property tag \(tag)") }
            seen |= bit
            properties.append(property)
        }
        return properties
    }
}
