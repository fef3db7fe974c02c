import CHDF5
import DaosObject

/// Attributes: all of an object's attributes live under its `/Attribute` dkey, a record akey
/// ("R-<name>") and a value akey ("V-<name>") each. The value is written whole by H5Awrite;
/// before that the attribute reads as zeros.
enum Attributes {
    static func create(on owner: Location, name: String, type: hid_t, space: hid_t,
                       acpl: hid_t) throws(VolError) -> VolAttribute {
        let file = owner.file
        try file.requireWritable()
        guard !name.isEmpty else { throw VolError("an attribute name is not empty") }
        let spaceCopy = try Dataspace.copy(space)
        try H5Call.check(H5Sselect_all(spaceCopy.raw), "H5Sselect_all")
        var cset = H5T_CSET_ASCII
        if acpl > 0 { try H5Call.check(H5Pget_char_encoding(acpl, &cset), "H5Pget_char_encoding") }
        let typeBytes = try LibraryEncoding.encode(datatype: type)
        let spaceBytes = try LibraryEncoding.encode(dataspace: spaceCopy.raw)
        let acplBytes = try LibraryEncoding.encode(propertyList: acpl > 0 ? acpl : swift_H5P_ATTRIBUTE_CREATE_DEFAULT())
        let shared = try CommittedTypes.id(of: type, in: file)
        let bytes = try file.metadataWrite { () throws(VolError) -> [UInt8] in
            let object = try owner.object()
            guard try object.get(Keys.attributes, Keys.attributeRecord(name)) == nil else {
                throw VolError("attribute '\(name)' already exists")
            }
            let order = try owner.takeNext(Keys.attributeCreationOrderNext)
            let record = AttributeRecord(creationOrder: Int64(order), characterSet: UInt8(truncatingIfNeeded: cset.rawValue),
                                         datatype: typeBytes, dataspace: spaceBytes, creationProperties: acplBytes,
                                         sharedType: shared)
            let encoded = record.encoded()
            try object.put(Keys.attributes, Keys.attributeRecord(name), encoded)
            if let shared { try Location(file: file, oid: shared, path: nil).changeReferenceCount(by: 1) }
            return encoded
        }
        return try handle(owner: owner, name: name, record: try AttributeRecord(decoding: bytes))
    }

    static func open(on owner: Location, name: String) throws(VolError) -> VolAttribute {
        guard let bytes = try owner.object().get(Keys.attributes, Keys.attributeRecord(name)) else {
            throw VolError("attribute '\(name)' does not exist")
        }
        return try handle(owner: owner, name: name, record: try AttributeRecord(decoding: bytes))
    }

    static func handle(owner: Location, name: String, record: AttributeRecord) throws(VolError) -> VolAttribute {
        return VolAttribute(owner: owner, name: name, record: record, type: try StoredType(encoded: record.datatype, file: owner.file),
                            space: try LibraryEncoding.decodeDataspace(record.dataspace),
                            creationProperties: try LibraryEncoding.decodePropertyList(record.creationProperties))
    }

    // MARK: - Values

