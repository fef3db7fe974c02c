import ArgumentParser
import DaosTools

/// `daos fs …` (or `daos filesystem …`): the POSIX namespace of a container.
struct FileSystemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fs", abstract: "Work with the POSIX namespace of a container.",
        subcommands: [List.self, MakeDirectory.self, Stat.self, Remove.self, Copy.self, GetAttributes.self, SetAttributes.self],
        aliases: ["filesystem"])

    /// Pool, container and path: what every command but copy names.
    struct Target: ParsableArguments {
        @Argument(help: "Pool label or UUID.") var pool: String
        @Argument(help: "Container label or UUID.") var container: String
        @Argument(help: "Path inside the container's namespace.") var path: String
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "ls", abstract: "List a directory (or show one file).")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String
        @Argument(help: "Container label or UUID.") var container: String
        @Argument(help: "Directory or file (default: /).") var path = "/"
        @Flag(name: [.customShort("l"), .customLong("long")], help: "Show mode, owner, size, class and time.") var long = false

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try FileSystemOperations.list(systemFile: file, pool: pool, container: container, path: path, long: long)
            }
        }
    }

    struct MakeDirectory: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "mkdir", abstract: "Create a directory.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var target: Target
        @Flag(name: [.customShort("p"), .customLong("parents")], help: "Create missing parents; an existing directory is fine.")
        var parents = false

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try FileSystemOperations.makeDirectory(systemFile: file, pool: target.pool, container: target.container,
                                                       path: target.path, parents: parents)
            }
        }
    }

    struct Stat: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a file's or directory's status and layout.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var target: Target

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try FileSystemOperations.stat(systemFile: file, pool: target.pool, container: target.container, path: target.path)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a file or an empty directory.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var target: Target
        @Flag(name: [.customShort("r"), .customLong("recursive")], help: "Remove a directory and everything below it.")
        var recursive = false

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try FileSystemOperations.remove(systemFile: file, pool: target.pool, container: target.container, path: target.path,
                                                recursive: recursive)
            }
        }
    }

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy one file between a local path and daos://POOL/CONT/path.",
            discussion: "Copies over 64 MiB report their progress on stderr.")
        @OptionGroup var globals: GlobalOptions
        @Option(help: ArgumentHelp("Source: a local path or daos://POOL/CONT/path.", valueName: "path")) var src: String
        @Option(help: ArgumentHelp("Destination: a local path or daos://POOL/CONT/path.", valueName: "path")) var dst: String

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try FileSystemOperations.copy(systemFile: file, source: src, destination: dst)
            }
        }
    }

    struct GetAttributes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get-attr", abstract: "Show a file's class and chunk size, or what new files in a directory get.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var target: Target

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try FileSystemOperations.getAttributes(systemFile: file, pool: target.pool, container: target.container, path: target.path)
            }
        }
    }

    struct SetAttributes: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-attr", abstract: "Set the class and chunk size new files in a directory get.")
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var target: Target
        @Option(help: ArgumentHelp("Object class, e.g. EC_2P1GX or RP_2G1.", valueName: "class")) var oclass: String?
        @Option(name: .customLong("chunk-size"), help: ArgumentHelp("Chunk size, e.g. 1MiB.", valueName: "size")) var chunkSize: String?

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try FileSystemOperations.setAttributes(systemFile: file, pool: target.pool, container: target.container, path: target.path,
                                                       objectClass: oclass, chunkSize: chunkSize)
            }
        }
    }
}
