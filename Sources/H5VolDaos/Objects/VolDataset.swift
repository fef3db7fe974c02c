import CHDF5
import DaosObject

/// The extent of one dataset, shared by every handle of it in this process, so H5Dset_extent
/// through one handle is seen through the others (as HDF5 shares object headers).
final class DatasetExtent {
    private(set) var space: LibraryID
    private(set) var dimensions: [UInt64]
    private(set) var maximum: [UInt64]

    init(space: LibraryID) throws(VolError) {
        self.space = space
        (dimensions, maximum) = try Dataspace.extent(space.raw)
    }

    func update(_ space: LibraryID) throws(VolError) {
        (dimensions, maximum) = try Dataspace.extent(space.raw)
        self.space = space
    }
}

/// An open dataset: its types, extent, creation properties, chunking and fill value.
final class VolDataset: VolObject {
    let extent: DatasetExtent
    /// The datatype the dataset was created with.
    let type: StoredType
    let creationProperties: LibraryID
    let accessProperties: LibraryID
    let geometry: ChunkGeometry
    /// The fill value in file-type bytes, when one is defined and not all zeros.
    let fillValue: [UInt8]?
    /// The committed datatype the dataset was created with (H5Dget_type returns it).
    let sharedType: ObjectID?

    init(file: VolFile, oid: ObjectID, path: String?, extent: DatasetExtent, type: StoredType,
         creationProperties: LibraryID, accessProperties: LibraryID, geometry: ChunkGeometry, fillValue: [UInt8]?, sharedType: ObjectID?) throws(VolError) {
        precondition(oid.kind == .dataset, "a dataset handle designates a dataset")
        if let fillValue, fillValue.count != type.fileElementBytes {
            throw VolError("dataset \(oid): stored fill value of \(fillValue.count) bytes for \(type.fileElementBytes)-byte elements")
        }
        self.extent = extent
        self.type = type
        self.creationProperties = creationProperties
        self.accessProperties = accessProperties
        self.geometry = geometry
        self.fillValue = fillValue
        self.sharedType = sharedType
        super.init(kind: .dataset, oid: oid, path: path, file: file)
    }

    /// Bytes of one element in the file.
    var elementBytes: Int { type.fileElementBytes }

    var object: StoredObject {
        get throws(VolError) { try file.container.object(oid) }
    }
}

/// Per-container registry of dataset extents shared between handles.
final class DatasetExtents {
    private struct Weak { weak var extent: DatasetExtent? }
    private var entries: [ObjectID: Weak] = [:]

    func extent(for id: ObjectID, make: () throws(VolError) -> DatasetExtent) throws(VolError) -> DatasetExtent {
        if let existing = entries[id]?.extent { return existing }
        let extent = try make()
        entries[id] = Weak(extent: extent)
        if entries.count > 4096 { entries = entries.filter { $0.value.extent != nil } }
        return extent
    }
}
