import DaosObject

/// A writer of distinct, stripe-aligned regions that remembers which writes were
/// acknowledged, for scenarios with faults: a write that fails may have landed on some shards,
/// so only acknowledged regions are checked, and no two writes share a stripe (a failed write
/// must not leave parity that disagrees with an acknowledged neighbour).
final class AcknowledgedWrites {
    static let regionBytes = 16 << 10
    let client: SimulatedClient
    let arrays: [(name: String, array: ArrayObject)]
    private(set) var acknowledged: [(array: Int, region: Int, seed: UInt64)] = []
    private var nextRegion: [Int]
    let seed: UInt64

    init(_ client: SimulatedClient, classes: [String], seed: UInt64) throws {
        self.client = client
        self.seed = seed
        arrays = try classes.enumerated().map { index, name in
            (name, try ArrayObject.create(try client.object(name, lo: 1_000 + UInt64(index)), chunkSize: 64 << 10))
        }
        nextRegion = Array(repeating: 0, count: classes.count)
    }

    /// Writes the next region of `array`, retrying (refreshing the pool map between tries) for
    /// up to `attempts`; returns whether it was acknowledged.
    @discardableResult
    func writeNext(array: Int, attempts: Int = 60) -> Bool {
        let region = nextRegion[array]
        nextRegion[array] += 1
        let regionSeed = seed &+ UInt64(array << 32 | region)
        let data = simulatedBytes(Self.regionBytes, seed: regionSeed)
        let extent = WireExtent(start: UInt64(region * Self.regionBytes), count: UInt64(Self.regionBytes))
        for attempt in 0..<attempts {
            if attempt > 0 {
                SimulationContext.sleep(microseconds: 100_000)
                try? client.pool.refreshMap()
            }
            do {
                try data.withUnsafeBytes { try arrays[array].array.write([extent], from: $0) }
                acknowledged.append((array, region, regionSeed))
                return true
            } catch {
                continue
            }
        }
        return false
    }

    /// Reads every acknowledged region back; throws on the first one that differs.
    func verify(_ when: String) throws {
        var back = [UInt8](repeating: 0, count: Self.regionBytes)
        for write in acknowledged {
            let extent = WireExtent(start: UInt64(write.region * Self.regionBytes), count: UInt64(Self.regionBytes))
            do {
                _ = try back.withUnsafeMutableBytes { try arrays[write.array].array.read([extent], into: $0) }
            } catch {
                throw SimulationError.violation("\(when): reading acknowledged region \(write.region) of \(arrays[write.array].name) failed: \(error)")
            }
            guard back == simulatedBytes(Self.regionBytes, seed: write.seed) else {
                throw SimulationError.violation("\(when): acknowledged region \(write.region) of \(arrays[write.array].name) reads back wrong")
            }
        }
    }
}
