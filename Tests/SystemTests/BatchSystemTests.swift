import DaosObject
import Testing

/// Writes and reads of many dkeys go to each target as `objectUpdateBatch` / `objectFetchBatch`
/// frames (ports 32400–32429). Here every dkey's fetch reports 300 holes, so a 16 KiB reply
/// holds only a few entries: the engine cancels the rest and the client sends them again alone.
/// Every class must read back exactly.
@Suite(.serialized) struct BatchSystemTests {
    static let dkeys = 40
    static let records = 40_000

    @Test func batchedWritesAndReadsWithCanceledEntriesReadBackExactly() throws {
        let system = try TestSystem(name: "batches", config: TestConfigs.threeEngines(provider: "tcp;ofi_rxm", basePort: 32400))
        defer { system.tearDown() }
        try system.start()
        let (_, _, container) = try system.tankAndContainer()
        let io = try ObjectIO(container: container)
        // 30 records written of every 40: the rest are holes.
        let written = (0..<300).map { WireExtent(start: UInt64($0 * 40), count: 30) }
        let perDkey = 300 * 30
        for (redundancy, groups) in [(Redundancy.none, UInt16(1)), (.replicas2, 1), (.ec2P1, 1)] {
            let lo = try container.allocateObjectIDs(1)
            let object = try ObjectHandle(ObjectID(lo: lo, type: .dkeyUInt64, redundancy: redundancy, groups: groups), in: io)
            var expected = [UInt8](repeating: 0, count: Self.dkeys * Self.records)
            var data: [UInt8] = []
            for dkey in 0..<Self.dkeys {
                for extent in written {
                    for record in extent.start..<extent.start + extent.count {
                        let value = UInt8(truncatingIfNeeded: record &* 31 &+ UInt64(dkey) &+ UInt64(lo))
                        data.append(value)
                        expected[dkey * Self.records + Int(record)] = value
                    }
                }
            }
            let iod = IODescriptor(akey: .uint64(0), value: .array(recordSizeBytes: 1, extents: written))
            let writes = (0..<Self.dkeys).map {
                ObjectHandle.DkeyIO(dkey: .uint64(UInt64($0)), iods: [iod], range: $0 * perDkey..<($0 + 1) * perDkey)
            }
            try data.withUnsafeBytes { _ = try object.update(writes, data: $0) }
            let whole = IODescriptor(akey: .uint64(0), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: UInt64(Self.records))]))
            let parts = (0..<Self.dkeys).map {
                ObjectHandle.DkeyIO(dkey: .uint64(UInt64($0)), iods: [whole], range: $0 * Self.records..<($0 + 1) * Self.records)
            }
            var back = [UInt8](repeating: 0xEE, count: expected.count)
            let batched = io.batchedFetches
            let found = try back.withUnsafeMutableBytes { try object.fetch(parts, into: $0) }
            #expect(back == expected, "\(redundancy)")
            #expect(io.batchedFetches > batched, "\(redundancy): the reads went in batches")
            if !object.lastFetchRebuilt {
                #expect(found.allSatisfy { $0[0].holes.count == 300 }, "\(redundancy): every dkey reports its holes")
            }
        }
        #expect(io.batchedCanceled > 0, "entries that did not fit were sent again alone")
        #expect(io.batchedUpdates > 0, "the writes went in batches")
        try system.stop()
    }
}
