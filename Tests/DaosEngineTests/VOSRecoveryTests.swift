import DaosObject
import Foundation
import Testing

@testable import DaosEngine

/// Restart: checkpoint + WAL replay, torn tails, corrupted records and checkpoints.
@Suite struct VOSRecoveryTests {
    /// Writes `count` updates (one per epoch, alternating inline and blob values) and returns
    /// the WAL path and each record's end offset in the WAL.
    static func populate(_ dir: String, count: Int, durability: Durability = .pageCache) throws -> (String, [UInt64]) {
        let t = try openTarget(dir, durability)
        try t.createContainer(testContainer)
        var ends: [UInt64] = []
        for i in 0..<count {
            let value = bytes(i % 2 == 0 ? 100 : 3000, seed: UInt8(i))
            let sequence = try t.update(
                container: testContainer, object: testObject, dkey: .uint64(UInt64(i % 5)), epoch: Epoch(UInt64(i + 1)),
                akeys: [
                    AkeyUpdate(akey: .lexical("a"), value: .single(value)),
                    AkeyUpdate(
                        akey: .lexical("b"),
                        value: .array(
                            recordSize: 1,
                            writes: [
                                ArrayWrite(
                                    extent: RecordExtent(start: UInt64(i), count: 10), data: bytes(10, seed: UInt8(i)))
                            ])),
                ])
            try t.waitDurable(sequence)
            ends.append(t.wal.fileOffset)
        }
        let walPath = t.wal.currentPath
        t.close()
        return (walPath, ends)
    }

    static func checkPrefix(_ t: VOSTarget, applied: Int, total: Int) throws {
        for i in 0..<total {
            let got = try t.fetchSingle(
                container: testContainer, object: testObject, dkey: .uint64(UInt64(i % 5)),
                akey: .lexical("a"), epoch: Epoch(UInt64(i + 1)))
            let value = bytes(i % 2 == 0 ? 100 : 3000, seed: UInt8(i))
            if i < applied {
                #expect(got == value, "update \(i) of \(applied) applied must be visible")
            } else {
                #expect(got != value, "update \(i) beyond the torn tail must not be visible")
            }
            // Atomic: the array akey of update i is visible exactly when the single value is.
            let array = try t.fetchArray(
                container: testContainer, object: testObject, dkey: .uint64(UInt64(i % 5)),
                akey: .lexical("b"), extents: [RecordExtent(start: UInt64(i), count: 10)],
                recordSize: 1, epoch: Epoch(UInt64(i + 1)))[0]
            #expect((array.bytes == bytes(10, seed: UInt8(i))) == (i < applied))
        }
    }

    @Test(arguments: [Durability.pageCache, .sync])
    func reopenReplaysEverything(durability: Durability) throws {
        try withTemporaryDirectory { dir in
            _ = try Self.populate(dir, count: 40, durability: durability)
            let t = try openTarget(dir, durability)
            #expect(t.recovery.walRecordsReplayed == 41)
            #expect(!t.recovery.checkpointLoaded)
            // Sync mode leaves zeros written ahead of the records: not a torn tail.
            #expect(t.recovery.tornBytesDropped == 0)
            try Self.checkPrefix(t, applied: 40, total: 40)
        }
    }

    @Test func recoveryIsMeasuredAndLogged() throws {
        try withTemporaryDirectory { dir in
            _ = try Self.populate(dir, count: 5)
            let lines = LogLines()
            let t = try VOSTarget.open(
                directory: dir, options: .init(durability: .pageCache, log: { lines.append($0) }))
            #expect(t.recovery.seconds > 0)
            #expect(t.recovery.walRecordsReplayed == 6)
            #expect(lines.all.count == 1)
            #expect(lines.all.first?.contains("6 WAL records") == true)
        }
    }

