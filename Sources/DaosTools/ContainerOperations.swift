import DaosObject

/// `daos pool …` and `daos container …`: user commands through a pool handle (and a container
/// handle for those acting on one container), connected for the command and released after.
public enum ContainerOperations {
    /// `daos pool query`: through a read-only pool handle, as DAOS's user tool does.
    public static func poolQuery(systemFile: String, pool: String) throws(CommandFailure) -> CommandOutput {
        try ToolSession.withPool(systemFile: systemFile, pool: pool, mode: .readOnly) { (connection) throws(CommandFailure) in
            let reply = try client { () throws(ClientError) in try connection.query() }
            return CommandOutput(text: PoolReports.query(reply), response: PoolReports.queryJSON(reply))
        }
    }

    /// `daos pool list-containers` and `daos container list`.
    public static func list(systemFile: String, pool: String) throws(CommandFailure) -> CommandOutput {
        try ToolSession.withPool(systemFile: systemFile, pool: pool, mode: .readOnly) { (connection) throws(CommandFailure) in
            let containers = try client { () throws(ClientError) in try connection.listContainers() }
            return CommandOutput(text: ContainerReports.list(containers, pool: pool), response: ContainerReports.listJSON(containers))
        }
    }

    /// The parsed arguments of `daos container create`.
    public struct CreateRequest: Sendable {
        public var label: String
        public var type: ContainerType
        public var properties: [ContainerProperty]

        /// Everything DAOS's `daos container create` takes besides the pool, as typed.
        public init(label: String?, positionalLabel: String?, type: String?, properties: String?,
                    fileObjectClass: String?, directoryObjectClass: String?, chunkSize: String?) throws(ToolError) {
            self.label = try CreateArguments.label(option: label, positional: positionalLabel, what: "container")
            self.type = try CreateArguments.containerType(type)
            self.properties = try CreateArguments.containerProperties(
                properties: properties, fileObjectClass: fileObjectClass, directoryObjectClass: directoryObjectClass,
                chunkSize: chunkSize)
        }
    }

    public static func create(systemFile: String, pool: String, _ request: CreateRequest) throws(CommandFailure) -> CommandOutput {
        try ToolSession.withPool(systemFile: systemFile, pool: pool, mode: .readWrite) { (connection) throws(CommandFailure) in
            let uuid = try client { () throws(ClientError) in
                try connection.createContainer(label: request.label, type: request.type, properties: request.properties)
            }
            if request.type == .posix { try FileSystemOperations.formatNamespace(pool: connection, container: request.label) }
            return CommandOutput(text: ContainerReports.created(uuid: uuid, label: request.label, type: request.type),
                                 response: ContainerReports.createdJSON(uuid: uuid, label: request.label, type: request.type))
        }
    }

    public static func query(systemFile: String, pool: String, container: String) throws(CommandFailure) -> CommandOutput {
        try ToolSession.withContainer(systemFile: systemFile, pool: pool, container: container, mode: .readOnly) {
            (opened) throws(CommandFailure) in
            let reply = try client { () throws(ClientError) in try opened.query() }
            return CommandOutput(text: ContainerReports.query(reply, properties: opened.properties),
                                 response: ContainerReports.queryJSON(reply, properties: opened.properties))
        }
    }

    public static func getProperties(systemFile: String, pool: String, container: String) throws(CommandFailure) -> CommandOutput {
        try ToolSession.withContainer(systemFile: systemFile, pool: pool, container: container, mode: .readOnly) {
            (opened) throws(CommandFailure) in
            let properties = try client { () throws(ClientError) in try opened.getProperties() }
            return CommandOutput(text: ContainerReports.properties(properties, container: container),
                                 response: ContainerReports.propertiesJSONList(properties))
        }
    }

    /// `properties` is `--properties` as typed; parsed before anything connects.
    public static func setProperties(systemFile: String, pool: String, container: String, properties: String)
        throws(CommandFailure) -> CommandOutput {
        let parsed = try argument { () throws(ToolError) in try PropertyParser.containerProperties(properties) }
        guard !parsed.isEmpty else { throw CommandFailure(ToolError.badArgument("--properties names no property")) }
        return try ToolSession.withContainer(systemFile: systemFile, pool: pool, container: container, mode: .readWrite) {
            (opened) throws(CommandFailure) in
            try client { () throws(ClientError) in try opened.setProperties(parsed) }
            return CommandOutput(text: ContainerReports.propertiesSet, response: ContainerReports.propertiesJSONList(opened.properties))
        }
    }

    public static func destroy(systemFile: String, pool: String, container: String, force: Bool) throws(CommandFailure) -> CommandOutput {
        try ToolSession.withPool(systemFile: systemFile, pool: pool, mode: .readWrite) { (connection) throws(CommandFailure) in
            try client { () throws(ClientError) in try connection.destroyContainer(container, force: force) }
            return CommandOutput(text: ContainerReports.destroyed(container))
        }
    }
}
