import DaosObject
import Testing

@testable import DaosEngine

/// Client memory the engine reaches by "RMA": windows keyed by rkey, moved segment by segment
/// exactly as `BulkDescriptor` describes, so layout mistakes show up as wrong bytes.
final class MemoryBulk: BulkTransfer {
    private(set) var windows: [UInt64: [UInt8]] = [:]
    private var nextKey: UInt64 = 1
    private(set) var pulls = 0
    private(set) var pushes = 0
    /// Serve `pushGathered` (as the engine does for a client on its host).
    var gathering = false
    private(set) var gatheredPushes = 0

    private static func address(_ rkey: UInt64) -> UInt64 { 0x7F00_0000_0000 + rkey << 32 }

    func register(_ bytes: [UInt8], segments: [BulkDescriptor.Segment] = []) -> BulkDescriptor {
        let rkey = nextKey
        nextKey += 1
        windows[rkey] = bytes
        return BulkDescriptor(address: Self.address(rkey), length: UInt64(bytes.count), rkey: rkey, segments: segments)
    }

    func window(_ descriptor: BulkDescriptor) -> [UInt8] { windows[descriptor.rkey] ?? [] }

    private func ranges(_ d: BulkDescriptor) throws(RPCError) -> [Range<Int>] {
        guard let window = windows[d.rkey], d.address == Self.address(d.rkey), d.length == UInt64(window.count) else {
            throw .unexpectedReply("no registered window for rkey \(d.rkey)")
        }
        if d.segments.isEmpty { return [0..<window.count] }
        return d.segments.map { Int($0.offset)..<Int($0.offset + $0.length) }
    }

    func pull(_ descriptor: BulkDescriptor, into buffer: UnsafeMutableRawBufferPointer) throws(RPCError) {
        guard UInt64(buffer.count) == descriptor.byteCount else {
            throw .bulkTooLarge(needed: descriptor.byteCount, available: buffer.count)
        }
        pulls += 1
        let window = windows[descriptor.rkey] ?? []
        var at = 0
        for range in try ranges(descriptor) {
            window[range].withUnsafeBytes { buffer.baseAddress!.advanced(by: at).copyMemory(from: $0.baseAddress!, byteCount: range.count) }
            at += range.count
        }
    }

    func push(_ bytes: UnsafeRawBufferPointer, to descriptor: BulkDescriptor) throws(RPCError) {
        guard UInt64(bytes.count) <= descriptor.byteCount else {
            throw .bulkTooLarge(needed: UInt64(bytes.count), available: Int(descriptor.byteCount))
        }
        pushes += 1
        var at = 0
        for range in try ranges(descriptor) where at < bytes.count {
            let n = min(range.count, bytes.count - at)
            windows[descriptor.rkey]!.replaceSubrange(range.lowerBound..<range.lowerBound + n, with: bytes[at..<at + n])
            at += n
        }
    }

    func gathers(to descriptor: BulkDescriptor) -> Bool { gathering }

    /// The client shares our host when it gathers (one switch for both, as in the engine).
    func sharesHost(localKey: UInt64) -> Bool { gathering }

    func pushGathered(_ spans: [ArraySpan], bytes: Int, to descriptor: BulkDescriptor) throws(RPCError) -> Bool {
        var joined: [UInt8] = []
        for span in spans {
            if let start = span.bytes {
                joined += UnsafeRawBufferPointer(start: start, count: span.count)
            } else {
                joined += repeatElement(0, count: span.count)
            }
        }
        guard joined.count == bytes else { throw .unexpectedReply("spans of \(joined.count) bytes, \(bytes) announced") }
        let all = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes), alignment: 1)
        defer { all.deallocate() }
        all.copyBytes(from: joined)
        try push(UnsafeRawBufferPointer(rebasing: all[0..<bytes]), to: descriptor)
        pushes -= 1
        gatheredPushes += 1
        return true
    }
}

/// A target service on a temp-directory VOS, called the way the engine will: requests that a
/// client could send go through a real frame (encode, check, decode), and so do the replies —
/// which proves every reply fits one frame and decodes.
final class TargetHarness {
    let service: TargetService
    let bulk = MemoryBulk()
    let container = ContainerID(hi: 0xC0FFEE, lo: 1)
    let oid = ObjectID(hi: 0x1234, lo: 99)

    init(_ directory: String, durability: Durability = .pageCache, options: TargetService.Options = .init()) throws {
        service = TargetService(vos: try openTarget(directory, durability), clock: HybridLogicalClock(), options: options)
    }

    /// Through frames: the request as a client would send it.
    func call<Reply: WireMessage>(
        _ opcode: Opcode, _ message: some WireMessage, epoch: Epoch = .latest, as: Reply.Type = Reply.self
    ) throws -> Result<(reply: Reply, epoch: Epoch), TargetError> {
        let header = FrameHeader(opcode: opcode, rpcID: RPCID(7), target: TargetIndex(0), epoch: epoch)
        let frame = try Frame.encoded(header: header, message: message)
        let request = try frame.withUnsafeBytes { raw in
            let decoded = try Frame.decode(raw)
            return TargetRequest(
                opcode: decoded.header.opcode, container: container, epoch: decoded.header.epoch,
                message: try decoded.message())
        }
        let reply: TargetReply
        do {
            reply = try service.handle(request, bulk: bulk)
        } catch {
            return .failure(error)
        }
        let replyFrame = try Frame.encoded(
            header: header.reply(status: .success, mapVersion: 0, epoch: reply.epoch), message: reply.message)
        let decoded = try replyFrame.withUnsafeBytes { raw in
            let frame = try Frame.decode(raw)
            return (try frame.message(as: Reply.self), frame.header.epoch)
        }
        return .success((decoded.0, decoded.1))
    }

    /// Straight to the service: for hand-built requests no decoder would pass.
    func direct(_ opcode: Opcode, _ message: any WireMessage, epoch: Epoch = .latest) -> Result<TargetReply, TargetError> {
        Result { () throws(TargetError) in
            try service.handle(TargetRequest(opcode: opcode, container: container, epoch: epoch, message: message), bulk: bulk)
        }
    }

