import ArgumentParser
import DaosTools

/// `dmg`, the administrator's tool: the system's engines (through `daos_server`'s control
/// socket) and its pools (through the pool service). Argument plumbing only; what the commands
/// do and print lives in DaosTools.
@main
struct Dmg: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dmg",
        abstract: "DAOS management: engines and pools.",
        discussion: """
            The system is found through its system file: --sys-file, else DAOS_SYSTEM_FILE, else \
            the per-user state directory that daos_server writes it to.
            """,
        subcommands: [SystemCommand.self, PoolCommand.self])

    /// DAOS writes global options before the command (`dmg -j pool list`); ArgumentParser wants
    /// them after it, so they are moved there first.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        main(GlobalArguments.hoisted(arguments, flags: GlobalArguments.toolFlags, options: GlobalArguments.toolOptions))
    }
}
