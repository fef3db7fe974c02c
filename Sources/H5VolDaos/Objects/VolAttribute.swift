import CHDF5
import DaosObject

/// An open attribute: its owner (the object it belongs to), name and description. Its value
/// is read and written whole.
final class VolAttribute: VolObject {
    let name: String
    let type: StoredType
    let space: LibraryID
    let creationProperties: LibraryID
    let record: AttributeRecord

    init(owner: Location, name: String, record: AttributeRecord, type: StoredType, space: LibraryID,
         creationProperties: LibraryID) {
        self.name = name
        self.type = type
        self.space = space
        self.creationProperties = creationProperties
        self.record = record
        super.init(kind: .attribute, oid: owner.oid, path: owner.path, file: owner.file)
    }

    /// The owner object.
    var owner: Location { location }
}
