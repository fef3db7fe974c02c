import DaosObject

extension DaosFileSystem {
    // MARK: - Resolution

    /// Finds the entry `path` names: one inode fetch per component, each directory on the way
    /// checked for search (x) permission.
    func resolve(_ path: FilePath) throws(FileSystemError) -> DirectoryEntry {
        guard let last = path.components.indices.last else { return try rootEntry() }
        var directory = Directory(try handle(superblock.root))
        var directoryInode = rootInode
        var walked = FilePath.root
        for index in path.components.indices {
            let name = path.components[index]
            try checkAccess(.execute, to: directoryInode, "search of \(walked)")
            walked = FilePath(components: Array(path.components[...index]), mustBeDirectory: false)
            guard let inode = try directory.entry(name) else { throw .noEntry("\(walked): no such file or directory") }
            if index == last {
                if path.mustBeDirectory && inode.kind != .directory { throw .notDirectory("\(walked) is not a directory") }
                return DirectoryEntry(path: walked, parent: directory.oid, name: name, inode: inode)
            }
            guard inode.kind == .directory else { throw .notDirectory("\(walked) is not a directory") }
            directory = Directory(try handle(inode.oid))
            directoryInode = inode
        }
        preconditionFailure("the loop returns at the last component")
    }

    /// The root's entry, read fresh from the superblock object.
    func rootEntry() throws(FileSystemError) -> DirectoryEntry {
        guard let inode = try superblockDirectory.entry(Self.rootEntryName), inode.kind == .directory,
              inode.oid == superblock.root else {
            throw .io("the root entry of container \(container.label) is missing or does not match the superblock")
        }
        rootInode = inode
        return DirectoryEntry(path: .root, parent: superblockDirectory.oid, name: Self.rootEntryName, inode: inode)
    }

    /// Resolves `path` and requires a directory; returns it ready for entry operations.
    func resolveDirectory(_ path: FilePath) throws(FileSystemError) -> (entry: DirectoryEntry, directory: Directory) {
        let entry = try resolve(path)
        guard entry.kind == .directory else { throw .notDirectory("\(path) is not a directory") }
        return (entry, Directory(try handle(entry.inode.oid)))
    }

    /// The directory holding the last name of `path`, checked for write and search permission
    /// (what creating, removing or renaming an entry needs). The root has no parent.
    func parentForChange(of path: FilePath, _ what: String) throws(FileSystemError)
        -> (entry: DirectoryEntry, directory: Directory, name: String) {
        guard let parent = path.parent, let name = path.name else { throw .invalidArgument("\(what) of the root directory") }
        let (entry, directory) = try resolveDirectory(parent)
        try checkAccess([.write, .execute], to: entry.inode, "\(what) of \(path)")
        return (entry, directory, name)
    }

    // MARK: - Lookup and stat

    /// The entry `path` names (libdfs's `dfs_lookup`).
    public func lookup(_ path: String) throws(FileSystemError) -> DirectoryEntry {
        try resolve(try FilePath(path))
    }

    /// Status of the entry `path` names; a file's size is one max-dkey query per redundancy group
    /// of its object and one max-extent query on its last chunk.
    public func stat(_ path: String) throws(FileSystemError) -> FileStatus {
        try status(of: try resolve(try FilePath(path)))
    }

    // MARK: - mkdir

    /// Creates the directory `path` with permission bits `mode`; with `parents`, missing
    /// directories on the way are created too and an existing directory is no error (`mkdir -p`).
    /// A new directory starts with its parent's defaults for new files.
    public func mkdir(_ path: String, mode: UInt32 = 0o755, parents: Bool = false) throws(FileSystemError) {
        try requireWritable("mkdir \(path)")
        guard mode & ~FileMode.permissionMask == 0 else { throw .invalidArgument("mode 0o\(String(mode, radix: 8)) outside 0o7777") }
        let target = try FilePath(path)
        guard !target.isRoot else {
            if parents { return }
            throw .exists("/ exists")
        }
        guard parents else {
            let (parent, directory, name) = try parentForChange(of: target, "mkdir")
            guard try directory.entry(name) == nil else { throw .exists("\(target) exists") }
            try createDirectory(name, in: directory, parentInode: parent.inode, mode: mode)
            return
        }
        var directory = Directory(try handle(superblock.root))
        var directoryInode = try rootEntry().inode
        for index in target.components.indices {
            let name = target.components[index]
            let walked = FilePath(components: Array(target.components[...index]), mustBeDirectory: false)
            try checkAccess(.execute, to: directoryInode, "search of \(walked.parent ?? .root)")
            if let existing = try directory.entry(name) {
                guard existing.kind == .directory else { throw .notDirectory("\(walked) exists and is not a directory") }
                directory = Directory(try handle(existing.oid))
                directoryInode = existing
                continue
            }
            try checkAccess(.write, to: directoryInode, "mkdir of \(walked)")
            let created: Inode
            do throws(FileSystemError) {
                created = try createDirectory(name, in: directory, parentInode: directoryInode, mode: mode)
            } catch {
                // Another client may have created it between our lookup and our insert.
                guard case .exists = error, let raced = try directory.entry(name), raced.kind == .directory else { throw error }
                created = raced
            }
            directory = Directory(try handle(created.oid))
            directoryInode = created
        }
    }

    /// Writes the entry of a new, empty directory (its object holds nothing until an entry is
    /// added: DAOS objects exist once written).
    @discardableResult
    private func createDirectory(_ name: String, in parent: Directory, parentInode: Inode, mode: UInt32)
        throws(FileSystemError) -> Inode {
        try EntryName.check(name)
        let oid = try newObjectID(kind: .directory, objectClass: superblock.directoryClass)
        let inode = Inode(mode: FileMode(kind: .directory, permissions: mode), oid: oid, time: now(), chunkSize: parentInode.chunkSize,
                          objectClass: parentInode.objectClass, uid: options.uid, gid: options.gid)
        try parent.insert(name, inode, exclusive: true)
        return inode
    }
}
