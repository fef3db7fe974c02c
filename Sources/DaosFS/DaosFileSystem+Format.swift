import DaosObject

extension DaosFileSystem {
    /// Creates the namespace in an empty POSIX container and mounts it (libdfs's
    /// `dfs_cont_create`): writes the root's inode, then the superblock. The superblock is the
    /// commit point — a format cut short before it leaves a container `mount` refuses and a
    /// second `format` completes.
    /// - Throws: `.exists` when the container already holds a superblock; `.invalidArgument` for
    ///   a non-POSIX container, an erasure-coded directory class, a class below the container's
    ///   `rd_fac` or wider than the pool's fault domains, or a chunk size outside 1 B…1 GiB.
    public static func format(container: ContainerConnection, options format: FormatOptions = FormatOptions(),
                              mountOptions: MountOptions = MountOptions()) throws(FileSystemError) -> DaosFileSystem {
        guard container.type == .posix else {
            throw .invalidArgument("container \(container.label) has type \(container.type), not POSIX")
        }
        guard container.handle.mode != .readOnly else {
            throw .readOnlyFileSystem("format: container \(container.label) is open read-only")
        }
        let io = try client("format of container \(container.label)") { () throws(ClientError) in try ObjectIO(container: container) }
        let rf = redundancyFactor(of: container)
        let superblock = try plannedSuperblock(container: container, io: io, options: format, redundancyFactor: rf)
        let superblockObject = try handle(try superblockID(io: io, redundancyFactor: rf), io: io)
        guard try fetchSuperblockBytes(superblockObject) == nil else {
            throw .exists("container \(container.label) already holds a DaosFS namespace")
        }
        guard format.rootPermissions & ~FileMode.permissionMask == 0 else {
            throw .invalidArgument("root permissions 0o\(String(format.rootPermissions, radix: 8)) outside 0o7777")
        }
        let root = Inode(mode: FileMode(kind: .directory, permissions: format.rootPermissions), oid: superblock.root,
                         time: mountOptions.clock(), chunkSize: 0, objectClass: nil, uid: mountOptions.uid, gid: mountOptions.gid)
        try Directory(superblockObject).insert(rootEntryName, root)
        let bytes = superblock.encoded()
        let iod = IODescriptor(akey: superblockAkey, value: .single(sizeBytes: UInt64(bytes.count)))
        try client("superblock update") { () throws(ClientError) in
            try withBytes(of: bytes) { (data) throws(ClientError) in
                _ = try superblockObject.update(dkey: superblockDkey, iods: [iod], data: data)
            }
        }
        return try DaosFileSystem(container: container, io: io, superblock: superblock, rootInode: root, options: mountOptions)
    }

    /// The superblock `format` writes: options first, then container properties, then DAOS's
    /// defaults; every class checked against the pool and `rd_fac` by generating the root's ID.
    private static func plannedSuperblock(container: ContainerConnection, io: ObjectIO, options: FormatOptions,
                                          redundancyFactor rf: Int) throws(FileSystemError) -> Superblock {
        var fileClass = options.defaultFileClass
        var directoryClass = options.directoryClass
        var chunkSize = options.defaultChunkSize
        for property in container.properties {
            switch property {
            case .fileObjectClass(let oclass): fileClass = fileClass ?? oclass
            case .directoryObjectClass(let oclass): directoryClass = directoryClass ?? oclass
            case .chunkSizeBytes(let bytes): chunkSize = chunkSize ?? bytes
            default: continue
            }
        }
        let domains = io.placement.shape.domainCount
        do throws(ObjectClassError) {
            if fileClass == nil {
                fileClass = try ObjectClass.defaultClass(for: FileKind.regular.objectType, redundancyFactor: rf, domains: domains)
            }
            if directoryClass == nil {
                directoryClass = try ObjectClass.defaultClass(for: FileKind.directory.objectType, redundancyFactor: rf,
                                                              domains: domains)
            }
        } catch {
            throw .invalidArgument("no default object class: \(error)")
        }
        guard let fileClass, let directoryClass else { preconditionFailure("both classes were just resolved") }
        guard !directoryClass.redundancy.scheme.isErasure else {
            throw .invalidArgument("directory class \(directoryClass) is erasure-coded; directories need replication or none")
        }
        let chunk = chunkSize ?? FileSystemLimits.chunkBytesDefault
        try checkChunkSize(chunk)
        // Generating IDs checks each class against the pool's shape and the container's rd_fac.
        _ = try generateID(lo: 1, userHi: 0, kind: .regular, objectClass: fileClass, io: io, redundancyFactor: rf)
        let root = try generateID(lo: 0, userHi: 1, kind: .directory, objectClass: directoryClass, io: io, redundancyFactor: rf)
        return Superblock(defaultFileClass: fileClass, directoryClass: directoryClass, defaultChunkSize: chunk, root: root)
    }

    static func checkChunkSize(_ bytes: UInt64) throws(FileSystemError) {
        guard (1...FileSystemLimits.chunkBytesMax).contains(bytes) else {
            throw .invalidArgument("chunk size \(bytes) is outside 1 B…\(FileSystemLimits.chunkBytesMax >> 20) MiB")
        }
    }
}
