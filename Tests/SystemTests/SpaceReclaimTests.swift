import DaosObject
import Foundation
import Testing

/// Destroyed containers give their space back on every target (ports 32960–32969; 3 engines ×
/// 2 targets of 64 MiB): a pool with room for one copy of a file takes the file again and
/// again, each time in a new container after the last one was destroyed. Without the targets
/// being told, the second copy fails with DER_NOSPACE.
@Suite(.serialized) struct SpaceReclaimTests {
    @Test func destroyedContainersFreeTheirTargetsSpace() throws {
        let system = try TestSystem(name: "space-reclaim", config: DaosFSSystemTests.config(basePort: 32960, capacityPerTarget: "64MiB"))
        defer { system.tearDown() }
        try system.start()
        try system.ok("dmg", ["pool", "create", "--size", "320MiB", "--label", "tank"])
        // 200 MB in SX files: more than half of the 6 × 64 MiB the targets have.
        var random = SplitMix64(seed: 11)
        var data = Data(count: 200_000_000)
        data.withUnsafeMutableBytes { bytes in
            for word in 0..<bytes.count / 8 { bytes.storeBytes(of: random.next(), toByteOffset: word * 8, as: UInt64.self) }
        }
        let local = system.stateDirectory + "/big.bin"
        try data.write(to: URL(fileURLWithPath: local))
        for round in 0..<3 {
            try system.ok("daos", ["container", "create", "tank", "c\(round)", "--type", "POSIX", "--properties", "rd_fac:0"])
            try system.ok("daos", ["fs", "copy", "--src", local, "--dst", "daos://tank/c\(round)/big.bin"])
            let back = system.stateDirectory + "/back.bin"
            try system.ok("daos", ["fs", "copy", "--src", "daos://tank/c\(round)/big.bin", "--dst", back])
            #expect(FileManager.default.contents(atPath: back) == data, "round \(round): the copy read back differs")
            try FileManager.default.removeItem(atPath: back)
            try system.ok("daos", ["container", "destroy", "tank", "c\(round)"])
        }
        // Destroying the pool frees its containers' space too: a new pool fits the file again.
        try system.ok("daos", ["container", "create", "tank", "kept", "--type", "POSIX", "--properties", "rd_fac:0"])
        try system.ok("daos", ["fs", "copy", "--src", local, "--dst", "daos://tank/kept/big.bin"])
        try system.ok("dmg", ["pool", "destroy", "tank", "--force"])
        try system.ok("dmg", ["pool", "create", "--size", "320MiB", "--label", "tank2"])
        try system.ok("daos", ["container", "create", "tank2", "c", "--type", "POSIX", "--properties", "rd_fac:0"])
        try system.ok("daos", ["fs", "copy", "--src", local, "--dst", "daos://tank2/c/big.bin"])
    }
}
