// daos_engine: one rank of the system — started and supervised by daos_server.
//
//     daos_engine --config <daos_server.yml> --rank <N> [--system-file <path>] [--log-file <path>]
//                 [--log-level debug|info|warn|error]
//
// Exit status: 0 after a graceful stop (SIGTERM, SIGINT or an engineStop RPC), 1 when it
// cannot start (bad configuration, corrupted store, address in use), with the reason on stderr.
import DaosEngine
import DaosObject
import Foundation
import Synchronization

let stopSignal = Atomic<Bool>(false)

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("daos_engine: \(message)\n".utf8))
    exit(1)
}

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard ["--config", "--rank", "--system-file", "--log-file", "--log-level"].contains(flag), let value = arguments.popFirst() else {
        fail("usage: daos_engine --config <daos_server.yml> --rank <N> [--log-file <path>] [--log-level <level>] (bad argument '\(flag)')")
    }
    options[flag] = value
}
guard let configPath = options["--config"], let rankText = options["--rank"], let rank = UInt32(rankText) else {
    fail("usage: daos_engine --config <daos_server.yml> --rank <N> [--log-file <path>] [--log-level <level>]")
}
let level = options["--log-level"].map { EngineLog.Level(name: $0) ?? .info } ?? .info

let config: ServerConfig
do {
    config = try ServerConfig(yaml: String(contentsOfFile: configPath, encoding: .utf8))
} catch {
    fail("\(configPath): \(error)")
}
let logPath = options["--log-file"] ?? config.stateDirectory + "/engine\(rank).log"
let log: EngineLog
do {
    log = try EngineLog(path: logPath, prefix: "rank \(rank)", fileLevel: level, standardErrorLevel: .warning)
} catch {
    fail("\(error)")
}

signal(SIGTERM) { _ in stopSignal.store(true, ordering: .relaxed) }
signal(SIGINT) { _ in stopSignal.store(true, ordering: .relaxed) }
signal(SIGPIPE, SIG_IGN)

do {
    let engine = try EngineProcess(config: config, rank: rank, systemFile: options["--system-file"] ?? SystemFile.defaultPath, log: log)
    try engine.run(until: { stopSignal.load(ordering: .relaxed) })
} catch {
    log(.error, "\(error)")
    fail("\(error)")
}
