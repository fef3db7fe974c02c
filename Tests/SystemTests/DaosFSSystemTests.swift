import DaosFS
import DaosObject
import Foundation
import Testing

/// DaosFS against real engines (three engines of two targets; ports 32900–32929, ten per test): the namespace, file data through contiguous and list I/O, redundant classes, and
/// handles serialized for another process.
@Suite(.serialized) struct DaosFSSystemTests {
    /// A system with pool `tank` and a formatted POSIX container `fs` (4 KiB EC cells, so small
    /// test files span full and partial stripes).
    static func formatted(_ system: TestSystem, options: FormatOptions = FormatOptions(),
                          properties: [ContainerProperty] = []) throws -> (client: DaosSystem, pool: PoolConnection, fs: DaosFileSystem) {
        let client = try DaosSystem(systemFile: system.systemFile)
        _ = try client.createPool(label: "tank", sizeBytes: 3 << 30)
        let pool = try PoolConnection(system: client, pool: "tank")
        _ = try pool.createContainer(label: "fs", type: .posix, properties: [.redundancyFactor(0), .ecCellSizeBytes(4096)] + properties)
        return (client, pool, try DaosFileSystem.format(container: try pool.openContainer("fs"), options: options))
    }

    /// Three engines of two targets on 127.0.0.1 using the ten ports from `basePort` (an engine
    /// listens on its port and one per target after it), so each DaosFS test has a block of its
    /// own in 32900–32999.
    static func config(basePort: Int, capacityPerTarget: String = "1GiB") -> String {
        var text = "name: daos_server\nprovider: \"tcp;ofi_rxm\"\nstate_dir: STATE\nservice_rank: 0\nengines:\n"
        for rank in 0..<3 {
            text += "  - rank: \(rank)\n    targets: 2\n    storage: STATE/engine\(rank)\n    fabric_iface_addr: 127.0.0.1\n"
                + "    fabric_iface_port: \(basePort + rank * 3)\n    durability: page-cache\n    capacity_per_target: \(capacityPerTarget)\n"
        }
        return text
    }

    /// The errno name `body` fails with, or nil when it succeeds (another error: its text).
    static func failure(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as FileSystemError {
            return error.errnoName
        } catch {
            return "\(error)"
        }
    }

