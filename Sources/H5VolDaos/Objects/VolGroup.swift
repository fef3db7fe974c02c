import CHDF5
import DaosObject

/// An open group: its creation property list is kept for H5Gget_create_plist and for knowing
/// whether it tracks link creation order.
final class VolGroup: VolObject {
    let creationProperties: LibraryID

    init(file: VolFile, oid: ObjectID, path: String?, creationProperties: LibraryID) {
        precondition(oid.kind == .group, "a group handle designates a group")
        self.creationProperties = creationProperties
        super.init(kind: .group, oid: oid, path: path, file: file)
    }
}

/// An open committed datatype.
final class VolDatatype: VolObject {
    /// The datatype as committed.
    let type: StoredType
    let creationProperties: LibraryID

    init(file: VolFile, oid: ObjectID, path: String?, type: StoredType, creationProperties: LibraryID) {
        precondition(oid.kind == .datatype, "a datatype handle designates a committed datatype")
        self.type = type
        self.creationProperties = creationProperties
        super.init(kind: .datatype, oid: oid, path: path, file: file)
    }
}
