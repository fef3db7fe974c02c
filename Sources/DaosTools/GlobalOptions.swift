import ArgumentParser
import DaosObject

/// The options every `dmg` and `daos` command takes (and may take before the command name).
public struct GlobalOptions: ParsableArguments {
    @Flag(name: [.customShort("j"), .customLong("json")],
          help: "Print JSON: {\"response\": …, \"error\": …, \"status\": …}.")
    public var json = false

    @Option(name: .customLong("sys-file"), help: ArgumentHelp("The system file (default: DAOS_SYSTEM_FILE, else the state directory's).",
                                                             valueName: "path"))
    public var systemFile: String?

    public init() {}

    /// Runs a command with the system file path, prints its report or its one-line error, and
    /// exits 1 on failure.
    public func run(_ command: (String) throws(CommandFailure) -> CommandOutput) throws {
        let path = systemFile ?? SystemFile.defaultPath
        let outcome = RenderedOutcome(Result { () throws(CommandFailure) -> CommandOutput in try command(path) }, tool: Self.toolName, json: json)
        let status = outcome.emit()
        if status != 0 { throw ExitCode(status) }
    }

    /// `dmg` or `daos`, as invoked: the prefix of every error line.
    static var toolName: String { CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? "daos" }
}
