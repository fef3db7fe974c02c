import DaosObject
import Testing

@testable import DaosEngine

/// A fetch for a client on the engine's host is pushed straight from the blob's mapping
/// (`locateArray` → `pushGathered`): it must return exactly what a fetch through the staging
/// buffer returns — overwrites, punches and holes included — and fall back to staging where
/// a value lives in the index.
@Suite struct TargetFetchInPlaceTests {
    static let akey = WireKey.lexical("data")

    static func arrayIOD(_ recordSize: UInt32, _ extents: [(UInt64, UInt64)]) -> IODescriptor {
        IODescriptor(akey: akey, value: .array(recordSizeBytes: recordSize, extents: extents.map { WireExtent(start: $0.0, count: $0.1) }))
    }

    /// The reply and the bytes a fetch leaves in a fresh window.
    static func fetch(_ h: TargetHarness, _ iods: [IODescriptor], gathering: Bool) throws -> (ObjectFetchReply, [UInt8]) {
        h.bulk.gathering = gathering
        let bytes = iods.reduce(0) { total, iod in
            guard case .array(let size, let extents) = iod.value else { return total }
            return total + extents.reduce(0) { $0 + Int($1.count) * Int(size) }
        }
        let window = h.bulk.register([UInt8](repeating: 0xEE, count: bytes))
        let reply = try h.fetch(.uint64(0), iods, bulk: window).get()
        return (reply, h.bulk.window(window))
    }

    /// Blob-sized records (> VOSLimits.inlineBytesMax), overlapping, with a punch and gaps; the
    /// fetches that read them back.
    static func writeOverlapsPunchAndGaps(_ h: TargetHarness) throws -> [[IODescriptor]] {
        _ = try h.putArray(.uint64(0), akey, WireExtent(start: 0, count: 3000), recordSize: 4, seed: 1)
        _ = try h.putArray(.uint64(0), akey, WireExtent(start: 1000, count: 500), recordSize: 4, seed: 2)
        _ = try h.putArray(.uint64(0), akey, WireExtent(start: 5000, count: 2000), recordSize: 4, seed: 3)
        let punch = ObjectPunchRequest(oid: h.oid, shard: 0,
                                       scope: .extents(dkey: .uint64(0), akey: akey, extents: [WireExtent(start: 2500, count: 100)]))
        _ = try h.call(.objectPunch, punch, as: EpochReply.self).get()
        return [
            [arrayIOD(4, [(0, 3000)])],  // one record, overwritten inside, punched inside
            [arrayIOD(4, [(900, 200), (2400, 3000), (6990, 20)])],  // holes between and after
            [arrayIOD(4, [(100_000, 300)])],  // nothing written: all hole
        ]
    }

    @Test func gatheredFetchEqualsStagedFetch() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            let cases = try Self.writeOverlapsPunchAndGaps(h)
            for iods in cases {
                let staged = try Self.fetch(h, iods, gathering: false)
                let gathered = try Self.fetch(h, iods, gathering: true)
                #expect(gathered.0 == staged.0)
                #expect(gathered.1 == staged.1)
            }
            #expect(h.bulk.gatheredPushes == cases.count)

            // A small value lives in the index: that fetch goes through staging.
            let small = try h.putArray(.uint64(0), Self.akey, WireExtent(start: 20_000, count: 10), recordSize: 4, seed: 4)
            let mixed = try Self.fetch(h, [Self.arrayIOD(4, [(0, 10), (20_000, 10)])], gathering: true)
            #expect(h.bulk.gatheredPushes == cases.count)
            #expect(Array(mixed.1[40...]) == small)
        }
    }
}
