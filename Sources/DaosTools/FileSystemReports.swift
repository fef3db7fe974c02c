#if canImport(Glibc)
import Glibc
#endif
import DaosFS
import DaosObject

/// What `daos fs` prints: pure functions of the entries and statuses they show.
public enum FileSystemReports {
    // MARK: - ls

    /// Names one per line (directories with a trailing `/`), or with `statuses` an `ls -l` table.
    public static func list(_ entries: [DirectoryEntry], statuses: [FileStatus]?) -> String {
        guard let statuses else { return entries.map { $0.name + ($0.kind == .directory ? "/" : "") + "\n" }.joined() }
        precondition(statuses.count == entries.count, "one status per entry")
        let rows = zip(entries, statuses).map { entry, status in
            [status.mode.description, String(status.uid), String(status.gid), String(status.size),
             status.objectClass.description, time(status.modifyTime), entry.name + (entry.kind == .directory ? "/" : "")]
        }
        return TextTable.render(titles: ["Mode", "UID", "GID", "Size", "Class", "Modified (UTC)", "Name"], rows: rows)
    }

    public static func listJSON(_ entries: [DirectoryEntry], statuses: [FileStatus]?) -> JSONValue {
        .array(entries.enumerated().map { index, entry in
            var members: [(key: String, value: JSONValue)] = [("name", .string(entry.name)), ("type", .string(typeName(entry.kind)))]
            if let status = statuses?[index] { members += statusMembers(status) }
            return .object(members)
        })
    }

    // MARK: - stat

    public static func stat(_ entry: DirectoryEntry, _ status: FileStatus) -> String {
        var rows: [(key: String, value: String)] = [
            ("Path", entry.path.description),
            ("Type", typeName(status.kind)),
            ("Mode", status.mode.description + " (0" + String(status.mode.permissions, radix: 8) + ")"),
            ("Size", String(status.size)),
            ("Object ID", status.oid.description),
            ("Object Class", status.objectClass.description),
        ]
        switch status.kind {
        case .regular:
            rows.append(("Chunk Size", Humanize.binaryBytes(status.chunkSize)))
        case .directory:
            rows += [("New File Class", status.fileClass.description), ("New File Chunk Size", Humanize.binaryBytes(status.chunkSize))]
        }
        rows += [("Owner", "\(status.uid):\(status.gid)"), ("Modified (UTC)", time(status.modifyTime)),
                 ("Changed (UTC)", time(status.changeTime))]
        return TextTable.entity(rows)
    }

    public static func statJSON(_ entry: DirectoryEntry, _ status: FileStatus) -> JSONValue {
        .object([("path", .string(entry.path.description)), ("type", .string(typeName(status.kind)))] + statusMembers(status))
    }

    static func statusMembers(_ status: FileStatus) -> [(key: String, value: JSONValue)] {
        [("mode", .number(status.mode.rawValue)), ("size", .number(status.size)), ("oid", .string(status.oid.description)),
         ("oclass", .string(status.objectClass.description)), ("chunk_size", .number(status.chunkSize)),
         ("file_oclass", .string(status.fileClass.description)), ("uid", .number(status.uid)), ("gid", .number(status.gid)),
         ("atime_ns", .number(status.accessTime.nanoseconds)), ("mtime_ns", .number(status.modifyTime.nanoseconds)),
         ("ctime_ns", .number(status.changeTime.nanoseconds))]
    }

    // MARK: - get-attr / set-attr

    /// DAOS's `daos fs get-attr` lines: a file's own class and chunk size, a directory's for new
    /// files.
    public static func attributes(_ status: FileStatus) -> String {
        "Object Class = \(status.fileClass)\nObject Chunk Size = \(status.chunkSize)\n"
    }

    public static func attributesJSON(_ status: FileStatus) -> JSONValue {
        ["oclass": .string(status.fileClass.description), "chunk_size": .number(status.chunkSize)]
    }

    // MARK: - copy

    public static func copied(source: String, destination: String, toDAOS: Bool, bytes: UInt64) -> String {
        "Successfully copied to \(toDAOS ? "DAOS" : "POSIX"): \(destination)\n"
            + TextTable.entity([("Source", source), ("Files", "1"), ("Bytes", String(bytes))])
    }

    public static func copiedJSON(source: String, destination: String, bytes: UInt64) -> JSONValue {
        ["source": .string(source), "destination": .string(destination), "files": 1, "bytes": .number(bytes)]
    }

    /// The stderr line of a long copy.
    public static func progress(done: UInt64, total: UInt64) -> String {
        let percent = total == 0 ? 100 : done * 100 / total
        return "copy: \(done >> 20) MiB of \(total >> 20) MiB (\(percent)%)\n"
    }

    // MARK: - Pieces

    static func typeName(_ kind: FileKind) -> String {
        switch kind {
        case .directory: "directory"
        case .regular: "file"
        }
    }

    /// `YYYY-MM-DD hh:mm:ss` in UTC.
    static func time(_ stamp: Timestamp) -> String {
        var seconds = time_t(clamping: stamp.seconds)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return String(stamp.seconds) }
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }
}
