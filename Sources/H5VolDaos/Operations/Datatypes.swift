import CHDF5
import DaosObject

/// Committed (named) datatypes: objects holding an encoded datatype and its TCPL.
enum Datatypes {
    static func commit(at start: Location, name: String?, type: hid_t, lcpl: hid_t,
                       tcpl: hid_t) throws(VolError) -> VolDatatype {
        let file = start.file
        try file.requireWritable()
        let stored = try StoredType(type: type, file: file)
        let tcplCopy = try H5Call.id(H5Pcopy(tcpl > 0 ? tcpl : swift_H5P_DATATYPE_CREATE_DEFAULT()), "H5Pcopy(tcpl)")
        let values: [(akey: [UInt8], value: [UInt8])] = [
            (Keys.datatype, stored.encoded),
            (Keys.creationProperties, try LibraryEncoding.encode(propertyList: tcplCopy.raw)),
        ]
        let oclass = try CustomProperties.resolvedClass(tcplCopy.raw, file: file)
        var parent: (Location, String)?
        if let name { parent = try Traversal.parent(start, name, createIntermediate: try Links.createsIntermediate(lcpl)) }
        let characterSet = try Links.characterSet(lcpl)
        let bytes = try file.metadataWrite { () throws(VolError) -> [UInt8] in
            let order = try parent.map { (group, leaf) throws(VolError) in
                try group.freeLinkOrder(leaf, taken: "cannot commit datatype '\(name ?? "")': the name already exists")
            }
            let lo = try file.container.allocateLo()
            let id = try file.container.objectID(lo: lo, kind: .datatype, objectClass: oclass)
            try file.container.object(id).put(Keys.metadata, values + [(Keys.referenceCount, StoredCounter.encode(parent == nil ? 0 : 1))])
            if let (group, leaf) = parent {
                try group.appendLink(leaf, .hard(id), characterSet: characterSet, order: order)
            }
            return ObjectToken.bytes(id)
        }
        guard let id = ObjectToken.id(bytes) else { throw VolError("datatype commit returned no object ID") }
        let path = parent.flatMap { Paths.join($0.0.path, $0.1) }
        return VolDatatype(file: file, oid: id, path: path, type: stored, creationProperties: tcplCopy)
    }

    static func open(_ location: Location) throws(VolError) -> VolDatatype {
        guard location.kind == .datatype else { throw VolError("'\(location.path ?? "object")' is not a committed datatype") }
        let values = try location.object().get(Keys.metadata, [Keys.datatype, Keys.creationProperties])
        guard let typeBytes = values[0], let tcplBytes = values[1] else {
            throw VolError("datatype '\(location.path ?? "?")' has no metadata (object \(location.oid))")
        }
        return VolDatatype(file: location.file, oid: location.oid, path: location.path,
                           type: try StoredType(encoded: typeBytes, file: location.file),
                           creationProperties: try LibraryEncoding.decodePropertyList(tcplBytes))
    }
}
