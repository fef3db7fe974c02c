import ArgumentParser
import DaosTools

/// `dmg pool exclude|reintegrate|drain POOL --rank N [--target-idx 0,1]`: the same arguments,
/// a different target state change each.
protocol TargetChangeCommand: ParsableCommand {
    static var change: TargetChange { get }
    var globals: GlobalOptions { get }
    var target: TargetChangeArguments { get }
}

struct TargetChangeArguments: ParsableArguments {
    @Argument(help: "Pool label or UUID.") var pool: String
    @Option(help: "The engine's rank.") var rank: UInt32
    @Option(name: .customLong("target-idx"), help: ArgumentHelp("Target indices on that rank, e.g. 0,1 (default: all).", valueName: "indices"))
    var targetIndices: String?
}

extension TargetChangeCommand {
    func run() throws {
        try globals.run { (file) throws(CommandFailure) in
            try PoolAdminOperations.changeTargets(Self.change, systemFile: file, pool: target.pool, rank: target.rank,
                                                    targetIndices: target.targetIndices)
        }
    }
}

extension PoolCommand {
    struct Exclude: TargetChangeCommand {
        static let configuration = CommandConfiguration(abstract: "Take a rank's targets (or some of them) out of a pool; rebuild follows.")
        static let change = TargetChange.exclude
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var target: TargetChangeArguments
    }

    struct Reintegrate: TargetChangeCommand {
        static let configuration = CommandConfiguration(abstract: "Bring excluded targets of a rank back into a pool.")
        static let change = TargetChange.reintegrate
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var target: TargetChangeArguments
    }

    struct Drain: TargetChangeCommand {
        static let configuration = CommandConfiguration(abstract: "Move data off a rank's targets, then take them out of the pool.")
        static let change = TargetChange.drain
        @OptionGroup var globals: GlobalOptions
        @OptionGroup var target: TargetChangeArguments
    }
}