    /// Sync mode acknowledges small blob values with one WAL fdatasync: the WAL record carries
    /// a copy. Losing the blob file's unsynced pages (a power cut) must not lose them.
    @Test func journaledValuesSurviveLostBlobPages() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir, .sync)
            try t.createContainer(testContainer)
            var last = LogSequence(rawValue: 0)
            for i in 0..<20 {
                last = try t.update(
                    container: testContainer, object: testObject, dkey: .uint64(UInt64(i)), epoch: Epoch(UInt64(i + 1)),
                    akeys: [AkeyUpdate(akey: .lexical("a"), value: .single(bytes(4096 + i, seed: UInt8(i))))])
            }
            try t.waitDurable(last)
            t.close()
            // The blob data was never fdatasync'ed: model its loss.
            try Data().write(to: URL(fileURLWithPath: dir + "/blob.data"))
            let again = try openTarget(dir, .sync)
            #expect(again.recovery.journalEntriesRedone == 20)
            for i in 0..<20 {
                #expect(
                    try again.getSingle(.uint64(UInt64(i)), .lexical("a"), at: 100) == bytes(4096 + i, seed: UInt8(i)))
            }
            // Recovery checkpointed, so no redo copy is left to replay over reused space.
            again.close()
            #expect(try openTarget(dir, .sync).recovery.walRecordsReplayed == 0)
        }
    }

    @Test func freedSpaceWaitsForACheckpointWhileTheWALHoldsRedoCopies() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir, .sync, capacity: 50_000)
            try t.createContainer(testContainer)
            try t.putSingle(.uint64(1), .lexical("a"), bytes(30_000, seed: 1), at: 1)
            try t.destroyObject(container: testContainer, object: testObject)
            // Still counted: the journaled record naming those bytes is in the WAL.
            #expect(t.quarantinedBytes == 30_000)
            #expect(t.space.usedBytes == 30_000)
            // An update that needs the space gets it through a checkpoint, not a refusal.
            try t.putSingle(.uint64(2), .lexical("b"), bytes(40_000, seed: 2), at: 2)
            #expect(t.quarantinedBytes == 0)
            #expect(t.space.usedBytes == 40_000)
        }
    }

    @Test func secondOpenOfOneDirectoryIsRefused() throws {
        try withTemporaryDirectory { dir in
            let first = try openTarget(dir)
            guard case .io(let operation, _, _)? = error(of: { try openTarget(dir) }) else {
                Issue.record("second open was not refused")
                return
            }
            #expect(operation == "flock")
            first.close()
            _ = try openTarget(dir)
        }
    }

    @Test func tornTailAtRandomOffsetsIsDropped() throws {
        try withTemporaryDirectory { dir in
            let (walPath, ends) = try Self.populate(dir, count: 30)
            let original = try Data(contentsOf: URL(fileURLWithPath: walPath))
            var rng = SplitMix64(seed: 77)
            var cuts = 0
            for _ in 0..<40 {
                // Any byte offset inside the records area, including exact record boundaries.
                let cut = ends[0] + UInt64(rng.below(Int(ends.last! - ends[0]) + 1))
                try original.prefix(Int(cut)).write(to: URL(fileURLWithPath: walPath))
                let applied = ends.filter { $0 <= cut }.count
                let t = try openTarget(dir)
                #expect(t.recovery.tornBytesDropped == cut - (ends.last { $0 <= cut } ?? ends[0]))
                try Self.checkPrefix(t, applied: applied, total: 30)
                // The torn bytes were cut off: the next update lands right after the last record.
                try t.putSingle(.uint64(99), .lexical("z"), [1], at: 1000)
                t.close()
                let again = try openTarget(dir)
                #expect(again.recovery.tornBytesDropped == 0)
                #expect(try again.getSingle(.uint64(99), .lexical("z"), at: 1000) == [1])
                again.close()
                cuts += 1
            }
            #expect(cuts == 40)
        }
    }

    @Test func corruptedMiddleRecordStopsRecoveryWithFileAndOffset() throws {
        try withTemporaryDirectory { dir in
            let (walPath, ends) = try Self.populate(dir, count: 10)
            var data = try Data(contentsOf: URL(fileURLWithPath: walPath))
            let recordStart = Int(ends[3])
            data[recordStart + 20] ^= 0x40
            try data.write(to: URL(fileURLWithPath: walPath))
            let failure = error { try openTarget(dir) }
            #expect(
                failure
                    == .corruptWAL(
                        path: walPath, offset: UInt64(recordStart),
                        reason: failureReason(failure)))
            #expect(failure.map { "\($0)" }?.contains(walPath) == true)
        }
    }

    @Test func checkpointTrimsTheWALAndFlippedBitIsRefused() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir)
            try t.createContainer(testContainer)
            for i in 0..<20 {
                try t.putSingle(.uint64(UInt64(i)), .lexical("a"), bytes(2000, seed: UInt8(i)), at: UInt64(i + 1))
            }
            try t.checkpoint()
            for i in 20..<25 {
                try t.putSingle(.uint64(UInt64(i)), .lexical("a"), bytes(50, seed: UInt8(i)), at: UInt64(i + 1))
            }
            t.close()
            let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
            #expect(files == ["LOCK", "blob.data", "checkpoint.vos", ReuseCounter.fileName, WALFormat.fileName(generation: 2)])
            let reopened = try openTarget(dir)
            #expect(reopened.recovery.checkpointLoaded)
            #expect(reopened.recovery.walRecordsReplayed == 5)
            for i in 0..<25 {
                #expect(
                    try reopened.getSingle(.uint64(UInt64(i)), .lexical("a"), at: 100)
                        == bytes(i < 20 ? 2000 : 50, seed: UInt8(i)))
            }
            reopened.close()
            let checkpointPath = dir + "/checkpoint.vos"
            let good = try Data(contentsOf: URL(fileURLWithPath: checkpointPath))
            var rng = SplitMix64(seed: 5)
            for _ in 0..<25 {
                var bad = good
                let bit = rng.below(bad.count * 8)
                bad[bit / 8] ^= UInt8(1 << (bit % 8))
                try bad.write(to: URL(fileURLWithPath: checkpointPath))
                guard case .corruptCheckpoint(let path, _, _)? = error(of: { try openTarget(dir) }) else {
                    Issue.record("flipped bit \(bit) was not refused")
                    continue
                }
                #expect(path == checkpointPath)
            }
        }
    }
}

private func failureReason(_ error: VOSError?) -> String {
    if case .corruptWAL(_, _, let reason)? = error { return reason }
    return "<none>"
}

final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
