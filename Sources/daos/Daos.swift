import ArgumentParser
import DaosTools

/// `daos`, the user's tool: pools (through a pool handle), containers, snapshots, object
/// layouts and the POSIX namespace of a container (`daos fs`). Argument plumbing only; what
/// the commands do and print lives in DaosTools.
@main
struct Daos: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daos",
        abstract: "DAOS user tool: pools, containers, snapshots, objects and POSIX namespaces.",
        discussion: """
            The system is found through its system file: --sys-file, else DAOS_SYSTEM_FILE, else \
            the per-user state directory that daos_server writes it to.
            """,
        subcommands: [PoolCommand.self, ContainerCommand.self, ObjectCommand.self, FileSystemCommand.self])

    /// DAOS writes global options before the command (`daos -j pool query tank`); ArgumentParser
    /// wants them after it, so they are moved there first.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        main(GlobalArguments.hoisted(arguments, flags: GlobalArguments.toolFlags, options: GlobalArguments.toolOptions))
    }
}
