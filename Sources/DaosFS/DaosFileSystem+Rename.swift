import DaosObject

extension DaosFileSystem {
    /// Moves the entry `source` to `target` (POSIX `rename`, libdfs's `dfs_move`), in one
    /// directory or across directories. An existing target is replaced when POSIX allows it: a
    /// file by a file, an empty directory by a directory.
    ///
    /// Order: the entry is written under the new name, then removed under the old one, then a
    /// replaced target's object is punched. A crash in between leaves the entry under both names
    /// (no data lost); concurrent renames of the same names from two clients are not serialized.
    /// - Throws: `.noEntry` for a missing source; `.isDirectory` for a file over a directory;
    ///   `.notDirectory` for a directory over a file; `.notEmpty` for a directory over a
    ///   directory with entries; `.invalidArgument` for the root or a directory moved below itself.
    public func rename(_ source: String, to target: String) throws(FileSystemError) {
        try requireWritable("rename \(source)")
        let from = try FilePath(source)
        let to = try FilePath(target)
        let (_, fromDirectory, fromName) = try parentForChange(of: from, "rename")
        guard var moved = try fromDirectory.entry(fromName) else { throw .noEntry("\(from): no such file or directory") }
        if moved.kind == .regular && from.mustBeDirectory { throw .notDirectory("\(from) is not a directory") }
        if moved.kind == .directory && to.isSame(asOrInside: from) {
            if to.components == from.components { return }  // a directory renamed to itself
            throw .invalidArgument("cannot move \(from) into itself (\(to))")
        }
        guard !to.isRoot else { throw .invalidArgument("rename over the root directory") }
        let (_, toDirectory, toName) = try parentForChange(of: to, "rename")
        if let replaced = try toDirectory.entry(toName) {
            if replaced.oid == moved.oid { return }  // the same entry under the same name (POSIX: do nothing)
            try checkReplaceable(replaced, at: to, by: moved)
            moved.changeTime = now()
            try toDirectory.insert(toName, moved)
            try fromDirectory.removeEntry(fromName)
            try punchObject(replaced.oid)
            return
        }
        if moved.kind == .regular && to.mustBeDirectory { throw .notDirectory("\(to): a file cannot take a name ending in '/'") }
        moved.changeTime = now()
        try toDirectory.insert(toName, moved)
        try fromDirectory.removeEntry(fromName)
    }

    /// POSIX's rules for what a rename may replace.
    private func checkReplaceable(_ replaced: Inode, at path: FilePath, by moved: Inode) throws(FileSystemError) {
        switch (moved.kind, replaced.kind) {
        case (.regular, .directory):
            throw .isDirectory("\(path) is a directory; a file cannot replace it")
        case (.directory, .regular):
            throw .notDirectory("\(path) is a file; a directory cannot replace it")
        case (.directory, .directory):
            guard try Directory(try handle(replaced.oid)).isEmpty() else { throw .notEmpty("\(path) is a directory with entries") }
        case (.regular, .regular):
            return
        }
    }
}
