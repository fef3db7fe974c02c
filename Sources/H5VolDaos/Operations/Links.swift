import CHDF5
import DaosObject

/// Link operations: create, delete, copy, move, info, value, by-index lookup. A hard link
/// counts toward its target's reference count; a group whose last link goes has its maximum
/// creation order reset (as HDF5 does).
enum Links {
    static func createsIntermediate(_ lcpl: hid_t) throws(VolError) -> Bool {
        guard lcpl > 0 else { return false }
        var flag: UInt32 = 0
        try H5Call.check(H5Pget_create_intermediate_group(lcpl, &flag), "H5Pget_create_intermediate_group")
        return flag != 0
    }

    static func characterSet(_ lcpl: hid_t) throws(VolError) -> UInt8 {
        guard lcpl > 0 else { return 0 }
        var cset = H5T_CSET_ASCII
        try H5Call.check(H5Pget_char_encoding(lcpl, &cset), "H5Pget_char_encoding")
        return UInt8(truncatingIfNeeded: cset.rawValue)
    }

    /// Writes a new link with the group's next creation order; runs where metadata is written.
    /// A hard link counts toward its target's reference count unless the target was just
    /// created with its first link already counted (`counted`).
    /// `order`: the creation order `freeLinkOrder` read, if the caller checked the name with it.
    static func insert(_ target: LinkTarget, named name: String, in group: Location, characterSet: UInt8,
                       counted: Bool = false, order: UInt64? = nil) throws(VolError) {
        guard Paths.isValidLinkName(name) else { throw VolError("'\(name)' is not a valid link name") }
        try group.appendLink(name, target, characterSet: characterSet, order: order)
        if !counted, case .hard(let id) = target {
            try Location(file: group.file, oid: id, path: nil).changeReferenceCount(by: 1)
        }
    }

    /// H5Lcreate_hard / _soft / _ud (external links are user-defined type 64).
    static func create(_ target: LinkTarget, at start: Location, name: String, lcpl: hid_t) throws(VolError) {
        let file = start.file
        try file.requireWritable()
        if case .hard(let id) = target { guard id.kind != .fileMetadata else { throw VolError("not a linkable object") } }
        let (parent, leaf) = try Traversal.parent(start, name, createIntermediate: try createsIntermediate(lcpl))
        guard parent.file === file || parent.file.container === file.container else {
            throw VolError("cannot create a link in another file")
        }
        let characterSet = try characterSet(lcpl)
        try file.metadataChange { () throws(VolError) in
            let order = try parent.freeLinkOrder(leaf, taken: "cannot create link '\(name)': the name already exists")
            try insert(target, named: leaf, in: parent, characterSet: characterSet, order: order)
        }
    }

    /// H5Ldelete / H5Ldelete_by_idx: `group` holds the link `name`.
    static func delete(_ name: String, in group: Location) throws(VolError) {
        let file = group.file
        try file.requireWritable()
        try file.metadataChange { () throws(VolError) in
            guard let record = try group.link(name) else { throw VolError("cannot delete link '\(name)': it does not exist") }
            try group.removeLink(name)
            try resetCreationOrderIfEmpty(group)
            if case .hard(let id) = record.target { try dropReference(Location(file: file, oid: id, path: nil)) }
        }
        if let path = Paths.join(group.path, name) { Handles.renamePaths(in: file.container, from: path, to: nil) }
    }

    static func resetCreationOrderIfEmpty(_ group: Location) throws(VolError) {
        if try group.linkNames().isEmpty { try group.setCounter(Keys.linkCreationOrderNext, 0) }
    }

    /// One hard link fewer; an object left with none and open nowhere in this (serial) process
    /// is punched.
    static func dropReference(_ target: Location) throws(VolError) {
        let remaining = try target.changeReferenceCount(by: -1)
        guard remaining == 0, !target.file.communicator.isParallel else { return }
        let inUse = Handles.all.contains { $0.isOpen && $0.oid == target.oid && $0.file.container === target.file.container }
        guard !inUse else { return }
        // The object's references to committed datatypes (its own type, its attributes') go
        // with it, as HDF5's shared datatype messages do.
        for shared in try sharedTypes(of: target) {
            try dropReference(Location(file: target.file, oid: shared, path: nil))
        }
        try target.object().punchAll()
    }

    /// The committed datatypes an object refers to: a dataset's type and its attributes' types.
    static func sharedTypes(of target: Location) throws(VolError) -> [ObjectID] {
        var types: [ObjectID] = []
        let object = try target.object()
        if target.kind == .dataset, let token = try object.get(Keys.metadata, Keys.sharedDatatype), let id = ObjectToken.id(token) {
            types.append(id)
        }
        for name in try Attributes.names(on: target) {
            guard let bytes = try object.get(Keys.attributes, Keys.attributeRecord(name)) else { continue }
            if let id = try AttributeRecord(decoding: bytes).sharedType { types.append(id) }
        }
        return types
    }

