import DaosFS
import DaosObject
import Foundation
import Testing

/// Files of redundant classes, the defaults a container's `rd_fac` brings, and handles that
/// travel as bytes.
extension DaosFSSystemTests {
    /// Writes across chunks, list I/O, size and truncate on a file of `objectClass`.
    static func checkRoundTrip(_ fs: DaosFileSystem, path: String, objectClass: ObjectClass, random: inout SplitMix64) throws -> [UInt8] {
        let file = try fs.open(path, flags: [.readWrite, .create, .exclusive], objectClass: objectClass, chunkSize: 16 << 10)
        let data = randomBytes(100_000, &random)
        try file.write(at: 3, data)
        var model = Model()
        model.write(data, at: 3)
        let patch = randomBytes(9_000, &random)
        let extents = [FileExtent(offset: 40_000, length: 4_000), FileExtent(offset: 16_380, length: 5_000)]
        _ = try patch.withUnsafeBytes { try file.write(extents, from: [$0]) }
        model.write(patch[0..<4_000], at: 40_000)
        model.write(patch[4_000...], at: 16_380)
        #expect(try file.size() == 100_003, "\(path)")
        #expect(try file.read(at: 0, count: 200_000) == model.bytes, "\(path)")
        try file.truncate(to: 50_001)
        model.truncate(50_001)
        #expect(try file.size() == 50_001 && file.read(at: 0, count: 60_000) == model.bytes, "\(path)")
        let status = try fs.stat(path)
        #expect(status.objectClass == objectClass && status.size == 50_001, "\(path)")
        return model.bytes
    }

    @Test func redundantClassesAndSerializedHandles() throws {
        let system = try TestSystem(name: "dfs-handles", config: Self.config(basePort: 32920))
        defer { system.tearDown() }
        try system.start()
        let (_, pool, fs) = try Self.formatted(system)
        var random = SplitMix64(seed: 21)
        let ec = try Self.checkRoundTrip(fs, path: "/ec", objectClass: ObjectClass(redundancy: .ec2P1, groups: .count(1)), random: &random)
        let rp = try Self.checkRoundTrip(fs, path: "/rp", objectClass: ObjectClass(redundancy: .replicas2, groups: .count(1)),
                                         random: &random)
        // Random writes leave holes inside the file and reads run past its end: erasure-coded
        // reads report holes as replicated ones do, so short counts stay right.
        var holey = Model()
        try Self.checkRandomIO(try fs.open("/ec-holes", flags: [.readWrite, .create, .exclusive],
                                           objectClass: ObjectClass(redundancy: .ec2P1, groups: .count(2)), chunkSize: 16 << 10),
                               model: &holey, random: &random)

        // Another attachment adopts the mount and the handles: no connect, no path walk.
        let ecFile = try fs.open("/ec", flags: .readWrite)
        let other = try DaosSystem(systemFile: system.systemFile)
        let adopted = try DaosFileSystem(serialized: fs.serialized(), system: other)
        #expect(adopted.superblock == fs.superblock)
        let bytes = ecFile.serialized()
        #expect(bytes.count < 160)
        let reopened = try adopted.open(serialized: bytes)
        #expect(reopened.oid == ecFile.oid && reopened.access == .readWrite)
        #expect(try reopened.read(at: 0, count: 60_000) == ec)
        try reopened.write(at: 50_001, Array("tail".utf8))
        #expect(try ecFile.read(at: 49_999, count: 10) == Array(ec.suffix(2)) + Array("tail".utf8))
        #expect(try adopted.open("/rp", flags: .readOnly).read(at: 0, count: 60_000) == rp)
        var damaged = bytes
        damaged[20] ^= 0x10
        #expect(Self.failure { _ = try adopted.open(serialized: damaged) } == "EINVAL")
        #expect(Self.failure { _ = try DaosFileSystem(serialized: Array(bytes.prefix(10)), system: other) } == "EINVAL")

        // A container with rd_fac 1: replicated directories, erasure-coded files by default, and
        // no class without redundancy; a handle from it does not open in another container.
        _ = try pool.createContainer(label: "safe", type: .posix, properties: [.redundancyFactor(1), .ecCellSizeBytes(4096)])
        let safe = try DaosFileSystem.format(container: try pool.openContainer("safe"))
        #expect(try safe.stat("/").objectClass == ObjectClass(redundancy: .replicas2, groups: .count(1)))
        let defaulted = try safe.open("/f", flags: [.readWrite, .create])
        #expect(defaulted.oid.objectClass?.redundancy == .ec2P1)
        try defaulted.write(at: 0, Array("safe".utf8))
        #expect(try safe.open("/f", flags: .readOnly).read(at: 0, count: 10) == Array("safe".utf8))
        #expect(Self.failure { _ = try safe.open("/g", flags: [.readWrite, .create], objectClass: ObjectClass(redundancy: .none, groups: .count(1))) }
                == "EINVAL")
        #expect(Self.failure { _ = try safe.open(serialized: bytes) } == "EINVAL")

        // Directory defaults: new files below take them; a file refuses them.
        try safe.mkdir("/wide")
        try safe.setDirectoryDefaults("/wide", objectClass: ObjectClass(redundancy: .replicas2, groups: .count(2)), chunkSize: 8192)
        #expect(try safe.stat("/wide").chunkSize == 8192)
        let inherited = try safe.open("/wide/x", flags: [.readWrite, .create])
        #expect(inherited.chunkSize == 8192 && inherited.oid.objectClass == ObjectClass(redundancy: .replicas2, groups: .count(2)))
        #expect(Self.failure { try safe.setDirectoryDefaults("/f", objectClass: nil, chunkSize: 4096) } == "EINVAL")
        try system.stop()
    }
}
