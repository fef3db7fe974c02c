import ArgumentParser
import DaosTools

/// `daos pool query|list-containers`, through a read-only pool handle.
struct PoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool", abstract: "Query a pool and list its containers.",
        subcommands: [Query.self, ListContainers.self])

    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a pool's targets, space and rebuild state.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in try ContainerOperations.poolQuery(systemFile: file, pool: pool) }
        }
    }

    struct ListContainers: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list-containers", abstract: "List a pool's containers.", aliases: ["list-cont"])
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in try ContainerOperations.list(systemFile: file, pool: pool) }
        }
    }
}
