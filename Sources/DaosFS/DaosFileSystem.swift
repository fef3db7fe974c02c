import DaosObject

/// A POSIX namespace in one container (DAOS's libdfs, DESIGN.md §9): `format` writes the
/// superblock and the root, `mount` reads them; paths resolve through directory objects (one
/// fetch per component) to files, which are byte arrays split into chunks.
///
/// Like the client layer under it, a mounted file system is used by one thread at a time (it
/// owns one `ObjectIO`). Other processes reach the same namespace by mounting the container
/// themselves or by `init(serialized:system:)` with the bytes of `serialized()`.
public final class DaosFileSystem {
    public let container: ContainerConnection
    public let io: ObjectIO
    public let superblock: Superblock
    public let options: MountOptions
    /// The container's redundancy factor: no object class below it is accepted.
    public let redundancyFactor: Int
    /// The superblock object; its entry `/` is the root's inode.
    let superblockDirectory: Directory
    /// The root's inode as of mount, for traversal (its ID never changes; its mode rarely).
    var rootInode: Inode
    private var objectIDs = ObjectIDSource()

    static let superblockDkey = WireKey.bytes(Array("superblock".utf8))
    static let superblockAkey = WireKey.bytes(Array("sb".utf8))
    static let rootEntryName = "/"

    init(container: ContainerConnection, io: ObjectIO, superblock: Superblock, rootInode: Inode, options: MountOptions)
        throws(FileSystemError) {
        self.container = container
        self.io = io
        self.superblock = superblock
        self.options = options
        self.rootInode = rootInode
        redundancyFactor = Self.redundancyFactor(of: container)
        superblockDirectory = Directory(try Self.handle(try Self.superblockID(io: io, redundancyFactor: redundancyFactor), io: io))
    }

    /// True when the container was opened read-only: every change is refused with EROFS.
    public var isReadOnly: Bool { container.handle.mode == .readOnly }

    // MARK: - Mount

    /// Mounts the namespace of a POSIX container formatted by `format`.
    /// - Throws: `.invalidArgument` for a container of another type, `.noEntry` when it holds
    ///   no superblock, `.io` when the superblock or the root inode does not decode.
    public static func mount(container: ContainerConnection, options: MountOptions = MountOptions()) throws(FileSystemError)
        -> DaosFileSystem {
        guard container.type == .posix else {
            throw .invalidArgument("container \(container.label) has type \(container.type), not POSIX")
        }
        let io = try client("mount of container \(container.label)") { () throws(ClientError) in try ObjectIO(container: container) }
        let rf = redundancyFactor(of: container)
        let superblockObject = try handle(try superblockID(io: io, redundancyFactor: rf), io: io)
        guard let bytes = try fetchSuperblockBytes(superblockObject) else {
            throw .noEntry("container \(container.label) holds no DaosFS superblock (format it first)")
        }
        let superblock: Superblock
        do throws(DecodeError) { superblock = try Superblock(decoding: bytes) } catch {
            throw FileSystemError(damaged: "the superblock of container \(container.label)", error)
        }
        guard let root = try Directory(superblockObject).entry(rootEntryName), root.kind == .directory,
              root.oid == superblock.root else {
            throw .io("container \(container.label): the root entry is missing or does not match the superblock")
        }
        return try DaosFileSystem(container: container, io: io, superblock: superblock, rootInode: root, options: options)
    }

    static func fetchSuperblockBytes(_ object: ObjectHandle) throws(FileSystemError) -> [UInt8]? {
        // One byte more than a version 1 superblock, so a longer one is refused, not cut.
        var bytes = [UInt8](repeating: 0, count: Superblock.sizeBytes + 1)
        let iod = IODescriptor(akey: superblockAkey, value: .single(sizeBytes: UInt64(bytes.count)))
        let found = try client("superblock fetch") { () throws(ClientError) in
            try withMutableBytes(of: &bytes) { (buffer) throws(ClientError) in
                try object.fetch(dkey: superblockDkey, iods: [iod], into: buffer)
            }
        }
        let size = Int(found.first?.sizeBytes ?? 0)
        guard size > 0 else { return nil }
        guard size <= Superblock.sizeBytes else {
            throw .io("the superblock is \(size) bytes; layout version \(Superblock.layoutVersion) has \(Superblock.sizeBytes)")
        }
        return Array(bytes.prefix(size))
    }

