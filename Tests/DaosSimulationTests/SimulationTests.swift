import DaosSimulation
import Foundation
import Testing

/// Whole-system scenarios × seeds on the simulated fabric (DESIGN.md §12). `SIM_SEED=<n>` runs
/// one seed of every scenario (how a failure is reproduced); `SIM_SEEDS=<count>` changes how
/// many seeds each scenario runs (default 3).
@Suite(.serialized)
struct SimulationTests {
    static let seeds: [UInt64] = {
        let environment = ProcessInfo.processInfo.environment
        if let one = environment["SIM_SEED"].flatMap(UInt64.init) { return [one] }
        let count = environment["SIM_SEEDS"].flatMap(Int.init) ?? 3
        return (0..<UInt64(max(1, count))).map { 0x5EED_0000 &+ $0 &* 7919 }
    }()

    static func runSeeds(_ scenario: String, engines: Int, targets: Int,
                         _ workload: @escaping @Sendable (SimulatedCluster) throws -> Void) {
        var ran = 0
        for seed in seeds {
            do throws(SimulationFailure) {
                let report = try Simulation.run(scenario: scenario, seed: seed, engines: engines, targets: targets, workload)
                print("simulation \(scenario): \(report)")
                ran += 1
            } catch {
                Issue.record("\(error)")
            }
        }
        print("simulation seeds ran: \(ran) (\(scenario))")
    }

    @Test func everyClassRoundTrips() {
        Self.runSeeds("round-trip", engines: RoundTripScenario.engines, targets: RoundTripScenario.targets, RoundTripScenario.run)
    }

    @Test func acknowledgedWritesSurviveAnEngineCrash() {
        Self.runSeeds("engine-crash", engines: EngineCrashScenario.engines, targets: EngineCrashScenario.targets, EngineCrashScenario.run)
    }

    @Test func partitionHeals() {
        Self.runSeeds("partition", engines: PartitionScenario.engines, targets: PartitionScenario.targets, PartitionScenario.run)
    }

    @Test func stalePoolMapIsRefreshed() {
        Self.runSeeds("stale-map", engines: StaleMapScenario.engines, targets: StaleMapScenario.targets, StaleMapScenario.run)
    }

    @Test func concurrentWritersResolveByEpoch() {
        Self.runSeeds("concurrent-writers", engines: ConcurrentWritersScenario.engines, targets: ConcurrentWritersScenario.targets,
                      ConcurrentWritersScenario.run)
    }

    @Test func racingInsertsHaveOneWinner() {
        Self.runSeeds("racing-inserts", engines: RacingInsertsScenario.engines, targets: RacingInsertsScenario.targets,
                      RacingInsertsScenario.run)
    }

    @Test func aggregationKeepsDegradedReadsRight() {
        Self.runSeeds("ec-aggregation", engines: AggregationScenario.engines, targets: AggregationScenario.targets,
                      AggregationScenario.run)
    }

    /// The same seed twice gives the same schedule, messages and trace: a failing seed replays.
    @Test func aSeedReplaysExactly() throws {
        let seed = Self.seeds[0]
        let first = try Simulation.run(scenario: "replay", seed: seed, engines: 3, targets: 2, ConcurrentWritersScenario.run)
        let second = try Simulation.run(scenario: "replay", seed: seed, engines: 3, targets: 2, ConcurrentWritersScenario.run)
        #expect(first == second, "\(first) vs \(second)")
        let other = try Simulation.run(scenario: "replay", seed: seed &+ 1, engines: 3, targets: 2, ConcurrentWritersScenario.run)
        #expect(other.traceHash != first.traceHash, "a different seed should schedule differently")
        print("simulation seeds ran: 3 (replay)")
    }
}
