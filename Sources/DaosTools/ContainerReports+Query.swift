import DaosObject

/// `daos container list|query|destroy|set-prop` text and `-j` responses.
extension ContainerReports {
    /// `daos pool list-containers` / `daos container list`.
    public static func list(_ containers: [ContainerSummary], pool: String) -> String {
        guard !containers.isEmpty else { return "No containers.\n" }
        return "Containers in pool \(pool):\n"
            + TextTable.render(titles: ["Label", "UUID"], rows: containers.map { [$0.label, $0.uuid.description] }, indent: "  ")
    }

    public static func listJSON(_ containers: [ContainerSummary]) -> JSONValue {
        .array(containers.map { ["uuid": .string($0.uuid.description), "label": .string($0.label)] })
    }

    /// `daos container query`: the reply plus the classes, rd_fac and chunk size from the
    /// container's properties.
    public static func query(_ reply: ContainerQueryReply, properties: [ContainerProperty]) -> String {
        var rows: [(key: String, value: String)] = [("Container UUID", reply.uuid.description)]
        if !reply.label.isEmpty { rows.append(("Container Label", reply.label)) }
        rows += [("Container Type", typeName(reply.type)), ("Pool UUID", reply.poolUUID.description)]
        for property in properties {
            if case .redundancyFactor(let factor) = property { rows.append(("Container redundancy factor", "\(factor)")) }
        }
        rows += [("Number of open handles", "\(reply.handlesOpen)"), ("Number of snapshots", "\(reply.snapshotCount)")]
        if reply.latestSnapshot.rawValue != 0 { rows.append(("Latest Persistent Snapshot", reply.latestSnapshot.description)) }
        for property in properties {
            switch property {
            case .fileObjectClass(let oclass): rows.append(("File Object Class", oclass.description))
            case .directoryObjectClass(let oclass): rows.append(("Dir Object Class", oclass.description))
            case .chunkSizeBytes(let bytes): rows.append(("Chunk Size", Humanize.binaryBytes(bytes)))
            default: break
            }
        }
        return TextTable.entity(rows)
    }

    public static func queryJSON(_ reply: ContainerQueryReply, properties: [ContainerProperty]) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("pool_uuid", .string(reply.poolUUID.description)),
            ("container_uuid", .string(reply.uuid.description)),
            ("container_label", .string(reply.label)),
            ("container_type", .string(typeName(reply.type))),
            ("num_handles", .number(reply.handlesOpen)),
            ("num_snapshots", .number(reply.snapshotCount)),
            ("latest_snapshot", .number(reply.latestSnapshot.rawValue)),
        ]
        for property in properties {
            switch property {
            case .redundancyFactor(let factor): members.append(("redundancy_factor", .number(factor)))
            case .fileObjectClass(let oclass): members.append(("file_object_class", .string(oclass.description)))
            case .directoryObjectClass(let oclass): members.append(("dir_object_class", .string(oclass.description)))
            case .chunkSizeBytes(let bytes): members.append(("chunk_size", .number(bytes)))
            default: break
            }
        }
        return .object(members)
    }

    /// `daos container create -j`.
    public static func createdJSON(uuid: WireUUID, label: String, type: ContainerType) -> JSONValue {
        ["container_uuid": .string(uuid.description), "container_label": .string(label), "container_type": .string(typeName(type))]
    }

    /// `daos container get-prop -j`: DAOS's list of `{name, description, value}`, values typed
    /// (sizes and rd_fac as numbers, classes and names as strings).
    public static func propertiesJSONList(_ properties: [ContainerProperty]) -> JSONValue {
        let names = propertiesJSON(properties)
        return .array(zip(properties, names).map { property, named in
            ["name": .string(named.key), "description": .string(row(property).name), "value": jsonValue(property)]
        })
    }

    static func jsonValue(_ property: ContainerProperty) -> JSONValue {
        switch property {
        case .label(let text), .owner(let text), .group(let text): return .string(text)
        case .layoutType(let type): return .string(typeName(type))
        case .redundancyFactor(let factor): return .number(factor)
        case .checksum(let kind): return .string(checksumName(kind))
        case .ecCellSizeBytes(let bytes): return .number(bytes)
        case .fileObjectClass(let oclass), .directoryObjectClass(let oclass): return .string(oclass.description)
        case .chunkSizeBytes(let bytes): return .number(bytes)
        }
    }

    /// `daos container destroy`.
    public static func destroyed(_ container: String) -> String { "Successfully destroyed container \(container)\n" }

    /// `daos container set-prop`.
    public static let propertiesSet = "Properties were successfully set\n"
}
