import DaosObject

/// One open container holding one HDF5 file: its data path and how new object IDs are made.
final class OpenContainer {
    let key: String
    let pool: PoolConnection
    let connection: ContainerConnection
    let io: ObjectIO
    /// Opened by another rank and handed over: never closed here.
    let adopted: Bool
    var users = 1
    /// Extents of the datasets open in this process, shared between their handles.
    let datasetExtents = DatasetExtents()

    /// Classes for objects when nothing more specific is asked for (container properties).
    let directoryClass: ObjectClass
    let fileClass: ObjectClass
    let redundancyFactor: Int

    /// Object IDs are taken from ranges the container's allocator hands out.
    private var nextLo: UInt64 = 0
    private var endLo: UInt64 = 0
    static let idRangeCount: UInt64 = 256

    init(key: String, pool: PoolConnection, connection: ContainerConnection, adopted: Bool = false) throws(VolError) {
        self.key = key
        self.pool = pool
        self.connection = connection
        self.adopted = adopted
        io = try store("setting up the data path of container '\(connection.label)'") { () throws(ClientError) in
            try ObjectIO(container: connection)
        }
        var directoryClass = ObjectClass(redundancy: .none, groups: .count(1))
        var fileClass = ObjectClass(redundancy: .none, groups: .max)
        var redundancyFactor = 0
        for property in connection.properties {
            switch property {
            case .directoryObjectClass(let oclass): directoryClass = oclass
            case .fileObjectClass(let oclass): fileClass = oclass
            case .redundancyFactor(let factor): redundancyFactor = Int(factor)
            default: continue
            }
        }
        self.directoryClass = directoryClass
        self.fileClass = fileClass
        self.redundancyFactor = redundancyFactor
    }

    var label: String { connection.label }
    var uuid: WireUUID { connection.uuid }

    /// A fresh `lo` for a new object.
    func allocateLo() throws(VolError) -> UInt64 {
        if nextLo == endLo {
            let count = Self.idRangeCount
            let connection = self.connection
            nextLo = try store("allocating object IDs in container '\(label)'") { () throws(ClientError) in
                try connection.allocateObjectIDs(count)
            }
            endLo = nextLo + count
        }
        precondition(nextLo > 0, "lo 0 belongs to the file's fixed objects")
        defer { nextLo += 1 }
        return nextLo
    }

    /// The ID of an object with `lo`, of `kind`, in `objectClass` (the container's directory
    /// class for metadata objects, its file class for datasets, when nil).
    func objectID(lo: UInt64, kind: ObjectKind, objectClass: ObjectClass?) throws(VolError) -> ObjectID {
        let oclass = objectClass ?? (kind == .dataset ? fileClass : directoryClass)
        do throws(ObjectClassError) {
            return try ObjectID.generate(lo: lo, userHi: kind.userHi, type: .multiHashed, objectClass: oclass,
                                         on: io.placement.shape, redundancyFactor: redundancyFactor)
        } catch {
            throw VolError("object class \(oclass) in container '\(label)': \(error)")
        }
    }

    /// The file's fixed objects (`lo` 0): the root group and the file metadata object. Their
    /// IDs follow from the container's properties alone, so every opener derives them.
    func fixedObjectID(_ kind: ObjectKind) throws(VolError) -> ObjectID {
        precondition(kind == .group || kind == .fileMetadata, "only the root group and file metadata are fixed")
        return try objectID(lo: 0, kind: kind, objectClass: directoryClass)
    }

    func object(_ id: ObjectID) throws(VolError) -> StoredObject {
        let io = self.io
        return StoredObject(handle: try store("opening object \(id)") { () throws(ClientError) in try ObjectHandle(id, in: io) })
    }
}
