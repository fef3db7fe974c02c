import CHDF5
import DaosObject

/// A dataset or attribute created with a committed datatype holds a reference to it (its
/// reference count grows, as HDF5's shared datatype messages do).
enum CommittedTypes {
    /// A committed-datatype identifier for `id` (H5Dget_type of a dataset created with one),
    /// or nil when there is none or it is gone.
    static func identifier(_ id: ObjectID?, in file: VolFile) throws(VolError) -> hid_t? {
        guard let id else { return nil }
        let location = Location(file: file, oid: id, path: nil)
        guard let handle = try? Datatypes.open(location) else { return nil }
        return try Glue.register(handle)
    }

    /// The object ID of `type` when it is a committed datatype of this connector in `file`.
    static func id(of type: hid_t, in file: VolFile) throws(VolError) -> ObjectID? {
        guard H5Tcommitted(type) > 0 else { return nil }
        let pointer = H5VLobject(type)
        guard Handles.isOurs(pointer), let datatype = try Handles.borrow(pointer) as? VolDatatype else { return nil }
        guard datatype.file.container === file.container else { return nil }
        return datatype.oid
    }
}
