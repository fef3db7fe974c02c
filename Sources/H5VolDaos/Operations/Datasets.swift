import CHDF5
import DaosObject

/// Creating, opening and describing datasets. A dataset is one DAOS object: its metadata
/// under `/Internal Metadata`, its chunks under chunk dkeys (Layout/ChunkGeometry.swift).
enum Datasets {
    /// What is stored about a dataset besides its chunks.
    struct Description {
        var type: StoredType
        var space: LibraryID
        var dcpl: LibraryID
        var geometry: ChunkGeometry
        var fillValue: [UInt8]?
        var sharedType: ObjectID?
    }

    static func create(at start: Location, name: String?, lcpl: hid_t, type: hid_t, space: hid_t, dcpl: hid_t,
                       dapl: hid_t) throws(VolError) -> VolDataset {
        let file = start.file
        try file.requireWritable()
        var description = try describe(type: type, space: space, dcpl: dcpl, file: file)
        let oclass = try CustomProperties.resolvedClass(dcpl, file: file)
        let shared = try CommittedTypes.id(of: type, in: file)
        description.sharedType = shared
        let values: [(akey: [UInt8], value: [UInt8])] = [
            (Keys.sharedDatatype, shared.map(ObjectToken.bytes) ?? []),
            (Keys.datatype, description.type.encoded),
            (Keys.dataspace, try LibraryEncoding.encode(dataspace: description.space.raw)),
            (Keys.creationProperties, try LibraryEncoding.encode(propertyList: description.dcpl.raw)),
            (Keys.chunkLayout, description.geometry.encoded()),
        ].filter { !$0.value.isEmpty } + (description.fillValue.map { [(Keys.fillValue, $0)] } ?? [])
        var parent: (Location, String)?
        if let name { parent = try Traversal.parent(start, name, createIntermediate: try Links.createsIntermediate(lcpl)) }
        let characterSet = try Links.characterSet(lcpl)
        let bytes = try file.metadataWrite { () throws(VolError) -> [UInt8] in
            let order = try parent.map { (group, leaf) throws(VolError) in
                try group.freeLinkOrder(leaf, taken: "cannot create dataset '\(name ?? "")': the name already exists")
            }
            let lo = try file.container.allocateLo()
            let id = try file.container.objectID(lo: lo, kind: .dataset, objectClass: oclass)
            try file.container.object(id).put(Keys.metadata, values + [(Keys.referenceCount, StoredCounter.encode(parent == nil ? 0 : 1))])
            if let shared { try Location(file: file, oid: shared, path: nil).changeReferenceCount(by: 1) }
            if let (group, leaf) = parent {
                try group.appendLink(leaf, .hard(id), characterSet: characterSet, order: order)
            }
            return ObjectToken.bytes(id)
        }
        guard let id = ObjectToken.id(bytes) else { throw VolError("dataset creation returned no object ID") }
        let path = parent.flatMap { Paths.join($0.0.path, $0.1) }
        return try handle(file: file, id: id, path: path, description: description, dapl: dapl)
    }

    static func open(_ location: Location, dapl: hid_t) throws(VolError) -> VolDataset {
        guard location.kind == .dataset else { throw VolError("'\(location.path ?? "object")' is not a dataset") }
        let values = try location.object().get(Keys.metadata, [Keys.datatype, Keys.dataspace, Keys.creationProperties,
                                                              Keys.chunkLayout, Keys.fillValue, Keys.sharedDatatype])
        guard let typeBytes = values[0], let spaceBytes = values[1], let dcplBytes = values[2], let layoutBytes = values[3] else {
            throw VolError("dataset '\(location.path ?? "?")' has no metadata (object \(location.oid))")
        }
        let description = Description(type: try StoredType(encoded: typeBytes, file: location.file),
                                      space: try LibraryEncoding.decodeDataspace(spaceBytes),
                                      dcpl: try LibraryEncoding.decodePropertyList(dcplBytes),
                                      geometry: try ChunkGeometry(decoding: layoutBytes), fillValue: values[4],
                                      sharedType: values[5].flatMap { ObjectToken.id($0) })
        return try handle(file: location.file, id: location.oid, path: location.path, description: description, dapl: dapl)
    }

    private static func handle(file: VolFile, id: ObjectID, path: String?, description: Description,
                               dapl: hid_t) throws(VolError) -> VolDataset {
        let space = description.space
        let extent = try file.container.datasetExtents.extent(for: id) { () throws(VolError) in try DatasetExtent(space: space) }
        let dapl = try H5Call.id(H5Pcopy(dapl > 0 ? dapl : swift_H5P_DATASET_ACCESS_DEFAULT()), "H5Pcopy(dapl)")
        return try VolDataset(file: file, oid: id, path: path, extent: extent, type: description.type,
                              creationProperties: description.dcpl, accessProperties: dapl, geometry: description.geometry,
                              fillValue: description.fillValue, sharedType: description.sharedType)
    }