    static func randomBytes(_ count: Int, _ random: inout SplitMix64) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }

    // MARK: - Namespace

    @Test func namespaceOperations() throws {
        let system = try TestSystem(name: "dfs-names", config: Self.config(basePort: 32900))
        defer { system.tearDown() }
        try system.start()
        // Directories over two groups, so listing pages cross from one group to the next.
        let (_, pool, fs) = try Self.formatted(system, options: FormatOptions(directoryClass: ObjectClass(redundancy: .none, groups: .count(2))))
        #expect(Self.failure { _ = try DaosFileSystem.format(container: fs.container) } == "EEXIST")
        #expect(try DaosFileSystem.mount(container: fs.container).superblock == fs.superblock)
        _ = try pool.createContainer(label: "plain", type: .none)
        let plain = try pool.openContainer("plain")
        #expect(Self.failure { _ = try DaosFileSystem.mount(container: plain) } == "EINVAL")
        _ = try pool.createContainer(label: "empty", type: .posix)
        let empty = try pool.openContainer("empty")
        #expect(Self.failure { _ = try DaosFileSystem.mount(container: empty) } == "ENOENT")

        // mkdir, mkdir -p, and the errors around them.
        try fs.mkdir("/a/b/c", parents: true)
        #expect(try fs.stat("/a/b/c").kind == .directory)
        #expect(Self.failure { try fs.mkdir("/a") } == "EEXIST")
        try fs.mkdir("/a/b", parents: true)
        #expect(Self.failure { try fs.mkdir("/x/y") } == "ENOENT")
        #expect(Self.failure { try fs.mkdir("/") } == "EEXIST")

        // create, EXCL, and opening what is not there or not a file.
        _ = try fs.open("/a/f", flags: [.readWrite, .create, .exclusive])
        #expect(Self.failure { _ = try fs.open("/a/f", flags: [.readWrite, .create, .exclusive]) } == "EEXIST")
        _ = try fs.open("/a/f", flags: [.readWrite, .create])
        #expect(Self.failure { try fs.mkdir("/a/f/g", parents: true) } == "ENOTDIR")
        #expect(Self.failure { _ = try fs.open("/a/b", flags: .readOnly) } == "EISDIR")
        #expect(Self.failure { _ = try fs.open("/nope", flags: .readOnly) } == "ENOENT")
        #expect(Self.failure { _ = try fs.open("/a/f/", flags: .readOnly) } == "ENOTDIR")
        #expect(Self.failure { _ = try fs.open("/a/f", flags: [.readOnly, .readWrite]) } == "EINVAL")
        #expect(Self.failure { _ = try fs.open("/a/f", flags: [.readOnly, .truncate]) } == "EINVAL")
        #expect(try fs.lookup("//a/./b/../f").kind == .regular)
        #expect(try fs.lookup("/a/f").parent == fs.lookup("/a").inode.oid)

        try Self.checkPagination(fs)
        try Self.checkRenames(fs)
        try Self.checkRemoves(fs)
        try Self.checkPermissions(fs, pool: pool)
        try system.stop()
    }

    /// 150 entries listed 32 at a time: every name exactly once over at least five pages.
    static func checkPagination(_ fs: DaosFileSystem) throws {
        try fs.mkdir("/many")
        let names = Set((0..<150).map { "file-\($0)" })
        for name in names { _ = try fs.open("/many/" + name, flags: [.readWrite, .create, .exclusive]) }
        var listed: [String] = []
        var pages = 0
        var anchor: DirectoryAnchor? = .start
        while let at = anchor {
            let page = try fs.readDirectory("/many", after: at, countMax: 32)
            #expect(page.names.count <= 32)
            listed += page.names
            pages += 1
            anchor = page.next
        }
        #expect(listed.count == 150 && Set(listed) == names)
        #expect(pages >= 5)
        #expect(failure { _ = try fs.readDirectory("/many", countMax: 0) } == "EINVAL")
        #expect(failure { _ = try fs.readDirectory("/many/file-1", countMax: 10) } == "ENOTDIR")
    }

    static func checkRenames(_ fs: DaosFileSystem) throws {
        // In one directory.
        try fs.rename("/many/file-0", to: "/many/renamed")
        #expect(failure { _ = try fs.lookup("/many/file-0") } == "ENOENT")
        #expect(try fs.lookup("/many/renamed").kind == .regular)
        // A file over a file: the target's name now has the source's data.
        try fs.open("/a/src", flags: [.readWrite, .create]).write(at: 0, Array("source".utf8))
        try fs.open("/a/dst", flags: [.readWrite, .create]).write(at: 0, Array("target!".utf8))
        try fs.rename("/a/src", to: "/a/dst")
        #expect(try fs.open("/a/dst", flags: .readOnly).read(at: 0, count: 100) == Array("source".utf8))
        #expect(failure { _ = try fs.lookup("/a/src") } == "ENOENT")
        // A directory into another directory, with what is inside it.
        try fs.mkdir("/d1/inner", parents: true)
        try fs.mkdir("/d2")
        try fs.rename("/d1", to: "/d2/d1")
        #expect(try fs.stat("/d2/d1/inner").kind == .directory)
        #expect(failure { _ = try fs.lookup("/d1") } == "ENOENT")
        // What POSIX refuses.
        try fs.mkdir("/e1")
        try fs.mkdir("/e2/full", parents: true)
        #expect(failure { try fs.rename("/e1", to: "/e2") } == "ENOTEMPTY")
        #expect(failure { try fs.rename("/e1", to: "/e1/below") } == "EINVAL")
        #expect(failure { try fs.rename("/a/dst", to: "/e2") } == "EISDIR")
        #expect(failure { try fs.rename("/e1", to: "/a/dst") } == "ENOTDIR")
        #expect(failure { try fs.rename("/missing", to: "/e3") } == "ENOENT")
        // An empty directory is replaced; a name renamed to itself stays.
        try fs.mkdir("/e3")
        try fs.rename("/e1", to: "/e3")
        #expect(failure { _ = try fs.lookup("/e1") } == "ENOENT")
        try fs.rename("/e3", to: "/e3")
        #expect(try fs.stat("/e3").kind == .directory)
    }

    static func checkRemoves(_ fs: DaosFileSystem) throws {
        #expect(failure { try fs.remove("/d2") } == "ENOTEMPTY")
        #expect(failure { try fs.remove("/") } == "EINVAL")
        #expect(failure { try fs.remove("/a/dst/") } == "ENOTDIR")
        try fs.remove("/d2", recursive: true)
        #expect(failure { _ = try fs.lookup("/d2/d1/inner") } == "ENOENT")
        try fs.remove("/many", recursive: true)
        try fs.remove("/a/dst")
        #expect(failure { try fs.remove("/a/dst") } == "ENOENT")
        let left = try fs.readDirectory("/", countMax: 100)
        #expect(Set(left.names) == ["a", "e2", "e3"] && left.next == nil)
    }

    /// Another user meets the mode bits; a read-only container refuses every change.
    static func checkPermissions(_ fs: DaosFileSystem, pool: PoolConnection) throws {
        try fs.mkdir("/private", mode: 0o700)
        _ = try fs.open("/a/readable", flags: [.readWrite, .create], mode: 0o644)
        let other = try DaosFileSystem.mount(container: fs.container, options: MountOptions(uid: 4242, gid: 4242))
        #expect(failure { try other.mkdir("/a/mine") } == "EACCES")
        #expect(failure { _ = try other.open("/a/readable", flags: .readWrite) } == "EACCES")
        _ = try other.open("/a/readable", flags: .readOnly)
        #expect(failure { _ = try other.lookup("/private/x") } == "EACCES")
        #expect(failure { _ = try other.readDirectory("/private", countMax: 10) } == "EACCES")

        let readOnly = try DaosFileSystem.mount(container: try pool.openContainer("fs", mode: .readOnly))
        #expect(failure { try readOnly.mkdir("/ro") } == "EROFS")
        #expect(failure { _ = try readOnly.open("/a/readable", flags: .readWrite) } == "EROFS")
        #expect(failure { try readOnly.remove("/a/readable") } == "EROFS")
        _ = try readOnly.open("/a/readable", flags: .readOnly)
    }
}

