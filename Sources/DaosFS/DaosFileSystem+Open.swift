import DaosObject

extension DaosFileSystem {
    /// Opens (and with `.create` creates) the file `path` (libdfs's `dfs_open`).
    ///
    /// A new file gets permission bits `mode`, the class `objectClass` and chunk size `chunkSize`
    /// when given, else its directory's defaults, else the superblock's. Creating writes only the
    /// entry: the file's object exists once data is written.
    /// - Throws: `.exists` for `.create` + `.exclusive` on an existing name; `.noEntry` without
    ///   `.create` on a missing one; `.isDirectory` for a directory; `.permissionDenied` when the
    ///   mode bits refuse the access; `.readOnlyFileSystem` for any change on a read-only
    ///   container; `.invalidArgument` for bad flags, class or chunk size.
    public func open(_ path: String, flags: OpenFlags, mode: UInt32 = 0o644, objectClass: ObjectClass? = nil,
                     chunkSize: UInt64? = nil) throws(FileSystemError) -> DaosFile {
        let access = try flags.access()
        if access == .readWrite || flags.contains(.create) { try requireWritable("open \(path) for writing") }
        guard mode & ~FileMode.permissionMask == 0 else { throw .invalidArgument("mode 0o\(String(mode, radix: 8)) outside 0o7777") }
        if let chunkSize { try Self.checkChunkSize(chunkSize) }
        let target = try FilePath(path)
        guard !target.isRoot else { throw .isDirectory("/ is a directory") }
        let entry: DirectoryEntry
        if flags.contains(.create) {
            guard let parentPath = target.parent, let name = target.name else { preconditionFailure("the root was refused") }
            let (parent, directory) = try resolveDirectory(parentPath)
            try checkAccess(.execute, to: parent.inode, "search of \(parentPath)")
            if let existing = try directory.entry(name) {
                guard !flags.contains(.exclusive) else { throw .exists("\(target) exists") }
                entry = DirectoryEntry(path: target, parent: directory.oid, name: name, inode: existing)
            } else {
                // Only a new entry needs write permission on the directory (POSIX O_CREAT).
                try checkAccess(.write, to: parent.inode, "create of \(target)")
                if target.mustBeDirectory { throw .isDirectory("\(path): cannot create a file with a trailing '/'") }
                try EntryName.check(name)
                let inode = try newFileInode(in: parent.inode, mode: mode, objectClass: objectClass, chunkSize: chunkSize)
                do throws(FileSystemError) {
                    try directory.insert(name, inode, exclusive: true)
                    let created = DirectoryEntry(path: target, parent: directory.oid, name: name, inode: inode)
                    return try DaosFile(fileSystem: self, entry: created, access: access)
                } catch {
                    // Another client created it between our lookup and our insert: O_EXCL
                    // fails, a plain O_CREAT opens theirs.
                    guard case .exists = error, !flags.contains(.exclusive), let raced = try directory.entry(name) else { throw error }
                    entry = DirectoryEntry(path: target, parent: directory.oid, name: name, inode: raced)
                }
            }
        } else {
            entry = try resolve(target)
        }
        guard entry.kind == .regular else { throw .isDirectory("\(target) is a directory") }
        if target.mustBeDirectory { throw .notDirectory("\(target) is not a directory") }
        try checkAccess(access == .readWrite ? [.read, .write] : .read, to: entry.inode, "open of \(target)")
        let file = try DaosFile(fileSystem: self, entry: entry, access: access)
        if flags.contains(.truncate) { try file.truncate(to: 0) }
        return file
    }

    private func newFileInode(in directory: Inode, mode: UInt32, objectClass: ObjectClass?, chunkSize: UInt64?)
        throws(FileSystemError) -> Inode {
        let defaults = fileDefaults(in: directory)
        let oid = try newObjectID(kind: .regular, objectClass: objectClass ?? defaults.objectClass)
        guard let resolvedClass = oid.objectClass else { preconditionFailure("a generated ID names its class") }
        return Inode(mode: FileMode(kind: .regular, permissions: mode), oid: oid, time: now(),
                     chunkSize: chunkSize ?? defaults.chunkSize, objectClass: resolvedClass, uid: options.uid, gid: options.gid)
    }

    /// Truncates the file `path` to `size` bytes (POSIX `truncate`).
    public func truncate(_ path: String, size: UInt64) throws(FileSystemError) {
        try open(path, flags: .readWrite).truncate(to: size)
    }

