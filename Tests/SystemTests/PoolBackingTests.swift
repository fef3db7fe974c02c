import DaosObject
import Foundation
import Testing

/// Pool create backs every target's share of the pool ahead of use, and pool destroy gives it
/// back, as DAOS preallocates a pool's files (ports 32970–32979; 3 engines × 2 targets).
/// Storage that cannot hold a new pool refuses the create with DER_NOSPACE and keeps nothing of
/// it (one engine on a 160 MiB tmpfs mounted for the test: needs root, as CI and the dev
/// machines run).
@Suite(.serialized) struct PoolBackingTests {
    /// `smallRank`: that engine keeps its targets in STATE/small (where the test mounts a tmpfs).
    private static func config(basePort: Int, smallRank: Int? = nil) -> String {
        var text = "name: daos_server\nprovider: \"tcp;ofi_rxm\"\nstate_dir: STATE\nservice_rank: 0\nengines:\n"
        for rank in 0..<3 {
            let storage = rank == smallRank ? "STATE/small" : "STATE"
            text += "  - rank: \(rank)\n    targets: 2\n    storage: \(storage)/engine\(rank)\n    fabric_iface_addr: 127.0.0.1\n"
                + "    fabric_iface_port: \(basePort + rank * 3)\n    durability: page-cache\n    capacity_per_target: 1GiB\n"
        }
        return text
    }

    /// Bytes each target's blob occupies (blocks, not size), by "rank/target".
    private static func backing(_ storage: String, ranks: [Int] = [0, 1, 2]) -> [String: UInt64] {
        var result: [String: UInt64] = [:]
        for rank in ranks {
            for target in 0..<2 {
                var info = stat()
                let path = "\(storage)/engine\(rank)/target-\(target)/blob.data"
                result["\(rank)/\(target)"] = stat(path, &info) == 0 ? UInt64(info.st_blocks) * 512 : 0
            }
        }
        return result
    }

    @Test func poolCreateBacksEachTargetsShareAndDestroyGivesItBack() throws {
        let system = try TestSystem(name: "pool-backing", config: Self.config(basePort: 32970))
        defer { system.tearDown() }
        try system.start()
        let storage = system.stateDirectory
        try system.ok("dmg", ["pool", "create", "--size", "600MiB", "--label", "first"])
        for (target, bytes) in Self.backing(storage) { #expect(bytes >= 100 << 20, "target \(target): \(bytes) bytes backed") }
        try system.ok("dmg", ["pool", "create", "--size", "300MiB", "--label", "second"])
        for (target, bytes) in Self.backing(storage) { #expect(bytes >= 150 << 20, "target \(target): \(bytes) bytes backed") }
        // Data in the second pool stays; the first pool's share goes.
        try system.ok("daos", ["container", "create", "second", "c", "--type", "POSIX", "--properties", "rd_fac:1"])
        let local = storage + "/file.bin"
        let data = Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 131) })
        try data.write(to: URL(fileURLWithPath: local))
        try system.ok("daos", ["fs", "copy", "--src", local, "--dst", "daos://second/c/file.bin"])
        try system.ok("dmg", ["pool", "destroy", "first"])
        for (target, bytes) in Self.backing(storage) {
            #expect(bytes >= 50 << 20 && bytes < 100 << 20, "target \(target): \(bytes) bytes backed after the destroy")
        }
        let back = storage + "/back.bin"
        try system.ok("daos", ["fs", "copy", "--src", "daos://second/c/file.bin", "--dst", back])
        #expect(FileManager.default.contents(atPath: back) == data)
    }

    @Test(.enabled(if: TmpfsMount.canMount, "mounting a tmpfs needs root"))
    func aPoolTheStorageCannotHoldIsRefusedWhole() throws {
        let system = try TestSystem(name: "pool-backing-full", config: Self.config(basePort: 32975, smallRank: 2))
        defer { system.tearDown() }  // also when the mount fails
        let mount = try TmpfsMount(at: system.stateDirectory + "/small", megabytes: 160)
        defer {
            system.tearDown()  // the engines leave the tmpfs before it is unmounted
            mount.unmount()
        }
        try system.start()
        let baseline = mount.usedBytes
        // 100 MiB per target: ranks 0 and 1 (on disk) back their share, rank 2's two targets
        // (160 MiB of tmpfs) cannot; the create is undone everywhere.
        try system.fails("dmg", ["pool", "create", "--size", "600MiB", "--label", "big"], mentioning: "DER_NOSPACE")
        #expect(!(try system.ok("dmg", ["pool", "list"])).contains("big"))
        #expect(mount.usedBytes <= baseline + (2 << 20), "\(mount.usedBytes - baseline) bytes left behind by the refused pool")
        for (target, bytes) in Self.backing(system.stateDirectory, ranks: [0, 1]) {
            #expect(bytes < 1 << 20, "target \(target): \(bytes) bytes still backed for the refused pool")
        }
        // A pool that fits (the smallest: 16 MiB per target) is created and works.
        try system.ok("dmg", ["pool", "create", "--size", "96MiB", "--label", "small"])
        #expect(mount.usedBytes >= baseline + (32 << 20))
        try system.ok("daos", ["container", "create", "small", "c", "--type", "POSIX", "--properties", "rd_fac:0"])
        let local = system.stateDirectory + "/file.bin"
        let data = Data((0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try data.write(to: URL(fileURLWithPath: local))
        try system.ok("daos", ["fs", "copy", "--src", local, "--dst", "daos://small/c/file.bin"])
        let back = system.stateDirectory + "/back.bin"
        try system.ok("daos", ["fs", "copy", "--src", "daos://small/c/file.bin", "--dst", back])
        #expect(FileManager.default.contents(atPath: back) == data)
        try system.ok("dmg", ["pool", "destroy", "small", "--force"])
        #expect(mount.usedBytes < baseline + (8 << 20), "\(mount.usedBytes - baseline) bytes kept after the destroy")
    }
}

/// A small tmpfs for a test: storage that runs out.
struct TmpfsMount {
    let path: String

    static let canMount: Bool = {
        let probe = NSTemporaryDirectory() + "tmpfs-probe-\(getpid())"
        guard let mount = try? TmpfsMount(at: probe, megabytes: 1) else { return false }
        mount.unmount()
        return true
    }()

    init(at path: String, megabytes: Int) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        guard Glibc.mount("tmpfs", path, "tmpfs", 0, "size=\(megabytes)m") == 0 else {
            throw TestSystemError("mount tmpfs at \(path): \(String(cString: strerror(errno)))")
        }
        self.path = path
    }

    var usedBytes: UInt64 {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return UInt64(info.f_blocks - info.f_bfree) * UInt64(info.f_frsize)
    }

    func unmount() {
        _ = umount2(path, Int32(MNT_DETACH))
        try? FileManager.default.removeItem(atPath: path)
    }
}
