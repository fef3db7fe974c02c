import DaosObject
import Foundation
import Testing

/// Engines dying and refusing: a SIGKILLed engine is reported, not silently restarted, and comes
/// back with `dmg system start`; an engine whose store is corrupted refuses to start and says why.
@Suite(.serialized) struct EngineLifecycleTests {
    @Test func killedAndCorruptedEngines() throws {
        let system = try TestSystem(name: "lifecycle", config: TestConfigs.threeEngines(provider: "tcp;ofi_rxm", basePort: 32500))
        defer { system.tearDown() }
        try system.start()
        try system.ok("dmg", ["pool", "create", "--size", "1G", "--label", "tank"])
        func member(_ rank: Int) throws -> [String: Any] {
            let response = try #require(try system.run("dmg", ["system", "query", "-j"]).json["response"] as? [String: Any])
            let members = try #require(response["members"] as? [[String: Any]])
            return try #require(members.first { $0["rank"] as? Int == rank })
        }

        // kill -9: Errored with the signal, stays down, comes back on request.
        let pid = try #require(try member(2)["pid"] as? Int)
        kill(pid_t(pid), SIGKILL)
        var state = ""
        for _ in 0..<100 where state != "errored" {
            state = try member(2)["state"] as? String ?? ""
            usleep(50_000)
        }
        #expect(state == "errored")
        #expect((try member(2)["reason"] as? String ?? "").contains("signal 9"))
        try system.ok("dmg", ["system", "start", "--ranks", "2"])
        #expect(try member(2)["state"] as? String == "joined")
        #expect(try system.ok("dmg", ["pool", "list"]).contains("tank"))

        // A flipped byte in a target's checkpoint: the engine refuses to start, with the reason.
        try system.ok("dmg", ["system", "stop", "--ranks", "1"])
        let checkpoint = system.stateDirectory + "/engine1/target-0/checkpoint.vos"
        var bytes = try #require(FileManager.default.contents(atPath: checkpoint))
        #expect(bytes.count > 16)
        bytes[bytes.count / 2] ^= 0x5A
        try bytes.write(to: URL(fileURLWithPath: checkpoint))
        let refused = try system.run("dmg", ["system", "start", "--ranks", "1"])
        #expect(refused.status == 1 && refused.errors.contains("rank 1"), "\(refused.errors)")
        #expect(try member(1)["state"] as? String == "errored")
        #expect((try member(1)["reason"] as? String ?? "").contains("exited with status 1"))
        let log = try String(contentsOfFile: system.stateDirectory + "/engine1.log", encoding: .utf8)
        #expect(log.contains("refusing to start") && log.contains("checkpoint"), "\(log.suffix(400))")

        try system.stop()
    }
}
