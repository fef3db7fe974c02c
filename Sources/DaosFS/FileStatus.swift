import DaosObject

/// A resolved entry: the path it was found by, where its inode is stored (the directory object
/// and the name; for the root, the superblock object and `/`) and the inode itself.
public struct DirectoryEntry: Hashable, Sendable {
    public var path: FilePath
    /// The object holding the entry's dkey.
    public var parent: ObjectID
    /// The entry's dkey: its name (`/` for the root).
    public var name: String
    public var inode: Inode

    public init(path: FilePath, parent: ObjectID, name: String, inode: Inode) {
        self.path = path
        self.parent = parent
        self.name = name
        self.inode = inode
    }

    public var kind: FileKind { inode.kind }
}

/// What `stat` reports (libdfs's `dfs_stat` plus DaosFS's layout fields).
public struct FileStatus: Hashable, Sendable {
    public var mode: FileMode
    public var oid: ObjectID
    /// Files: one past the highest byte written (and not truncated away). Directories: 0.
    public var size: UInt64
    /// The class of the entry's own object, as resolved into its ID (groups never X).
    public var objectClass: ObjectClass
    /// Files: the chunk size. Directories: the chunk size new files in it get.
    public var chunkSize: UInt64
    /// Files: the class (= `objectClass`). Directories: the class new files in it get (may be X).
    public var fileClass: ObjectClass
    public var uid: UInt32
    public var gid: UInt32
    public var accessTime: Timestamp
    public var modifyTime: Timestamp
    public var changeTime: Timestamp

    /// A status from an inode and a size, as `stat` builds it (times, owner and mode from the
    /// inode; class from its object ID).
    public init(inode: Inode, size: UInt64, chunkSize: UInt64, fileClass: ObjectClass) {
        guard let ownClass = inode.oid.objectClass else { preconditionFailure("inode \(inode.oid) names no known class") }
        mode = inode.mode
        oid = inode.oid
        self.size = size
        objectClass = ownClass
        self.chunkSize = chunkSize
        self.fileClass = fileClass
        uid = inode.uid
        gid = inode.gid
        accessTime = inode.accessTime
        modifyTime = inode.modifyTime
        changeTime = inode.changeTime
    }

    public var kind: FileKind { mode.kind }
}

/// The access a caller asks for, as the rwx bits of a mode triple.
struct AccessRequest: OptionSet {
    let rawValue: UInt32

    static let read = AccessRequest(rawValue: 4)
    static let write = AccessRequest(rawValue: 2)
    static let execute = AccessRequest(rawValue: 1)
}

extension DaosFileSystem {
    /// POSIX permission check: the owner's bits for the owner, else the group's for the group,
    /// else the others'. uid 0 passes (libdfs checks the same way against the mount's identity).
    func checkAccess(_ wanted: AccessRequest, to inode: Inode, _ what: @autoclosure () -> String) throws(FileSystemError) {
        guard options.uid != 0 else { return }
        let permissions = inode.mode.permissions
        let granted: UInt32
        if options.uid == inode.uid {
            granted = permissions >> 6 & 7
        } else if options.gid == inode.gid {
            granted = permissions >> 3 & 7
        } else {
            granted = permissions & 7
        }
        guard granted & wanted.rawValue == wanted.rawValue else {
            throw .permissionDenied("\(what()): mode \(inode.mode) does not grant uid \(options.uid) gid \(options.gid) this access")
        }
    }

    /// The class and chunk size a new file in `directory` gets when the caller names neither.
    func fileDefaults(in directory: Inode) -> (objectClass: ObjectClass, chunkSize: UInt64) {
        precondition(directory.kind == .directory, "defaults come from a directory")
        return (directory.objectClass ?? superblock.defaultFileClass,
                directory.chunkSize != 0 ? directory.chunkSize : superblock.defaultChunkSize)
    }

    /// The status of a resolved entry; for a file, its size is queried.
    func status(of entry: DirectoryEntry) throws(FileSystemError) -> FileStatus {
        let inode = entry.inode
        switch inode.kind {
        case .regular:
            guard let fileClass = inode.oid.objectClass else { preconditionFailure("decoded inodes name a known class") }
            let size = try FileData(fileSystem: self, inode: inode).size()
            return FileStatus(inode: inode, size: size, chunkSize: inode.chunkSize, fileClass: fileClass)
        case .directory:
            let defaults = fileDefaults(in: inode)
            return FileStatus(inode: inode, size: 0, chunkSize: defaults.chunkSize, fileClass: defaults.objectClass)
        }
    }
}
