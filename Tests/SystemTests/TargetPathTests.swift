import DaosObject
import Foundation
import Testing

/// The object path through real engines, one RPC at a time (the object API that stripes and
/// places comes on top of this): a client with pool and container handles talks straight to a
/// target endpoint; the target resolves the container from the service, checks the pool map
/// version, and moves large data by RMA.
@Suite(.serialized) struct TargetPathTests {
    @Test(arguments: ["tcp;ofi_rxm", "shm"])
    func updateFetchAndStaleMaps(provider: String) throws {
        let port = provider == "shm" ? 32400 : 32300
        let system = try TestSystem(name: "target-\(port)", config: TestConfigs.threeEngines(provider: provider, basePort: port))
        defer { system.tearDown() }
        try system.start()

        let client = try DaosSystem(systemFile: system.systemFile)
        _ = try client.createPool(label: "tank", sizeBytes: 1 << 30)
        let pool = try PoolConnection(system: client, pool: "tank")
        _ = try pool.createContainer(label: "c1", type: .none)
        let container = try pool.openContainer("c1")

        let engine = try #require(client.file.engines.first { $0.rank == 1 })
        #expect(engine.targetAddresses.count == 2)
        let target = try RPCClient(domain: client.domain)
        try target.connect(to: engine.targetAddresses[1])
        target.mapVersion = pool.map.version
        let oid = ObjectID(lo: 7, type: .multiHashed, redundancy: .none, groups: 1)
        func call<Reply: WireMessage>(_ opcode: Opcode, _ request: some WireMessage, _ reply: Reply.Type) throws -> Reply {
            try target.call(opcode, request, expecting: reply, target: TargetIndex(1), poolHandle: pool.handle.cookie,
                            containerHandle: container.handle.cookie)
        }

        // Small: inline both ways.
        let small = Array("hello, target".utf8)
        let iod = IODescriptor(akey: .bytes(Array("a".utf8)), value: .single(sizeBytes: UInt64(small.count)))
        let written = try call(.objectUpdate, ObjectUpdateRequest(oid: oid, shard: 0, dkey: .bytes([1]), iods: [iod], data: .inline(small)),
                               EpochReply.self)
        #expect(written.epoch > Epoch(0))
        let fetched = try call(.objectFetch, ObjectFetchRequest(oid: oid, shard: 0, dkey: .bytes([1]), iods: [iod]), ObjectFetchReply.self)
        #expect(fetched.data == .inline(small) && fetched.values.map(\.sizeBytes) == [UInt64(small.count)])

        // Large: the engine pulls from and pushes into our registered memory.
        let count = 3 << 20
        let source = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 4096)
        let sink = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 4096)
        defer { source.deallocate(); sink.deallocate() }
        var random = SplitMix64(seed: 42)
        for i in 0..<count { source[i] = UInt8(truncatingIfNeeded: random.next()) }
        sink.initializeMemory(as: UInt8.self, repeating: 0)
        let sourceRegion = try target.register(source)
        let sinkRegion = try target.register(sink)
        let array = IODescriptor(akey: .bytes(Array("arr".utf8)), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: UInt64(count))]))
        _ = try call(.objectUpdate, ObjectUpdateRequest(oid: oid, shard: 0, dkey: .bytes([2]), iods: [array],
                                                        data: .bulk(sourceRegion.bulkDescriptor())), EpochReply.self)
        let pushed = try call(.objectFetch, ObjectFetchRequest(oid: oid, shard: 0, dkey: .bytes([2]), iods: [array],
                                                               bulk: sinkRegion.bulkDescriptor()), ObjectFetchReply.self)
        #expect(pushed.data == .pushed(byteCount: UInt64(count)))
        #expect(memcmp(source.baseAddress!, sink.baseAddress!, count) == 0)

        // Pool space counts what the targets hold for the pool's containers.
        let tier = try #require(try client.queryPool("tank").tiers.first)
        #expect(tier.totalBytes - tier.freeBytes == UInt64(count + small.count), "\(tier)")

        // The service pushes a new map to the engines; our old version is refused.
        _ = try client.changeTargets(.poolExclude, pool: "tank", rank: 2)
        do {
            _ = try call(.objectFetch, ObjectFetchRequest(oid: oid, shard: 0, dkey: .bytes([1]), iods: [iod]), ObjectFetchReply.self)
            Issue.record("a fetch with an old pool map was served")
        } catch {
            #expect("\(error)".contains("DER_STALE") || "\(error)".contains("stale"), "\(error)")
            #expect(target.lastReplyMapVersion > pool.map.version)
        }
        try pool.refreshMap()
        target.mapVersion = pool.map.version
        let again = try call(.objectFetch, ObjectFetchRequest(oid: oid, shard: 0, dkey: .bytes([1]), iods: [iod]), ObjectFetchReply.self)
        #expect(again.data == .inline(small))

        // A cookie the service never issued.
        do {
            _ = try target.call(.objectFetch, ObjectFetchRequest(oid: oid, shard: 0, dkey: .bytes([1]), iods: [iod]),
                                expecting: ObjectFetchReply.self, poolHandle: pool.handle.cookie, containerHandle: HandleCookie(12345))
            Issue.record("a made-up container handle was accepted")
        } catch {
            #expect("\(error)".contains("DER_NO_HDL") || "\(error)".contains("handle"), "\(error)")
        }
        try system.stop()
    }
}
