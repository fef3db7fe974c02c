import DaosObject
import Foundation
import Testing

/// Several client processes write objects of different classes at once; an engine is killed
/// with SIGKILL in the middle of their writes and then excluded (what SWIM would do); every
/// update a client saw acknowledged reads back byte-exact from fresh processes. Bulk crosses
/// both ways: objects written by cross-memory attach (`LocalBulk`) are read over the fabric
/// (`DAOS_LOCAL_BULK=0`) and the other way round.
@Suite(.serialized) struct ConcurrentClientsTests {
    @Test func writersSurviveAnEngineKilledMidRun() throws {
        let system = try TestSystem(name: "clients", config: TestConfigs.threeEngines(provider: "tcp;ofi_rxm", basePort: 32800))
        defer { system.tearDown() }
        try system.start()
        let (client, _, container) = try system.tankAndContainer()
        let classes = ["RP_2G1", "EC_2P1G1", "RP_3G1"]
        let count = 120
        let oids = try classes.map { _ in try container.allocateObjectIDs(1) }

        func spawn(_ mode: String, _ index: Int) throws -> (Process, String) {
            let output = system.stateDirectory + "/\(mode)-\(index).out"
            FileManager.default.createFile(atPath: output, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: TestSystem.binDirectory + "/object-io-child")
            process.arguments = [mode, system.systemFile, "tank", "c1", classes[index], String(oids[index]), String(1000 + index), String(count)]
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            process.standardError = process.standardOutput
            if (index % 2 == 0) == (mode == "write") {
                process.environment = ProcessInfo.processInfo.environment.merging(["DAOS_LOCAL_BULK": "0"]) { $1 }
            }
            try process.run()
            return (process, output)
        }
        func acks(_ path: String) -> Int {
            (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").filter { $0.hasPrefix("ack ") }.count ?? 0
        }

        let writers = try classes.indices.map { try spawn("write", $0) }
        let started = Date()
        while writers.contains(where: { acks($0.1) < 15 }) && Date().timeIntervalSince(started) < 60 { usleep(50_000) }
        #expect(writers.allSatisfy { acks($0.1) >= 15 }, "writers did not get going")
        let statuses = try ControlChannel.send(.query, socket: ControlChannel.socketPath(systemFile: system.systemFile))
        let victim = try #require(statuses.first { $0.rank == 2 })
        kill(victim.pid, SIGKILL)
        usleep(500_000)
        _ = try client.changeTargets(.poolExclude, pool: "tank", rank: 2)
        for (process, output) in writers {
            process.waitUntilExit()
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0, "writer failed: \(text.suffix(300))")
            #expect(acks(output) == count)
        }
        #expect(writers.contains { acks($0.1) < count } == false)

        let verifiers = try classes.indices.map { try spawn("verify", $0) }
        for (process, output) in verifiers {
            process.waitUntilExit()
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0 && text.contains("verified \(count)"), "\(text.suffix(300))")
        }
        try system.stop()
    }
}
