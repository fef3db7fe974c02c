import ArgumentParser
import DaosTools

/// `dmg system query|stop|start`, answered by daos_server over its control socket.
struct SystemCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "system", abstract: "Query, stop and start the system's engines.",
        subcommands: [Query.self, Stop.self, Start.self])

    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the state of every rank.")
        @OptionGroup var globals: GlobalOptions
        @Flag(name: .shortAndLong, help: "One row per rank, with pid, incarnation and reason.") var verbose = false

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in try SystemOperations.query(systemFile: file, verbose: verbose) }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop engines (all, or --ranks).")
        @OptionGroup var globals: GlobalOptions
        @Option(help: ArgumentHelp("Ranks to stop, e.g. 0,2 or 0-3 (default: all).", valueName: "ranks")) var ranks: String?
        @Flag(help: "Kill without a graceful shutdown.") var force = false

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in try SystemOperations.stop(systemFile: file, ranks: ranks, force: force) }
        }
    }

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start engines (all, or --ranks).")
        @OptionGroup var globals: GlobalOptions
        @Option(help: ArgumentHelp("Ranks to start, e.g. 1 or 0-2 (default: all).", valueName: "ranks")) var ranks: String?

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in try SystemOperations.start(systemFile: file, ranks: ranks) }
        }
    }
}
