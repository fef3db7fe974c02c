import DaosObject

/// The text `daos` prints for container commands, in DAOS's layout.
public enum ContainerReports {
    public static func typeName(_ type: ContainerType) -> String {
        switch type {
        case .posix: return "POSIX"
        case .hdf5: return "HDF5"
        case .none: return "unknown"
        }
    }

    /// `daos container create`.
    public static func created(uuid: WireUUID, label: String, type: ContainerType) -> String {
        """
          Container UUID : \(uuid)
          Container Label: \(label)
          Container Type : \(typeName(type))

        Successfully created container \(uuid)

        """
    }

    /// One property as `get-prop` names and shows it.
    public static func row(_ property: ContainerProperty) -> (name: String, value: String) {
        switch property {
        case .label(let label): return ("Label", label)
        case .layoutType(let type): return ("Layout Type", "\(typeName(type)) (\(type.rawValue))")
        case .redundancyFactor(let factor): return ("Redundancy Factor", "rd_fac\(factor)")
        case .checksum(let kind): return ("Checksum", checksumName(kind))
        case .ecCellSizeBytes(let bytes): return ("EC Cell Size", Humanize.binaryBytes(UInt64(bytes)))
        case .fileObjectClass(let oclass): return ("Object Class", oclass.description)
        case .directoryObjectClass(let oclass): return ("Directory Object Class", oclass.description)
        case .chunkSizeBytes(let bytes): return ("Chunk Size", Humanize.binaryBytes(bytes))
        case .owner(let owner): return ("Owner", owner)
        case .group(let group): return ("Group", group)
        }
    }

    static func checksumName(_ kind: ChecksumKind) -> String {
        switch kind {
        case .off: return "off"
        case .crc32: return "crc32"
        case .crc64: return "crc64"
        }
    }

    /// `daos container get-prop`.
    public static func properties(_ properties: [ContainerProperty], container: String) -> String {
        let rows = properties.map(row)
        let width = max(4, rows.map(\.name.count).max() ?? 0) + 2
        func pad(_ text: String) -> String { text + String(repeating: " ", count: max(1, width - text.count)) }
        var lines = ["Properties for container \(container)", pad("Name") + "Value", pad("----") + "-----"]
        for row in rows { lines.append(pad(row.name) + row.value) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The properties as `-j` shows them: DAOS's property names to values.
    public static func propertiesJSON(_ properties: [ContainerProperty]) -> [(key: String, value: String)] {
        properties.map { property in
            let key: String
            switch property {
            case .label: key = "label"
            case .layoutType: key = "layout_type"
            case .redundancyFactor: key = "rd_fac"
            case .checksum: key = "cksum"
            case .ecCellSizeBytes: key = "ec_cell_sz"
            case .fileObjectClass: key = "oclass"
            case .directoryObjectClass: key = "dir_oclass"
            case .chunkSizeBytes: key = "chunk_size"
            case .owner: key = "owner"
            case .group: key = "group"
            }
            return (key, row(property).value)
        }
    }
}