    /// H5Lcopy / H5Lmove: the link `source` names is written at `destination` (a new creation
    /// order there); a move then removes the source link.
    static func copy(from sourceStart: Location, _ sourceName: String, to destinationStart: Location,
                     _ destinationName: String, lcpl: hid_t, move: Bool) throws(VolError) {
        let file = sourceStart.file
        try file.requireWritable()
        let (sourceGroup, sourceLeaf) = try Traversal.parent(sourceStart, sourceName)
        let (destinationGroup, destinationLeaf) = try Traversal.parent(destinationStart, destinationName,
                                                                       createIntermediate: try createsIntermediate(lcpl))
        guard sourceGroup.file.container === destinationGroup.file.container else {
            throw VolError("cannot \(move ? "move" : "copy") a link to another file")
        }
        let characterSet = try characterSet(lcpl)
        try file.metadataChange { () throws(VolError) in
            guard let record = try sourceGroup.link(sourceLeaf) else {
                throw VolError("link '\(sourceName)' does not exist")
            }
            let samePlace = sourceGroup.oid == destinationGroup.oid && sourceLeaf == destinationLeaf
            if samePlace && move { return }
            let order = try destinationGroup.freeLinkOrder(destinationLeaf, taken: "link '\(destinationName)' already exists")
            if move {
                try sourceGroup.removeLink(sourceLeaf)
                try destinationGroup.appendLink(destinationLeaf, record.target, characterSet: record.characterSet, order: order)
                try resetCreationOrderIfEmpty(sourceGroup)
            } else {
                try insert(record.target, named: destinationLeaf, in: destinationGroup, characterSet: characterSet, order: order)
            }
        }
        if move, let old = Paths.join(sourceGroup.path, sourceLeaf) {
            Handles.renamePaths(in: file.container, from: old, to: Paths.join(destinationGroup.path, destinationLeaf))
        }
    }

    // MARK: - Queries

    /// H5Lget_info2.
    static func info(_ record: LinkRecord, in group: Location) throws(VolError) -> H5L_info2_t {
        var info = H5L_info2_t()
        info.corder_valid = try Groups.tracksLinkCreationOrder(group)
        info.corder = record.creationOrder
        info.cset = H5T_cset_t(rawValue: Int32(record.characterSet))
        switch record.target {
        case .hard(let id):
            info.type = H5L_TYPE_HARD
            info.u.token = Tokens.token(id)
        case .soft(let path):
            info.type = H5L_TYPE_SOFT
            info.u.val_size = path.utf8.count + 1
        case .userDefined(let type, let value):
            info.type = H5L_type_t(rawValue: type)
            info.u.val_size = value.count
        }
        return info
    }

    /// H5Lget_val: a soft link's path (NUL-terminated), or a user-defined link's value.
    static func value(_ record: LinkRecord) -> [UInt8] {
        switch record.target {
        case .hard: []
        case .soft(let path): Array(path.utf8) + [0]
        case .userDefined(_, let value): value
        }
    }

    /// The links of `group` in the order an index and direction give (by name: byte order;
    /// by creation order: only if the group tracks it — visits then fall back to names, as
    /// HDF5's H5G_visit does, iterations fail).
    static func ordered(_ group: Location, index: H5_index_t, order: H5_iter_order_t,
                        visiting: Bool = false) throws(VolError) -> [(name: String, record: LinkRecord)] {
        var links = try group.links()
        var index = index
        if visiting, index == H5_INDEX_CRT_ORDER, try !Groups.tracksLinkCreationOrder(group) { index = H5_INDEX_NAME }
        switch index {
        case H5_INDEX_NAME:
            links.sort { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        case H5_INDEX_CRT_ORDER:
            guard try Groups.tracksLinkCreationOrder(group) else {
                throw VolError("group '\(group.path ?? "?")' does not track link creation order")
            }
            links.sort { $0.record.creationOrder < $1.record.creationOrder }
        default:
            throw VolError("unknown index type \(index.rawValue)")
        }
        switch order {
        case H5_ITER_INC, H5_ITER_NATIVE: return links
        case H5_ITER_DEC: return links.reversed()
        default: throw VolError("unknown iteration order \(order.rawValue)")
        }
    }

    /// The `n`th link of `group` by an index.
    static func byIndex(_ group: Location, index: H5_index_t, order: H5_iter_order_t, n: UInt64) throws(VolError)
        -> (name: String, record: LinkRecord) {
        let links = try ordered(group, index: index, order: order)
        guard n < UInt64(links.count) else { throw VolError("link index \(n) is out of range (\(links.count) links)") }
        return links[Int(n)]
    }
}
