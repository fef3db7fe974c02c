import DaosObject

/// `daos container create-snap|list-snaps|destroy-snap`, on one open container.
public enum SnapshotOperations {
    public static func create(systemFile: String, pool: String, container: String, name: String?) throws(CommandFailure) -> CommandOutput {
        try ToolSession.withContainer(systemFile: systemFile, pool: pool, container: container, mode: .readWrite) {
            (opened) throws(CommandFailure) in
            let epoch = try client { () throws(ClientError) in try opened.createSnapshot(name: name ?? "") }
            return CommandOutput(text: SnapshotReports.created(epoch), response: SnapshotReports.createdJSON(epoch, name: name ?? ""))
        }
    }

    public static func list(systemFile: String, pool: String, container: String) throws(CommandFailure) -> CommandOutput {
        try ToolSession.withContainer(systemFile: systemFile, pool: pool, container: container, mode: .readOnly) {
            (opened) throws(CommandFailure) in
            let snapshots = try client { () throws(ClientError) in try opened.listSnapshots() }
            return CommandOutput(text: SnapshotReports.list(snapshots), response: SnapshotReports.listJSON(snapshots))
        }
    }

    /// `--epc`, `--epcrange` and `--snap` as typed; exactly one must be given.
    public static func destroy(systemFile: String, pool: String, container: String, epoch: String?, range: String?, name: String?)
        throws(CommandFailure) -> CommandOutput {
        let selection = try argument { () throws(ToolError) in try SnapshotSelection(epoch: epoch, range: range, name: name) }
        return try ToolSession.withContainer(systemFile: systemFile, pool: pool, container: container, mode: .readWrite) {
            (opened) throws(CommandFailure) in
            let epochs: ClosedRange<Epoch>
            switch selection {
            case .epochs(let range):
                epochs = range
            case .name(let wanted):
                // The service destroys by epoch; a name is looked up in the container's list.
                let snapshots = try client { () throws(ClientError) in try opened.listSnapshots() }
                guard let match = snapshots.first(where: { $0.name == wanted }) else {
                    throw CommandFailure(reason: "no snapshot named '\(wanted)' in container \(container)", status: .nonexistent)
                }
                epochs = match.epoch...match.epoch
            }
            try client { () throws(ClientError) in try opened.destroySnapshots(epochs.lowerBound, epochs.upperBound) }
            return CommandOutput(text: SnapshotReports.destroyed(epochs), response: SnapshotReports.destroyedJSON(epochs))
        }
    }
}
