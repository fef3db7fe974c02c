import ArgumentParser
import DaosTools

/// `daos object query POOL CONT OID` (or `daos obj query`).
struct ObjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "object", abstract: "Inspect objects.", subcommands: [Query.self], aliases: ["obj"])

    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show an object's class and where each shard lives.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String
        @Argument(help: "Container label or UUID.") var container: String
        @Argument(help: ArgumentHelp("Object ID as HI.LO, decimal as DAOS prints it or 0x hex.", valueName: "oid")) var oid: String

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try ObjectOperations.query(systemFile: file, pool: pool, container: container, oid: oid)
            }
        }
    }
}
