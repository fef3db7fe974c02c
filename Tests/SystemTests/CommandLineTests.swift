import DaosObject
import Foundation
import Testing

/// `daos_server`, `dmg` and `daos` end to end, as an administrator and a user would run them:
/// every command, text and JSON, the error cases, an engine restart, a clean stop. Once on the
/// single-host default over tcp, once on a configured system over shm.
@Suite(.serialized) struct CommandLineTests {
    @Test func defaultSystemOverTCP() throws {
        let system = try TestSystem(name: "cli-tcp")
        defer { system.tearDown() }
        try exercise(system, provider: "tcp;ofi_rxm", engines: 3, targetsPerEngine: 4)
    }

    @Test func configuredSystemOverSHM() throws {
        let system = try TestSystem(name: "cli-shm", config: TestConfigs.threeEngines(provider: "shm", basePort: 32200))
        defer { system.tearDown() }
        try exercise(system, provider: "shm", engines: 3, targetsPerEngine: 2)
    }

    func exercise(_ system: TestSystem, provider: String, engines: Int, targetsPerEngine: Int) throws {
        let targets = engines * targetsPerEngine
        // Before the system runs: one line, exit 1.
        try system.fails("dmg", ["pool", "list"], mentioning: "system")
        try system.fails("dmg", ["system", "query"], mentioning: "not running")

        try system.start()
        let members = try #require(try system.run("dmg", ["system", "query", "-j"]).json["response"] as? [String: Any])
        let states = (members["members"] as? [[String: Any]] ?? []).compactMap { $0["state"] as? String }
        #expect(states == Array(repeating: "joined", count: engines))
        #expect(try system.ok("dmg", ["system", "query"]).contains("Joined"))

        // Pools.
        let created = try system.ok("dmg", ["pool", "create", "--size", "2G", "--label", "tank"])
        #expect(created.contains("UUID") && created.contains("Storage Ranks        : [0-\(engines - 1)]"))
        try system.fails("dmg", ["pool", "create", "--size", "2G", "--label", "tank"], mentioning: "already in use")
        try system.fails("dmg", ["pool", "create", "--size", "900T", "--label", "huge"], mentioning: "DER_NOSPACE")
        try system.ok("dmg", ["pool", "create", "--size", "1G", "--label", "small", "--nranks", "1"])
        let pools = try #require(try system.run("dmg", ["pool", "list", "-j"]).json["response"] as? [String: Any])
        #expect(((pools["pools"] as? [[String: Any]]) ?? []).compactMap { $0["label"] as? String } == ["small", "tank"])
        let query = try #require(try system.run("daos", ["pool", "query", "tank", "-j"]).json["response"] as? [String: Any])
        #expect(query["total_targets"] as? Int == targets && query["disabled_targets"] as? Int == 0)
        let text = try system.ok("daos", ["pool", "query", "tank"])
        #expect(text.contains("ntarget=\(targets), disabled=0") && text.contains("Rebuild idle"))
        try system.fails("daos", ["pool", "query", "nope"], mentioning: "DER_NONEXIST")

        // Containers.
        let container = try system.ok("daos", ["container", "create", "tank", "c1", "--type", "POSIX",
                                               "--properties", "rd_fac:1,cksum:crc32,ec_cell_sz:131072",
                                               "--file-oclass", "EC_2P1GX", "--dir-oclass", "RP_2G1", "--chunk-size", "1MiB"])
        #expect(container.contains("Container Type : POSIX") && container.contains("Successfully created container"))
        try system.ok("daos", ["container", "create", "tank", "h5", "--type", "HDF5"])
        try system.fails("daos", ["container", "create", "tank", "c2", "--properties", "bogus:1"], mentioning: "bogus")
        try system.fails("daos", ["container", "create", "tank", "c3", "--properties", "rd_fac:\(engines)"], mentioning: "fault domains")
        try system.fails("daos", ["container", "create", "tank", "c1"], mentioning: "DER_EXIST")
        let listed = try #require(try system.run("daos", ["pool", "list-containers", "tank", "-j"]).json["response"] as? [[String: Any]])
        #expect(Set(listed.compactMap { $0["label"] as? String }) == ["c1", "h5"])
        #expect(try system.ok("daos", ["container", "list", "tank"]).contains("c1"))
        let props = try #require(try system.run("daos", ["container", "get-prop", "tank", "c1", "-j"]).json["response"] as? [[String: Any]])
        func prop(_ list: [[String: Any]], _ name: String) -> String? {
            list.first { $0["name"] as? String == name }.map { "\($0["value"] ?? "")" }
        }
        #expect(prop(props, "rd_fac") == "1" && prop(props, "cksum") == "crc32" && prop(props, "layout_type") == "POSIX")
        #expect(try system.ok("daos", ["container", "get-prop", "tank", "c1"]).contains("Redundancy Factor"))
        try system.ok("daos", ["container", "set-prop", "tank", "c1", "--properties", "label:renamed"])
        let info = try #require(try system.run("daos", ["container", "query", "tank", "renamed", "-j"]).json["response"] as? [String: Any])
        #expect(info["container_label"] as? String == "renamed" && info["redundancy_factor"] as? Int == 1)
        #expect(try system.ok("daos", ["container", "query", "tank", "renamed"]).contains("Container Type"))

        // Snapshots.
        let snap = try #require(try system.run("daos", ["container", "create-snap", "tank", "renamed", "-j"]).json["response"] as? [String: Any])
        let epoch = try #require(snap["epoch"] as? UInt64 ?? (snap["epoch"] as? Int).map(UInt64.init))
        let snaps = try #require(try system.run("daos", ["container", "list-snaps", "tank", "renamed", "-j"]).json["response"] as? [[String: Any]])
        #expect(snaps.count == 1)
        try system.ok("daos", ["container", "destroy-snap", "tank", "renamed", "--epc", String(epoch)])
        #expect(try system.run("daos", ["container", "list-snaps", "tank", "renamed", "-j"]).json["response"] as? [Any] != nil)
        #expect((try system.run("daos", ["container", "list-snaps", "tank", "renamed", "-j"]).json["response"] as? [Any])?.isEmpty == true)

        // Object layout from placement.
        let oid = ObjectID(lo: 42, type: .multiHashed, redundancy: .ec2P1, groups: 1)
        let layout = try #require(try system.run("daos", ["object", "query", "tank", "renamed", "\(oid.hi).\(oid.lo)", "-j"])
            .json["response"] as? [String: Any])
        #expect("\(layout)".contains("EC_2P1G1"), "\(layout)")
        #expect(try system.ok("daos", ["object", "query", "tank", "renamed", "\(oid.hi).\(oid.lo)"]).contains("replica 2 "))

