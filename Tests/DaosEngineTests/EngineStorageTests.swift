import DaosObject
import Foundation
import Testing

@testable import DaosEngine

@Suite struct EngineStorageTests {
    static func engine(_ dir: String) -> ServerConfig.Engine {
        ServerConfig.Engine(rank: 0, targets: 3, storage: dir + "/engine0", address: "127.0.0.1", port: 31416,
                            durability: .pageCache, capacityBytesPerTarget: 1 << 30, provider: nil)
    }

    @Test func opensRecoversAndRefusesCorruption() throws {
        try withTemporaryDirectory { dir in
            let log = try EngineLog(path: dir + "/engine.log", prefix: "rank 0", standardErrorLevel: .error)
            var walPath = ""
            do {
                let storage = try EngineStorage(config: Self.engine(dir), isServiceRank: true, log: log)
                #expect(storage.targets.count == 3 && storage.service != nil)
                let target = storage.targets[1]
                _ = try target.createContainer(testContainer)
                for i in 0..<5 {
                    _ = try target.update(container: testContainer, object: testObject, dkey: .uint64(UInt64(i)),
                                          epoch: Epoch(UInt64(10 + i)),
                                          akeys: [AkeyUpdate(akey: .lexical("a"), value: .single([UInt8(i)]))])
                }
                walPath = target.wal.currentPath
                let pools = try PoolService(engines: [.init(rank: 0, node: 0, targets: 3, capacityBytesPerTarget: 1 << 30)],
                                            store: storage.service!)
                _ = try pools.createPool(label: "tank", sizeBytes: 1 << 30)
                for t in storage.targets { t.close() }
                storage.service?.close()
            }
            do {
                let storage = try EngineStorage(config: Self.engine(dir), isServiceRank: true, log: log)
                #expect(try storage.targets[1].fetchSingle(container: testContainer, object: testObject, dkey: .uint64(3),
                                                           akey: .lexical("a"), epoch: .latest) == [3])
                #expect(try PoolService(engines: [], store: storage.service!).pools.map(\.label) == ["tank"])
                // Close without the graceful checkpoint, so the WAL written above stays the one recovery reads.
                for t in storage.targets { t.close() }
                storage.service?.close()
            }
            // Flip a byte inside the second WAL record of target 1: the engine must not start.
            var wal = try Data(contentsOf: URL(fileURLWithPath: walPath))
            #expect(wal.count > 200)
            wal[wal.count / 2] ^= 0x5A
            try wal.write(to: URL(fileURLWithPath: walPath))
            do {
                _ = try EngineStorage(config: Self.engine(dir), isServiceRank: false, log: log)
                Issue.record("started on a corrupted WAL")
            } catch {
                #expect("\(error)".hasPrefix("refusing to start: target 1"))
                #expect("\(error)".contains(walPath))
            }
            let logged = try String(contentsOfFile: dir + "/engine.log", encoding: .utf8)
            #expect(logged.contains(" INFO  rank 0: storage open: 3 targets"))
            #expect(logged.split(separator: "\n").allSatisfy { $0.hasPrefix("20") && $0.contains("Z ") })
        }
    }

    @Test func onlyTheEnginesUserReadsItsStorage() throws {
        try withTemporaryDirectory { dir in
            let log = try EngineLog(path: dir + "/engine.log", prefix: "rank 0", standardErrorLevel: .error)
            let storage = try EngineStorage(config: Self.engine(dir), isServiceRank: true, log: log)
            defer {
                for t in storage.targets { t.close() }
                storage.service?.close()
            }
            let root = dir + "/engine0"
            var checked = 0
            for path in [root, root + "/target-0", root + "/service"]
                + (try FileManager.default.contentsOfDirectory(atPath: root + "/target-0")).map({ root + "/target-0/" + $0 }) {
                var status = stat()
                #expect(stat(path, &status) == 0)
                #expect(status.st_mode & 0o077 == 0, "\(path) is open to other users: \(String(status.st_mode & 0o777, radix: 8))")
                checked += 1
            }
            #expect(checked >= 7, "the storage, target and service directories and the target's files")
        }
    }

    @Test func logLevelsFilter() throws {
        try withTemporaryDirectory { dir in
            let log = try EngineLog(path: dir + "/l", prefix: "x", fileLevel: .warning, standardErrorLevel: .error)
            log(.info, "hidden")
            log(.warning, "shown")
            let text = try String(contentsOfFile: dir + "/l", encoding: .utf8)
            #expect(!text.contains("hidden") && text.contains("WARN  x: shown"))
            #expect(EngineLog.Level(name: "WARN") == .warning && EngineLog.Level(name: "loud") == nil)
            #expect(throws: EngineLogError.self) { try EngineLog(path: dir + "/missing/dir/l", prefix: "x") }
        }
    }
}