    // MARK: - Object IDs and handles

    /// The superblock's fixed ID: lo 0, user hi 0, replicated as the redundancy factor asks
    /// (S1 without one), so `mount` computes it from the container alone.
    static func superblockID(io: ObjectIO, redundancyFactor rf: Int) throws(FileSystemError) -> ObjectID {
        precondition((0...Int(ContainerProperty.redundancyFactorMax)).contains(rf), "rd_fac \(rf) was checked when decoded")
        guard let redundancy = rf == 0 ? Redundancy.none : Redundancy(.replication(replicas: rf + 1)) else {
            preconditionFailure("RP_2 … RP_5 exist for rd_fac 1 … 4")
        }
        return try generateID(lo: 0, userHi: 0, kind: .directory, objectClass: ObjectClass(redundancy: redundancy, groups: .count(1)),
                              io: io, redundancyFactor: rf)
    }

    static func generateID(lo: UInt64, userHi: UInt32, kind: FileKind, objectClass: ObjectClass, io: ObjectIO,
                           redundancyFactor rf: Int) throws(FileSystemError) -> ObjectID {
        do throws(ObjectClassError) {
            return try ObjectID.generate(lo: lo, userHi: userHi, type: kind.objectType, objectClass: objectClass,
                                         on: io.placement.shape, redundancyFactor: rf)
        } catch {
            throw .invalidArgument("\(error)")
        }
    }

    static func handle(_ oid: ObjectID, io: ObjectIO) throws(FileSystemError) -> ObjectHandle {
        try client("open of object \(oid)") { () throws(ClientError) in try ObjectHandle(oid, in: io) }
    }

    static func redundancyFactor(of container: ContainerConnection) -> Int {
        for case .redundancyFactor(let factor) in container.properties { return Int(factor) }
        return 0
    }

    /// A new object's ID. Like libdfs, one allocation from the container's OID allocator (`lo`)
    /// serves 2³² objects through the 32 user bits of `hi`.
    func newObjectID(kind: FileKind, objectClass: ObjectClass) throws(FileSystemError) -> ObjectID {
        if objectIDs.needsRange {
            objectIDs.adopt(lo: try client("object ID allocation") { () throws(ClientError) in try container.allocateObjectIDs(1) })
        }
        let (lo, userHi) = objectIDs.next()
        return try Self.generateID(lo: lo, userHi: userHi, kind: kind, objectClass: objectClass, io: io,
                                   redundancyFactor: redundancyFactor)
    }

    func handle(_ oid: ObjectID) throws(FileSystemError) -> ObjectHandle { try Self.handle(oid, io: io) }

    func now() -> Timestamp { options.clock() }

    func requireWritable(_ what: String) throws(FileSystemError) {
        guard !isReadOnly else { throw .readOnlyFileSystem("\(what): container \(container.label) is open read-only") }
    }
}

/// Object IDs handed out by one mount: an allocated `lo` and a counter in the user bits of `hi`.
struct ObjectIDSource {
    private var lo: UInt64?
    private var nextUserHi: UInt32 = 0

    var needsRange: Bool { lo == nil || nextUserHi == .max }

    mutating func adopt(lo: UInt64) {
        precondition(lo >= 1, "lo 0 is the superblock's and the root's")
        self.lo = lo
        nextUserHi = 0
    }

    mutating func next() -> (lo: UInt64, userHi: UInt32) {
        guard let lo, nextUserHi < .max else { preconditionFailure("adopt a range first") }
        defer { nextUserHi += 1 }
        return (lo, nextUserHi)
    }
}