    /// Validates a new dataset's type, space and creation properties; picks its chunking.
    static func describe(type: hid_t, space: hid_t, dcpl: hid_t, file: VolFile) throws(VolError) -> Description {
        let stored = try StoredType(type: type, file: file)
        let elementBytes = try Types.size(type)
        let spaceCopy = try Dataspace.copy(space)
        try H5Call.check(H5Sselect_all(spaceCopy.raw), "H5Sselect_all")
        let (dimensions, maximum) = try Dataspace.extent(space)
        let geometry: ChunkGeometry
        switch H5Pget_layout(dcpl) {
        case H5D_CHUNKED:
            var chunk = [hsize_t](repeating: 0, count: max(dimensions.count, 1))
            let rank = H5Pget_chunk(dcpl, Int32(chunk.count), &chunk)
            guard rank == dimensions.count, rank > 0 else {
                throw VolError("chunk rank \(rank) does not match the dataspace rank \(dimensions.count)")
            }
            for (index, size) in chunk.enumerated() where maximum[index] != Dataspace.unlimited && size > maximum[index] {
                throw VolError("chunk dimension \(index) (\(size)) exceeds the maximum dimension (\(maximum[index]))")
            }
            geometry = ChunkGeometry(dimensions: chunk, automatic: false)
        case H5D_CONTIGUOUS, H5D_COMPACT:
            guard dimensions == maximum else {
                throw VolError("an extendible dataset needs chunked layout (H5Pset_chunk)")
            }
            geometry = ChunkGeometry.automatic(extent: dimensions, elementBytes: UInt64(elementBytes),
                                               targetBytes: file.config.effectiveChunkTargetBytes)
        case H5D_VIRTUAL:
            throw VolError.unsupported("virtual dataset layout")
        default:
            throw .library("H5Pget_layout")
        }
        var fillTime = H5D_FILL_TIME_IFSET
        try H5Call.check(H5Pget_fill_time(dcpl, &fillTime), "H5Pget_fill_time")
        let variableLength = H5Tdetect_class(type, H5T_VLEN) > 0 || H5Tis_variable_str(type) > 0
        if variableLength, fillTime == H5D_FILL_TIME_NEVER {
            // As HDF5: unwritten elements must read as empty sequences, which needs a fill.
            throw VolError("a variable-length datatype needs a fill time other than H5D_FILL_TIME_NEVER")
        }
        let dcplCopy = try H5Call.id(H5Pcopy(dcpl), "H5Pcopy(dcpl)")
        if Types.hasVariableParts(type), status(dcpl) == H5D_FILL_VALUE_USER_DEFINED {
            // A fill value holding references or sequences keeps pointers: H5Pencode stores
            // them as bytes and closing the decoded list frees them (vol-daos saw the same).
            // The stored list has none; the dataset keeps the fill in file form instead.
            try H5Call.check(H5Pset_fill_value(dcplCopy.raw, type, nil), "H5Pset_fill_value")
        }
        return Description(type: stored, space: spaceCopy, dcpl: dcplCopy, geometry: geometry,
                           fillValue: try fillValue(dcpl: dcpl, fileType: try stored.bound(to: file).raw,
                                                    elementBytes: stored.fileElementBytes, file: file))
    }

    static func status(_ dcpl: hid_t) -> H5D_fill_value_t {
        var status = H5D_FILL_VALUE_UNDEFINED
        _ = H5Pfill_value_defined(dcpl, &status)
        return status
    }

    /// A user-defined fill value in the file form of the dataset's type (variable-length parts
    /// become blobs, which HDF5's conversion writes through the connector), unless it is all
    /// zeros: what unwritten records read as anyway.
    static func fillValue(dcpl: hid_t, fileType: hid_t, elementBytes: Int, file: VolFile) throws(VolError) -> [UInt8]? {
        var status = H5D_FILL_VALUE_UNDEFINED
        try H5Call.check(H5Pfill_value_defined(dcpl, &status), "H5Pfill_value_defined")
        guard status == H5D_FILL_VALUE_USER_DEFINED else { return nil }
        var time = H5D_FILL_TIME_IFSET
        try H5Call.check(H5Pget_fill_time(dcpl, &time), "H5Pget_fill_time")
        guard time != H5D_FILL_TIME_NEVER else { return nil }
        var bytes = [UInt8](repeating: 0, count: elementBytes)
        file.writingFillValue = true
        defer { file.writingFillValue = false }
        try H5Call.check(bytes.withUnsafeMutableBytes { H5Pget_fill_value(dcpl, fileType, $0.baseAddress) },
                         "H5Pget_fill_value")
        return bytes.allSatisfy { $0 == 0 } ? nil : bytes
    }

