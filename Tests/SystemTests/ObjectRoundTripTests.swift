import DaosObject
import Foundation
import Testing

/// Objects of every class through real engines: random values written under many dkeys read
/// back byte-exact; with one engine killed, every object with redundancy still reads back.
@Suite(.serialized) struct ObjectRoundTripTests {
    struct Written {
        var id: ObjectID
        var dkey: WireKey
        var iods: [IODescriptor]
        var data: [UInt8]
    }

    static func write(_ object: ObjectHandle, dkeys: Int, first: Int = 0, random: inout SplitMix64) throws -> [Written] {
        var written: [Written] = []
        for index in first..<first + dkeys {
            let dkey = WireKey.uint64(UInt64(index))
            let singleSize = 1 + Int(random.next() % 200)
            let arrayRecords = Int(random.next() % 3) == 0 ? 40_000 + Int(random.next() % 60_000) : 1 + Int(random.next() % 3000)
            let start = random.next() % 5000
            let iods = [IODescriptor(akey: .bytes(Array("sv".utf8)), value: .single(sizeBytes: UInt64(singleSize))),
                        IODescriptor(akey: .bytes(Array("arr".utf8)),
                                     value: .array(recordSizeBytes: 1, extents: [WireExtent(start: start, count: UInt64(arrayRecords))]))]
            var data = [UInt8](repeating: 0, count: singleSize + arrayRecords)
            for i in data.indices { data[i] = UInt8(truncatingIfNeeded: random.next()) }
            try data.withUnsafeBytes { _ = try object.update(dkey: dkey, iods: iods, data: $0) }
            written.append(Written(id: object.id, dkey: dkey, iods: iods, data: data))
        }
        return written
    }

    static func verify(_ object: ObjectHandle, _ written: [Written], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for item in written {
            var back = [UInt8](repeating: 0xEE, count: item.data.count)
            let values = try back.withUnsafeMutableBytes { try object.fetch(dkey: item.dkey, iods: item.iods, into: $0) }
            #expect(values.map(\.sizeBytes) == [UInt64(item.iods[0].value.dataBytes!), 1], sourceLocation: sourceLocation)
            #expect(back == item.data, "\(object.id) dkey \(item.dkey)", sourceLocation: sourceLocation)
        }
    }

