import DaosObject
import Foundation
import Testing

/// `daos fs …` end to end on configured systems (ports 32930–32949): a POSIX container made by
/// `daos container create` is formatted, files go in and out with `copy`, the namespace is
/// listed, inspected, given defaults and removed; errors are one line with the errno.
@Suite(.serialized) struct DaosFSCommandLineTests {
    /// A running system with pool `tank` and POSIX container `fs`, made by the tools.
    static func started(_ name: String, basePort: Int) throws -> TestSystem {
        let system = try TestSystem(name: name, config: DaosFSSystemTests.config(basePort: basePort))
        do {
            try system.start()
            try system.ok("dmg", ["pool", "create", "--size", "2G", "--label", "tank"])
            try system.ok("daos", ["container", "create", "tank", "fs", "--type", "POSIX", "--properties", "rd_fac:0"])
            return system
        } catch {
            system.tearDown()
            throw error
        }
    }

    @Test func namespaceCommands() throws {
        let system = try Self.started("dfs-cli", basePort: 32930)
        defer { system.tearDown() }

        try system.ok("daos", ["fs", "mkdir", "tank", "fs", "/a/b", "-p"])
        try system.fails("daos", ["fs", "mkdir", "tank", "fs", "/a"], mentioning: "EEXIST")
        try system.fails("daos", ["fs", "ls", "tank", "fs", "/nope"], mentioning: "ENOENT")

        // A local file in and out again, into an existing directory under its own name.
        var random = SplitMix64(seed: 5)
        let data = Data((0..<100_000).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        let local = system.stateDirectory + "/in.bin"
        try data.write(to: URL(fileURLWithPath: local))
        let copied = try system.ok("daos", ["fs", "copy", "--src", local, "--dst", "daos://tank/fs/a"])
        #expect(copied.contains("Successfully copied to DAOS: daos://tank/fs/a/in.bin"))
        #expect(try system.ok("daos", ["fs", "ls", "tank", "fs", "/a"]) == "b/\nin.bin\n")
        let listed = try #require(try system.run("daos", ["fs", "ls", "tank", "fs", "/a", "-l", "-j"]).json["response"] as? [[String: Any]])
        #expect(listed.compactMap { $0["name"] as? String } == ["b", "in.bin"])
        #expect(listed.last?["size"] as? Int == 100_000 && listed.first?["type"] as? String == "directory")
        let status = try #require(try system.run("daos", ["fs", "stat", "tank", "fs", "/a/in.bin", "-j"]).json["response"] as? [String: Any])
        #expect(status["size"] as? Int == 100_000 && status["type"] as? String == "file")
        #expect(try system.ok("daos", ["fs", "stat", "tank", "fs", "/a"]).contains("New File Class"))
        let back = system.stateDirectory + "/out.bin"
        try system.ok("daos", ["fs", "copy", "--src", "daos://tank/fs/a/in.bin", "--dst", back])
        #expect(FileManager.default.contents(atPath: back) == data)

        // Directory defaults, and what a file copied below then gets.
        try system.ok("daos", ["fs", "set-attr", "tank", "fs", "/a", "--oclass", "RP_2G1", "--chunk-size", "64KiB"])
        #expect(try system.ok("daos", ["fs", "get-attr", "tank", "fs", "/a"]) == "Object Class = RP_2G1\nObject Chunk Size = 65536\n")
        try system.ok("daos", ["fs", "copy", "--src", local, "--dst", "daos://tank/fs/a/new.bin"])
        let attributes = try #require(try system.run("daos", ["fs", "get-attr", "tank", "fs", "/a/new.bin", "-j"]).json["response"]
                                      as? [String: Any])
        #expect(attributes["oclass"] as? String == "RP_2G1" && attributes["chunk_size"] as? Int == 65_536)
        try system.fails("daos", ["fs", "set-attr", "tank", "fs", "/a"], mentioning: "--oclass")
        try system.fails("daos", ["fs", "set-attr", "tank", "fs", "/a/new.bin", "--chunk-size", "1MiB"], mentioning: "EINVAL")
        try system.fails("daos", ["fs", "set-attr", "tank", "fs", "/a", "--oclass", "EC_9P9"], mentioning: "unknown object class")

        try system.fails("daos", ["fs", "copy", "--src", local, "--dst", back], mentioning: "daos://POOL/CONT/path")
        try system.fails("daos", ["fs", "copy", "--src", "daos://tank/fs/a", "--dst", back], mentioning: "EISDIR")

        // Removal: a directory with entries only with -r.
        try system.fails("daos", ["fs", "rm", "tank", "fs", "/a"], mentioning: "ENOTEMPTY")
        try system.ok("daos", ["fs", "rm", "tank", "fs", "/a", "-r"])
        #expect(try system.ok("daos", ["fs", "ls", "tank", "fs"]).isEmpty)
        try system.ok("daos", ["container", "create", "tank", "plain"])
        try system.fails("daos", ["fs", "ls", "tank", "plain"], mentioning: "not POSIX")
        try system.stop()
    }

    /// A copy over 64 MiB prints progress lines on stderr and still succeeds byte for byte.
    @Test func largeCopyReportsProgress() throws {
        let system = try Self.started("dfs-copy", basePort: 32940)
        defer { system.tearDown() }
        // Every 8-byte word distinct (its index, scrambled), so a misplaced block cannot compare equal.
        var bytes = [UInt8](repeating: 0, count: 65 << 20)
        bytes.withUnsafeMutableBytes { raw in
            for word in 0..<raw.count / 8 { raw.storeBytes(of: UInt64(word) &* 0x9E37_79B9_7F4A_7C15, toByteOffset: word * 8, as: UInt64.self) }
        }
        let local = system.stateDirectory + "/big.bin"
        try Data(bytes).write(to: URL(fileURLWithPath: local))
        let result = try system.run("daos", ["fs", "copy", "--src", local, "--dst", "daos://tank/fs/"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.errors.split(separator: "\n").last == "copy: 65 MiB of 65 MiB (100%)")
        #expect(result.errors.contains("copy: 64 MiB of 65 MiB (98%)"))
        let back = system.stateDirectory + "/big.back"
        try system.ok("daos", ["fs", "copy", "--src", "daos://tank/fs/big.bin", "--dst", back])
        #expect(FileManager.default.contents(atPath: back) == Data(bytes))
        try system.stop()
    }
}