    static func read(_ attribute: VolAttribute, memoryType: hid_t,
                     into buffer: UnsafeMutableRawPointer?) throws(VolError) {
        let count = Int(try Dataspace.extentPoints(attribute.space.raw))
        guard count > 0 else { return }
        guard let buffer else { throw VolError("H5Aread: the buffer is NULL") }
        let fileType = try attribute.type.bound(to: attribute.file)
        let fileBytes = attribute.type.fileElementBytes
        let memoryBytes = try Types.size(memoryType)
        let stored = try attribute.owner.object().get(Keys.attributes, Keys.attributeValue(attribute.name))
        var packed = [UInt8](repeating: 0, count: count * max(fileBytes, memoryBytes))
        if let stored {
            guard stored.count == count * fileBytes else {
                throw VolError("attribute '\(attribute.name)': stored value of \(stored.count) bytes, expected \(count * fileBytes)")
            }
            packed.replaceSubrange(0..<stored.count, with: stored)
        }
        if try !Types.equal(memoryType, fileType.raw) {
            var background = Types.needsBackground(memoryType)
                ? Array(UnsafeRawBufferPointer(start: buffer, count: count * memoryBytes)) : []
            try DatasetIO.convertInPlace(&packed, from: fileType.raw, to: memoryType, count: count,
                                         background: &background, transfer: swift_H5P_DATASET_XFER_DEFAULT())
        }
        packed.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: count * memoryBytes) }
    }

    static func write(_ attribute: VolAttribute, memoryType: hid_t, from buffer: UnsafeRawPointer?) throws(VolError) {
        let file = attribute.file
        try file.requireWritable()
        let count = Int(try Dataspace.extentPoints(attribute.space.raw))
        guard count > 0 else { return }
        guard let buffer else { throw VolError("H5Awrite: the buffer is NULL") }
        let fileType = try attribute.type.bound(to: file)
        let fileBytes = attribute.type.fileElementBytes
        let memoryBytes = try Types.size(memoryType)
        var packed = [UInt8](repeating: 0, count: count * max(fileBytes, memoryBytes))
        packed.withUnsafeMutableBytes { $0.baseAddress!.copyMemory(from: buffer, byteCount: count * memoryBytes) }
        let object = try attribute.owner.object()
        let valueKey = Keys.attributeValue(attribute.name)
        if try !Types.equal(memoryType, fileType.raw) {
            var background: [UInt8] = []
            if Types.needsBackground(fileType.raw) {
                background = try object.get(Keys.attributes, valueKey) ?? [UInt8](repeating: 0, count: count * fileBytes)
                if background.count < packed.count { background += [UInt8](repeating: 0, count: packed.count - background.count) }
            }
            try DatasetIO.convertInPlace(&packed, from: memoryType, to: fileType.raw, count: count,
                                         background: &background, transfer: swift_H5P_DATASET_XFER_DEFAULT())
        }
        let value = Array(packed.prefix(count * fileBytes))
        try file.metadataChange { () throws(VolError) in try object.put(Keys.attributes, valueKey, value) }
    }

    // MARK: - Lookup, listing, changes

    static func exists(on owner: Location, name: String) throws(VolError) -> Bool {
        try owner.object().get(Keys.attributes, Keys.attributeRecord(name)) != nil
    }

    static func names(on owner: Location) throws(VolError) -> [String] {
        try owner.object().akeys(Keys.attributes).compactMap(Keys.attributeName(recordKey:))
    }

    /// Every attribute (name and record) in index order.
    static func ordered(on owner: Location, index: H5_index_t, order: H5_iter_order_t) throws(VolError)
        -> [(name: String, record: AttributeRecord)] {
        let object = try owner.object()
        var list: [(name: String, record: AttributeRecord)] = []
        for name in try names(on: owner) {
            guard let bytes = try object.get(Keys.attributes, Keys.attributeRecord(name)) else { continue }
            list.append((name, try AttributeRecord(decoding: bytes)))
        }
        switch index {
        case H5_INDEX_NAME:
            list.sort { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        case H5_INDEX_CRT_ORDER:
            // HDF5 answers this even when the object does not track the order (its compact
            // attribute storage is in creation order); the order is stored for every attribute.
            list.sort { $0.record.creationOrder < $1.record.creationOrder }
        default:
            throw VolError("unknown index type \(index.rawValue)")
        }
        switch order {
        case H5_ITER_INC, H5_ITER_NATIVE: return list
        case H5_ITER_DEC: return list.reversed()
        default: throw VolError("unknown iteration order \(order.rawValue)")
        }
    }

    static func byIndex(on owner: Location, index: H5_index_t, order: H5_iter_order_t, n: UInt64) throws(VolError)
        -> (name: String, record: AttributeRecord) {
        let list = try ordered(on: owner, index: index, order: order)
        guard n < UInt64(list.count) else { throw VolError("attribute index \(n) is out of range (\(list.count) attributes)") }
        return list[Int(n)]
    }

    static func delete(on owner: Location, name: String) throws(VolError) {
        try owner.file.requireWritable()
        try owner.file.metadataChange { () throws(VolError) in
            let object = try owner.object()
            guard let bytes = try object.get(Keys.attributes, Keys.attributeRecord(name)) else {
                throw VolError("attribute '\(name)' does not exist")
            }
            try object.punch(dkey: Keys.attributes, akeys: [Keys.attributeRecord(name), Keys.attributeValue(name)])
            if let shared = try AttributeRecord(decoding: bytes).sharedType {
                try Location(file: owner.file, oid: shared, path: nil).changeReferenceCount(by: -1)
            }
        }
    }

    static func rename(on owner: Location, from old: String, to new: String) throws(VolError) {
        try owner.file.requireWritable()
        guard !new.isEmpty else { throw VolError("an attribute name is not empty") }
        try owner.file.metadataChange { () throws(VolError) in
            let object = try owner.object()
            let values = try object.get(Keys.attributes, [Keys.attributeRecord(old), Keys.attributeValue(old), Keys.attributeRecord(new)])
            guard let record = values[0] else { throw VolError("attribute '\(old)' does not exist") }
            guard values[2] == nil else { throw VolError("attribute '\(new)' already exists") }
            var writes = [(akey: Keys.attributeRecord(new), value: record)]
            if let value = values[1] { writes.append((Keys.attributeValue(new), value)) }
            try object.put(Keys.attributes, writes)
            try object.punch(dkey: Keys.attributes, akeys: [Keys.attributeRecord(old), Keys.attributeValue(old)])
        }
    }

    /// H5Aget_info.
    static func info(on owner: Location, name: String, record: AttributeRecord) throws(VolError) -> H5A_info_t {
        var info = H5A_info_t()
        info.corder_valid = try tracksCreationOrder(owner)
        info.corder = UInt32(truncatingIfNeeded: record.creationOrder)
        info.cset = H5T_cset_t(rawValue: Int32(record.characterSet))
        let type = try LibraryEncoding.decodeDatatype(record.datatype)
        let space = try LibraryEncoding.decodeDataspace(record.dataspace)
        info.data_size = hsize_t(try Dataspace.extentPoints(space.raw)) * hsize_t(try Types.size(type.raw))
        return info
    }

    static func tracksCreationOrder(_ owner: Location) throws(VolError) -> Bool {
        guard let bytes = try owner.object().get(Keys.metadata, Keys.creationProperties) else { return false }
        let plist = try LibraryEncoding.decodePropertyList(bytes)
        var flags: UInt32 = 0
        guard H5Pget_attr_creation_order(plist.raw, &flags) >= 0 else { return false }
        return flags & UInt32(H5P_CRT_ORDER_TRACKED) != 0
    }
}