        // Target states in the pool map.
        try system.ok("dmg", ["pool", "exclude", "tank", "--rank", "\(engines - 1)"])
        let degraded = try #require(try system.run("dmg", ["pool", "query", "tank", "-j"]).json["response"] as? [String: Any])
        #expect(degraded["disabled_targets"] as? Int == targetsPerEngine)
        try system.ok("dmg", ["pool", "reintegrate", "tank", "--rank", "\(engines - 1)"])
        try system.ok("dmg", ["pool", "drain", "tank", "--rank", "1", "--target-idx", "0"])
        // A draining target still serves (DAOS counts it active) but the map moved on.
        let drained = try #require(try system.run("dmg", ["pool", "query", "tank", "-j"]).json["response"] as? [String: Any])
        #expect(drained["disabled_targets"] as? Int == 0)
        #expect((drained["map_version"] as? Int ?? 0) > (degraded["map_version"] as? Int ?? 0))
        try system.ok("dmg", ["pool", "reintegrate", "tank", "--rank", "1", "--target-idx", "0"])

        // Restart the service engine: pools and containers are intact.
        try system.ok("dmg", ["system", "stop", "--ranks", "0"])
        try system.fails("daos", ["pool", "query", "tank"], mentioning: "not answering")
        try system.ok("dmg", ["system", "start", "--ranks", "0"])
        let after = try #require(try system.run("dmg", ["pool", "list", "-j"]).json["response"] as? [String: Any])
        #expect(((after["pools"] as? [[String: Any]]) ?? []).compactMap { $0["label"] as? String } == ["small", "tank"])
        let containersAfter = try #require(try system.run("daos", ["pool", "list-containers", "tank", "-j"]).json["response"] as? [[String: Any]])
        #expect(Set(containersAfter.compactMap { $0["label"] as? String }) == ["renamed", "h5"])

        // Destroy.
        try system.ok("daos", ["container", "destroy", "tank", "h5"])
        try system.ok("dmg", ["pool", "destroy", "small"])
        try system.ok("dmg", ["pool", "destroy", "tank", "--force"])
        let none = try #require(try system.run("dmg", ["pool", "list", "-j"]).json["response"] as? [String: Any])
        #expect(((none["pools"] as? [[String: Any]]) ?? []).isEmpty)

        try system.stop()
        try system.fails("dmg", ["system", "query"], mentioning: "not running")
        #expect(!FileManager.default.fileExists(atPath: system.systemFile))
    }
}
