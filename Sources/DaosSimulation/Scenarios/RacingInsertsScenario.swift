import DaosObject

/// Clients with skewed clocks race exclusive inserts (`dkeyInsert`, what DaosFS's create and
/// mkdir use) of the same dkeys of replicated objects: for every dkey exactly one insert
/// succeeds, every other one is told the key exists, and every replica returns the winner's
/// value. Skews of ±2 ms against microsecond message latencies make racing inserts arrive at
/// the leader with crossing epochs, the case that once let both win.
public enum RacingInsertsScenario {
    public static let engines = 3
    public static let targets = 2
    static let classes = ["S1", "RP_2G1", "RP_3G1"]
    static let dkeys: UInt64 = 6
    static let writers = 3

    final class Log: @unchecked Sendable {
        /// Writer that won each (class, dkey), and how many were refused as existing.
        var winners: [[Int]] = []
        var refused: [[Int]] = []
        var failures: [String] = []
        init() {
            winners = Array(repeating: Array(repeating: -1, count: Int(dkeys)), count: classes.count)
            refused = winners.map { $0.map { _ in 0 } }
        }
    }

    public static func run(_ cluster: SimulatedCluster) throws {
        let world = cluster.world
        let setup = try SimulatedClient(cluster, create: true)
        let log = Log()
        let iod = IODescriptor(akey: .bytes([0]), value: .single(sizeBytes: 1))
        var processes: [SimulatedProcess] = []
        for writer in 0..<writers {
            let skew = Int64(world.uniform(4_000_000)) - 2_000_000
            processes.append(world.client("inserter\(writer)", skewNanoseconds: skew) {
                do {
                    let client = try SimulatedClient(cluster, create: false)
                    let objects = try classes.enumerated().map { try client.object($0.element, lo: 700 + UInt64($0.offset)) }
                    for dkey in UInt64(0)..<dkeys {
                        for (index, object) in objects.enumerated() {
                            let value = [UInt8(writer)]
                            do {
                                _ = try value.withUnsafeBytes {
                                    try object.update(dkey: .uint64(dkey), iods: [iod], data: $0, condition: .dkeyInsert)
                                }
                                if log.winners[index][Int(dkey)] >= 0 {
                                    log.failures.append("\(classes[index]) dkey \(dkey): writers \(log.winners[index][Int(dkey)]) and \(writer) both inserted")
                                }
                                log.winners[index][Int(dkey)] = writer
                            } catch ClientError.failed(.exists, _) {
                                log.refused[index][Int(dkey)] += 1
                            }
                        }
                    }
                } catch {
                    log.failures.append("inserter \(writer): \(error)")
                }
            })
        }
        for process in processes { process.join() }
        guard log.failures.isEmpty else { throw SimulationError.violation(log.failures.joined(separator: "; ")) }
        for (index, name) in classes.enumerated() {
            let object = try setup.object(name, lo: 700 + UInt64(index))
            for dkey in UInt64(0)..<dkeys {
                let winner = log.winners[index][Int(dkey)]
                guard winner >= 0, log.refused[index][Int(dkey)] == writers - 1 else {
                    throw SimulationError.violation("\(name) dkey \(dkey): winner \(winner), \(log.refused[index][Int(dkey)]) refused of \(writers)")
                }
                for replica in try object.replicaValues(dkey: .uint64(dkey), iods: [iod]) where replica != [UInt8(winner)] {
                    throw SimulationError.violation("\(name) dkey \(dkey): a replica holds \(replica), the winner wrote [\(winner)]")
                }
            }
        }
    }
}
