import CHDF5
import DaosObject

/// H5Ocopy: the object (and, for a group, everything reachable from it through hard links)
/// gets new object IDs in the destination file; metadata and attribute values are copied
/// value by value, dataset chunks record run by record run. An object reached twice inside
/// the copied hierarchy is copied once and linked twice, as HDF5 does. Variable-length data
/// copied into another file still names blobs of the source file (not supported there).
enum ObjectCopy {
    struct Options {
        var shallow: Bool
        var expandSoftLinks: Bool
        var withoutAttributes: Bool

        init(_ ocpypl: hid_t) throws(VolError) {
            var flags: UInt32 = 0
            if ocpypl > 0 { try H5Call.check(H5Pget_copy_object(ocpypl, &flags), "H5Pget_copy_object") }
            shallow = flags & 0x0001 != 0
            expandSoftLinks = flags & 0x0002 != 0
            withoutAttributes = flags & 0x0010 != 0
        }
    }

    static func run(source: Location, to start: Location, name: String, options: Options,
                    lcpl: hid_t) throws(VolError) {
        let destination = start.file
        try destination.requireWritable()
        let (parent, leaf) = try Traversal.parent(start, name, createIntermediate: try Links.createsIntermediate(lcpl))
        let characterSet = try Links.characterSet(lcpl)
        try destination.metadataChange { () throws(VolError) in
            let order = try parent.freeLinkOrder(leaf, taken: "cannot copy to '\(name)': the name already exists")
            var copied: [ObjectID: ObjectID] = [:]
            let id = try copyObject(source, into: parent.file, options: options, depth: 0, copied: &copied)
            try Links.insert(.hard(id), named: leaf, in: parent, characterSet: characterSet, order: order)
        }
    }

    /// Copies one object (recursively for groups); the copy starts with no links counted.
    private static func copyObject(_ source: Location, into file: VolFile, options: Options, depth: Int,
                                   copied: inout [ObjectID: ObjectID]) throws(VolError) -> ObjectID {
        if let done = copied[source.oid] { return done }
        guard let kind = source.kind, kind != .fileMetadata else { throw VolError("object \(source.oid) cannot be copied") }
        let id = try file.container.objectID(lo: try file.container.allocateLo(), kind: kind, objectClass: nil)
        copied[source.oid] = id
        let from = try source.object()
        let to = try file.container.object(id)
        var metadata = try values(from, Keys.metadata).filter { $0.akey != Keys.referenceCount }
        metadata.append((Keys.referenceCount, StoredCounter.encode(0)))
        try to.put(Keys.metadata, metadata)
        if !options.withoutAttributes {
            let attributes = try values(from, Keys.attributes)
            if !attributes.isEmpty { try to.put(Keys.attributes, attributes) }
        }
        switch kind {
        case .dataset: try copyChunks(source, from: from, to: to)
        case .group: try copyLinks(source, to: Location(file: file, oid: id, path: nil), options: options, depth: depth, copied: &copied)
        default: break
        }
        return id
    }

    private static func copyLinks(_ source: Location, to group: Location, options: Options, depth: Int,
                                  copied: inout [ObjectID: ObjectID]) throws(VolError) {
        // A shallow copy takes the top group's members, not their members.
        if options.shallow, depth >= 1 { return }
        for (name, record) in try source.links() {
            var target = record.target
            switch record.target {
            case .hard(let child):
                let childLocation = Location(file: source.file, oid: child, path: Paths.join(source.path, name), lease: source.lease)
                target = .hard(try copyObject(childLocation, into: group.file, options: options, depth: depth + 1, copied: &copied))
            case .soft where options.expandSoftLinks:
                if let found = try Traversal.follow(record, named: name, in: source, depth: 0) {
                    target = .hard(try copyObject(found, into: group.file, options: options, depth: depth + 1, copied: &copied))
                }
            default:
                break
            }
            try group.writeLink(name, LinkRecord(target: target, creationOrder: record.creationOrder, characterSet: record.characterSet))
            if case .hard(let id) = target { try Location(file: group.file, oid: id, path: nil).changeReferenceCount(by: 1) }
        }
    }

    private static func copyChunks(_ source: Location, from: StoredObject, to: StoredObject) throws(VolError) {
        let values = try from.get(Keys.metadata, [Keys.datatype, Keys.chunkLayout])
        guard let typeBytes = values[0], let layoutBytes = values[1] else { throw VolError("dataset \(source.oid) has no metadata") }
        let geometry = try ChunkGeometry(decoding: layoutBytes)
        let elementBytes = try StoredType(encoded: typeBytes, file: source.file).fileElementBytes
        let records = geometry.elementsPerChunk
        let everything = [WireExtent(start: 0, count: records)]
        var buffer = [UInt8](repeating: 0, count: Int(records) * elementBytes)
        for dkey in try from.dkeys() where Keys.chunkCoordinates(dkey, rank: geometry.rank) != nil {
            let holes = try withMutableBytes(of: &buffer) { (raw) throws(VolError) -> [WireExtent] in
                try from.readRecords(dkey: dkey, akey: Keys.chunkRecords, recordBytes: elementBytes, extents: everything, into: raw)
            }
            for run in Self.written(records: records, holes: holes) {
                let start = Int(run.start) * elementBytes
                let bytes = Array(buffer[start..<start + Int(run.count) * elementBytes])
                try withBytes(of: bytes) { (raw) throws(VolError) in
                    try to.writeRecords(dkey: dkey, akey: Keys.chunkRecords, recordBytes: elementBytes, extents: [run], data: raw)
                }
            }
        }
    }

    /// The runs of `0..<records` not covered by `holes` (holes sorted, not overlapping).
    static func written(records: UInt64, holes: [WireExtent]) -> [WireExtent] {
        var runs: [WireExtent] = []
        var next: UInt64 = 0
        for hole in holes.sorted(by: { $0.start < $1.start }) {
            if hole.start > next { runs.append(WireExtent(start: next, count: hole.start - next)) }
            next = max(next, hole.start + hole.count)
        }
        if next < records { runs.append(WireExtent(start: next, count: records - next)) }
        return runs
    }

    /// Every single value under `dkey`.
    private static func values(_ object: StoredObject,
                               _ dkey: [UInt8]) throws(VolError) -> [(akey: [UInt8], value: [UInt8])] {
        let akeys = try object.akeys(dkey)
        guard !akeys.isEmpty else { return [] }
        var result: [(akey: [UInt8], value: [UInt8])] = []
        for start in stride(from: 0, to: akeys.count, by: 64) {
            let batch = Array(akeys[start..<min(start + 64, akeys.count)])
            for (akey, value) in zip(batch, try object.get(dkey, batch)) {
                if let value { result.append((akey, value)) }
            }
        }
        return result
    }
}