    @Test func everyClassRoundTripsAndSurvivesAKilledEngine() throws {
        let system = try TestSystem(name: "objects", config: TestConfigs.threeEngines(provider: "tcp;ofi_rxm", basePort: 32600))
        defer { system.tearDown() }
        try system.start()
        let (client, _, container) = try system.tankAndContainer()
        let io = try ObjectIO(container: container)

        var random = SplitMix64(seed: 7)
        let classes: [(Redundancy, UInt16)] = [(.none, 1), (.none, 4), (.replicas2, 1), (.replicas3, 2), (.ec2P1, 1), (.ec2P1, 2)]
        var objects: [(ObjectHandle, [Written])] = []
        for (redundancy, groups) in classes {
            let lo = try container.allocateObjectIDs(1)
            let object = try ObjectHandle(ObjectID(lo: lo, type: .dkeyUInt64, redundancy: redundancy, groups: groups), in: io)
            objects.append((object, try Self.write(object, dkeys: 12, random: &random)))
        }
        for (object, written) in objects { try Self.verify(object, written) }

        // Array API on every class (objects of their own): ranges across chunks, size, truncate.
        var arrays: [(ArrayObject, [UInt8])] = []
        for (redundancy, groups) in classes {
            let object = try ObjectHandle(ObjectID(lo: try container.allocateObjectIDs(1), type: .dkeyUInt64, redundancy: redundancy,
                                                   groups: groups), in: io)
            let array = try ArrayObject.create(object, cellSize: 1, chunkSize: 64 << 10)
            var bytes = [UInt8](repeating: 0, count: 200_000)
            for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: random.next()) }
            let ranges = [WireExtent(start: 10, count: 150_000), WireExtent(start: 300_000, count: 50_000)]
            try bytes.withUnsafeBytes { try array.write(ranges, from: $0) }
            if redundancy != .none {
                let other = try ArrayObject.create(try ObjectHandle(ObjectID(lo: try container.allocateObjectIDs(1), type: .dkeyUInt64,
                                                                             redundancy: redundancy, groups: groups), in: io),
                                                   cellSize: 1, chunkSize: 64 << 10)
                try bytes.withUnsafeBytes { try other.write([WireExtent(start: 0, count: 200_000)], from: $0) }
                arrays.append((other, bytes))
            }
            var back = [UInt8](repeating: 0xEE, count: 200_000)
            let none = try back.withUnsafeMutableBytes { try array.read(ranges, into: $0) }
            #expect(back == bytes && none == 0, "array on \(object.id)")
            // Reads report their holes, erasure-coded ones too (mapped back from the cells).
            let gaps = try back.withUnsafeMutableBytes {
                try array.read([WireExtent(start: 0, count: 20), WireExtent(start: 149_990, count: 150_030)], into: $0)
            }
            #expect(gaps == 10 + 149_990, "holes of array on \(object.id)")
            #expect(try array.size() == 350_000, "size of array on \(object.id)")
            try array.setSize(100_000)
            #expect(try array.size() == 100_000, "truncated size on \(object.id)")
            var reopened = [UInt8](repeating: 0xEE, count: 20)
            try reopened.withUnsafeMutableBytes { _ = try ArrayObject.open(object).read([WireExtent(start: 99_990, count: 20)], into: $0) }
            #expect(Array(reopened.prefix(10)) == Array(bytes[99_980..<99_990]) && reopened.suffix(10).allSatisfy { $0 == 0 })
        }

        // Flat KV.
        let kv = KeyValueObject(try ObjectHandle(ObjectID(lo: try container.allocateObjectIDs(1), type: .multiHashed, redundancy: .replicas2, groups: 2), in: io))
        for i in 0..<20 { try kv.put("key-\(i)", Array("value-\(i)".utf8)) }
        #expect(try kv.get("key-7") == Array("value-7".utf8))
        try kv.remove("key-7")
        #expect(try kv.get("key-7") == nil)
        #expect(Set(try kv.keys()).count == 19)

        // kill -9 rank 2: objects with redundancy read back from the survivors (replicas, or
        // EC reconstruction from the surviving cells, parity and partial copies).
        let statuses = try ControlChannel.send(.query, socket: ControlChannel.socketPath(systemFile: system.systemFile))
        let victim = try #require(statuses.first { $0.rank == 2 })
        kill(victim.pid, SIGKILL)
        io.timeoutMilliseconds = 2_000
        for (object, written) in objects where object.redundancy != .none { try Self.verify(object, written) }
        // Reads across chunks: the dkeys whose cells or replicas lived on rank 2 are read around it.
        for (array, bytes) in arrays {
            var back = [UInt8](repeating: 0xEE, count: bytes.count)
            let holes = try back.withUnsafeMutableBytes { try array.read([WireExtent(start: 0, count: UInt64(bytes.count))], into: $0) }
            #expect(back == bytes, "array on \(array.object.id) with rank 2 killed")
            // Rebuilt cells cannot tell holes from data: an EC read that rebuilt says so.
            #expect(array.object.isErasureCoded ? holes == nil : holes == 0, "holes of \(array.object.id) with rank 2 killed")
        }

        // Excluded from the map: reads go straight to the survivors, writes to the remaining shards.
        _ = try client.changeTargets(.poolExclude, pool: "tank", rank: 2)
        var writtenWhileDown: [(ObjectHandle, [Written])] = []
        for (object, written) in objects where object.redundancy != .none {
            try Self.verify(object, written)
            let more = try Self.write(object, dkeys: 4, first: 100, random: &random)
            try Self.verify(object, more)
            writtenWhileDown.append((object, more))
        }
        // The engine comes back (still excluded: rebuild is not there yet): everything, including
        // what was written while it was down, reads back.
        _ = try ControlChannel.send(.start(ranks: [2]), socket: ControlChannel.socketPath(systemFile: system.systemFile))
        for (object, written) in objects where object.redundancy != .none { try Self.verify(object, written) }
        for (object, written) in writtenWhileDown { try Self.verify(object, written) }
        try system.stop()
    }

    /// EC_4P2 needs six fault domains: six engines of one target each. Two engines are killed;
    /// every object still reads back (two lost cells per stripe rebuilt from parity).
    @Test func erasureCode4P2SurvivesTwoKilledEngines() throws {
        var config = "name: daos_server\nprovider: \"tcp;ofi_rxm\"\nstate_dir: STATE\nservice_rank: 0\nengines:\n"
        for rank in 0..<6 {
            config += "  - rank: \(rank)\n    targets: 1\n    storage: STATE/engine\(rank)\n    fabric_iface_addr: 127.0.0.1\n"
                + "    fabric_iface_port: \(32700 + rank * 10)\n    durability: page-cache\n    capacity_per_target: 1GiB\n"
        }
        let system = try TestSystem(name: "ec42", config: config)
        defer { system.tearDown() }
        try system.start()
        let io = try ObjectIO(container: try system.tankAndContainer(poolBytes: 3 << 30).container)
        var random = SplitMix64(seed: 42)
        let object = try ObjectHandle(ObjectID(lo: try io.container.allocateObjectIDs(1), type: .dkeyUInt64, redundancy: .ec4P2, groups: 1),
                                      in: io)
        let written = try Self.write(object, dkeys: 16, random: &random)
        try Self.verify(object, written)

        let statuses = try ControlChannel.send(.query, socket: ControlChannel.socketPath(systemFile: system.systemFile))
        for victim in statuses where victim.rank == 1 || victim.rank == 4 { kill(victim.pid, SIGKILL) }
        io.timeoutMilliseconds = 2_000
        try Self.verify(object, written)
        try system.stop()
    }
}
