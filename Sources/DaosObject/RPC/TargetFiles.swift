import Glibc

/// A target's files as a client on its host opens them (`LocalReads`, `LocalWrites`): by the
/// directory a reply names, and checked to be the blob file the engine named (its device and
/// inode), since a path alone may name another file by the time we open it.
enum TargetFiles {
    static let blobFileName = "blob.data"
    static let counterFileName = "reuse.gen"

    /// Keyed by the blob file's identity: a reply names it, and two integers hash for less
    /// than a path would.
    struct Identity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    /// `name` in `directory` opened with `flags` (close-on-exec added), or -1.
    static func open(_ directory: [UInt8], _ name: String, flags: Int32) -> Int32 {
        (directory + Array(("/" + name).utf8) + [0]).withUnsafeBufferPointer { path in
            path.withMemoryRebound(to: CChar.self) { Glibc.open($0.baseAddress!, flags | O_CLOEXEC) }
        }
    }

    /// Whether the open file is the one `identity` names.
    static func isFile(_ file: Int32, _ identity: Identity) -> Bool {
        var status = stat()
        return fstat(file, &status) == 0 && UInt64(status.st_dev) == identity.device && UInt64(status.st_ino) == identity.inode
    }
}