    // MARK: - Extent

    /// H5Dset_extent: chunked datasets only, within the maximum dimensions. Records outside a
    /// smaller extent are punched, so growing again shows fill values.
    static func setExtent(_ dataset: VolDataset, _ newDimensions: [UInt64]) throws(VolError) {
        let file = dataset.file
        try file.requireWritable()
        let old = dataset.extent.dimensions
        let maximum = dataset.extent.maximum
        guard newDimensions.count == old.count else { throw VolError("H5Dset_extent: rank \(newDimensions.count), the dataset's is \(old.count)") }
        guard !dataset.geometry.automatic else { throw VolError("H5Dset_extent: only chunked datasets can change extent") }
        for (index, size) in newDimensions.enumerated() where maximum[index] != Dataspace.unlimited && size > maximum[index] {
            throw VolError("H5Dset_extent: dimension \(index) (\(size)) exceeds its maximum (\(maximum[index]))")
        }
        let space = try H5Call.id(H5Screate_simple(Int32(newDimensions.count), newDimensions, maximum), "H5Screate_simple")
        let encoded = try LibraryEncoding.encode(dataspace: space.raw)
        let shrinks = zip(newDimensions, old).contains { $0 < $1 }
        try file.metadataChange { () throws(VolError) in
            try dataset.object.put(Keys.metadata, Keys.dataspace, encoded)
            if shrinks { try punchOutside(dataset, newDimensions) }
        }
        try dataset.extent.update(space)
    }

    private static func punchOutside(_ dataset: VolDataset, _ dimensions: [UInt64]) throws(VolError) {
        let object = try dataset.object
        let chunk = dataset.geometry.dimensions
        var whole: [[UInt8]] = []
        for key in try object.dkeys() {
            guard let coordinates = Keys.chunkCoordinates(key, rank: chunk.count) else { continue }
            let start = zip(coordinates, chunk).map { $0 * $1 }
            if zip(start, dimensions).contains(where: { $0 >= $1 }) {
                whole.append(key)
                continue
            }
            let outside = ChunkRegion.outside(start: start, chunk: chunk, extent: dimensions)
            guard !outside.isEmpty else { continue }
            let handle = object.handle
            for batch in stride(from: 0, to: outside.count, by: DatasetIO.extentsPerCallMax) {
                let extents = Array(outside[batch..<min(batch + DatasetIO.extentsPerCallMax, outside.count)])
                try store("punching records of dataset \(dataset.oid)") { () throws(ClientError) in
                    _ = try handle.punchArray(dkey: .bytes(key), akey: .bytes(Keys.chunkRecords), extents: extents,
                                              recordSize: UInt32(dataset.elementBytes))
                }
            }
        }
        try object.punch(dkeys: whole)
    }
}

/// Which records of a chunk lie outside an extent (chunk-local, row-major extents).
enum ChunkRegion {
    static func outside(start: [UInt64], chunk: [UInt64], extent: [UInt64]) -> [WireExtent] {
        let rank = chunk.count
        guard rank > 0 else { return [] }
        let total = chunk.reduce(1, *)
        var result: [WireExtent] = []
        var index: UInt64 = 0
        let rowLength = chunk[rank - 1]
        while index < total {
            var rest = index
            var coordinates = [UInt64](repeating: 0, count: rank)
            for dimension in stride(from: rank - 1, through: 0, by: -1) {
                coordinates[dimension] = rest % chunk[dimension]
                rest /= chunk[dimension]
            }
            let rowOutside = (0..<rank - 1).contains { start[$0] + coordinates[$0] >= extent[$0] }
            if rowOutside {
                append(WireExtent(start: index, count: rowLength), to: &result)
            } else {
                let inside = extent[rank - 1] > start[rank - 1] ? min(rowLength, extent[rank - 1] - start[rank - 1]) : 0
                if inside < rowLength { append(WireExtent(start: index + inside, count: rowLength - inside), to: &result) }
            }
            index += rowLength
        }
        return result
    }

    private static func append(_ extent: WireExtent, to list: inout [WireExtent]) {
        if let last = list.last, last.start + last.count == extent.start {
            list[list.count - 1].count += extent.count
        } else {
            list.append(extent)
        }
    }
}

extension Datasets {
    /// H5Drefresh: the extent as stored (another process may have changed it).
    static func refresh(_ dataset: VolDataset) throws(VolError) {
        guard let bytes = try dataset.object.get(Keys.metadata, Keys.dataspace) else {
            throw VolError("dataset \(dataset.oid) has no dataspace")
        }
        try dataset.extent.update(try LibraryEncoding.decodeDataspace(bytes))
    }
}
