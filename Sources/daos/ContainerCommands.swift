import ArgumentParser
import DaosTools

/// `daos container …` (or `daos cont …`).
struct ContainerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "container", abstract: "Create, inspect, change and destroy containers; snapshots.",
        subcommands: [Create.self, List.self, Query.self, GetProp.self, SetProp.self, Destroy.self,
                      CreateSnap.self, ListSnaps.self, DestroySnap.self],
        aliases: ["cont"])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a container.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String
        @Argument(help: ArgumentHelp("Container label.", valueName: "container")) var positionalLabel: String?
        @Option(help: ArgumentHelp("Container label (or give it as the second argument).", valueName: "label")) var label: String?
        @Option(name: [.customShort("t"), .long], help: ArgumentHelp("POSIX, HDF5 or unknown (default).", valueName: "type"))
        var type: String?
        @Option(help: ArgumentHelp("name:value,… e.g. rd_fac:1,cksum:crc32,ec_cell_sz:131072.", valueName: "properties"))
        var properties: String?
        @Option(name: [.customLong("file-oclass"), .customLong("oclass")],
                help: ArgumentHelp("Default object class of files, e.g. EC_2P1GX.", valueName: "class"))
        var fileObjectClass: String?
        @Option(name: [.customLong("dir-oclass"), .customLong("dir_oclass")],
                help: ArgumentHelp("Default object class of directories, e.g. RP_2G1.", valueName: "class"))
        var directoryObjectClass: String?
        @Option(name: .customLong("chunk-size"), help: ArgumentHelp("File chunk size, e.g. 1MiB.", valueName: "size"))
        var chunkSize: String?

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                let request: ContainerOperations.CreateRequest
                do throws(ToolError) {
                    request = try ContainerOperations.CreateRequest(
                        label: label, positionalLabel: positionalLabel, type: type, properties: properties,
                        fileObjectClass: fileObjectClass, directoryObjectClass: directoryObjectClass, chunkSize: chunkSize)
                } catch {
                    throw CommandFailure(error)
                }
                return try ContainerOperations.create(systemFile: file, pool: pool, request)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a pool's containers.", aliases: ["ls"])
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in try ContainerOperations.list(systemFile: file, pool: pool) }
        }
    }

    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a container's type, handles, snapshots and classes.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String
        @Argument(help: "Container label or UUID.") var container: String

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try ContainerOperations.query(systemFile: file, pool: pool, container: container)
            }
        }
    }

    struct GetProp: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get-prop", abstract: "Show a container's properties.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String
        @Argument(help: "Container label or UUID.") var container: String

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try ContainerOperations.getProperties(systemFile: file, pool: pool, container: container)
            }
        }
    }

    struct SetProp: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-prop", abstract: "Change container properties.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String
        @Argument(help: "Container label or UUID.") var container: String
        @Option(help: ArgumentHelp("name:value,… e.g. label:new,cksum:crc64.", valueName: "properties")) var properties: String

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try ContainerOperations.setProperties(systemFile: file, pool: pool, container: container, properties: properties)
            }
        }
    }

    struct Destroy: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Destroy a container and its objects.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String
        @Argument(help: "Container label or UUID.") var container: String
        @Flag(name: .shortAndLong, help: "Destroy even while it is open (its handles are revoked).") var force = false

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try ContainerOperations.destroy(systemFile: file, pool: pool, container: container, force: force)
            }
        }
    }
}
