import ArgumentParser
import DaosTools

/// `daos container create-snap|list-snaps|destroy-snap`.
extension ContainerCommand {
    struct CreateSnap: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create-snap", abstract: "Snapshot a container at the current epoch.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String
        @Argument(help: "Container label or UUID.") var container: String
        @Option(name: [.customShort("s"), .customLong("snap")], help: ArgumentHelp("Snapshot name.", valueName: "name")) var name: String?

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try SnapshotOperations.create(systemFile: file, pool: pool, container: container, name: name)
            }
        }
    }

    struct ListSnaps: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list-snaps", abstract: "List a container's snapshots, oldest first.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String
        @Argument(help: "Container label or UUID.") var container: String

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try SnapshotOperations.list(systemFile: file, pool: pool, container: container)
            }
        }
    }

    struct DestroySnap: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "destroy-snap", abstract: "Destroy snapshots: one epoch, an epoch range, or one by name.")
        @OptionGroup var globals: GlobalOptions
        @Argument(help: "Pool label or UUID.") var pool: String
        @Argument(help: "Container label or UUID.") var container: String
        @Option(name: [.customShort("e"), .customLong("epc")], help: ArgumentHelp("Snapshot epoch (decimal or 0x hex).", valueName: "epoch"))
        var epoch: String?
        @Option(name: [.customShort("r"), .customLong("epcrange")], help: ArgumentHelp("Epochs A-B, both included.", valueName: "range"))
        var range: String?
        @Option(name: [.customShort("s"), .customLong("snap")], help: ArgumentHelp("Snapshot name.", valueName: "name")) var name: String?

        func run() throws {
            try globals.run { (file) throws(CommandFailure) in
                try SnapshotOperations.destroy(systemFile: file, pool: pool, container: container, epoch: epoch, range: range, name: name)
            }
        }
    }
}
