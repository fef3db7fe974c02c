import DaosObject

/// A directory object: one dkey per entry name, holding the entry's packed inode under akey
/// `inode` (libdfs's layout). The superblock object has the same shape for its one entry, `/`,
/// the root, so the root is read and updated like any other entry.
struct Directory {
    let object: ObjectHandle

    static let inodeAkey = WireKey.bytes(Array("inode".utf8))
    /// Room for an inode of a later, larger format, so a newer inode is named by its version
    /// rather than its size.
    static let inodeFetchBytesMax = 256

    init(_ object: ObjectHandle) { self.object = object }

    var oid: ObjectID { object.id }

    static func dkey(_ name: String) -> WireKey { .bytes(Array(name.utf8)) }

    /// The inode stored under `name`, or nil when there is no such entry.
    func entry(_ name: String) throws(FileSystemError) -> Inode? {
        var bytes = [UInt8](repeating: 0, count: Self.inodeFetchBytesMax)
        let iod = IODescriptor(akey: Self.inodeAkey, value: .single(sizeBytes: UInt64(Self.inodeFetchBytesMax)))
        let found = try client("lookup of '\(name)' in directory \(oid)") { () throws(ClientError) in
            try withMutableBytes(of: &bytes) { (buffer) throws(ClientError) in
                try object.fetch(dkey: Self.dkey(name), iods: [iod], into: buffer)
            }
        }
        let size = Int(found.first?.sizeBytes ?? 0)
        guard size > 0 else { return nil }
        guard size <= Self.inodeFetchBytesMax else { throw .io("entry '\(name)' in directory \(oid): inode of \(size) bytes") }
        do throws(DecodeError) { return try Inode(decoding: Array(bytes.prefix(size))) } catch {
            throw FileSystemError(damaged: "inode of entry '\(name)' in directory \(oid)", error)
        }
    }

    /// Stores `inode` under `name`, creating or replacing the entry (one atomic single value).
    /// `exclusive`: only if no entry `name` exists — decided by the directory's leader shard, so
    /// of two clients racing to create one name exactly one succeeds; the other gets `.exists`.
    func insert(_ name: String, _ inode: Inode, exclusive: Bool = false) throws(FileSystemError) {
        let bytes = inode.encoded()
        let iod = IODescriptor(akey: Self.inodeAkey, value: .single(sizeBytes: UInt64(bytes.count)))
        try client("update of entry '\(name)' in directory \(oid)") { () throws(ClientError) in
            try withBytes(of: bytes) { (data) throws(ClientError) in
                _ = try object.update(dkey: Self.dkey(name), iods: [iod], data: data, condition: exclusive ? .dkeyInsert : .none)
            }
        }
    }

    /// Removes the entry `name` (its dkey is punched; the object it named is not touched).
    func removeEntry(_ name: String) throws(FileSystemError) {
        try client("removal of entry '\(name)' from directory \(oid)") { () throws(ClientError) in
            _ = try object.punch(.dkeys([Self.dkey(name)]))
        }
    }

    /// Up to `countMax` names after `anchor`, and where to go on (nil: the listing is complete).
    func names(after anchor: DirectoryAnchor, countMax: Int) throws(FileSystemError) -> DirectoryPage {
        precondition((1...FileSystemLimits.directoryPageEntriesMax).contains(countMax), "page of \(countMax) entries")
        var names: [String] = []
        var position: ObjectHandle.DkeyPageAnchor? = anchor.position
        while let at = position, names.count < countMax {
            let page = try client("listing of directory \(oid)") { () throws(ClientError) in
                try object.listDkeyPage(after: at, countMax: countMax - names.count)
            }
            for key in page.keys {
                guard case .bytes(let raw) = key, let name = String(validating: raw, as: UTF8.self) else {
                    throw .io("directory \(oid) holds entry key \(key), which is not a UTF-8 name")
                }
                names.append(name)
            }
            position = page.next
        }
        return DirectoryPage(names: names, next: position.map(DirectoryAnchor.init(position:)))
    }

    /// True when no entry is visible.
    func isEmpty() throws(FileSystemError) -> Bool {
        var anchor: DirectoryAnchor? = .start
        while let at = anchor {
            let page = try names(after: at, countMax: 1)
            if !page.names.isEmpty { return false }
            anchor = page.next
        }
        return true
    }
}

/// Where a directory listing resumes: the redundancy group being listed and the position in it.
/// Valid for the directory it came from, as long as the directory object's layout is the same.
public struct DirectoryAnchor: Hashable, Sendable {
    let position: ObjectHandle.DkeyPageAnchor

    public static let start = DirectoryAnchor(position: .start)
}

/// One page of names, in no particular order, and the anchor of the next page (nil: no more).
public struct DirectoryPage: Hashable, Sendable {
    public var names: [String]
    public var next: DirectoryAnchor?
}