    @discardableResult
    func update(
        _ dkey: WireKey, _ iods: [IODescriptor], _ data: UpdateData, epoch: Epoch = .latest,
        condition: UpdateCondition = .none
    ) throws -> Result<Epoch, TargetError> {
        try call(.objectUpdate, ObjectUpdateRequest(oid: oid, shard: 0, condition: condition, dkey: dkey, iods: iods, data: data),
                 epoch: epoch, as: EpochReply.self).map { reply in
            #expect(reply.reply.epoch == reply.epoch, "EpochReply and header epoch agree")
            return reply.epoch
        }
    }

    func fetch(
        _ dkey: WireKey, _ iods: [IODescriptor], bulk window: BulkDescriptor? = nil, epoch: Epoch = .latest
    ) throws -> Result<ObjectFetchReply, TargetError> {
        try call(.objectFetch, ObjectFetchRequest(oid: oid, shard: 0, dkey: dkey, iods: iods, bulk: window), epoch: epoch,
                 as: ObjectFetchReply.self).map(\.reply)
    }

    func putSingle(_ dkey: WireKey, _ akey: WireKey, _ value: [UInt8], epoch: Epoch = .latest) throws -> Epoch {
        try update(dkey, [IODescriptor(akey: akey, value: .single(sizeBytes: UInt64(value.count)))], .inline(value), epoch: epoch).get()
    }

    func putArray(_ dkey: WireKey, _ akey: WireKey, _ extent: WireExtent, recordSize: UInt32 = 1, seed: UInt8,
                  epoch: Epoch = .latest) throws -> [UInt8] {
        let data = bytes(Int(extent.count) * Int(recordSize), seed: seed)
        let iod = IODescriptor(akey: akey, value: .array(recordSizeBytes: recordSize, extents: [extent]))
        _ = try update(dkey, [iod], .inline(data), epoch: epoch).get()
        return data
    }

    func getSingle(_ dkey: WireKey, _ akey: WireKey, room: UInt64 = 4096, epoch: Epoch = .latest) throws -> [UInt8]? {
        let reply = try fetch(dkey, [IODescriptor(akey: akey, value: .single(sizeBytes: room))], epoch: epoch).get()
        guard reply.values[0].sizeBytes > 0, case .inline(let data) = reply.data else { return nil }
        return Array(data.prefix(Int(reply.values[0].sizeBytes)))
    }

    func dkeys(pageSize: UInt32, epoch: Epoch = .latest) throws -> (keys: [WireKey], pages: Int) {
        try pages(pageSize) { anchor in
            try call(.dkeyList, DkeyListRequest(oid: oid, shard: 0, countMax: pageSize, anchor: anchor), epoch: epoch,
                     as: KeyListReply.self).get().reply
        }
    }

    func akeys(_ dkey: WireKey, pageSize: UInt32, epoch: Epoch = .latest) throws -> (keys: [WireKey], pages: Int) {
        try pages(pageSize) { anchor in
            try call(.akeyList, AkeyListRequest(oid: oid, shard: 0, dkey: dkey, countMax: pageSize, anchor: anchor),
                     epoch: epoch, as: KeyListReply.self).get().reply
        }
    }

    private func pages(_ size: UInt32, _ page: (ListAnchor) throws -> KeyListReply) throws -> (keys: [WireKey], pages: Int) {
        var keys: [WireKey] = []
        var anchor = ListAnchor.start
        var count = 0
        while true {
            let reply = try page(anchor)
            count += 1
            #expect(reply.keys.count <= Int(size))
            keys += reply.keys
            guard let next = reply.next else { return (keys, count) }
            anchor = next
            if count > 10_000 { Issue.record("listing does not end"); return (keys, count) }
        }
    }

    func extents(_ dkey: WireKey, _ akey: WireKey, pageSize: UInt32, epoch: Epoch = .latest) throws
        -> (recordSize: UInt32, extents: [WireExtent], pages: Int)
    {
        var all: [WireExtent] = []
        var anchor = ListAnchor.start
        var pages = 0
        var recordSize: UInt32 = 0
        while true {
            let reply = try call(
                .extentList, ExtentListRequest(oid: oid, shard: 0, dkey: dkey, akey: akey, countMax: pageSize, anchor: anchor),
                epoch: epoch, as: ExtentListReply.self
            ).get().reply
            pages += 1
            recordSize = reply.recordSizeBytes
            all += reply.extents
            guard let next = reply.next, pages < 10_000 else { return (recordSize, all, pages) }
            anchor = next
        }
    }
}

extension Result {
    /// The failure's wire status, or nil on success.
    var status: WireStatus? {
        guard case .failure(let error) = self else { return nil }
        return (error as? TargetError)?.status
    }
}

private func single(_ akey: WireKey, _ size: UInt64) -> IODescriptor { IODescriptor(akey: akey, value: .single(sizeBytes: size)) }
private func array(_ akey: WireKey, _ recordSize: UInt32, _ extents: [WireExtent]) -> IODescriptor {
    IODescriptor(akey: akey, value: .array(recordSizeBytes: recordSize, extents: extents))
}
private func extent(_ start: UInt64, _ count: UInt64) -> WireExtent { WireExtent(start: start, count: count) }

@Suite struct TargetServiceTests {
    @Test func singleValuesInlineRoundTrip() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            let name: [UInt8] = Array("inode-of-file".utf8)
            let mode: [UInt8] = [0xA4, 0x81, 0, 0]
            let epoch = try h.update(
                .lexical("file"), [single(.lexical("name"), UInt64(name.count)), single(.lexical("mode"), 4)],
                .inline(name + mode)
            ).get()
            #expect(epoch.rawValue > 0 && epoch != .latest, "the engine picked an epoch from its clock")

            // Both values at once: each slot takes the size the fetch gave it; the rest is zero.
            let reply = try h.fetch(.lexical("file"), [single(.lexical("mode"), 8), single(.lexical("name"), 32)]).get()
            #expect(reply.values.map(\.sizeBytes) == [4, UInt64(name.count)])
            #expect(reply.data == .inline(mode + [0, 0, 0, 0] + name + [UInt8](repeating: 0, count: 32 - name.count)))

            // Size only (0) and a buffer too small both return the size and no bytes.
            let sizes = try h.fetch(.lexical("file"), [single(.lexical("name"), 0), single(.lexical("name"), 3)]).get()
            #expect(sizes.values.map(\.sizeBytes) == [UInt64(name.count), UInt64(name.count)])
            #expect(sizes.data == .inline([0, 0, 0]))
            // Nothing there: size 0.
            #expect(try h.getSingle(.lexical("file"), .lexical("absent")) == nil)
            #expect(try h.getSingle(.lexical("other"), .lexical("name")) == nil)

