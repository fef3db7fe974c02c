import DaosObject

/// `--properties rd_fac:1,cksum:crc32,ec_cell_sz:131072,...` as `daos container create` and
/// `set-prop` read it. Unknown names and bad values are errors that say what is accepted.
public enum PropertyParser {
    public static func containerProperties(_ text: String) throws(ToolError) -> [ContainerProperty] {
        var result: [ContainerProperty] = []
        for (name, value) in try pairs(text) {
            let property = try containerProperty(name, value)
            guard !result.contains(where: { $0.tag == property.tag }) else { throw .badArgument("property '\(name)' given twice") }
            result.append(property)
        }
        return result
    }

    /// `dmg pool create --properties rd_fac:1,ec_cell_sz:128KiB,space_rb:5,...`: the pool
    /// properties DAOS's dmg takes (`rd_fac` is the default for the pool's containers).
    public static func poolProperties(_ text: String) throws(ToolError) -> [PoolProperty] {
        var result: [PoolProperty] = []
        for (name, value) in try pairs(text) {
            let property: PoolProperty
            switch name {
            case "space_rb":
                guard let percent = UInt8(value), percent <= 100 else { throw .badArgument("space_rb:\(value): expected 0 to 100 (percent)") }
                property = .rebuildSpaceReservePercent(percent)
            case "rd_fac", "ec_cell_sz", "owner", "group":
                switch try containerProperty(name, value) {
                case .redundancyFactor(let factor): property = .redundancyFactor(factor)
                case .ecCellSizeBytes(let bytes): property = .ecCellSizeBytes(bytes)
                case .owner(let owner): property = .owner(owner)
                case .group(let group): property = .group(group)
                default: throw .badArgument("unknown pool property '\(name)'")
                }
            default:
                throw .badArgument("unknown pool property '\(name)' (known: rd_fac, ec_cell_sz, space_rb, owner, group)")
            }
            guard !result.contains(where: { $0.tag == property.tag }) else { throw .badArgument("property '\(name)' given twice") }
            result.append(property)
        }
        return result
    }

    /// `name:value,name:value` as pairs; empty text is no pairs.
    static func pairs(_ text: String) throws(ToolError) -> [(name: String, value: String)] {
        guard !text.isEmpty else { return [] }
        var result: [(name: String, value: String)] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .badArgument("property '\(item)' is not name:value")
            }
            result.append((String(parts[0]), String(parts[1])))
        }
        return result
    }

    static func containerProperty(_ name: String, _ value: String) throws(ToolError) -> ContainerProperty {
        switch name {
        case "label":
            return .label(try text(value, of: name, limit: WireLimits.labelBytesMax))
        case "rd_fac", "rf":
            let digits = value.hasPrefix("rd_fac") ? String(value.dropFirst(6)) : value
            guard let factor = UInt8(digits), factor <= ContainerProperty.redundancyFactorMax else {
                throw .badArgument("rd_fac:\(value): expected 0 to 4")
            }
            return .redundancyFactor(factor)
        case "cksum":
            switch value {
            case "off": return .checksum(.off)
            case "crc32": return .checksum(.crc32)
            case "crc64": return .checksum(.crc64)
            default: throw .badArgument("cksum:\(value): expected off, crc32 or crc64")
            }
        case "ec_cell_sz":
            guard let bytes = ByteSize.parse(value), bytes <= UInt64(UInt32.max) else {
                throw .badArgument("ec_cell_sz:\(value): expected a size such as 131072 or 128KiB")
            }
            return .ecCellSizeBytes(UInt32(bytes))
        case "chunk_size":
            guard let bytes = ByteSize.parse(value) else { throw .badArgument("chunk_size:\(value): expected a size such as 1MiB") }
            return .chunkSizeBytes(bytes)
        case "oclass", "file_oclass":
            return .fileObjectClass(try objectClass(value))
        case "dir_oclass":
            return .directoryObjectClass(try objectClass(value))
        case "layout_type", "type":
            return .layoutType(try containerType(value))
        case "owner":
            return .owner(try text(value, of: name, limit: WireLimits.principalBytesMax))
        case "group":
            return .group(try text(value, of: name, limit: WireLimits.principalBytesMax))
        default:
            throw .badArgument("unknown property '\(name)' (known: label, rd_fac, cksum, ec_cell_sz, chunk_size, oclass, dir_oclass, layout_type, owner, group)")
        }
    }

    /// String properties are length-bounded on the wire (the encoder traps beyond that), so the
    /// bound is checked here, where it can still be a one-line error.
    static func text(_ value: String, of name: String, limit: Int) throws(ToolError) -> String {
        guard value.utf8.count <= limit else { throw .badArgument("\(name) is longer than \(limit) bytes") }
        return value
    }

    public static func objectClass(_ text: String) throws(ToolError) -> ObjectClass {
        do { return try ObjectClass(parsing: text) } catch { throw .badArgument(error.description) }
    }

    public static func containerType(_ text: String) throws(ToolError) -> ContainerType {
        switch text.uppercased() {
        case "POSIX": return .posix
        case "HDF5": return .hdf5
        case "UNKNOWN", "NONE": return .none
        default: throw .badArgument("container type '\(text)': expected POSIX, HDF5 or unknown")
        }
    }
}

/// What the tools report and exit 1 with: one line, no stack.
public enum ToolError: Error, Equatable, CustomStringConvertible {
    case badArgument(String)
    case failed(String)

    public var description: String {
        switch self {
        case .badArgument(let reason), .failed(let reason): return reason
        }
    }
}
