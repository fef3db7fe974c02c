import DaosObject
import Testing

@testable import DaosEngine

/// The WAL and checkpoint decoders on random and mutated inputs: they must throw or report a torn
/// tail, never trap, never allocate from an unchecked length. Bounded: a few thousand inputs.
@Suite struct VOSFuzzTests {
    /// A valid WAL file and a valid checkpoint, as seeds for mutation.
    static func corpus() throws -> (wal: [UInt8], checkpoint: [UInt8]) {
        try withTemporaryDirectory { dir in
            // Sync mode, so update records carry journal (redo) copies too.
            let t = try openTarget(dir, .sync)
            try t.createContainer(testContainer)
            try t.putSingle(.lexical("d"), .lexical("a"), [1, 2, 3], at: 2)
            try t.putArray(.uint64(3), .lexical("b"), start: 4, bytes(2000, seed: 1), at: 3)
            try t.putArray(.uint64(3), .hashed("c"), start: 0, bytes(40, seed: 2), recordSize: 4, at: 4)
            try t.punch(
                container: testContainer, object: testObject,
                .extent(
                    dkey: .uint64(3), akey: .lexical("b"),
                    RecordExtent(start: 5, count: 7)), epoch: Epoch(5))
            try t.punch(container: testContainer, object: testObject, .dkey(.lexical("d")), epoch: Epoch(6))
            try t.aggregate(container: testContainer, snapshots: [Epoch(3)], bound: Epoch(4))
            try t.destroyObject(container: testContainer, object: ObjectID(hi: 5, lo: 5))
            try t.flush()
            // Only the records: sync mode zero-fills megabytes ahead of them.
            let wal = Array(
                try PosixFile.open(t.wal.currentPath, create: false).readAll().prefix(Int(t.wal.fileOffset)))
            let checkpoint = CheckpointFormat.encode(t.index, walGeneration: 1, lastSequence: 9)
            t.close()
            return (wal, checkpoint)
        }
    }

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + rng.below(4)) {
            switch rng.below(6) {
            case 0 where !bytes.isEmpty: bytes[rng.below(bytes.count)] ^= UInt8(1 << rng.below(8))
            case 1 where !bytes.isEmpty: bytes[rng.below(bytes.count)] = UInt8(truncatingIfNeeded: rng.next())
            case 2: bytes = Array(bytes.prefix(rng.below(bytes.count + 1)))
            case 3 where bytes.count > 4:
                // Overwrite a 4-byte field with an extreme length.
                let at = rng.below(bytes.count - 4)
                let value: UInt32 = [0, 1, 0xFFFF_FFFF, 0x7FFF_FFFF, UInt32(bytes.count)][rng.below(5)]
                withUnsafeBytes(of: value.littleEndian) { for i in 0..<4 { bytes[at + i] = $0[i] } }
            case 4: bytes += (0..<rng.below(64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            default: bytes += [UInt8](repeating: 0, count: rng.below(64))  // a zero-filled (preallocated) tail
            }
        }
        return bytes
    }

    @Test func walDecoderNeverTraps() throws {
        let (wal, _) = try Self.corpus()
        #expect(try wal.withUnsafeBytes { try WALDecoder.scan($0) }.records.count == 8)
        var rng = SplitMix64(seed: 11)
        var outcomes = [0, 0, 0]
        for round in 0..<3000 {
            let input =
                round % 10 == 0
                ? (0..<rng.below(300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                : Self.mutate(wal, &rng)
            do {
                let scan = try input.withUnsafeBytes { try WALDecoder.scan($0) }
                outcomes[scan.tornBytes > 0 ? 1 : 0] += 1
                // Every record the scan accepted must also decode on its own.
                for record in scan.records { #expect(record.offset < input.count) }
            } catch {
                outcomes[2] += 1
            }
            // Record bodies alone, too: the body decoder sees CRC-valid but arbitrary bytes.
            let body = Array(input.dropFirst(WALFormat.headerBytes + WALFormat.recordHeaderBytes))
            _ = try? body.withUnsafeBytes { try WALDecoder.decodeBody($0) }
        }
        // The mix must exercise all three outcomes: clean, torn tail, refused.
        #expect(outcomes[0] > 0 && outcomes[1] > 50 && outcomes[2] > 50, "\(outcomes)")
    }

    @Test func checkpointDecoderNeverTraps() throws {
        let (_, checkpoint) = try Self.corpus()
        let (header, index) = try checkpoint.withUnsafeBytes { try CheckpointFormat.decode($0) }
        #expect(header.lastSequence == 9)
        #expect(CheckpointFormat.encode(index, walGeneration: 1, lastSequence: 9) == checkpoint)
        var rng = SplitMix64(seed: 12)
        var refused = 0
        for round in 0..<2000 {
            let input =
                round % 10 == 0
                ? (0..<rng.below(300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                : Self.mutate(checkpoint, &rng)
            if (try? input.withUnsafeBytes({ try CheckpointFormat.decode($0) })) == nil { refused += 1 }
        }
        #expect(refused > 1900)
        // With the CRCs recomputed, mutations reach the body decoder itself.
        var reached = 0
        for _ in 0..<2000 {
            var body = Self.mutate(Array(checkpoint.dropFirst(CheckpointFormat.headerBytes)), &rng)
            if body.count > 1 << 20 { body = Array(body.prefix(1 << 20)) }
            let file = Self.reframe(checkpoint, body: body)
            if (try? file.withUnsafeBytes({ try CheckpointFormat.decode($0) })) != nil { reached += 1 }
        }
        #expect(reached > 0)
    }

    /// A checkpoint file with `body` and both CRCs recomputed.
    static func reframe(_ checkpoint: [UInt8], body: [UInt8]) -> [UInt8] {
        let header = try! checkpoint.withUnsafeBytes { try CheckpointFormat.decodeHeader($0) }
        var writer = ByteWriter()
        writer.write(CheckpointFormat.magic)
        writer.write(CheckpointFormat.version)
        writer.write(UInt32(0))
        writer.write(header.walGeneration)
        writer.write(header.lastSequence)
        writer.write(UInt64(body.count))
        writer.write(body.withUnsafeBytes { CRC.crc32c($0) })
        writer.write(writer.bytes.withUnsafeBytes { CRC.crc32c($0) })
        writer.write(body)
        return writer.bytes
    }
}
