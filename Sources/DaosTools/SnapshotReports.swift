import DaosObject

/// `daos container create-snap|list-snaps|destroy-snap` output. Epochs print in hex like
/// DAOS's (`0x1a2b…`), which `--epc`/`--epcrange` read back.
public enum SnapshotReports {
    public static func created(_ epoch: Epoch) -> String { "snapshot/epoch \(epoch) has been created\n" }

    public static func createdJSON(_ epoch: Epoch, name: String) -> JSONValue {
        ["epoch": .number(epoch.rawValue), "name": .string(name)]
    }

    /// Oldest first, one per line, the name after the epoch when there is one.
    public static func list(_ snapshots: [SnapshotEntry]) -> String {
        "Container's snapshots :\n" + snapshots.map { "\($0.epoch)" + ($0.name.isEmpty ? "" : " \($0.name)") + "\n" }.joined()
    }

    public static func listJSON(_ snapshots: [SnapshotEntry]) -> JSONValue {
        .array(snapshots.map { ["epoch": .number($0.epoch.rawValue), "name": .string($0.name)] })
    }

    public static func destroyed(_ epochs: ClosedRange<Epoch>) -> String {
        epochs.lowerBound == epochs.upperBound
            ? "snapshot/epoch \(epochs.lowerBound) has been destroyed\n"
            : "snapshots in epochs \(epochs.lowerBound)-\(epochs.upperBound) have been destroyed\n"
    }

    public static func destroyedJSON(_ epochs: ClosedRange<Epoch>) -> JSONValue {
        ["first_epoch": .number(epochs.lowerBound.rawValue), "last_epoch": .number(epochs.upperBound.rawValue)]
    }
}
