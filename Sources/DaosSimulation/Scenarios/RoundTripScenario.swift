import DaosObject

/// Every object class round-trips random data at random offsets and sizes: byte arrays with
/// random chunk sizes (writes crossing chunks, partial and full EC stripes, overwrites), read
/// back whole and in random sub-ranges, and a key-value object.
public enum RoundTripScenario {
    public static let classes = ["S1", "S2", "SX", "RP_2G1", "RP_3G1", "RP_2G2", "EC_2P1G1", "EC_2P2G1", "EC_4P1G1", "EC_4P2G1"]
    /// EC_4P2 needs six fault domains.
    public static let engines = 6
    public static let targets = 2

    public static func run(_ cluster: SimulatedCluster) throws {
        let world = cluster.world
        let client = try SimulatedClient(cluster, create: true, cellSize: UInt32(4096 << world.uniform(3)))
        for (index, name) in classes.enumerated() {
            let object = try client.object(name, lo: UInt64(index + 1))
            let chunk = UInt64(4096) << world.uniform(6)
            let array = try ArrayObject.create(object, chunkSize: chunk)
            let span = Int(chunk) * (2 + Int(world.uniform(6)))
            var model = [UInt8](repeating: 0, count: span)
            var written = 0
            for write in 0..<(3 + Int(world.uniform(5))) {
                let offset = Int(world.uniform(UInt64(span - 1)))
                let count = 1 + Int(world.uniform(UInt64(span - offset)))
                let data = simulatedBytes(count, seed: world.seed &+ UInt64(index * 100 + write))
                try data.withUnsafeBytes { try array.write([WireExtent(start: UInt64(offset), count: UInt64(count))], from: $0) }
                model.replaceSubrange(offset..<offset + count, with: data)
                written = max(written, offset + count)
            }
            guard try array.size() == UInt64(written) else {
                throw SimulationError.violation("\(name): size \(try array.size()), expected \(written)")
            }
            var back = [UInt8](repeating: 0xA5, count: written)
            _ = try back.withUnsafeMutableBytes { try array.read([WireExtent(start: 0, count: UInt64(written))], into: $0) }
            if back != Array(model[0..<written]) {
                let first = zip(back, model).enumerated().first { $0.element.0 != $0.element.1 }!.offset
                throw SimulationError.violation("\(name): byte \(first) of \(written) reads back wrong (chunk \(chunk))")
            }
            // Two ranges in one call.
            let a = Int(world.uniform(UInt64(written)))
            let b = Int(world.uniform(UInt64(written)))
            let ranges = [WireExtent(start: UInt64(min(a, b)), count: UInt64(abs(a - b) / 2 + 1)),
                          WireExtent(start: UInt64(max(a, b)), count: UInt64(written - max(a, b)))]
            var pieces = [UInt8](repeating: 0, count: Int(ranges[0].count + ranges[1].count))
            _ = try pieces.withUnsafeMutableBytes { try array.read(ranges, into: $0) }
            let expected = Array(model[Int(ranges[0].start)..<Int(ranges[0].start + ranges[0].count)])
                + Array(model[Int(ranges[1].start)..<written])
            guard pieces == expected else { throw SimulationError.violation("\(name): a two-range read returned wrong bytes") }
        }
        let kv = KeyValueObject(try client.object("RP_2G1", lo: 100, type: .multiHashed))
        var entries: [String: [UInt8]] = [:]
        for key in 0..<(5 + Int(world.uniform(10))) {
            let value = simulatedBytes(1 + Int(world.uniform(20_000)), seed: world.seed ^ UInt64(key))
            try kv.put("key\(key)", value)
            entries["key\(key)"] = value
        }
        try kv.remove("key0")
        entries["key0"] = nil
        for key in entries.keys.sorted() where try kv.get(key) != entries[key] { throw SimulationError.violation("kv \(key) reads back wrong") }
        guard try kv.get("key0") == nil else { throw SimulationError.violation("a removed kv key is still there") }
        guard try Set(kv.keys()) == Set(entries.keys) else { throw SimulationError.violation("kv listing differs") }
    }
}
