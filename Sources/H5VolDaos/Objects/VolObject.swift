import CHDF5
import DaosObject

/// The HDF5 identifier type a handle stands behind.
enum HandleKind: Sendable {
    case file, group, dataset, datatype, attribute

    var identifierType: H5I_type_t {
        switch self {
        case .file: H5I_FILE
        case .group: H5I_GROUP
        case .dataset: H5I_DATASET
        case .datatype: H5I_DATATYPE
        case .attribute: H5I_ATTR
        }
    }
}

/// Everything the connector hands HDF5 as `void *obj`: one handle per open identifier (two
/// opens of one object are two handles). HDF5 owns one retained reference from create/open
/// until the close callback.
class VolObject {
    let handleKind: HandleKind
    /// The HDF5 object this handle designates: a file's root group, an attribute's owner.
    let oid: ObjectID
    /// The absolute path the object was reached by (H5Iget_name); nil when unknown.
    var path: String?
    private let owner: VolFile?
    /// Keeps the file's container open while this handle lives; nil once closed.
    private var use: FileUse?

    init(kind: HandleKind, oid: ObjectID, path: String?, file: VolFile?) {
        precondition((kind == .file) == (file == nil), "only a file handle is its own file")
        handleKind = kind
        self.oid = oid
        self.path = path
        owner = file
        use = file.map(FileUse.init)
    }

    var file: VolFile {
        if let owner { return owner }
        return unsafeDowncast(self, to: VolFile.self)
    }

    var isOpen: Bool { use != nil }

    /// The object this handle designates, as a place to resolve paths from.
    var location: Location { Location(file: file, oid: oid, path: path) }

    /// Releases what the handle holds; the connector's `close` callbacks end here.
    func close() throws(VolError) {
        use = nil
    }

    /// For VolFile, which manages its own use.
    func adoptUse(_ use: FileUse?) { self.use = use }
}

/// A place in a file: an object reached by a path (nil if reached by token or anonymous).
/// An object of another file reached through an external link keeps that file open.
struct Location {
    let file: VolFile
    let oid: ObjectID
    let path: String?
    var lease: FileUse?

    init(file: VolFile, oid: ObjectID, path: String?, lease: FileUse? = nil) {
        self.file = file
        self.oid = oid
        self.path = path
        self.lease = lease
    }

    var kind: ObjectKind? { oid.kind }

    func object() throws(VolError) -> StoredObject { try file.container.object(oid) }
}

/// One user of a file: the file handle itself, every open object, a traversal into it. The
/// last use to go closes the file's container.
final class FileUse {
    let file: VolFile

    init(_ file: VolFile) {
        self.file = file
        file.uses += 1
    }

    deinit {
        file.uses -= 1
        if file.uses == 0 { file.finish() }
    }
}

/// Converting between handles and the pointers HDF5 keeps.
enum Handles {
    /// Pointers of every handle HDF5 holds, to tell ours from other connectors' objects.
    nonisolated(unsafe) private static var live: Set<UnsafeMutableRawPointer> = []

    static func retain(_ object: VolObject) -> UnsafeMutableRawPointer {
        let pointer = Unmanaged.passRetained(object).toOpaque()
        live.insert(pointer)
        return pointer
    }

    static func borrow(_ pointer: UnsafeMutableRawPointer?) throws(VolError) -> VolObject {
        guard let pointer, live.contains(pointer) else { throw VolError("not an object of the DAOS VOL connector") }
        return Unmanaged<VolObject>.fromOpaque(pointer).takeUnretainedValue()
    }

    static func borrow(_ pointer: UnsafeRawPointer?) throws(VolError) -> VolObject {
        try borrow(pointer.map { UnsafeMutableRawPointer(mutating: $0) })
    }

    static func isOurs(_ pointer: UnsafeMutableRawPointer?) -> Bool {
        guard let pointer else { return false }
        return live.contains(pointer)
    }

    /// HDF5 let go of the handle (close callback).
    static func release(_ pointer: UnsafeMutableRawPointer) {
        guard live.remove(pointer) != nil else { return }
        Unmanaged<VolObject>.fromOpaque(pointer).release()
    }

    /// After a link was deleted (`new` nil) or moved: open handles reached through `old` (or
    /// below it) get the new path, or none, as HDF5 renames its open objects.
    static func renamePaths(in container: OpenContainer, from old: String, to new: String?) {
        for object in all where object.file.container === container {
            guard let path = object.path, path == old || path.hasPrefix(old + "/") else { continue }
            object.path = new.map { $0 + path.dropFirst(old.count) }
        }
    }

    /// Every live handle (file object counts and ID lists).
    static var all: [VolObject] {
        live.map { Unmanaged<VolObject>.fromOpaque($0).takeUnretainedValue() }
    }
}
