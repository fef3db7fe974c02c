import DaosObject

/// Remove and rename. There is no transaction across objects (libdfs uses DAOS transactions for
/// some of these), so each change is ordered so that a crash between two steps leaves at worst
/// an unreachable object (space, not data, is lost) or, for rename, the entry under both names —
/// never an entry that names a punched object.
extension DaosFileSystem {
    /// Removes the file or directory `path` (libdfs's `dfs_remove`): the entry first, then its
    /// object. A directory must be empty unless `recursive`, which removes everything below it
    /// first, depth first (each directory needs write and search permission).
    /// - Throws: `.notEmpty` for a directory with entries without `recursive`; `.invalidArgument`
    ///   for the root.
    public func remove(_ path: String, recursive: Bool = false) throws(FileSystemError) {
        try requireWritable("remove \(path)")
        let target = try FilePath(path)
        let (_, directory, name) = try parentForChange(of: target, "remove")
        guard let inode = try directory.entry(name) else { throw .noEntry("\(target): no such file or directory") }
        if target.mustBeDirectory && inode.kind != .directory { throw .notDirectory("\(target) is not a directory") }
        if inode.kind == .directory {
            let contents = Directory(try handle(inode.oid))
            if recursive {
                try checkAccess([.write, .execute], to: inode, "remove below \(target)")
                try removeContents(of: contents, at: target, depth: 1)
            } else if !(try contents.isEmpty()) {
                throw .notEmpty("\(target) is a directory with entries")
            }
        }
        try directory.removeEntry(name)
        try punchObject(inode.oid)
    }

    /// Removes every entry of `directory` and what it names.
    private func removeContents(of directory: Directory, at path: FilePath, depth: Int) throws(FileSystemError) {
        guard depth <= FileSystemLimits.removeDepthMax else {
            throw .invalidArgument("\(path) is more than \(FileSystemLimits.removeDepthMax) directories deep")
        }
        // A page comes back full unless the listing is complete (`Directory.names` keeps going
        // across groups), so an empty page means an empty directory. Each page is read from the
        // start again: the names just removed are gone.
        while true {
            let page = try directory.names(after: .start, countMax: FileSystemLimits.directoryPageEntriesMax)
            if page.names.isEmpty { return }
            for name in page.names {
                let child = FilePath(components: path.components + [name], mustBeDirectory: false)
                guard let inode = try directory.entry(name) else { continue }  // removed by someone else meanwhile
                if inode.kind == .directory {
                    try checkAccess([.write, .execute], to: inode, "remove below \(child)")
                    try removeContents(of: Directory(try handle(inode.oid)), at: child, depth: depth + 1)
                }
                try directory.removeEntry(name)
                try punchObject(inode.oid)
            }
        }
    }

    func punchObject(_ oid: ObjectID) throws(FileSystemError) {
        let object = try handle(oid)
        try client("punch of object \(oid)") { () throws(ClientError) in _ = try object.punch(.object) }
    }
}