/// Clients racing to create the same names: the directory's leader shard decides each
/// exclusive insert, so `mkdir -p` on both sides ends in one directory both can see, a plain
/// O_CREAT on both sides opens one file, and of two O_EXCL creates exactly one succeeds.
@Suite(.serialized) struct DaosFSRaceTests {
    @Test func racingCreatorsAgreeOnOneEntry() throws {
        let system = try TestSystem(name: "dfs-race", config: DaosFSSystemTests.config(basePort: 32950))
        defer { system.tearDown() }
        try system.start()
        // Replicated directories: the leader replica decides, the other follows.
        _ = try DaosFSSystemTests.formatted(system, options: FormatOptions(directoryClass: ObjectClass(redundancy: .replicas2, groups: .count(1))))
        final class Outcome: @unchecked Sendable {
            var directories: [ObjectID?] = [nil, nil]
            var files: [ObjectID?] = [nil, nil]
            var exclusive: [String?] = [nil, nil]
            var errors: [String] = []
        }
        let outcome = Outcome()
        let lock = NSLock()
        let systemFile = system.systemFile
        let threads = (0..<2).map { side in
            Thread {
                do {
                    let client = try DaosSystem(systemFile: systemFile)
                    let pool = try PoolConnection(system: client, pool: "tank")
                    let fs = try DaosFileSystem.mount(container: try pool.openContainer("fs"))
                    for round in 0..<5 {
                        try fs.mkdir("/race\(round)/a/b", parents: true)
                        let directory = try fs.lookup("/race\(round)/a/b").inode.oid
                        let file = try fs.open("/race\(round)/a/b/shared", flags: [.readWrite, .create]).oid
                        let exclusive = DaosFSSystemTests.failure {
                            _ = try fs.open("/race\(round)/a/b/only-one", flags: [.readWrite, .create, .exclusive])
                        }
                        lock.withLock {
                            if round == 4 {
                                outcome.directories[side] = directory
                                outcome.files[side] = file
                                outcome.exclusive[side] = exclusive ?? "created"
                            }
                        }
                    }
                } catch {
                    lock.withLock { outcome.errors.append("side \(side): \(error)") }
                }
            }
        }
        threads.forEach { $0.start() }
        while threads.contains(where: { !$0.isFinished }) { usleep(10_000) }
        #expect(outcome.errors.isEmpty, "\(outcome.errors)")
        #expect(outcome.directories[0] != nil && outcome.directories[0] == outcome.directories[1])
        #expect(outcome.files[0] != nil && outcome.files[0] == outcome.files[1])
        #expect(outcome.exclusive.sorted { ($0 ?? "") < ($1 ?? "") } == ["EEXIST", "created"], "\(outcome.exclusive)")
    }
}
