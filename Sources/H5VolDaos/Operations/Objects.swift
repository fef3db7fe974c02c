import CHDF5
import DaosObject

/// Object-level operations that do not care about the kind: open, info, visit, reference counts.
enum Objects {
    /// A new handle for the object at `location` (H5Oopen and iteration callbacks).
    static func open(_ location: Location) throws(VolError) -> VolObject {
        switch location.kind {
        case .group: return try Groups.open(location)
        case .dataset: return try Datasets.open(location, dapl: swift_H5P_DATASET_ACCESS_DEFAULT())
        case .datatype: return try Datatypes.open(location)
        case .fileMetadata, nil: throw VolError("object \(location.oid) is not an HDF5 object")
        }
    }

    static func identifierType(_ kind: ObjectKind?) -> H5I_type_t {
        switch kind {
        case .group: H5I_GROUP
        case .dataset: H5I_DATASET
        case .datatype: H5I_DATATYPE
        case .fileMetadata, nil: H5I_BADID
        }
    }

    static func objectType(_ kind: ObjectKind?) -> H5O_type_t {
        switch kind {
        case .group: H5O_TYPE_GROUP
        case .dataset: H5O_TYPE_DATASET
        case .datatype: H5O_TYPE_NAMED_DATATYPE
        case .fileMetadata, nil: H5O_TYPE_UNKNOWN
        }
    }

    /// H5Oget_info3: the number of attributes only when asked (it lists them).
    static func info(_ location: Location, fields: UInt32) throws(VolError) -> H5O_info2_t {
        var info = H5O_info2_t()
        info.fileno = location.file.fileNumber
        info.token = Tokens.token(location.oid)
        info.type = objectType(location.kind)
        let count = try location.counter(Keys.referenceCount)
        guard let count else { throw VolError("object '\(location.path ?? "?")' (\(location.oid)) does not exist") }
        info.rc = UInt32(truncatingIfNeeded: count)
        if fields & UInt32(H5O_INFO_NUM_ATTRS) != 0 {
            info.num_attrs = hsize_t(try Attributes.names(on: location).count)
        }
        return info
    }

    /// H5Ovisit3: the start object (named "."), then every object reachable through hard links,
    /// each once, groups in the index order given.
    static func visit(_ start: Location, index: H5_index_t, order: H5_iter_order_t, fields: UInt32,
                      _ callback: (String, H5O_info2_t) throws(VolError) -> herr_t) throws(VolError) -> herr_t {
        var seen: Set<ObjectID> = [start.oid]
        let first = try callback(".", try info(start, fields: fields))
        guard first == 0 else { return first }
        guard start.kind == .group else { return 0 }
        return try visitGroup(start, prefix: "", index: index, order: order, fields: fields, seen: &seen, callback)
    }

    private static func visitGroup(_ group: Location, prefix: String, index: H5_index_t, order: H5_iter_order_t, fields: UInt32,
                                   seen: inout Set<ObjectID>,
                                   _ callback: (String, H5O_info2_t) throws(VolError) -> herr_t) throws(VolError) -> herr_t {
        for (name, record) in try Links.ordered(group, index: index, order: order, visiting: true) {
            guard case .hard(let id) = record.target, seen.insert(id).inserted else { continue }
            let child = Location(file: group.file, oid: id, path: Paths.join(group.path, name), lease: group.lease)
            let status = try callback(prefix + name, try info(child, fields: fields))
            guard status == 0 else { return status }
            if child.kind == .group {
                let nested = try visitGroup(child, prefix: prefix + name + "/", index: index, order: order, fields: fields,
                                            seen: &seen, callback)
                guard nested == 0 else { return nested }
            }
        }
        return 0
    }

    /// A path to `id` from the root (H5Iget_name/H5Rget_obj_name of an object reached by
    /// token): breadth first over hard links, as HDF5 searches when no open handle knows one.
    /// Gives up after `linksMax` links; nil when the object is not linked from the root.
    static func findPath(_ id: ObjectID, in file: VolFile, linksMax: Int = 100_000) throws(VolError) -> String? {
        if id == file.rootID { return "/" }
        var queue: [Location] = [file.rootLocation]
        var seen: Set<ObjectID> = [file.rootID]
        var visited = 0
        while !queue.isEmpty {
            let group = queue.removeFirst()
            for (name, record) in try group.links() {
                visited += 1
                guard visited <= linksMax else { return nil }
                guard case .hard(let child) = record.target else { continue }
                let path = Paths.join(group.path, name)
                if child == id { return path }
                if child.kind == .group, seen.insert(child).inserted {
                    queue.append(Location(file: file, oid: child, path: path))
                }
            }
        }
        return nil
    }
}
