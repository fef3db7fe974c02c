import Testing

@testable import DaosEngine
@testable import DaosObject

/// A fetch for a client on the engine's host that accepts located replies names where the
/// bytes lie in the blob file; the client copies them itself (`LocalReads`). The copy must equal
/// what a push delivers — overwrites, punches, holes, scattered windows — and must be refused
/// once the target has handed freed blob space out again.
@Suite struct TargetLocatedFetchTests {
    static let akey = TargetFetchInPlaceTests.akey

    /// Memory of this process as a client's bulk window: `count` bytes in two segments with a
    /// 100-byte gap between them.
    final class Window {
        let memory: UnsafeMutableRawBufferPointer
        let descriptor: BulkDescriptor
        let count: Int

        init(_ h: TargetHarness, count: Int) {
            self.count = count
            memory = .allocate(byteCount: count + 100, alignment: 4096)
            memory.initializeMemory(as: UInt8.self, repeating: 0xEE)
            let half = UInt64(count / 2)
            var descriptor = h.bulk.register([UInt8](repeating: 0xEE, count: count + 100),
                                             segments: [.init(offset: 0, length: half), .init(offset: half + 100, length: UInt64(count) - half)])
            descriptor.localAddress = UInt64(UInt(bitPattern: memory.baseAddress))
            self.descriptor = descriptor
        }

        deinit { memory.deallocate() }

        /// The bytes the segments hold, in order.
        var bytes: [UInt8] { Array(memory[0..<count / 2]) + Array(memory[count / 2 + 100..<count + 100]) }
    }

    static func locatedFetch(_ h: TargetHarness, _ iods: [IODescriptor], into window: Window) throws -> ObjectFetchReply {
        h.bulk.gathering = true
        let request = ObjectFetchRequest(oid: h.oid, shard: 0, dkey: .uint64(0), iods: iods, bulk: window.descriptor, acceptsLocated: true)
        return try h.call(.objectFetch, request, as: ObjectFetchReply.self).get().reply
    }

    @Test func locatedFetchCopiesWhatAPushDelivers() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            let cases = try TargetFetchInPlaceTests.writeOverlapsPunchAndGaps(h)
            for iods in cases {
                let pushed = try TargetFetchInPlaceTests.fetch(h, iods, gathering: false)
                let window = Window(h, count: pushed.1.count)
                let reply = try Self.locatedFetch(h, iods, into: window)
                guard case .located(let located) = reply.data else {
                    Issue.record("a local client's fetch was not answered located: \(reply.data)")
                    continue
                }
                #expect(reply.values == pushed.0.values)
                #expect(located.byteCount == UInt64(pushed.1.count))
                #expect(LocalReads.copy(located, into: window.descriptor) == .copied)
                #expect(window.bytes == pushed.1)
                #expect(window.memory[pushed.1.count / 2] == 0xEE, "the gap between the segments is untouched")
            }
            // A client that did not ask gets a push.
            let iods = cases[0]
            h.bulk.gathering = true
            let plain = try h.fetch(.uint64(0), iods, bulk: h.bulk.register([UInt8](repeating: 0, count: 12_000))).get()
            #expect(plain.data == .pushed(byteCount: 12_000))
        }
    }

    @Test func reusedBlobSpaceInvalidatesLocatedSpans() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            let first = try h.putArray(.uint64(0), Self.akey, WireExtent(start: 0, count: 3000), recordSize: 4, seed: 1)
            let iods = [TargetFetchInPlaceTests.arrayIOD(4, [(0, 3000)])]
            let early = Window(h, count: first.count)
            guard case .located(let stale) = try Self.locatedFetch(h, iods, into: early).data else {
                Issue.record("not answered located")
                return
            }
            // Another container's value, destroyed: its blob space is free again…
            let other = ContainerID(hi: 0xDEAD, lo: 2)
            let update = ObjectUpdateRequest(oid: h.oid, shard: 0, dkey: .uint64(0), iods: iods, data: .inline([UInt8](repeating: 7, count: 12000)))
            _ = try h.service.handle(TargetRequest(opcode: .objectUpdate, container: other, epoch: .latest, message: update), bulk: h.bulk)
            #expect(LocalReads.copy(stale, into: early.descriptor) == .copied, "freeing space alone moves no byte of a live value")
            _ = try h.service.vos.destroyContainer(other)
            #expect(LocalReads.copy(stale, into: early.descriptor) == .copied)
            // …and handed out again: the spans named before may no longer be trusted.
            _ = try h.putArray(.uint64(1), Self.akey, WireExtent(start: 0, count: 3000), recordSize: 4, seed: 9)
            #expect(LocalReads.copy(stale, into: early.descriptor) == .stale)
            // A new fetch names the same bytes under the new generation.
            let late = Window(h, count: first.count)
            guard case .located(let fresh) = try Self.locatedFetch(h, iods, into: late).data else {
                Issue.record("not answered located")
                return
            }
            #expect(fresh.generation > stale.generation)
            #expect(LocalReads.copy(fresh, into: late.descriptor) == .copied)
            #expect(late.bytes == first)
        }
    }

    @Test func filesThisProcessCannotReadAreUnreadable() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir)
            let written = try h.putArray(.uint64(0), Self.akey, WireExtent(start: 0, count: 3000), recordSize: 4, seed: 3)
            let window = Window(h, count: written.count)
            guard case .located(let located) = try Self.locatedFetch(h, [TargetFetchInPlaceTests.arrayIOD(4, [(0, 3000)])], into: window).data
            else {
                Issue.record("not answered located")
                return
            }
            // Before any copy of this blob: once opened, a process finds it by its identity.
            var elsewhere = located
            elsewhere.directory = Array((dir + "/no-such-target").utf8)
            #expect(LocalReads.copy(elsewhere, into: window.descriptor) == .unreadable)
            // An identity no file has (inode + 1 could be another test's open blob: tests share
            // this process's table of opened blobs, and a copy from it is merely `.stale`).
            var another = located
            another.inode = UInt64.max
            #expect(LocalReads.copy(another, into: window.descriptor) == .unreadable, "not the blob file the engine named")
            var beyond = located
            beyond.spans = [.init(blobOffset: 1 << 40, byteCount: UInt64(written.count))]
            #expect(LocalReads.copy(beyond, into: window.descriptor) == .unreadable, "bytes past the file's end")
            beyond.spans = [.init(blobOffset: UInt64.max - UInt64(written.count) - 1, byteCount: UInt64(written.count))]
            #expect(LocalReads.copy(beyond, into: window.descriptor) == .unreadable, "an offset no file has")
            #expect(LocalReads.copy(located, into: window.descriptor) == .copied)
            #expect(window.bytes == written)
        }
    }

    @Test func everyIncarnationAndEveryGiveBackStartsANewGeneration() throws {
        try withTemporaryDirectory { dir in
            let target = try openTarget(dir)
            let opened = target.blobLocation.generation
            try target.backBlob(8 << 20)
            let backed = target.blobLocation.generation
            #expect(backed == opened, "backing more moves no byte")
            try target.backBlob(0)
            #expect(target.blobLocation.generation > backed, "freed space punched out reads as zeros afterwards")
            let before = target.blobLocation.generation
            target.close()
            let reopened = try openTarget(dir)
            #expect(reopened.blobLocation.generation > before)
            reopened.close()
        }
    }
}