            // A newer update replaces the value.
            _ = try h.putSingle(.lexical("file"), .lexical("name"), [1, 2, 3])
            #expect(try h.getSingle(.lexical("file"), .lexical("name")) == [1, 2, 3])
        }
    }

    @Test func singleValuesAndArraysViaBulk() throws {
        try withTemporaryDirectory { dir in
            // A small retained buffer, so the 300 KiB update borrows memory and gives it back.
            let h = try TargetHarness(dir, options: .init(retainedBufferBytes: 128 << 10))
            let blob = bytes(40_000, seed: 3)
            let records = bytes(300 << 10, seed: 4)  // 75 KiB records of 4 bytes, two extents
            let iods = [single(.uint64(1), UInt64(blob.count)),
                        array(.uint64(2), 4, [extent(0, 50 << 10), extent(100 << 10, 25 << 10)])]
            // Scatter-gather on the client: the data sits in three pieces of one window.
            var window = [UInt8](repeating: 0xEE, count: blob.count + records.count + 200)
            window.replaceSubrange(100..<100 + blob.count, with: blob)
            window.replaceSubrange(100 + blob.count + 100..<100 + blob.count + 100 + 1000, with: records[0..<1000])
            window.replaceSubrange(window.count - (records.count - 1000)..<window.count, with: records[1000...])
            let source = h.bulk.register(window, segments: [
                .init(offset: 100, length: UInt64(blob.count)),
                .init(offset: UInt64(100 + blob.count + 100), length: 1000),
                .init(offset: UInt64(window.count - (records.count - 1000)), length: UInt64(records.count - 1000)),
            ])
            _ = try h.update(.uint64(0), iods, .bulk(source)).get()
            #expect(h.bulk.pulls == 1)
            #expect(h.service.staging.retainedCapacity <= 128 << 10, "a large request does not grow the kept buffer")

            // Fetch it back by push into a fresh window laid out the same way.
            let sink = h.bulk.register([UInt8](repeating: 0xAA, count: blob.count + records.count))
            let reply = try h.fetch(.uint64(0), iods, bulk: sink).get()
            #expect(reply.data == .pushed(byteCount: UInt64(blob.count + records.count)))
            #expect(reply.values == [FetchedValue(sizeBytes: UInt64(blob.count)), FetchedValue(sizeBytes: 4)])
            #expect(h.bulk.window(sink) == blob + records)

            // Arrays inline too, and the kept buffer is reused rather than regrown per request.
            _ = try h.putArray(.uint64(9), .uint64(1), extent(10, 100), recordSize: 8, seed: 5)
            _ = try h.fetch(.uint64(9), [array(.uint64(1), 8, [extent(10, 100)])]).get()
            let capacity = h.service.staging.retainedCapacity
            for seed in UInt8(0)..<5 {
                let data = try h.putArray(.uint64(9), .uint64(1), extent(10, 100), recordSize: 8, seed: seed)
                let sink = h.bulk.register([UInt8](repeating: 0, count: 800))
                _ = try h.fetch(.uint64(9), [array(.uint64(1), 8, [extent(10, 100)])], bulk: sink).get()
                #expect(h.bulk.window(sink) == data)
            }
            #expect(h.service.staging.retainedCapacity == capacity)
        }
    }

    /// Large array-only updates land in reserved blob space (no staging buffer); one whose
    /// transfer fails gives its space back.
    @Test func largeArrayUpdatesLandInPlace() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir, options: .init(retainedBufferBytes: 64 << 10, updatesInPlace: .always))
            let data = bytes(300 << 10, seed: 6)
            let iods = [array(.uint64(2), 4, [extent(0, 50 << 10), extent(100 << 10, 25 << 10)])]
            let used = h.service.vos.space.usedBytes
            _ = try h.update(.uint64(0), iods, .bulk(h.bulk.register(data))).get()
            #expect(h.service.vos.space.usedBytes == used + UInt64(data.count))
            #expect(h.service.staging.retainedCapacity <= 64 << 10, "in place: the staging buffer is not used")
            let sink = h.bulk.register([UInt8](repeating: 0, count: data.count))
            _ = try h.fetch(.uint64(0), iods, bulk: sink).get()
            #expect(h.bulk.window(sink) == data)
            // A descriptor naming no registered window: the pull fails, nothing stays reserved.
            let bogus = BulkDescriptor(address: 1, length: UInt64(data.count), rkey: 999)
            #expect(throws: (any Error).self) { try h.update(.uint64(1), iods, .bulk(bogus)).get() }
            #expect(h.service.vos.space.usedBytes == used + UInt64(data.count))
        }
    }

    /// Data below the EC aggregation window is refused with DER_TX_RESTART; parity-only
    /// updates (what aggregation itself writes) and fresh epochs are not.
    @Test func updatesOlderThanTheAggregationWindowRestart() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir, options: .init(updateAgeMaxNanoseconds: 1_000_000_000))
            let clock = h.service.clock
            let old = clock.epoch(nanosecondsAgo: 10_000_000_000)
            let data = bytes(64, seed: 1)
            let refused = try h.update(.uint64(0), [array(.uint64(1), 1, [extent(0, 64)])], .inline(data), epoch: old)
            guard case .failure(let error) = refused else { Issue.record("an old data update was accepted"); return }
            #expect(error.status == .restart)
            let parity = try h.update(.uint64(0), [array(.uint64(1), 1, [extent(ECGeometry.parityBit, 64)])], .inline(data), epoch: old)
            #expect((try? parity.get()) == old)
            #expect((try? h.update(.uint64(0), [array(.uint64(1), 1, [extent(0, 64)])], .inline(data), epoch: clock.now()).get()) != nil)
        }
    }

    @Test func fetchReportsHolesAsZeroBytes() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            let a = try h.putArray(.uint64(0), .lexical("data"), extent(0, 10), recordSize: 2, seed: 1)
            let b = try h.putArray(.uint64(0), .lexical("data"), extent(20, 10), recordSize: 2, seed: 2)
            // Leave stale bytes in the staging buffer first: holes must still read as zero.
            let stale = try h.putArray(.uint64(1), .lexical("stale"), extent(0, 40), recordSize: 2, seed: 9)
            #expect(try h.fetch(.uint64(1), [array(.lexical("stale"), 2, [extent(0, 40)])]).get().data == .inline(stale))
            let reply = try h.fetch(.uint64(0), [array(.lexical("data"), 2, [extent(0, 40)])]).get()
            #expect(reply.values == [FetchedValue(sizeBytes: 2, holes: [extent(10, 10), extent(30, 10)])])
            let zeros = [UInt8](repeating: 0, count: 20)
            #expect(reply.data == .inline(a + zeros + b + zeros))

            // Adjacent holes of neighbouring extents merge; nothing visible → size 0.
            let empty = try h.fetch(.uint64(0), [array(.lexical("data"), 2, [extent(100, 5), extent(105, 5)])]).get()
            #expect(empty.values == [FetchedValue(sizeBytes: 0, holes: [extent(100, 10)])])
            #expect(empty.data == .inline([UInt8](repeating: 0, count: 20)))

            // A container this target never saw reads as holes, not as an error.
            let unseen = try h.service.handle(
                TargetRequest(opcode: .objectFetch, container: ContainerID(hi: 9, lo: 9),
                              message: ObjectFetchRequest(oid: h.oid, shard: 0, dkey: .uint64(0),
                                                          iods: [array(.lexical("data"), 2, [extent(0, 4)]), single(.uint64(1), 8)])),
                bulk: h.bulk)
            #expect((unseen.message as? ObjectFetchReply)?.values == [FetchedValue(sizeBytes: 0, holes: [extent(0, 4)]),
                                                                    FetchedValue(sizeBytes: 0)])
        }
    }

    @Test func fetchTooLargeForInlineNeedsBulk() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            let value = bytes(20_000, seed: 7)
            let source = h.bulk.register(value)
            _ = try h.update(.uint64(1), [single(.uint64(1), 20_000)], .bulk(source)).get()

            #expect(try h.fetch(.uint64(1), [single(.uint64(1), 20_000)]).status == .truncated)
            // Just under the limit fits: 16 KiB minus the reply's own bytes.
            let fitting = WireLimits.inlinePayloadBytesMax - TargetService.fetchReplyBytes(valueCount: 1, holeCount: 0, inlineBytes: 0)
            _ = try h.update(.uint64(2), [single(.uint64(1), UInt64(fitting))], .bulk(h.bulk.register(bytes(fitting, seed: 1)))).get()
            #expect(try h.getSingle(.uint64(2), .uint64(1), room: UInt64(fitting)) == bytes(fitting, seed: 1))
            #expect(try h.fetch(.uint64(2), [single(.uint64(1), UInt64(fitting + 1))]).status == .truncated)

            let sink = h.bulk.register([UInt8](repeating: 0, count: 20_000))
            #expect(try h.fetch(.uint64(1), [single(.uint64(1), 20_000)], bulk: sink).get().data == .pushed(byteCount: 20_000))
            #expect(h.bulk.window(sink) == value)
            // A window smaller than the data is refused before anything is read or pushed.
            let small = h.bulk.register([UInt8](repeating: 0, count: 19_999))
            #expect(try h.fetch(.uint64(1), [single(.uint64(1), 20_000)], bulk: small).status == .truncated)
            #expect(h.bulk.window(small) == [UInt8](repeating: 0, count: 19_999))
        }
    }

    @Test func punchAtEveryLevel() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            for d in UInt64(1)...3 {
                _ = try h.putSingle(.uint64(d), .lexical("a"), [UInt8(d)])
                _ = try h.putSingle(.uint64(d), .lexical("b"), [UInt8(d), 0])
                _ = try h.putArray(.uint64(d), .lexical("arr"), extent(0, 8), seed: UInt8(d))
            }
            let before = try h.putSingle(.uint64(9), .lexical("a"), [9])
            func punch(_ scope: PunchScope) throws -> Epoch {
                let reply = try h.call(.objectPunch, ObjectPunchRequest(oid: h.oid, shard: 0, scope: scope), as: EpochReply.self).get()
                #expect(reply.reply.epoch == reply.epoch && reply.epoch > before)
                return reply.epoch
            }

            // Extents: the punched records become holes.
            _ = try punch(.extents(dkey: .uint64(1), akey: .lexical("arr"), extents: [extent(2, 2), extent(6, 1)]))
            let arr = try h.fetch(.uint64(1), [array(.lexical("arr"), 1, [extent(0, 8)])]).get()
            #expect(arr.values == [FetchedValue(sizeBytes: 1, holes: [extent(2, 2), extent(6, 1)])])
            #expect(try h.extents(.uint64(1), .lexical("arr"), pageSize: 10).extents == [extent(0, 2), extent(4, 2), extent(7, 1)])

            // Akeys: gone from fetch and from the akey list.
            _ = try punch(.akeys(dkey: .uint64(1), akeys: [.lexical("a"), .lexical("b")]))
            #expect(try h.getSingle(.uint64(1), .lexical("a")) == nil)
            #expect(try h.akeys(.uint64(1), pageSize: 10).keys == [.lexical("arr")])

            // Dkeys: the whole dkey disappears from the listing.
            _ = try punch(.dkeys([.uint64(2)]))
            #expect(try h.dkeys(pageSize: 10).keys == [.uint64(1), .uint64(3), .uint64(9)])
            #expect(try h.getSingle(.uint64(2), .lexical("b")) == nil)

            // Object: nothing is left at the latest epoch...
            let last = try punch(.object)
            #expect(try h.dkeys(pageSize: 10).keys.isEmpty)
            #expect(try h.getSingle(.uint64(3), .lexical("a")) == nil)
            // ...and everything is still there just before the punches.
            #expect(try h.getSingle(.uint64(2), .lexical("b"), epoch: before) == [2, 0])
            #expect(try h.dkeys(pageSize: 2, epoch: before).keys.count == 4)
            #expect(last > before)

            // Writing again after the punch brings the object back.
            _ = try h.putSingle(.uint64(5), .lexical("a"), [5])
            #expect(try h.dkeys(pageSize: 10).keys == [.uint64(5)])
        }
    }

    /// An update's punched records (an EC parity member's copies): punched at the update's
    /// epoch once its values are written, all checked before anything is written.
    @Test func updatesPunchTheRecordsTheyName() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            let copies = try h.putArray(.uint64(1), .uint64(0), extent(0, 16), seed: 3)
            let before = try h.putSingle(.uint64(1), .uint64(9), [1])
            let parity = [array(.uint64(0), 1, [extent(1 << 63, 4)])]
            let update = ObjectUpdateRequest(oid: h.oid, shard: 0, dkey: .uint64(1), iods: parity, data: .inline([7, 7, 7, 7]),
                                             punchedRecords: [.init(akey: .uint64(0), extents: [extent(0, 8), extent(12, 2)])])
            let epoch = try h.call(.objectUpdate, update, as: EpochReply.self).get().epoch
            #expect(epoch > before)
            let now = try h.fetch(.uint64(1), [array(.uint64(0), 1, [extent(0, 16), extent(1 << 63, 4)])]).get()
            #expect(now.values == [FetchedValue(sizeBytes: 1, holes: [extent(0, 8), extent(12, 2)])])
            if case .inline(let bytes) = now.data {
                #expect(Array(bytes[8..<12]) == Array(copies[8..<12]) && Array(bytes[16...]) == [7, 7, 7, 7])
            } else {
                Issue.record("a 20-byte fetch answers inline")
            }
            // Before the update's epoch the copies are whole.
            let old = try h.fetch(.uint64(1), [array(.uint64(0), 1, [extent(0, 16)])], epoch: before).get()
            #expect(old.values == [FetchedValue(sizeBytes: 1, holes: [])] && old.data == .inline(copies))
            // A bad punched extent refuses the whole update: the values are not written either.
            let bad = ObjectUpdateRequest(oid: h.oid, shard: 0, dkey: .uint64(2), iods: [single(.uint64(1), 1)], data: .inline([5]),
                                          punchedRecords: [.init(akey: .uint64(0), extents: [extent(UInt64.max - 1, 4)])])
            #expect(h.direct(.objectUpdate, bad).status == .invalidArgument)
            #expect(try h.getSingle(.uint64(2), .uint64(1)) == nil)
        }
    }

    @Test func listingPagesWithAnchors() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            for d in (0..<50).shuffled() { _ = try h.putSingle(.uint64(UInt64(d)), .uint64(0), [1]) }
            let dkeys = try h.dkeys(pageSize: 7)
            #expect(dkeys.keys == (0..<50).map { .uint64(UInt64($0)) })
            #expect(dkeys.pages == 8)

            // Keys too long for an anchor resume by prefix + hash, including among keys that
            // share the whole anchor prefix.
            let prefix = [UInt8](repeating: 0x41, count: 60)
            let long: [WireKey] = (0..<20).map { .bytes(prefix + Array("key-\(100 + $0)-".utf8) + bytes(30, seed: UInt8($0))) }
            for key in long.shuffled() { _ = try h.putSingle(.lexical("long"), key, [2]) }
            let lexical: [WireKey] = (0..<10).map { .lexical(String(repeating: "z", count: 70) + "\($0)") }
            for key in lexical { _ = try h.putSingle(.lexical("long"), key, [3]) }
            let akeys = try h.akeys(.lexical("long"), pageSize: 3)
            #expect(akeys.keys == lexical + long, "lexical keys order before hashed ones; each once, in order")

            // A page stops where the 16 KiB payload ends, whatever the client asked for.
            for i in 0..<12 { _ = try h.putSingle(.lexical("huge"), .bytes(bytes(4000, seed: UInt8(i)) + [UInt8(i)]), [4]) }
            let huge = try h.akeys(.lexical("huge"), pageSize: 1000)
            #expect(huge.keys.count == 12 && huge.pages == 3)

            // Extents across pages.
            for i in UInt64(0)..<30 { _ = try h.putArray(.lexical("arr"), .uint64(0), extent(i * 10, 5), recordSize: 4, seed: 1) }
            let listed = try h.extents(.lexical("arr"), .uint64(0), pageSize: 4)
            #expect(listed.recordSize == 4 && listed.pages == 8)
            #expect(listed.extents == (0..<30).map { extent(UInt64($0) * 10, 5) })
            // A single-value akey and a missing one list no extents and record size 0.
            #expect(try h.extents(.lexical("long"), lexical[0], pageSize: 4).recordSize == 0)
            #expect(try h.extents(.lexical("nope"), .uint64(0), pageSize: 4).extents.isEmpty)

            // Anchors a client mangled, or fed to the wrong listing, are refused cleanly.
            for anchor in [ListAnchor(bytes: [9]), ListAnchor(bytes: [1, 1, 0]), ListAnchor(bytes: [2, 3] + [UInt8](repeating: 0, count: 10)),
                           ListAnchor(bytes: [3, 0, 0, 0, 0, 0, 0, 0, 0])] {
                let result = try h.call(.dkeyList, DkeyListRequest(oid: h.oid, shard: 0, countMax: 5, anchor: anchor), as: KeyListReply.self)
                #expect(result.status == .invalidArgument)
            }
            let record = try h.call(
                .extentList, ExtentListRequest(oid: h.oid, shard: 0, dkey: .lexical("arr"), akey: .uint64(0), countMax: 4,
                                               anchor: TargetListAnchor.after(.uint64(3)).encoded), as: ExtentListReply.self)
            #expect(record.status == .invalidArgument)
        }
    }

    @Test func queryMaxFindsLargestDkeyAndExtent() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            func query(_ q: MaxQuery, epoch: Epoch = .latest) throws -> ObjectQueryMaxReply {
                try h.call(.objectQueryMax, ObjectQueryMaxRequest(oid: h.oid, shard: 0, query: q), epoch: epoch,
                           as: ObjectQueryMaxReply.self).get().reply
            }
            #expect(try query(.maxDkey) == ObjectQueryMaxReply(), "a container this target never saw is empty")
            _ = try h.putSingle(.lexical("meta"), .uint64(0), [1])
            #expect(try query(.maxDkey) == ObjectQueryMaxReply(), "no uint64 dkey yet")
            for d in [UInt64(1), 5, 3] { _ = try h.putArray(.uint64(d), .lexical("arr"), extent(0, 10), seed: 1) }
            _ = try h.putArray(.uint64(5), .lexical("arr"), extent(10, 10), seed: 2)
            let mark = try h.putSingle(.lexical("meta"), .uint64(1), [1])
            _ = try h.putArray(.uint64(5), .lexical("arr"), extent(40, 10), seed: 3)

            #expect(try query(.maxDkey) == ObjectQueryMaxReply(dkey: .uint64(5)))
            #expect(try query(.maxExtent(dkey: .uint64(5), akey: .lexical("arr"))) == ObjectQueryMaxReply(extent: extent(40, 10)))
            #expect(try query(.maxDkeyThenExtent(akey: .lexical("arr"))) == ObjectQueryMaxReply(dkey: .uint64(5), extent: extent(40, 10)))
            // At an earlier epoch the last run is [0, 20), two writes merged.
            #expect(try query(.maxExtent(dkey: .uint64(5), akey: .lexical("arr")), epoch: mark) == ObjectQueryMaxReply(extent: extent(0, 20)))
            #expect(try query(.maxExtent(dkey: .uint64(7), akey: .lexical("arr"))) == ObjectQueryMaxReply())
            #expect(h.direct(.objectQueryMax, ObjectQueryMaxRequest(oid: h.oid, shard: 0, query: .maxExtent(dkey: .uint64(5), akey: .lexical(""))))
                .status == .invalidArgument)
        }
    }

    @Test func epochsVersionReads() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            #expect(try h.putSingle(.uint64(0), .uint64(0), [1], epoch: Epoch(100)) == Epoch(100))
            #expect(try h.putSingle(.uint64(0), .uint64(0), [2], epoch: Epoch(200)) == Epoch(200))
            // An older epoch arriving late is still ordered by epoch.
            _ = try h.putSingle(.uint64(0), .uint64(0), [3], epoch: Epoch(150))
            #expect(try h.getSingle(.uint64(0), .uint64(0), epoch: Epoch(50)) == nil)
            #expect(try h.getSingle(.uint64(0), .uint64(0), epoch: Epoch(120)) == [1])
            #expect(try h.getSingle(.uint64(0), .uint64(0), epoch: Epoch(170)) == [3])
            #expect(try h.getSingle(.uint64(0), .uint64(0)) == [2])

            // An engine-picked epoch is newer than every epoch a client chose before it.
            let picked = try h.putSingle(.uint64(0), .uint64(0), [4])
            #expect(picked > Epoch(200))
            #expect(try h.getSingle(.uint64(0), .uint64(0)) == [4])
            #expect(try h.getSingle(.uint64(0), .uint64(0), epoch: Epoch(picked.rawValue - 1)) == [2])
            // Header epoch 0 also means "the engine picks".
            let zero = try h.putSingle(.uint64(0), .uint64(0), [5], epoch: Epoch(0))
            #expect(zero > picked)

            // A client epoch far ahead of the engine's clock is refused, not adopted.
            #expect(try h.update(.uint64(0), [single(.uint64(0), 1)], .inline([6]), epoch: Epoch(UInt64.max - 1)).status
                == .invalidArgument)
            #expect(try h.getSingle(.uint64(0), .uint64(0)) == [5])
        }
    }

    @Test func syncDurabilityAcknowledgesOnlyDurableWork() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir, durability: .sync)
            let vos = h.service.vos
            for i in 0..<5 {
                _ = try h.putSingle(.uint64(UInt64(i)), .uint64(0), bytes(100 + i * 3000, seed: UInt8(i)))
                #expect(vos.durableSequence.rawValue == vos.lastSequence, "update \(i) answered before it was durable")
            }
            let source = h.bulk.register(bytes(200_000, seed: 9))
            _ = try h.update(.uint64(7), [array(.uint64(1), 1, [extent(0, 200_000)])], .bulk(source)).get()
            #expect(vos.durableSequence.rawValue == vos.lastSequence)
            _ = try h.call(.objectPunch, ObjectPunchRequest(oid: h.oid, shard: 0, scope: .dkeys([.uint64(1), .uint64(2)])),
                           as: EpochReply.self).get()
            #expect(vos.durableSequence.rawValue == vos.lastSequence, "punch answered before it was durable")
            vos.close()
            // Reopened, the target has what was acknowledged.
            let reopened = TargetService(vos: try openTarget(dir, .sync), clock: HybridLogicalClock())
            let reply = try reopened.handle(
                TargetRequest(opcode: .dkeyList, container: h.container,
                              message: DkeyListRequest(oid: h.oid, shard: 0, countMax: 100)), bulk: h.bulk)
            #expect((reply.message as? KeyListReply)?.keys == [.uint64(0), .uint64(3), .uint64(4), .uint64(7)])
        }
    }

    @Test func conditionsAndStorageErrorsMapToStatuses() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir, options: .init(transferBytesMax: 1 << 20))
            _ = try h.putSingle(.uint64(1), .uint64(1), [1])
            let one = [single(.uint64(1), 1)]
            #expect(try h.update(.uint64(1), one, .inline([2]), condition: .dkeyInsert).status == .exists)
            #expect(try h.update(.uint64(2), one, .inline([2]), condition: .dkeyUpdate).status == .nonexistent)
            #expect(try h.update(.uint64(1), [single(.uint64(9), 1)], .inline([2]), condition: .akeyUpdate).status == .nonexistent)
            _ = try h.update(.uint64(1), [single(.uint64(9), 1)], .inline([2]), condition: .akeyInsert).get()
            // A conditional update below the dkey's newest change is retried newer, not decided.
            let newest = try h.putSingle(.uint64(3), .uint64(1), [1])
            #expect(try h.update(.uint64(3), one, .inline([2]), epoch: Epoch(newest.rawValue - 1), condition: .dkeyInsert).status
                == .restart)
            // Kind and record size are fixed by the first write.
            #expect(try h.update(.uint64(1), [array(.uint64(1), 1, [extent(0, 1)])], .inline([0])).status == .invalidArgument)
            _ = try h.putArray(.uint64(1), .uint64(2), extent(0, 4), recordSize: 4, seed: 1)
            #expect(try h.update(.uint64(1), [array(.uint64(2), 8, [extent(0, 1)])], .inline(bytes(8, seed: 1))).status
                == .invalidArgument)
            #expect(try h.fetch(.uint64(1), [array(.uint64(1), 1, [extent(0, 1)])]).status == .invalidArgument)
            #expect(try h.fetch(.uint64(1), [array(.uint64(2), 8, [extent(0, 1)])]).status == .invalidArgument)
            // Duplicate akeys in one update, and overlapping extents.
            #expect(try h.update(.uint64(3), [single(.uint64(1), 1), single(.uint64(1), 1)], .inline([1, 2])).status
                == .invalidArgument)
            #expect(try h.update(.uint64(3), [array(.uint64(1), 1, [extent(0, 2), extent(1, 2)])], .inline([1, 2, 3, 4])).status
                == .invalidArgument)
            // Over this target's transfer limit, checked before any allocation or pull.
            let big = h.bulk.register([UInt8](repeating: 1, count: (1 << 20) + 1))
            #expect(try h.update(.uint64(4), [single(.uint64(1), (1 << 20) + 1)], .bulk(big)).status == .recordTooBig)
            #expect(h.bulk.pulls == 0)
            // Out of space: a target of 64 KiB refuses a 100 KiB update whole.
            try withTemporaryDirectory { small in
                let vos = try VOSTarget.open(directory: small, options: .init(durability: .pageCache, capacityBytes: 64 << 10, log: nil))
                let tiny = TargetService(vos: vos, clock: HybridLogicalClock())
                let source = h.bulk.register(bytes(100 << 10, seed: 1))
                let request = ObjectUpdateRequest(oid: h.oid, shard: 0, dkey: .uint64(0), iods: [single(.uint64(0), 100 << 10)],
                                                  data: .bulk(source))
                let full = Result { () throws(TargetError) in
                    try tiny.handle(TargetRequest(opcode: .objectUpdate, container: h.container, message: request), bulk: h.bulk)
                }
                #expect(full.status == .noSpace)
                // A closed target answers "shutting down".
                vos.close()
                let fetch = ObjectFetchRequest(oid: h.oid, shard: 0, dkey: .uint64(0), iods: [single(.uint64(0), 0)])
                let closed = Result { () throws(TargetError) in
                    try tiny.handle(TargetRequest(opcode: .objectFetch, container: h.container, message: fetch), bulk: h.bulk)
                }
                #expect(closed.status == .shutdown)
            }
        }
    }

    /// Requests the decoder would refuse, or that decode but make no sense, built by hand and
    /// handed straight to the service: each gets a clean status, none traps, none allocates
    /// its claimed size.
    @Test func malformedRequestsGetCleanErrors() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            let oid = h.oid
            func update(_ iods: [IODescriptor], _ data: UpdateData, dkey: WireKey = .uint64(0)) -> WireStatus? {
                h.direct(.objectUpdate, ObjectUpdateRequest(oid: oid, shard: 0, dkey: dkey, iods: iods, data: data)).status
            }
            func fetch(_ iods: [IODescriptor], bulk: BulkDescriptor? = nil, dkey: WireKey = .uint64(0)) -> WireStatus? {
                h.direct(.objectFetch, ObjectFetchRequest(oid: oid, shard: 0, dkey: dkey, iods: iods, bulk: bulk)).status
            }
            // Extents beyond the limits: end past 2^64, empty, more records than any value holds.
            #expect(update([array(.uint64(1), 1, [extent(UInt64.max - 1, 4)])], .inline([1, 2, 3, 4])) == .invalidArgument)
            #expect(fetch([array(.uint64(1), 1, [extent(UInt64.max - 1, 4)])]) == .invalidArgument)
            #expect(fetch([array(.uint64(1), 1, [extent(5, 0)])]) == .invalidArgument)
            #expect(fetch([array(.uint64(1), 1 << 20, [extent(0, 1 << 40)])]) == .recordTooBig)
            #expect(fetch([array(.uint64(1), 1, [extent(0, 1 << 20), extent(0, 1 << 40)])]) == .recordTooBig)
            #expect(fetch([single(.uint64(1), 1 << 40)]) == .recordTooBig)
            #expect(fetch([single(.uint64(1), UInt64.max)]) == .recordTooBig)
            #expect(fetch(Array(repeating: single(.uint64(1), 1 << 26), count: 1024)) == .recordTooBig)
            // Zero and oversized record sizes; arrays without extents; no descriptors at all.
            #expect(update([array(.uint64(1), 0, [extent(0, 4)])], .inline([])) == .invalidArgument)
            #expect(fetch([array(.uint64(1), 0, [extent(0, 4)])]) == .invalidArgument)
            #expect(fetch([array(.uint64(1), UInt32.max, [extent(0, 1)])]) == .recordTooBig)
            #expect(fetch([array(.uint64(1), 1, [])]) == .invalidArgument)
            #expect(fetch([]) == .invalidArgument)
            #expect(fetch(Array(repeating: single(.uint64(1), 0), count: 1025)) == .invalidArgument)
            // Data disagreeing with its descriptors, inline or bulk.
            #expect(update([single(.uint64(1), 10)], .inline([1, 2, 3])) == .invalidArgument)
            #expect(update([single(.uint64(1), 2)], .inline([1, 2, 3])) == .invalidArgument)
            let short = h.bulk.register([UInt8](repeating: 1, count: 100))
            #expect(update([single(.uint64(1), 5000)], .bulk(short)) == .invalidArgument)
            #expect(h.bulk.pulls == 0)
            // A bulk window smaller than the fetch's data.
            #expect(fetch([single(.uint64(1), 5000)], bulk: short) == .truncated)
            // Keys: empty, too long, lexical over its limit.
            #expect(fetch([single(.uint64(1), 1)], dkey: .bytes([])) == .invalidArgument)
            #expect(fetch([single(.lexical(""), 1)]) == .invalidArgument)
            #expect(fetch([single(.bytes([UInt8](repeating: 1, count: 4097)), 1)]) == .keyTooBig)
            #expect(update([single(.uint64(1), 1)], .inline([1]), dkey: .lexical(String(repeating: "x", count: 81))) == .keyTooBig)
            // Punches and listings with nothing in them or out of range.
            #expect(h.direct(.objectPunch, ObjectPunchRequest(oid: oid, shard: 0, scope: .dkeys([]))).status == .invalidArgument)
            #expect(h.direct(.objectPunch, ObjectPunchRequest(oid: oid, shard: 0, scope: .akeys(dkey: .uint64(0), akeys: [.bytes([])])))
                .status == .invalidArgument)
            #expect(h.direct(.objectPunch, ObjectPunchRequest(
                oid: oid, shard: 0, scope: .extents(dkey: .uint64(0), akey: .uint64(0), extents: [extent(UInt64.max, 1)]))).status
                == .invalidArgument)
            #expect(h.direct(.dkeyList, DkeyListRequest(oid: oid, shard: 0, countMax: 0)).status == .invalidArgument)
            // A bulk transfer that fails leaves nothing behind.
            let forged = BulkDescriptor(address: 1, length: 8, rkey: 999)
            #expect(update([single(.uint64(1), 8)], .bulk(forged)) == .protocolError)
            #expect(try h.getSingle(.uint64(0), .uint64(1)) == nil)
            // An epoch a write cannot use; the wrong message; an opcode that is not object I/O.
            let ok = ObjectUpdateRequest(oid: oid, shard: 0, dkey: .uint64(0), iods: [single(.uint64(1), 1)], data: .inline([1]))
            #expect(h.direct(.objectFetch, ok).status == .protocolError)
            #expect(h.direct(.poolQuery, ok).status == .unsupported)
            // Nothing above wrote anything.
            #expect(try h.dkeys(pageSize: 10).keys.isEmpty)
        }
    }

    /// Random hand-built requests, no decoder in front: every one either succeeds or fails with
    /// a status; the process survives all of them.
    @Test func randomRequestsNeverTrap() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir, options: .init(retainedBufferBytes: 64 << 10, transferBytesMax: 1 << 20))
            var rng = SplitMix(seed: 0x5EED)
            let windows = (0..<4).map { h.bulk.register(bytes(1 << Int(rng.next(12) + 4), seed: UInt8($0))) }
            func key() -> WireKey {
                switch rng.next(4) {
                case 0: return .uint64(rng.next(6))
                case 1: return .lexical(String(repeating: "k", count: Int(rng.next(3) == 0 ? rng.next(100) : rng.next(4))))
                case 2: return .bytes(Array(repeating: UInt8(rng.next(3)), count: Int(rng.next(3) == 0 ? rng.next(5000) : rng.next(4))))
                default: return .uint64(UInt64.max - rng.next(2))
                }
            }
            func value() -> IODValue {
                if rng.next(2) == 0 { return .single(sizeBytes: rng.next(4) == 0 ? rng.next(UInt64.max) : rng.next(64)) }
                let recordSize = UInt32(truncatingIfNeeded: rng.next(5) == 0 ? rng.next(UInt64(UInt32.max)) : rng.next(9))
                let extents = (0..<rng.next(4)).map { _ in
                    WireExtent(start: rng.next(5) == 0 ? UInt64.max - rng.next(10) : rng.next(64),
                               count: rng.next(5) == 0 ? rng.next(UInt64.max) : rng.next(16))
                }
                return .array(recordSizeBytes: recordSize, extents: extents)
            }
            func iods() -> [IODescriptor] { (0..<rng.next(4)).map { _ in IODescriptor(akey: key(), value: value()) } }
            func epoch() -> Epoch { [Epoch.latest, Epoch(0), Epoch(rng.next(1000)), Epoch(UInt64.max - 1)][Int(rng.next(4))] }
            var outcomes: [UInt32: Int] = [:]
            for _ in 0..<3000 {
                let message: any WireMessage
                let opcode: Opcode
                switch rng.next(5) {
                case 0:
                    let descriptors = iods()
                    let size = descriptors.reduce(UInt64(0)) { $0 &+ ($1.value.dataBytes ?? 0) }
                    // Mostly the right size inline, sometimes one byte off, else some bulk window.
                    var inlineBytes = Int(min(size, 4096))
                    if rng.next(4) == 0 { inlineBytes = max(0, inlineBytes + Int(rng.next(3)) - 1) }
                    let data: UpdateData = rng.next(2) == 0 && size < 4096
                        ? .inline(bytes(inlineBytes, seed: 1)) : .bulk(windows[Int(rng.next(4))])
                    (opcode, message) = (.objectUpdate, ObjectUpdateRequest(oid: h.oid, shard: 0, dkey: key(), iods: descriptors, data: data))
                case 1:
                    (opcode, message) = (.objectFetch, ObjectFetchRequest(oid: h.oid, shard: 0, dkey: key(), iods: iods(),
                                                                          bulk: rng.next(2) == 0 ? windows[Int(rng.next(4))] : nil))
                case 2:
                    let scopes: [PunchScope] = [.object, .dkeys((0..<rng.next(3)).map { _ in key() }),
                                                .akeys(dkey: key(), akeys: (0..<rng.next(3)).map { _ in key() }),
                                                .extents(dkey: key(), akey: key(), extents: [WireExtent(start: rng.next(64), count: rng.next(8))])]
                    (opcode, message) = (.objectPunch, ObjectPunchRequest(oid: h.oid, shard: 0, scope: scopes[Int(rng.next(4))]))
                case 3:
                    let anchor = ListAnchor(bytes: (0..<rng.next(65)).map { _ in UInt8(truncatingIfNeeded: rng.next(4)) })
                    (opcode, message) = rng.next(2) == 0
                        ? (.dkeyList, DkeyListRequest(oid: h.oid, shard: 0, countMax: UInt32(rng.next(5)), anchor: anchor))
                        : (.extentList, ExtentListRequest(oid: h.oid, shard: 0, dkey: key(), akey: key(),
                                                          countMax: UInt32(rng.next(5)), anchor: anchor))
                default:
                    let queries: [MaxQuery] = [.maxDkey, .maxExtent(dkey: key(), akey: key()), .maxDkeyThenExtent(akey: key())]
                    (opcode, message) = (.objectQueryMax, ObjectQueryMaxRequest(oid: h.oid, shard: 0, query: queries[Int(rng.next(3))]))
                }
                switch h.direct(opcode, message, epoch: epoch()) {
                case .success: outcomes[0, default: 0] += 1
                case .failure(let error): outcomes[error.status.rawValue, default: 0] += 1
                }
            }
            #expect(outcomes[0, default: 0] > 50, "some random requests succeed: \(outcomes)")
            #expect(outcomes.keys.allSatisfy { WireStatus.known.contains(WireStatus(rawValue: $0)) })
        }
    }
}

/// A small deterministic generator, so a failing run repeats exactly.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform-ish in 0..<bound (bound > 0).
    mutating func next(_ bound: UInt64) -> UInt64 { bound == 0 ? 0 : next() % bound }
}
