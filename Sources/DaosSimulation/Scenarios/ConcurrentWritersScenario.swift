import DaosObject

/// Several clients with skewed clocks write overlapping extents of the same objects at once;
/// every byte reads back as written by the acknowledged write with the newest epoch covering
/// it (writes with equal epochs may land in either order), on every replica and EC cell.
public enum ConcurrentWritersScenario {
    public static let engines = 3
    public static let targets = 2
    static let span = 32 << 10
    static let classes = ["S1", "RP_2G1", "EC_2P1G1", "RP_3G1"]

    struct Write {
        var object: Int
        var dkey: UInt64
        var start: Int
        var data: [UInt8]
        var epoch: Epoch
    }

    final class Log: @unchecked Sendable {
        var writes: [Write] = []
        var failures: [String] = []
    }

    public static func run(_ cluster: SimulatedCluster) throws {
        let world = cluster.world
        let setup = try SimulatedClient(cluster, create: true)
        let log = Log()
        var writers: [SimulatedProcess] = []
        for writer in 0..<3 {
            let skew = Int64(world.uniform(4_000_000)) - 2_000_000
            writers.append(world.client("writer\(writer)", skewNanoseconds: skew) {
                do {
                    let client = try SimulatedClient(cluster, create: false)
                    let objects = try classes.enumerated().map { try client.object($0.element, lo: 500 + UInt64($0.offset)) }
                    for step in 0..<8 {
                        let object = Int(world.uniform(UInt64(objects.count)))
                        let dkey = world.uniform(2)
                        let start = Int(world.uniform(UInt64(span - 1)))
                        let count = 1 + Int(world.uniform(UInt64(min(span - start, 12 << 10))))
                        let data = simulatedBytes(count, seed: world.seed &+ UInt64(writer << 16 | step))
                        let iod = IODescriptor(akey: .bytes([0]), value: .array(recordSizeBytes: 1,
                                                                                 extents: [WireExtent(start: UInt64(start), count: UInt64(count))]))
                        let epoch = try data.withUnsafeBytes { try objects[object].update(dkey: .uint64(dkey), iods: [iod], data: $0) }
                        log.writes.append(Write(object: object, dkey: dkey, start: start, data: data, epoch: epoch))
                    }
                } catch {
                    log.failures.append("writer \(writer): \(error)")
                }
            })
        }
        for writer in writers { writer.join() }
        guard log.failures.isEmpty else { throw SimulationError.violation(log.failures.joined(separator: "; ")) }
        for (index, name) in classes.enumerated() {
            let object = try setup.object(name, lo: 500 + UInt64(index))
            for dkey in UInt64(0)..<2 {
                var back = [UInt8](repeating: 0, count: span)
                let iod = IODescriptor(akey: .bytes([0]), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: UInt64(span))]))
                _ = try back.withUnsafeMutableBytes { try object.fetch(dkey: .uint64(dkey), iods: [iod], into: $0) }
                let writes = log.writes.filter { $0.object == index && $0.dkey == dkey }
                for offset in 0..<span {
                    var newest: Epoch?
                    var allowed: [UInt8] = []
                    for write in writes where offset >= write.start && offset < write.start + write.data.count {
                        let value = write.data[offset - write.start]
                        if newest == nil || write.epoch > newest! {
                            newest = write.epoch
                            allowed = [value]
                        } else if write.epoch == newest! {
                            allowed.append(value)
                        }
                    }
                    if newest == nil { allowed = [0] }
                    guard allowed.contains(back[offset]) else {
                        throw SimulationError.violation("\(name) dkey \(dkey) byte \(offset): read \(back[offset]), the newest acknowledged write (epoch \(newest.map { "\($0)" } ?? "none")) says \(allowed)")
                    }
                }
            }
        }
    }
}
