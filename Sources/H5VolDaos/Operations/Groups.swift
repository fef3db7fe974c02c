import CHDF5
import DaosObject

/// Creating and opening groups (DAOS objects whose dkeys are link names).
enum Groups {
    /// H5Gcreate / H5Gcreate_anon (name nil).
    static func create(at start: Location, name: String?, lcpl: hid_t, gcpl: hid_t) throws(VolError) -> VolGroup {
        let file = start.file
        try file.requireWritable()
        let oclass = try CustomProperties.resolvedClass(gcpl, file: file)
        let gcplCopy = try H5Call.id(H5Pcopy(gcpl), "H5Pcopy(gcpl)")
        let gcplBytes = try LibraryEncoding.encode(propertyList: gcpl)
        guard let name else {
            let id = try createObject(file, gcplBytes: gcplBytes, objectClass: oclass, referenceCount: 0)
            return VolGroup(file: file, oid: id, path: nil, creationProperties: gcplCopy)
        }
        let (parent, leaf) = try Traversal.parent(start, name, createIntermediate: try Links.createsIntermediate(lcpl))
        let characterSet = try Links.characterSet(lcpl)
        let bytes = try file.metadataWrite { () throws(VolError) -> [UInt8] in
            let order = try parent.freeLinkOrder(leaf, taken: "cannot create group '\(name)': the name already exists")
            let id = try createObject(file, gcplBytes: gcplBytes, objectClass: oclass, referenceCount: 1)
            try Links.insert(.hard(id), named: leaf, in: parent, characterSet: characterSet, counted: true, order: order)
            return ObjectToken.bytes(id)
        }
        guard let id = ObjectToken.id(bytes) else { throw VolError("group creation returned no object ID") }
        return VolGroup(file: file, oid: id, path: Paths.join(parent.path, leaf), creationProperties: gcplCopy)
    }

    /// A missing group on the way to a link being created (H5Pset_create_intermediate_group).
    static func createIntermediate(in parent: Location, named name: String) throws(VolError) -> Location {
        let file = parent.file
        let gcpl = try H5Call.id(H5Pcreate(swift_H5P_GROUP_CREATE()), "H5Pcreate(gcpl)")
        let gcplBytes = try LibraryEncoding.encode(propertyList: gcpl.raw)
        let oclass = try CustomProperties.resolvedClass(gcpl.raw, file: file)
        let bytes = try file.metadataWrite { () throws(VolError) -> [UInt8] in
            let id = try createObject(file, gcplBytes: gcplBytes, objectClass: oclass, referenceCount: 1)
            try Links.insert(.hard(id), named: name, in: parent, characterSet: 0, counted: true)
            return ObjectToken.bytes(id)
        }
        guard let id = ObjectToken.id(bytes) else { throw VolError("group creation returned no object ID") }
        return Location(file: file, oid: id, path: Paths.join(parent.path, name), lease: parent.lease)
    }

    /// Writes a new group object's metadata (no link); runs where metadata is written.
    static func createObject(_ file: VolFile, gcplBytes: [UInt8], objectClass: ObjectClass?,
                             referenceCount: UInt64) throws(VolError) -> ObjectID {
        let lo = try file.container.allocateLo()
        let id = try file.container.objectID(lo: lo, kind: .group, objectClass: objectClass)
        try file.container.object(id).put(Keys.metadata, [(Keys.creationProperties, gcplBytes),
                                                          (Keys.referenceCount, StoredCounter.encode(referenceCount))])
        return id
    }

    static func open(_ location: Location) throws(VolError) -> VolGroup {
        guard location.kind == .group else { throw VolError("'\(location.path ?? "object")' is not a group") }
        let gcpl = try creationProperties(location)
        return VolGroup(file: location.file, oid: location.oid, path: location.path, creationProperties: gcpl)
    }

    static func creationProperties(_ location: Location) throws(VolError) -> LibraryID {
        guard let bytes = try location.object().get(Keys.metadata, Keys.creationProperties) else {
            throw VolError("group '\(location.path ?? "?")' has no creation property list (object \(location.oid) missing?)")
        }
        return try LibraryEncoding.decodePropertyList(bytes)
    }

    /// The root group's GCPL: the group properties of the file's FCPL (an FCPL is a GCPL).
    static func rootCreationProperties(fcpl: hid_t) throws(VolError) -> LibraryID {
        let gcpl = try H5Call.id(H5Pcreate(swift_H5P_GROUP_CREATE()), "H5Pcreate(gcpl)")
        var flags: UInt32 = 0
        if H5Pget_link_creation_order(fcpl, &flags) >= 0 {
            try H5Call.check(H5Pset_link_creation_order(gcpl.raw, flags), "H5Pset_link_creation_order")
        }
        if H5Pget_attr_creation_order(fcpl, &flags) >= 0 {
            try H5Call.check(H5Pset_attr_creation_order(gcpl.raw, flags), "H5Pset_attr_creation_order")
        }
        return gcpl
    }

    /// H5Gget_info.
    static func info(_ location: Location) throws(VolError) -> H5G_info_t {
        guard location.kind == .group else { throw VolError("'\(location.path ?? "object")' is not a group") }
        var info = H5G_info_t()
        info.storage_type = H5G_STORAGE_TYPE_COMPACT
        info.nlinks = hsize_t(try location.linkNames().count)
        info.max_corder = Int64(try location.counter(Keys.linkCreationOrderNext) ?? 0)
        info.mounted = false
        return info
    }

    /// True when the group's GCPL asks for link creation order to be tracked.
    static func tracksLinkCreationOrder(_ location: Location) throws(VolError) -> Bool {
        let gcpl = try creationProperties(location)
        var flags: UInt32 = 0
        try H5Call.check(H5Pget_link_creation_order(gcpl.raw, &flags), "H5Pget_link_creation_order")
        return flags & UInt32(H5P_CRT_ORDER_TRACKED) != 0
    }
}
