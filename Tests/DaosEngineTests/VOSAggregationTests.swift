import DaosObject
import Testing

@testable import DaosEngine

/// Aggregation keeps what snapshots and the bound see, merges extents, and frees blob space.
@Suite struct VOSAggregationTests {
    @Test func keepsSnapshotsMergesExtentsAndFreesSpace() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir)
            try t.createContainer(testContainer)
            // 16 sequential 4 KiB writes at epochs 1...16, then a full overwrite at 20.
            for i in 0..<16 {
                try t.putArray(
                    .uint64(0), .lexical("a"), start: UInt64(i * 4096), bytes(4096, seed: UInt8(i)), at: UInt64(i + 1))
            }
            let snapshotView = try t.getArray(.uint64(0), .lexical("a"), start: 0, count: 65536, at: 8)
            try t.putArray(.uint64(0), .lexical("a"), start: 0, bytes(65536, seed: 99), at: 20)
            try t.putSingle(.uint64(1), .lexical("s"), bytes(3000, seed: 1), at: 5)
            try t.putSingle(.uint64(1), .lexical("s"), bytes(3000, seed: 2), at: 6)
            try t.putSingle(.uint64(1), .lexical("s"), bytes(3000, seed: 3), at: 7)
            #expect(t.space.usedBytes == 16 * 4096 + 65536 + 3 * 3000)
            #expect(
                try t.index.akeyPath(testContainer, testObject, .uint64(0), .lexical("a"))?.akey.records.records.count
                    == 17)

            try t.aggregate(container: testContainer, snapshots: [Epoch(8)], bound: Epoch(30))
            // The snapshot at 8 and the bound read exactly as before.
            #expect(try t.getArray(.uint64(0), .lexical("a"), start: 0, count: 65536, at: 8) == snapshotView)
            #expect(
                try t.getArray(.uint64(0), .lexical("a"), start: 0, count: 65536, at: 30).bytes
                    == bytes(65536, seed: 99))
            #expect(try t.getSingle(.uint64(1), .lexical("s"), at: 8) == bytes(3000, seed: 3))
            // The 8 writes visible at the snapshot were contiguous in the blob: merged into one.
            let records = try #require(try t.index.akeyPath(testContainer, testObject, .uint64(0), .lexical("a"))).akey
                .records.records
            #expect(records.count == 2)
            // Writes 9...16 (hidden at 8, overwritten by 20) and the two older single values are freed.
            #expect(t.space.usedBytes == 8 * 4096 + 65536 + 3000)
            #expect(
                error { try t.putSingle(.uint64(1), .lexical("s"), [1], at: 30) }
                    == .epochBelowAggregation(Epoch(30), aggregatedThrough: Epoch(30)))
            // The freed space is reused, and everything survives a restart.
            try t.putSingle(.uint64(2), .lexical("s"), bytes(4096, seed: 7), at: 31)
            #expect(t.space.usedBytes == 8 * 4096 + 65536 + 3000 + 4096)
            t.close()
            let again = try openTarget(dir)
            #expect(again.space.usedBytes == 8 * 4096 + 65536 + 3000 + 4096)
            #expect(try again.getArray(.uint64(0), .lexical("a"), start: 0, count: 65536, at: 8) == snapshotView)
            #expect(try again.getSingle(.uint64(2), .lexical("s"), at: 31) == bytes(4096, seed: 7))
        }
    }

    @Test func punchedObjectIsDroppedWhole() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir)
            try t.createContainer(testContainer)
            try t.putArray(.uint64(0), .lexical("a"), start: 0, bytes(10_000, seed: 1), at: 1)
            try t.punch(container: testContainer, object: testObject, .object, epoch: Epoch(2))
            try t.aggregate(container: testContainer, snapshots: [], bound: Epoch(3))
            #expect(t.space.usedBytes == 0)
            #expect(t.index.containers[testContainer]?.objects.isEmpty == true)
        }
    }

    @Test func groupCommitAcknowledgesEveryQueuedUpdate() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir, .sync)
            try t.createContainer(testContainer)
            var sequences: [LogSequence] = []
            for i in 0..<64 {
                sequences.append(
                    try t.update(
                        container: testContainer, object: testObject, dkey: .uint64(UInt64(i)),
                        epoch: Epoch(UInt64(i + 1)),
                        akeys: [AkeyUpdate(akey: .lexical("a"), value: .single(bytes(5000, seed: UInt8(i))))]))
            }
            try t.waitDurable(sequences.last!)
            #expect(t.durableSequence >= sequences.last!)
            // Sequences are consecutive: every queued update got its own WAL record.
            #expect(zip(sequences, sequences.dropFirst()).allSatisfy { $0.rawValue + 1 == $1.rawValue })
            t.close()
            let again = try openTarget(dir, .sync)
            for i in 0..<64 {
                #expect(try again.getSingle(.uint64(UInt64(i)), .lexical("a"), at: 100) == bytes(5000, seed: UInt8(i)))
            }
        }
    }
}
