import CHDF5
import DaosObject

/// An open attribute: its owner (the object it belongs to), name and description. Its value
/// is read and written whole.
final class VolAttribute: VolObject {
    let name: String
    let datatype: LibraryID
    let fileType: LibraryID
    let space: LibraryID
    let creationProperties: LibraryID
    let record: AttributeRecord

    init(owner: Location, name: String, record: AttributeRecord, datatype: LibraryID, fileType: LibraryID, space: LibraryID,
         creationProperties: LibraryID) {
        self.name = name
        self.datatype = datatype
        self.fileType = fileType
        self.space = space
        self.creationProperties = creationProperties
        self.record = record
        super.init(kind: .attribute, oid: owner.oid, path: owner.path, file: owner.file)
    }

    /// The owner object.
    var owner: Location { location }
}
