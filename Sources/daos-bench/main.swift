import ArgumentParser

/// Benchmarks of the real code paths, each printed next to the baseline measured in the same run.
struct DaosBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daos-bench",
        abstract: "Measure swift-daos subsystems against their baselines.",
        subcommands: [PlacementBenchmark.self, ErasureBenchmark.self, VOSBenchmark.self, NetBenchmark.self, ObjectBenchmark.self])
}

DaosBench.main()
