import ArgumentParser
import DaosTools

/// `dmg pool …`: pool administration through the pool service.
struct PoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool", abstract: "Create, list, query and destroy pools; change target states.",
        subcommands: [Create.self, List.self, Query.self, Destroy.self, Exclude.self, Reintegrate.self, Drain.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a pool over all engines (or the first --nranks).")
        @OptionGroup var globals: GlobalOptions
        @Option(help: ArgumentHelp("Total size, e.g. 4G or 512MiB, split evenly over the pool's targets.", valueName: "size"))
        var size: String
        @Option(help: ArgumentHelp("Pool label (or give it as the argument).", valueName: "label")) var label: String?
        @Argument(help: ArgumentHelp("Pool label.", valueName: "label")) var positionalLabel: String?
        @Option(help: "Number of ranks the pool spans (0: every engine).") var nranks = 0
        @Option(help: ArgumentHelp("Pool properties, e.g. rd_fac:1 (the default rd_fac of its containers), ec_cell_sz:128KiB, space_rb:5.",
                                   valueName: "name:value,..."))
        var properties: String?

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try PoolAdminOperations.create(systemFile: file, size: size, label: label, positionalLabel: positionalLabel,
                                               rankCount: nranks, properties: properties)
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the system's pools.", aliases: ["ls"])
        @OptionGroup var globals: GlobalOptions

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in try PoolAdminOperations.list(systemFile: file) }
        }
    }

    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a pool's targets, space and rebuild state.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in try PoolAdminOperations.query(systemFile: file, pool: pool) }
        }
    }

    struct Destroy: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Destroy a pool and everything in it.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String
        @Flag(name: .shortAndLong, help: "Destroy even while clients are connected (their handles are revoked).") var force = false

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in try PoolAdminOperations.destroy(systemFile: file, pool: pool, force: force) }
        }
    }
}
