import CHDF5
import DaosObject

/// A dataset or attribute created with a committed datatype holds a reference to it (its
/// reference count grows, as HDF5's shared datatype messages do).
enum CommittedTypes {
    /// The object ID of `type` when it is a committed datatype of this connector in `file`.
    static func id(of type: hid_t, in file: VolFile) throws(VolError) -> ObjectID? {
        guard H5Tcommitted(type) > 0 else { return nil }
        let pointer = H5VLobject(type)
        guard Handles.isOurs(pointer), let datatype = try Handles.borrow(pointer) as? VolDatatype else { return nil }
        guard datatype.file.container === file.container else { return nil }
        return datatype.oid
    }
}
