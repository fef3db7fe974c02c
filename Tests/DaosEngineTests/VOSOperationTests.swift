import DaosObject
import Testing

@testable import DaosEngine

/// The VOS operations one at a time: MVCC reads, arrays, punches, listing, conditionals.
@Suite struct VOSOperationTests {
    @Test func singleValueVersionsAreReadAtEpoch() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir)
            try t.createContainer(testContainer)
            let big = bytes(5000, seed: 2)
            try t.putSingle(.lexical("d"), .lexical("a"), [1, 2, 3], at: 10)
            try t.putSingle(.lexical("d"), .lexical("a"), big, at: 20)
            // An older epoch arriving late is still ordered by epoch.
            try t.putSingle(.lexical("d"), .lexical("a"), [9], at: 15)
            #expect(try t.getSingle(.lexical("d"), .lexical("a"), at: 9) == nil)
            #expect(try t.getSingle(.lexical("d"), .lexical("a"), at: 10) == [1, 2, 3])
            #expect(try t.getSingle(.lexical("d"), .lexical("a"), at: 17) == [9])
            #expect(try t.getSingle(.lexical("d"), .lexical("a"), at: 20) == big)
            #expect(try t.getSingle(.lexical("d"), .lexical("a"), at: UInt64.max) == big)
        }
    }

    @Test func arrayNewerWinsPerByteAndReportsHoles() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir)
            try t.createContainer(testContainer)
            let old = [UInt8](repeating: 1, count: 3000)
            let new = [UInt8](repeating: 2, count: 1000)
            try t.putArray(.uint64(0), .lexical("data"), start: 0, old, at: 5)
            try t.putArray(.uint64(0), .lexical("data"), start: 1000, new, at: 6)
            let read = try t.getArray(.uint64(0), .lexical("data"), start: 500, count: 3000, at: 6)
            #expect(Array(read.bytes[0..<500]) == [UInt8](repeating: 1, count: 500))
            #expect(Array(read.bytes[500..<1500]) == new)
            #expect(Array(read.bytes[1500..<2500]) == [UInt8](repeating: 1, count: 1000))
            #expect(read.holes == [RecordExtent(start: 3000, count: 500)])
            // At epoch 5 the newer write is invisible.
            let before = try t.getArray(.uint64(0), .lexical("data"), start: 1000, count: 10, at: 5)
            #expect(before.bytes == [UInt8](repeating: 1, count: 10))
            #expect(
                try t.maxRecordEnd(
                    container: testContainer, object: testObject, dkey: .uint64(0),
                    akey: .lexical("data"), epoch: Epoch(6)) == 3000)
        }
    }

    @Test func recordSizeLargerThanOne() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir)
            try t.createContainer(testContainer)
            try t.putArray(.uint64(1), .lexical("r"), start: 10, bytes(80, seed: 1), recordSize: 8, at: 3)
            let read = try t.getArray(.uint64(1), .lexical("r"), start: 8, count: 4, recordSize: 8, at: 3)
            #expect(read.holes == [RecordExtent(start: 8, count: 2)])
            #expect(Array(read.bytes[16..<32]) == Array(bytes(80, seed: 1)[0..<16]))
            #expect(
                error { try t.getArray(.uint64(1), .lexical("r"), start: 0, count: 1, recordSize: 4, at: 3) }
                    == .recordSizeMismatch(existing: 8, requested: 4))
        }
    }

    @Test func punchesAtEveryLevelHideOlderVersions() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir)
            try t.createContainer(testContainer)
            for d in 0..<3 as Range<UInt64> {
                try t.putSingle(.uint64(d), .lexical("a"), [UInt8(d)], at: 10)
                try t.putArray(.uint64(d), .lexical("b"), start: 0, bytes(100, seed: 3), at: 10)
            }
            try t.punch(
                container: testContainer, object: testObject, .akey(dkey: .uint64(0), akey: .lexical("a")),
                epoch: Epoch(20))
            try t.punch(container: testContainer, object: testObject, .dkey(.uint64(1)), epoch: Epoch(21))
            try t.punch(
                container: testContainer, object: testObject,
                .extent(dkey: .uint64(2), akey: .lexical("b"), RecordExtent(start: 10, count: 20)), epoch: Epoch(22))
            #expect(try t.getSingle(.uint64(0), .lexical("a"), at: 19) == [0])
            #expect(try t.getSingle(.uint64(0), .lexical("a"), at: 20) == nil)
            #expect(try t.getSingle(.uint64(1), .lexical("a"), at: 21) == nil)
            #expect(try t.dkeys(at: 21) == [.uint64(0), .uint64(2)])
            #expect(try t.dkeys(at: 20) == [.uint64(0), .uint64(1), .uint64(2)])
            let punched = try t.getArray(.uint64(2), .lexical("b"), start: 0, count: 100, at: 22)
            #expect(punched.holes == [RecordExtent(start: 10, count: 20)])
            // A write after the punch shows again; the object punch hides everything older.
            try t.putSingle(.uint64(0), .lexical("a"), [7], at: 25)
            #expect(try t.getSingle(.uint64(0), .lexical("a"), at: 25) == [7])
            try t.punch(container: testContainer, object: testObject, .object, epoch: Epoch(30))
            #expect(try t.dkeys(at: 30) == [])
            #expect(try t.dkeys(at: 29).count == 2)
            #expect(try t.maxDkey(container: testContainer, object: testObject, epoch: Epoch(29)) == 2)
            #expect(try t.maxDkey(container: testContainer, object: testObject, epoch: Epoch(30)) == nil)
        }
    }

    @Test func listingIsOrderedAndPaginated() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir)
            try t.createContainer(testContainer)
            let values: [UInt64] = [50, 3, 1000, 7, 42, 8, 9, 1]
            for v in values { try t.putSingle(.uint64(v), .lexical("x"), [1], at: 5) }
            for name in ["pear", "apple", "fig"] { try t.putSingle(.lexical(name), .lexical("x"), [1], at: 5) }
            let listed = try t.dkeys(at: 5)
            #expect(
                listed == values.sorted().map { Key.uint64($0) } + ["apple", "fig", "pear"].map { Key.lexical($0) })
            #expect(try t.maxDkey(container: testContainer, object: testObject, epoch: Epoch(5)) == 1000)
            try t.update(
                container: testContainer, object: testObject, dkey: .uint64(1), epoch: Epoch(6),
                akeys: ["c", "a", "b"].map { AkeyUpdate(akey: .lexical($0), value: .single([0])) })
            let akeys = try t.listAkeys(container: testContainer, object: testObject, dkey: .uint64(1), epoch: Epoch(6))
            #expect(akeys.keys == ["a", "b", "c", "x"].map { Key.lexical($0) })
            try t.putArray(.uint64(2), .lexical("e"), start: 0, bytes(10, seed: 1), at: 7)
            try t.putArray(.uint64(2), .lexical("e"), start: 10, bytes(10, seed: 1), at: 8)
            try t.putArray(.uint64(2), .lexical("e"), start: 100, bytes(10, seed: 1), at: 8)
            let first = try t.listExtents(
                container: testContainer, object: testObject, dkey: .uint64(2),
                akey: .lexical("e"), epoch: Epoch(8), limit: 1)
            #expect(first.extents == [RecordExtent(start: 0, count: 20)])
            let second = try t.listExtents(
                container: testContainer, object: testObject, dkey: .uint64(2),
                akey: .lexical("e"), epoch: Epoch(8), anchor: first.next, limit: 1)
            #expect(second.extents == [RecordExtent(start: 100, count: 10)])
        }
    }

    @Test func conditionalUpdates() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir)
            try t.createContainer(testContainer)
            let entry = [AkeyUpdate(akey: .lexical("inode"), value: .single([1]))]
            try t.update(
                container: testContainer, object: testObject, dkey: .lexical("file"), epoch: Epoch(3),
                akeys: entry, condition: .dkeyInsert)
            #expect(
                error {
                    try t.update(
                        container: testContainer, object: testObject, dkey: .lexical("file"),
                        epoch: Epoch(4), akeys: entry, condition: .dkeyInsert)
                } == .keyExists)
            #expect(
                error {
                    try t.update(
                        container: testContainer, object: testObject, dkey: .lexical("nope"),
                        epoch: Epoch(4), akeys: entry, condition: .dkeyUpdate)
                } == .keyNotFound)
            #expect(
                error {
                    try t.update(
                        container: testContainer, object: testObject, dkey: .lexical("file"),
                        epoch: Epoch(4), akeys: [AkeyUpdate(akey: .lexical("other"), value: .single([2]))],
                        condition: .akeyUpdate)
                } == .keyNotFound)
            try t.update(
                container: testContainer, object: testObject, dkey: .lexical("file"), epoch: Epoch(4),
                akeys: entry, condition: .akeyUpdate)
            // After a punch the entry may be inserted again.
            try t.punch(container: testContainer, object: testObject, .dkey(.lexical("file")), epoch: Epoch(5))
            try t.update(
                container: testContainer, object: testObject, dkey: .lexical("file"), epoch: Epoch(6),
                akeys: entry, condition: .dkeyInsert)
            // Racing inserts at crossing epochs: the one below the other's entry must not succeed
            // too (it would see nothing at its epoch), and the caller learns to retry newer.
            try t.update(container: testContainer, object: testObject, dkey: .lexical("race"), epoch: Epoch(10),
                         akeys: entry, condition: .dkeyInsert)
            #expect(error {
                try t.update(container: testContainer, object: testObject, dkey: .lexical("race"), epoch: Epoch(9),
                             akeys: entry, condition: .dkeyInsert)
            } == .conditionBehindNewerEpoch(Epoch(9), newest: Epoch(10)))
            // A newer punch counts as history too, at any level above the value.
            try t.punch(container: testContainer, object: testObject, .object, epoch: Epoch(20))
            #expect(error {
                try t.update(container: testContainer, object: testObject, dkey: .lexical("new"), epoch: Epoch(15),
                             akeys: entry, condition: .dkeyInsert)
            } == .conditionBehindNewerEpoch(Epoch(15), newest: Epoch(20)))
            try t.update(container: testContainer, object: testObject, dkey: .lexical("race"), epoch: Epoch(21),
                         akeys: entry, condition: .dkeyInsert)
            // Unconditional writes keep their epoch-ordered meaning: an older one is just older.
            try t.update(container: testContainer, object: testObject, dkey: .lexical("race"), epoch: Epoch(19), akeys: entry)
        }
    }

    @Test func badInputIsATypedError() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir)
            try t.createContainer(testContainer)
            let single = [AkeyUpdate(akey: .lexical("a"), value: .single([1]))]
            func put(_ dkey: Key = .uint64(1), epoch: UInt64 = 5, akeys: [AkeyUpdate]) -> VOSError? {
                error {
                    try t.update(
                        container: testContainer, object: testObject, dkey: dkey, epoch: Epoch(epoch), akeys: akeys)
                }
            }
            #expect(put(.lexical(""), akeys: single) == .zeroLengthKey)
            #expect(put(.hashed([]), akeys: single) == .zeroLengthKey)
            #expect(put(akeys: [AkeyUpdate(akey: .lexical(""), value: .single([1]))]) == .zeroLengthKey)
            #expect(
                put(.lexical([UInt8](repeating: 65, count: 5000)), akeys: single)
                    == .keyTooLong(bytes: 5000, limit: VOSLimits.keyBytesMax))
            #expect(put(epoch: 0, akeys: single) == .invalidEpoch(Epoch(0)))
            #expect(put(epoch: UInt64.max, akeys: single) == .invalidEpoch(.latest))
            #expect(put(akeys: []) == .emptyUpdate)
            #expect(put(akeys: single + single) == .duplicateAkey(.lexical("a")))
            let a = RecordExtent(start: 0, count: 10)
            let b = RecordExtent(start: 5, count: 10)
            #expect(
                put(akeys: [
                    AkeyUpdate(
                        akey: .lexical("x"),
                        value: .array(
                            recordSize: 1,
                            writes: [
                                ArrayWrite(extent: a, data: bytes(10, seed: 0)),
                                ArrayWrite(extent: b, data: bytes(10, seed: 0)),
                            ]))
                ])
                    == .overlappingExtents(a, b))
            #expect(
                put(akeys: [
                    AkeyUpdate(
                        akey: .lexical("x"),
                        value: .array(
                            recordSize: 1,
                            writes: [
                                ArrayWrite(extent: a, data: bytes(9, seed: 0))
                            ]))
                ]) == .dataSizeMismatch(expected: 10, actual: 9))
            #expect(
                put(akeys: [AkeyUpdate(akey: .lexical("x"), value: .array(recordSize: 0, writes: []))])
                    == .invalidRecordSize(0))
            #expect(
                put(akeys: [
                    AkeyUpdate(
                        akey: .lexical("x"),
                        value: .array(
                            recordSize: 1,
                            writes: [
                                ArrayWrite(extent: RecordExtent(start: UInt64.max, count: 2), data: [1, 2])
                            ]))
                ])
                    == .invalidExtent(RecordExtent(start: UInt64.max, count: 2)))
            let unknown = ContainerID(hi: 9, lo: 9)
            #expect(
                error {
                    try t.update(
                        container: unknown, object: testObject, dkey: .uint64(1), epoch: Epoch(5), akeys: single)
                }
                    == .unknownContainer(unknown))
            #expect(
                error {
                    try t.fetchSingle(
                        container: unknown, object: testObject, dkey: .uint64(1), akey: .lexical("a"), epoch: Epoch(5))
                }
                    == .unknownContainer(unknown))
            #expect(error { try t.createContainer(testContainer) } == .containerExists(testContainer))
            // Kind mismatch: single then array on one akey.
            _ = put(akeys: single)
            #expect(
                put(akeys: [
                    AkeyUpdate(
                        akey: .lexical("a"),
                        value: .array(recordSize: 1, writes: [ArrayWrite(extent: a, data: bytes(10, seed: 0))]))
                ])
                    == .valueKindMismatch(.lexical("a")))
            #expect(error { try t.getSingle(.uint64(1), .lexical("a"), at: 0) } == .invalidEpoch(Epoch(0)))
            // Nothing of the refused updates is visible.
            #expect(
                try t.listAkeys(container: testContainer, object: testObject, dkey: .uint64(1), epoch: .latest).keys
                    == [.lexical("a")])
        }
    }

    @Test func destroyReclaimsSpaceAndNoSpaceRefusesWhole() throws {
        try withTemporaryDirectory { dir in
            let t = try openTarget(dir, capacity: 100_000)
            try t.createContainer(testContainer)
            try t.putArray(.uint64(1), .lexical("a"), start: 0, bytes(60_000, seed: 1), at: 5)
            #expect(t.space.usedBytes == 60_000)
            // Two akeys, the second does not fit: the update is refused whole.
            let refused = error {
                try t.update(
                    container: testContainer, object: testObject, dkey: .uint64(2), epoch: Epoch(6),
                    akeys: [
                        AkeyUpdate(akey: .lexical("x"), value: .single(bytes(20_000, seed: 2))),
                        AkeyUpdate(akey: .lexical("y"), value: .single(bytes(30_000, seed: 3))),
                    ])
            }
            guard case .noSpace? = refused else {
                Issue.record("expected noSpace, got \(String(describing: refused))")
                return
            }
            #expect(try t.getSingle(.uint64(2), .lexical("x"), at: 6) == nil)
            #expect(t.space.usedBytes == 60_000)
            try t.destroyObject(container: testContainer, object: testObject)
            #expect(t.space.usedBytes == 0)
            try t.putSingle(.uint64(2), .lexical("x"), bytes(90_000, seed: 4), at: 7)
            try t.destroyContainer(testContainer)
            #expect(t.space.usedBytes == 0)
            #expect(error { try t.getSingle(.uint64(2), .lexical("x"), at: 7) } == .unknownContainer(testContainer))
        }
    }
}
