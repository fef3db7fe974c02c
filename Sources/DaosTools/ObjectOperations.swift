import DaosObject

/// `daos object …`.
public enum ObjectOperations {
    /// `daos object query`: the object's layout on the pool map this connection fetched. The
    /// container is opened (read-only) so a wrong container name fails as it does in DAOS.
    public static func query(systemFile: String, pool: String, container: String, oid: String) throws(CommandFailure) -> CommandOutput {
        let id = try argument { () throws(ToolError) in
            let id = try ObjectIDArgument.parse(oid)
            _ = try ObjectLayoutReport.objectClass(of: id)
            return id
        }
        return try ToolSession.withContainer(systemFile: systemFile, pool: pool, container: container, mode: .readOnly) {
            (opened) throws(CommandFailure) in
            let report = try argument { () throws(ToolError) in try ObjectLayoutReport(id: id, map: opened.pool.map) }
            return CommandOutput(text: report.text, response: report.json)
        }
    }
}
