import DaosObject
import Testing

@testable import DaosEngine

/// `objectFetchBatch` and `objectUpdateBatch`: each request answered as it would be alone,
/// failures kept to their own entry, a fetch reply that would overflow the frame cut short with
/// `canceled` entries rather than refused whole, updates applied in order and acknowledged
/// only once durable.
@Suite struct TargetBatchTests {
    @Test func everyEntryEqualsItsFetchAlone() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            var expected: [[UInt8]] = []
            for dkey in 0..<4 {
                expected.append(try h.putArray(.uint64(UInt64(dkey)), .uint64(1), WireExtent(start: 0, count: 3000), seed: UInt8(dkey + 1)))
            }
            let iod = IODescriptor(akey: .uint64(1), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 1000, count: 4000)]))
            var windows: [BulkDescriptor] = []
            var fetches: [ObjectFetchRequest] = []
            for dkey in 0..<5 {  // dkey 4 was never written: all holes
                let window = h.bulk.register([UInt8](repeating: 0xEE, count: 4000))
                windows.append(window)
                fetches.append(ObjectFetchRequest(oid: h.oid, shard: 0, dkey: .uint64(UInt64(dkey)), iods: [iod], bulk: window))
            }
            // A fetch the target refuses (its window is too small) fails in its entry alone.
            fetches.insert(ObjectFetchRequest(oid: h.oid, shard: 0, dkey: .uint64(0), iods: [iod], bulk: h.bulk.register([0])), at: 2)
            let batch = try h.call(.objectFetchBatch, ObjectFetchBatchRequest(fetches), as: ObjectFetchBatchReply.self).get().reply
            #expect(batch.entries.count == 6)
            guard case .refused(.truncated, let detail) = batch.entries[2] else {
                Issue.record("the bad fetch was answered: \(batch.entries[2])")
                return
            }
            #expect(!detail.isEmpty)
            let answered = batch.entries.enumerated().filter { $0.offset != 2 }.map(\.element)
            for (dkey, entry) in answered.enumerated() {
                guard case .answered(let reply, _) = entry else {
                    Issue.record("dkey \(dkey) refused: \(entry)")
                    continue
                }
                let alone = try h.fetch(.uint64(UInt64(dkey)), [iod], bulk: h.bulk.register([UInt8](repeating: 0xEE, count: 4000))).get()
                #expect(reply == alone, "dkey \(dkey)")
                let want = dkey < 4 ? Array(expected[dkey][1000..<3000]) + [UInt8](repeating: 0, count: 2000) : [UInt8](repeating: 0, count: 4000)
                #expect(h.bulk.window(windows[dkey]) == want, "dkey \(dkey)")
            }
        }
    }

    @Test func aReplyThatWouldOverflowCancelsTheRest() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            // Every other record written: a fetch of 400 records reports 200 holes (3.2 KB).
            for record in stride(from: UInt64(0), to: 400, by: 2) {
                _ = try h.putArray(.uint64(0), .uint64(1), WireExtent(start: record, count: 1), seed: UInt8(record & 0x7F))
            }
            let iod = IODescriptor(akey: .uint64(1), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 1, count: 400)]))
            let fetches = (0..<WireLimits.batchMembersMax).map { _ in
                ObjectFetchRequest(oid: h.oid, shard: 0, dkey: .uint64(0), iods: [iod], bulk: h.bulk.register([UInt8](repeating: 0, count: 400)))
            }
            let batch = try h.call(.objectFetchBatch, ObjectFetchBatchRequest(fetches), as: ObjectFetchBatchReply.self).get().reply
            #expect(batch.entries.count == fetches.count)
            let answered = batch.entries.prefix { if case .answered = $0 { true } else { false } }.count
            #expect(answered >= 1 && answered < fetches.count, "\(answered) of \(fetches.count) answered")
            for entry in batch.entries.dropFirst(answered) {
                guard case .refused(.canceled, _) = entry else {
                    Issue.record("after the budget ran out: \(entry)")
                    break
                }
            }
            #expect(batch.encoded().count <= WireLimits.inlinePayloadBytesMax)
        }
    }

    @Test func updatesApplyInOrderAndAreDurableWhenAnswered() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir, durability: .sync)
            let iod = IODescriptor(akey: .uint64(1), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: 2000)]))
            func update(_ dkey: UInt64, _ data: [UInt8], _ descriptor: IODescriptor? = nil) -> ObjectUpdateRequest {
                ObjectUpdateRequest(oid: h.oid, shard: 0, dkey: .uint64(dkey), iods: [descriptor ?? iod], data: .bulk(h.bulk.register(data)))
            }
            let written = (0..<3).map { bytes(2000, seed: UInt8($0 + 1)) }
            let later = bytes(2000, seed: 99)
            // dkey 1's akey holds 1-byte records once the second update lands: a 4-byte one is refused.
            let wrongSize = IODescriptor(akey: .uint64(1), value: .array(recordSizeBytes: 4, extents: [WireExtent(start: 0, count: 10)]))
            let updates = [update(0, written[0]), update(1, written[1]), update(1, bytes(40, seed: 5), wrongSize), update(2, written[2]),
                           update(0, later)]
            let reply = try h.call(.objectUpdateBatch, ObjectUpdateBatchRequest(updates), as: ObjectUpdateBatchReply.self).get().reply
            #expect(reply.entries.count == 5)
            guard case .refused(.invalidArgument, _) = reply.entries[2] else {
                Issue.record("the mismatched update was answered: \(reply.entries[2])")
                return
            }
            for index in [0, 1, 3, 4] {
                guard case .answered(let answer, let epoch) = reply.entries[index] else {
                    Issue.record("update \(index) refused: \(reply.entries[index])")
                    continue
                }
                #expect(answer.epoch == epoch && epoch.rawValue != 0)
            }
            let vos = h.service.vos
            #expect(vos.durableSequence.rawValue == vos.lastSequence, "answered before the batch was durable")
            // In order: the later update of dkey 0 wins.
            for (dkey, want) in [(0, later), (1, written[1]), (2, written[2])] {
                let window = h.bulk.register([UInt8](repeating: 0xEE, count: 2000))
                _ = try h.fetch(.uint64(UInt64(dkey)), [iod], bulk: window).get()
                #expect(h.bulk.window(window) == want, "dkey \(dkey)")
            }
        }
    }
}
