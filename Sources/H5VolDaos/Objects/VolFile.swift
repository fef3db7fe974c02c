import CHDF5
import DaosObject

/// An open HDF5 file: one container of type HDF5, shared by every handle of the file. The file
/// handle designates the root group for object operations (a file ID is a valid location).
final class VolFile: VolObject {
    let name: String
    let container: OpenContainer
    /// H5F_ACC_* flags the file was opened with (create counts as read-write).
    let intent: UInt32
    let fapl: LibraryID
    let fcpl: LibraryID
    let config: ConnectorConfig
    let communicator: Communicator
    /// Every rank writes its own metadata (H5daos_set_all_ind_metadata_ops); otherwise rank 0
    /// writes and broadcasts.
    let independentMetadata: Bool
    let metadataID: ObjectID
    /// While a dataset's fill value is converted to its file form: blobs made then are fill
    /// blobs (see `Blobs`).
    var writingFillValue = false
    /// Open handles, traversals and the file handle itself (see `FileUse`).
    var uses = 0
    private(set) var isFinished = false

    init(name: String, container: OpenContainer, intent: UInt32, fapl: LibraryID, fcpl: LibraryID, config: ConnectorConfig,
         communicator: Communicator, independentMetadata: Bool) throws(VolError) {
        self.name = name
        self.container = container
        self.intent = intent
        self.fapl = fapl
        self.fcpl = fcpl
        self.config = config
        self.communicator = communicator
        self.independentMetadata = independentMetadata
        metadataID = try container.fixedObjectID(.fileMetadata)
        let root = try container.fixedObjectID(.group)
        super.init(kind: .file, oid: root, path: "/", file: nil)
        adoptUse(FileUse(self))
        Self.live.insert(ObjectIdentifier(self))
    }

    var isWritable: Bool { intent & swift_H5F_ACC_RDWR() != 0 }

    func requireWritable() throws(VolError) {
        guard isWritable else { throw .readOnly(name) }
    }

    var rootID: ObjectID { oid }

    var rootLocation: Location { Location(file: self, oid: rootID, path: "/") }

    /// True when this rank must perform a metadata write itself (collective writes: rank 0).
    var writesMetadata: Bool { independentMetadata || communicator.isRoot }

    /// Performs a metadata change: on rank 0 with the outcome broadcast (collective), or on
    /// this rank alone (independent, serial).
    func metadataWrite(_ body: () throws(VolError) -> [UInt8]) throws(VolError) -> [UInt8] {
        try requireWritable()
        if independentMetadata { return try body() }
        return try communicator.rootPerforms(body)
    }

    func metadataChange(_ body: () throws(VolError) -> Void) throws(VolError) {
        _ = try metadataWrite { () throws(VolError) -> [UInt8] in
            try body()
            return []
        }
    }

    /// A new file handle on the same open container (H5Iget_file_id after the application
    /// closed its file handle while objects stayed open): HDF5 registers it as a new file ID.
    func sibling() throws(VolError) -> VolFile {
        Attachments.shared.share(container)
        do throws(VolError) {
            return try VolFile(name: name, container: container, intent: intent,
                               fapl: try H5Call.id(H5Pcopy(fapl.raw), "H5Pcopy(fapl)"),
                               fcpl: try H5Call.id(H5Pcopy(fcpl.raw), "H5Pcopy(fcpl)"), config: config,
                               communicator: communicator, independentMetadata: independentMetadata)
        } catch {
            Attachments.shared.release(container)
            throw error
        }
    }

    /// The last use went: close the container (after every rank is done with it).
    func finish() {
        guard !isFinished else { return }
        isFinished = true
        Self.live.remove(ObjectIdentifier(self))
        // Rank 0 closes the container handle the others adopted: only once every rank is done
        // (closing a file is collective in parallel HDF5, in either metadata mode).
        if communicator.isParallel { communicator.barrier() }
        Attachments.shared.release(container)
    }

    /// Files not yet finished, to recognize the file pointers HDF5 hands to blob callbacks.
    nonisolated(unsafe) private static var live: Set<ObjectIdentifier> = []

    static func borrow(_ pointer: UnsafeRawPointer?) throws(VolError) -> VolFile {
        guard let pointer else { throw VolError("no file object") }
        let object = Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue()
        guard live.contains(ObjectIdentifier(object)), let file = object as? VolFile else {
            throw VolError("not a file of the DAOS VOL connector")
        }
        return file
    }

    /// A new object ID, the same on every rank for collective creates.
    func newObjectID(_ kind: ObjectKind, objectClass: ObjectClass?) throws(VolError) -> ObjectID {
        let lo: UInt64
        if independentMetadata || !communicator.isParallel {
            lo = try container.allocateLo()
        } else {
            let container = self.container
            let bytes = try communicator.rootPerforms { () throws(VolError) -> [UInt8] in
                StoredCounter.encode(try container.allocateLo())
            }
            guard let shared = try StoredCounter.decode(bytes) else { throw VolError("object ID broadcast was empty") }
            lo = shared
        }
        return try container.objectID(lo: lo, kind: kind, objectClass: objectClass)
    }

    /// A number naming this file among the files of the process (H5Fget_fileno): the same for
    /// every open of one container.
    var fileNumber: UInt {
        let uuid = container.uuid.description
        return UInt(truncatingIfNeeded: ContainerLabel.fnv1a(Array(uuid.utf8)) & 0x7FFF_FFFF_FFFF_FFFF)
    }
}
