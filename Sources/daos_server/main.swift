// daos_server: starts, supervises and stops the engines of this host.
//
//     daos_server start [--config daos_server.yml]   # detaches; returns once every engine answers
//     daos_server run   [--config daos_server.yml]   # the supervisor itself, in the foreground
//     daos_server stop                               # graceful stop; no process left behind
//
// With no --config: the single-host default (3 engines × 4 targets on 127.0.0.1) under
// $DAOS_STATE_DIR, else /tmp/swift-daos-<uid>. Clients find the system through the system file
// (DAOS_SYSTEM_FILE, else <state dir>/system); the control socket sits next to it.
import ArgumentParser
import DaosEngine
import DaosObject
import Foundation

@main
struct DaosServer: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daos_server", abstract: "Start, supervise and stop the DAOS engines of this host.",
        subcommands: [Start.self, Run.self, Stop.self])
}

struct ConfigOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "daos_server.yml (default: the single-host system).")
    var config: String?
}

extension DaosServer {
    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start the engines in the background and wait until they answer.")
        @OptionGroup var options: ConfigOptions
        @Option(help: "Seconds to wait for the system to answer.") var timeout = 120

        func run() throws {
            let server = try ServerSetup(configPath: options.config)
            try ServerLauncher.start(server, timeoutSeconds: timeout)
        }
    }

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the supervisor in the foreground (what `start` detaches).")
        @OptionGroup var options: ConfigOptions

        func run() throws {
            let server = try ServerSetup(configPath: options.config)
            try ServerLauncher.supervise(server)
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop every engine and the supervisor.")
        @Option(help: "Seconds to wait for the supervisor to exit.") var timeout = 120

        func run() throws {
            try ServerLauncher.stop(systemFile: SystemFile.defaultPath, timeoutSeconds: timeout)
        }
    }
}