    /// Stamps mtime and ctime on a file's entry after its data changed, if the entry still names
    /// the same object: a file renamed or removed since it was opened is not recreated by this.
    func touch(_ entry: DirectoryEntry) throws(FileSystemError) {
        let directory = Directory(try handle(entry.parent))
        guard var inode = try directory.entry(entry.name), inode.oid == entry.inode.oid else { return }
        let time = now()
        inode.modifyTime = time
        inode.changeTime = time
        try directory.insert(entry.name, inode)
    }

    // MARK: - Directories

    /// Up to `countMax` (1…1,024) names of the directory `path` after `anchor`, and the anchor of
    /// the next page (nil once every name was returned). Names come in no particular order; a
    /// name added or removed while paging may or may not be seen, no other name is missed.
    public func readDirectory(_ path: String, after anchor: DirectoryAnchor = .start, countMax: Int)
        throws(FileSystemError) -> DirectoryPage {
        guard (1...FileSystemLimits.directoryPageEntriesMax).contains(countMax) else {
            throw .invalidArgument("page of \(countMax) entries (1…\(FileSystemLimits.directoryPageEntriesMax))")
        }
        let (entry, directory) = try resolveDirectory(try FilePath(path))
        try checkAccess(.read, to: entry.inode, "listing of \(entry.path)")
        return try directory.names(after: anchor, countMax: countMax)
    }

    /// `readDirectory` with each name's entry (libdfs's `dfs_readdirplus`): one inode fetch per
    /// name, all from the directory object. A name removed between the listing and its fetch is
    /// left out.
    public func readDirectoryEntries(_ path: String, after anchor: DirectoryAnchor = .start, countMax: Int)
        throws(FileSystemError) -> (entries: [DirectoryEntry], next: DirectoryAnchor?) {
        guard (1...FileSystemLimits.directoryPageEntriesMax).contains(countMax) else {
            throw .invalidArgument("page of \(countMax) entries (1…\(FileSystemLimits.directoryPageEntriesMax))")
        }
        let (entry, directory) = try resolveDirectory(try FilePath(path))
        try checkAccess([.read, .execute], to: entry.inode, "listing of \(entry.path)")
        let page = try directory.names(after: anchor, countMax: countMax)
        var entries: [DirectoryEntry] = []
        entries.reserveCapacity(page.names.count)
        for name in page.names {
            guard let inode = try directory.entry(name) else { continue }
            entries.append(DirectoryEntry(path: try entry.path.appending(name), parent: directory.oid, name: name, inode: inode))
        }
        return (entries, page.next)
    }

    /// The status of `entry` as `stat` reports it (a file's size is queried).
    public func stat(_ entry: DirectoryEntry) throws(FileSystemError) -> FileStatus {
        try status(of: entry)
    }

    /// Sets the defaults for new files in the directory `path` (libdfs's `dfs_obj_set_oclass` /
    /// `dfs_obj_set_chunk_size` on a directory); nil leaves one as it is. Files already there keep
    /// theirs: a file's class is part of its object ID and its chunk size of its data's layout.
    /// - Throws: `.invalidArgument` for a file, a class the pool or `rd_fac` cannot honour or a
    ///   chunk size outside 1 B…1 GiB.
    public func setDirectoryDefaults(_ path: String, objectClass: ObjectClass?, chunkSize: UInt64?) throws(FileSystemError) {
        try requireWritable("set-attr \(path)")
        let entry = try resolve(try FilePath(path))
        guard entry.kind == .directory else {
            throw .invalidArgument("\(entry.path) is a file: its class and chunk size are fixed when it is created")
        }
        try checkAccess(.write, to: entry.inode, "set-attr of \(entry.path)")
        if let objectClass {
            // Generating a throwaway ID checks the class against the pool and rd_fac.
            _ = try Self.generateID(lo: 1, userHi: 0, kind: .regular, objectClass: objectClass, io: io,
                                    redundancyFactor: redundancyFactor)
        }
        if let chunkSize { try Self.checkChunkSize(chunkSize) }
        var inode = entry.inode
        inode.objectClass = objectClass ?? inode.objectClass
        inode.chunkSize = chunkSize ?? inode.chunkSize
        inode.changeTime = now()
        try Directory(try handle(entry.parent)).insert(entry.name, inode)
        if entry.path.isRoot { rootInode = inode }
    }
}
