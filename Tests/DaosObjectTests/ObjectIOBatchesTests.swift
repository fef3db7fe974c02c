import Testing

@testable import DaosObject

/// Which requests of one send share a batch frame (`ObjectIO.batches`): same target, epoch and
/// kind; never past 64 members or the inline payload limit; and never reordered against a
/// request to the same target that goes alone.
@Suite struct ObjectIOBatchesTests {
    static let oid = ObjectID(hi: 1, lo: 2)
    static let window = BulkDescriptor(address: 0x1000, length: 1 << 20, rkey: 1)

    static func fetch(_ target: Int32, extents: Int = 1, epoch: UInt64 = 5) -> ObjectIO.ShardRequest {
        let list = (0..<extents).map { WireExtent(start: UInt64($0 * 2), count: 1) }
        return .init(target: target, opcode: .objectFetch,
                     message: ObjectFetchRequest(oid: oid, shard: 0, dkey: .uint64(1),
                                                 iods: [IODescriptor(akey: .uint64(0), value: .array(recordSizeBytes: 1, extents: list))],
                                                 bulk: window),
                     epoch: Epoch(epoch))
    }

    static func update(_ target: Int32, condition: UpdateCondition = .none, inline: Bool = false, placed: Bool = false)
        -> ObjectIO.ShardRequest {
        let iod = IODescriptor(akey: .uint64(0), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: 16)]))
        let data: UpdateData = inline ? .inline([UInt8](repeating: 1, count: 16))
            : placed ? .placed(token: 7, byteCount: 16) : .bulk(BulkDescriptor(address: 0x1000, length: 16, rkey: 1))
        return .init(target: target, opcode: .objectUpdate,
                     message: ObjectUpdateRequest(oid: oid, shard: 0, condition: condition, dkey: .uint64(1), iods: [iod], data: data),
                     epoch: Epoch(5))
    }

    static func punch(_ target: Int32) -> ObjectIO.ShardRequest {
        .init(target: target, opcode: .objectPunch, message: ObjectPunchRequest(oid: oid, shard: 0, scope: .dkeys([.uint64(1)])), epoch: Epoch(5))
    }

    static func groups(_ requests: [ObjectIO.ShardRequest], _ reply: (some WireMessage).Type) -> [[Int]] {
        ObjectIO.batches(Array(requests.indices), requests, expecting: reply)
    }

    @Test func sameTargetEpochAndKindTravelTogether() {
        let fetches = [Self.fetch(1), Self.fetch(2), Self.fetch(1), Self.fetch(1, epoch: 6), Self.fetch(2)]
        #expect(Self.groups(fetches, ObjectFetchReply.self) == [[0, 2], [1, 4], [3]])
        // Fetches are batched only when the caller expects fetch replies, updates only when it expects epochs.
        #expect(Self.groups(fetches, EpochReply.self) == [[0], [1], [2], [3], [4]])
        let updates = [Self.update(1), Self.update(1), Self.update(1, condition: .dkeyInsert), Self.update(2, inline: true), Self.update(2)]
        #expect(Self.groups(updates, EpochReply.self) == [[0, 1], [2], [3], [4]])
        // Placed updates (`LocalWrites`) batch like bulk ones, with them.
        let placed = [Self.update(1, placed: true), Self.update(1), Self.update(2, placed: true), Self.update(1, placed: true)]
        #expect(Self.groups(placed, EpochReply.self) == [[0, 1, 3], [2]])
    }

    @Test func aRequestThatGoesAloneClosesItsTargetsBatches() {
        // An EC write's punch must reach its target after the updates before it, and before the ones after.
        let requests = [Self.update(1), Self.update(2), Self.punch(1), Self.update(1), Self.update(2)]
        #expect(Self.groups(requests, EpochReply.self) == [[0], [1, 4], [2], [3]])
    }

    @Test func framesStayWithinTheirLimits() {
        let many = (0..<130).map { _ in Self.fetch(1) }
        #expect(Self.groups(many, ObjectFetchReply.self).map(\.count) == [64, 64, 2])
        // 400 extents each: about 6.5 KB a request, so two to a frame.
        let long = (0..<5).map { _ in Self.fetch(1, extents: 400) }
        let groups = Self.groups(long, ObjectFetchReply.self)
        #expect(groups.map(\.count) == [2, 2, 1])
        for group in groups where group.count > 1 {
            let frame = ObjectFetchBatchRequest(group.map { long[$0].message as! ObjectFetchRequest })
            #expect(frame.encoded().count <= WireLimits.inlinePayloadBytesMax)
        }
    }
}
