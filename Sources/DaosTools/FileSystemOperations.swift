import DaosFS
import DaosObject

/// `daos fs …`: the namespace of a POSIX container, mounted for the command and released after.
public enum FileSystemOperations {
    /// Connects, opens the container, mounts its namespace and runs `body`.
    static func withFileSystem<T>(systemFile: String, pool: String, container: String, mode: AccessMode,
                                  _ body: (DaosFileSystem) throws(CommandFailure) -> T) throws(CommandFailure) -> T {
        try ToolSession.withContainer(systemFile: systemFile, pool: pool, container: container, mode: mode) {
            (opened) throws(CommandFailure) -> T in
            let mounted = try fileSystem { () throws(FileSystemError) in try DaosFileSystem.mount(container: opened) }
            return try body(mounted)
        }
    }

    /// `daos fs ls POOL CONT [PATH] [-l]`: the entries of a directory (or the one file named),
    /// sorted by name; `long` adds mode, owner, size and class (a size query per file).
    public static func list(systemFile: String, pool: String, container: String, path: String, long: Bool)
        throws(CommandFailure) -> CommandOutput {
        try withFileSystem(systemFile: systemFile, pool: pool, container: container, mode: .readOnly) { (fs) throws(CommandFailure) in
            let named = try fileSystem { () throws(FileSystemError) in try fs.lookup(path) }
            var entries: [DirectoryEntry] = []
            if named.kind == .directory {
                var anchor: DirectoryAnchor? = .start
                while let at = anchor {
                    let page = try fileSystem { () throws(FileSystemError) in
                        try fs.readDirectoryEntries(path, after: at, countMax: FileSystemLimits.directoryPageEntriesMax)
                    }
                    entries += page.entries
                    anchor = page.next
                }
            } else {
                entries = [named]
            }
            entries.sort { $0.name < $1.name }
            var statuses: [FileStatus]?
            if long {
                statuses = []
                for entry in entries { statuses?.append(try fileSystem { () throws(FileSystemError) in try fs.stat(entry) }) }
            }
            return CommandOutput(text: FileSystemReports.list(entries, statuses: statuses),
                                 response: FileSystemReports.listJSON(entries, statuses: statuses))
        }
    }

    /// `daos fs mkdir POOL CONT PATH [-p]`.
    public static func makeDirectory(systemFile: String, pool: String, container: String, path: String, parents: Bool)
        throws(CommandFailure) -> CommandOutput {
        try withFileSystem(systemFile: systemFile, pool: pool, container: container, mode: .readWrite) { (fs) throws(CommandFailure) in
            try fileSystem { () throws(FileSystemError) in try fs.mkdir(path, parents: parents) }
            return CommandOutput(text: "", response: ["path": .string(path)])
        }
    }

    /// `daos fs stat POOL CONT PATH`.
    public static func stat(systemFile: String, pool: String, container: String, path: String) throws(CommandFailure) -> CommandOutput {
        try withFileSystem(systemFile: systemFile, pool: pool, container: container, mode: .readOnly) { (fs) throws(CommandFailure) in
            let entry = try fileSystem { () throws(FileSystemError) in try fs.lookup(path) }
            let status = try fileSystem { () throws(FileSystemError) in try fs.stat(entry) }
            return CommandOutput(text: FileSystemReports.stat(entry, status), response: FileSystemReports.statJSON(entry, status))
        }
    }

    /// `daos fs rm POOL CONT PATH [-r]`.
    public static func remove(systemFile: String, pool: String, container: String, path: String, recursive: Bool)
        throws(CommandFailure) -> CommandOutput {
        try withFileSystem(systemFile: systemFile, pool: pool, container: container, mode: .readWrite) { (fs) throws(CommandFailure) in
            try fileSystem { () throws(FileSystemError) in try fs.remove(path, recursive: recursive) }
            return CommandOutput(text: "", response: ["path": .string(path)])
        }
    }

    /// `daos fs get-attr POOL CONT PATH`: a file's class and chunk size; for a directory, what
    /// new files in it get.
    public static func getAttributes(systemFile: String, pool: String, container: String, path: String)
        throws(CommandFailure) -> CommandOutput {
        try withFileSystem(systemFile: systemFile, pool: pool, container: container, mode: .readOnly) { (fs) throws(CommandFailure) in
            let status = try fileSystem { () throws(FileSystemError) in try fs.stat(path) }
            return CommandOutput(text: FileSystemReports.attributes(status), response: FileSystemReports.attributesJSON(status))
        }
    }

    /// `daos fs set-attr POOL CONT PATH --oclass … --chunk-size …`: a directory's defaults for
    /// new files (a file's are fixed at create and refused).
    public static func setAttributes(systemFile: String, pool: String, container: String, path: String, objectClass: String?,
                                     chunkSize: String?) throws(CommandFailure) -> CommandOutput {
        let (oclass, bytes) = try argument { () throws(ToolError) in
            try FileSystemAttributeArguments.parse(objectClass: objectClass, chunkSize: chunkSize)
        }
        return try withFileSystem(systemFile: systemFile, pool: pool, container: container, mode: .readWrite) {
            (fs) throws(CommandFailure) in
            try fileSystem { () throws(FileSystemError) in try fs.setDirectoryDefaults(path, objectClass: oclass, chunkSize: bytes) }
            let status = try fileSystem { () throws(FileSystemError) in try fs.stat(path) }
            return CommandOutput(text: FileSystemReports.attributes(status), response: FileSystemReports.attributesJSON(status))
        }
    }

    /// What `daos container create --type POSIX` does after creating (as DAOS's
    /// `dfs_cont_create`): writes the namespace with the container's class and chunk size
    /// properties. A container whose namespace cannot be written is destroyed again.
    static func formatNamespace(pool: PoolConnection, container label: String) throws(CommandFailure) {
        let failure: CommandFailure
        do throws(CommandFailure) {
            let opened = try client { () throws(ClientError) in try pool.openContainer(label, mode: .readWrite) }
            defer { try? opened.close() }
            _ = try fileSystem { () throws(FileSystemError) in try DaosFileSystem.format(container: opened) }
            return
        } catch {
            failure = error
        }
        try? pool.destroyContainer(label, force: true)
        throw CommandFailure(reason: "container \(label) created, but its POSIX namespace could not be written (container destroyed): "
                             + failure.reason, status: failure.status)
    }
}
