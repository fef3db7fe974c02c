import CHDF5
import DaosObject

/// H5Dread / H5Dwrite. HDF5 leaves selections and type conversion to the connector:
/// 1. the file selection (H5S_ALL: the whole extent) is walked in its iteration order and cut
///    into chunk pieces (`ChunkMapper`); element i of the selection is element i of a packed
///    buffer;
/// 2. each chunk's pieces are one fetch/update of array extents under the chunk's dkey
///    (straight into or out of the caller's buffer when no conversion and the memory selection
///    is one block from its start);
/// 3. otherwise the packed buffer is converted with H5Tconvert and scattered into (gathered from)
///    the memory selection (H5S_ALL: the file selection; H5S_BLOCK: one block).
/// Records never written read as the fill value.
enum DatasetIO {
    static let extentsPerCallMax = 512
    static let bytesPerCallMax = 16 << 20

    struct Selection {
        let file: hid_t
        let ownedFile: LibraryID?
        /// nil: the memory side is one block of `count` elements from the buffer's start.
        let memory: hid_t?
        let count: UInt64
        let extent: [UInt64]
    }

    static func selection(_ dataset: VolDataset, memory: hid_t, file: hid_t) throws(VolError) -> Selection {
        var owned: LibraryID?
        let fileSpace: hid_t
        if file == swift_H5S_ALL() {
            let all = try Dataspace.copy(dataset.extent.space.raw)
            try H5Call.check(H5Sselect_all(all.raw), "H5Sselect_all")
            owned = all
            fileSpace = all.raw
        } else if file == swift_H5S_PLIST() {
            throw VolError.unsupported("H5S_PLIST (a selection set on the transfer property list)")
        } else if file == swift_H5S_BLOCK() {
            throw VolError("H5S_BLOCK is only valid as a memory dataspace")
        } else {
            fileSpace = file
            guard try H5Call.truth(H5Sselect_valid(fileSpace), "H5Sselect_valid") else {
                throw VolError("the file selection is not within the dataspace extent")
            }
        }
        let (extent, _) = try Dataspace.extent(fileSpace)
        guard extent.count == dataset.geometry.rank else {
            throw VolError("the file dataspace has rank \(extent.count), the dataset \(dataset.geometry.rank)")
        }
        let count = try Dataspace.selectedPoints(fileSpace)
        var memorySpace: hid_t?
        if memory == swift_H5S_BLOCK() {
            memorySpace = nil
        } else if memory == swift_H5S_ALL() {
            memorySpace = try isBlockFromStart(fileSpace, count) ? nil : fileSpace
        } else {
            guard try H5Call.truth(H5Sselect_valid(memory), "H5Sselect_valid") else {
                throw VolError("the memory selection is not within its dataspace extent")
            }
            let memoryCount = try Dataspace.selectedPoints(memory)
            guard memoryCount == count else {
                throw VolError("the memory selection has \(memoryCount) elements, the file selection \(count)")
            }
            memorySpace = try isBlockFromStart(memory, count) ? nil : memory
        }
        return Selection(file: fileSpace, ownedFile: owned, memory: memorySpace, count: count, extent: extent)
    }

    /// True when the selection is `count` elements from element 0 on, in one run.
    static func isBlockFromStart(_ space: hid_t, _ count: UInt64) throws(VolError) -> Bool {
        guard count > 0 else { return true }
        let iterator = try H5Call.id(H5Ssel_iter_create(space, 1, 0), "H5Ssel_iter_create")
        var offsets = [hsize_t](repeating: 0, count: 1)
        var lengths = [Int](repeating: 0, count: 1)
        var sequences = 0
        var elements = 0
        try H5Call.check(H5Ssel_iter_get_seq_list(iterator.raw, 1, Int.max, &sequences, &elements, &offsets, &lengths),
                         "H5Ssel_iter_get_seq_list")
        return sequences == 1 && offsets[0] == 0 && UInt64(lengths[0]) == count
    }

    /// The file selection cut into chunk pieces, in selection order.
    static func pieces(_ dataset: VolDataset, _ selection: Selection) throws(VolError) -> [ChunkPiece] {
        let mapper = ChunkMapper(extent: selection.extent, chunkDimensions: dataset.geometry.dimensions)
        var pieces: [ChunkPiece] = []
        var packed: UInt64 = 0
        try Dataspace.forEachRun(selection.file) { (offset, count) throws(VolError) in
            mapper.pieces(offset: offset, count: count, packedOffset: packed, into: &pieces)
            packed += count
        }
        guard packed == selection.count else { throw VolError("the file selection iterated \(packed) of \(selection.count) elements") }
        return pieces
    }

    // MARK: - Read

    static func read(_ dataset: VolDataset, memoryType: hid_t, memory: hid_t, file: hid_t, transfer: hid_t,
                     into buffer: UnsafeMutableRawPointer?) throws(VolError) {
        let selection = try self.selection(dataset, memory: memory, file: file)
        guard selection.count > 0 else { return }
        guard let buffer else { throw VolError("H5Dread: the buffer is NULL") }
        let fileType = try dataset.type.bound(to: dataset.file)
        let convert = try !Types.equal(memoryType, fileType.raw)
        let pieces = try self.pieces(dataset, selection)
        let count = Int(selection.count)
        if !convert, selection.memory == nil {
            try fetch(dataset, pieces, into: buffer)
            return
        }
        let memoryBytes = try Types.size(memoryType)
        var packed = [UInt8](repeating: 0, count: count * max(memoryBytes, dataset.elementBytes))
        try withMutableBytes(of: &packed) { (raw) throws(VolError) in try fetch(dataset, pieces, into: raw.baseAddress!) }
        if convert {
            var background = Types.needsBackground(memoryType) ? [UInt8](repeating: 0, count: count * memoryBytes) : []
            if !background.isEmpty {
                try withMutableBytes(of: &background) { (raw) throws(VolError) in
                    try gather(from: buffer, selection.memory, count, memoryBytes, into: raw.baseAddress!)
                }
            }
            try convertInPlace(&packed, from: fileType.raw, to: memoryType, count: count, background: &background,
                               transfer: transfer)
        }
        try withBytes(of: packed) { (raw) throws(VolError) in
            try scatter(raw.baseAddress!, into: buffer, selection.memory, count, memoryBytes)
        }
    }

    // MARK: - Write

    static func write(_ dataset: VolDataset, memoryType: hid_t, memory: hid_t, file: hid_t, transfer: hid_t,
                      from buffer: UnsafeRawPointer?) throws(VolError) {
        try dataset.file.requireWritable()
        let selection = try self.selection(dataset, memory: memory, file: file)
        guard selection.count > 0 else { return }
        guard let buffer else { throw VolError("H5Dwrite: the buffer is NULL") }
        let fileType = try dataset.type.bound(to: dataset.file)
        let convert = try !Types.equal(memoryType, fileType.raw)
        let pieces = try self.pieces(dataset, selection)
        let count = Int(selection.count)
        if !convert, selection.memory == nil {
            try update(dataset, pieces, from: buffer)
            return
        }
        let memoryBytes = try Types.size(memoryType)
        var packed = [UInt8](repeating: 0, count: count * max(memoryBytes, dataset.elementBytes))
        try withMutableBytes(of: &packed) { (raw) throws(VolError) in
            try gather(from: buffer, selection.memory, count, memoryBytes, into: raw.baseAddress!)
        }
        if convert {
            var background: [UInt8] = []
            if Types.needsBackground(fileType.raw) {
                background = [UInt8](repeating: 0, count: count * max(memoryBytes, dataset.elementBytes))
                try withMutableBytes(of: &background) { (raw) throws(VolError) in try fetch(dataset, pieces, into: raw.baseAddress!) }
            }
            try convertInPlace(&packed, from: memoryType, to: fileType.raw, count: count, background: &background,
                               transfer: transfer)
        }
        try withBytes(of: packed) { (raw) throws(VolError) in try update(dataset, pieces, from: raw.baseAddress!) }
    }

    // MARK: - Chunk transfers

    /// Reads every piece into its place in the packed buffer `base` (file-type elements).
    static func fetch(_ dataset: VolDataset, _ pieces: [ChunkPiece],
                      into base: UnsafeMutableRawPointer) throws(VolError) {
        let object = try dataset.object
        let size = dataset.elementBytes
        var together = ChunkBatch()
        for (chunk, chunkPieces) in ChunkMapper.grouped(pieces) {
            let dkey = Keys.chunk(chunk)
            let chunkBatches = batches(chunkPieces, elementBytes: size)
            if chunkBatches.count == 1, let run = contiguousRun(chunkBatches[0]) {
                together.add(dkey, chunkBatches[0], run: run, elementBytes: size)
                if together.isFull { try together.read(object, into: base, fill: dataset.fillValue, elementBytes: size) }
                continue
            }
            for batch in chunkBatches {
                let extents = batch.map { WireExtent(start: $0.localStart, count: $0.count) }
                let holes: [WireExtent]
                if let run = contiguousRun(batch) {
                    let window = UnsafeMutableRawBufferPointer(start: base + Int(run.start) * size, count: Int(run.count) * size)
                    holes = try object.readRecords(dkey: dkey, akey: Keys.chunkRecords, recordBytes: size, extents: extents,
                                                   into: window)
                } else {
                    let total = batch.reduce(0) { $0 + Int($1.count) } * size
                    var staging = [UInt8](repeating: 0, count: total)
                    holes = try withMutableBytes(of: &staging) { (raw) throws(VolError) -> [WireExtent] in
                        try object.readRecords(dkey: dkey, akey: Keys.chunkRecords, recordBytes: size, extents: extents, into: raw)
                    }
                    var at = 0
                    staging.withUnsafeBytes { raw in
                        for piece in batch {
                            let bytes = Int(piece.count) * size
                            (base + Int(piece.packedOffset) * size).copyMemory(from: raw.baseAddress! + at, byteCount: bytes)
                            at += bytes
                        }
                    }
                }
                if let fill = dataset.fillValue, !holes.isEmpty { applyFill(fill, holes: holes, pieces: batch, base: base) }
            }
        }
        try together.read(object, into: base, fill: dataset.fillValue, elementBytes: size)
    }

    /// Writes every piece from its place in the packed buffer `base` (file-type elements).
    static func update(_ dataset: VolDataset, _ pieces: [ChunkPiece], from base: UnsafeRawPointer) throws(VolError) {
        let object = try dataset.object
        let size = dataset.elementBytes
        var together = ChunkBatch()
        for (chunk, chunkPieces) in ChunkMapper.grouped(pieces) {
            let dkey = Keys.chunk(chunk)
            let chunkBatches = batches(chunkPieces, elementBytes: size)
            if chunkBatches.count == 1, let run = contiguousRun(chunkBatches[0]) {
                together.add(dkey, chunkBatches[0], run: run, elementBytes: size)
                if together.isFull { try together.write(object, from: base, elementBytes: size) }
                continue
            }
            for batch in chunkBatches {
                let extents = batch.map { WireExtent(start: $0.localStart, count: $0.count) }
                if let run = contiguousRun(batch) {
                    let window = UnsafeRawBufferPointer(start: base + Int(run.start) * size, count: Int(run.count) * size)
                    try object.writeRecords(dkey: dkey, akey: Keys.chunkRecords, recordBytes: size, extents: extents, data: window)
                } else {
                    var staging: [UInt8] = []
                    staging.reserveCapacity(batch.reduce(0) { $0 + Int($1.count) } * size)
                    for piece in batch {
                        let start = base + Int(piece.packedOffset) * size
                        staging.append(contentsOf: UnsafeRawBufferPointer(start: start, count: Int(piece.count) * size))
                    }
                    try withBytes(of: staging) { (raw) throws(VolError) in
                        try object.writeRecords(dkey: dkey, akey: Keys.chunkRecords, recordBytes: size, extents: extents, data: raw)
                    }
                }
            }
        }
        try together.write(object, from: base, elementBytes: size)
    }

    /// Pieces of one chunk in groups one call can carry. A piece that overlaps one already in
    /// the group starts a new group: an update may not name a record twice, and a selection
    /// that does (repeated points) means "the later one wins", which separate updates give.
    static func batches(_ pieces: [ChunkPiece], elementBytes: Int) -> [ArraySlice<ChunkPiece>] {
        var result: [ArraySlice<ChunkPiece>] = []
        var start = 0
        var bytes = 0
        var covered = RecordSet()
        for (index, piece) in pieces.enumerated() {
            let pieceBytes = Int(piece.count) * elementBytes
            let full = index - start >= extentsPerCallMax || bytes + pieceBytes > bytesPerCallMax
            if index > start, full || covered.overlaps(piece.localStart, piece.count) {
                result.append(pieces[start..<index])
                start = index
                bytes = 0
                covered = RecordSet()
            }
            bytes += pieceBytes
            covered.insert(piece.localStart, piece.count)
        }
        if start < pieces.count { result.append(pieces[start...]) }
        return result
    }

    /// Record ranges of one batch, to find a repeated record.
    struct RecordSet {
        private var ranges: [(start: UInt64, end: UInt64)] = []
        private var highest: UInt64 = 0

        func overlaps(_ start: UInt64, _ count: UInt64) -> Bool {
            // Selections mostly move forward: past everything seen means no overlap.
            guard !ranges.isEmpty, start < highest else { return false }
            return ranges.contains { start < $0.end && $0.start < start + count }
        }

        mutating func insert(_ start: UInt64, _ count: UInt64) {
            ranges.append((start, start + count))
            highest = max(highest, start + count)
        }
    }

    /// The packed range of a batch whose pieces follow each other in the packed buffer.
    static func contiguousRun(_ batch: ArraySlice<ChunkPiece>) -> (start: UInt64, count: UInt64)? {
        guard let first = batch.first else { return nil }
        var next = first.packedOffset
        for piece in batch {
            guard piece.packedOffset == next else { return nil }
            next += piece.count
        }
        return (first.packedOffset, next - first.packedOffset)
    }

    static func applyFill(_ fill: [UInt8], holes: [WireExtent], pieces: ArraySlice<ChunkPiece>,
                          base: UnsafeMutableRawPointer) {
        let size = fill.count
        fill.withUnsafeBytes { value in
            for hole in holes {
                for piece in pieces {
                    let from = max(hole.start, piece.localStart)
                    let to = min(hole.start + hole.count, piece.localStart + piece.count)
                    guard from < to else { continue }
                    var element = Int(piece.packedOffset + (from - piece.localStart))
                    for _ in from..<to {
                        (base + element * size).copyMemory(from: value.baseAddress!, byteCount: size)
                        element += 1
                    }
                }
            }
        }
    }

    // MARK: - Memory selections and conversion

    /// Copies the memory selection's elements (in selection order) into `packed`.
    static func gather(from buffer: UnsafeRawPointer, _ space: hid_t?, _ count: Int, _ size: Int,
                       into packed: UnsafeMutableRawPointer) throws(VolError) {
        guard let space else {
            packed.copyMemory(from: buffer, byteCount: count * size)
            return
        }
        var position = 0
        try Dataspace.forEachRun(space) { (offset, length) throws(VolError) in
            let bytes = Int(length) * size
            (packed + position * size).copyMemory(from: buffer + Int(offset) * size, byteCount: bytes)
            position += Int(length)
        }
    }

    /// Copies packed elements into the memory selection of `buffer`.
    static func scatter(_ packed: UnsafeRawPointer, into buffer: UnsafeMutableRawPointer, _ space: hid_t?, _ count: Int,
                        _ size: Int) throws(VolError) {
        guard let space else {
            buffer.copyMemory(from: packed, byteCount: count * size)
            return
        }
        var position = 0
        try Dataspace.forEachRun(space) { (offset, length) throws(VolError) in
            let bytes = Int(length) * size
            (buffer + Int(offset) * size).copyMemory(from: packed + position * size, byteCount: bytes)
            position += Int(length)
        }
    }

    static func convertInPlace(_ buffer: inout [UInt8], from source: hid_t, to destination: hid_t, count: Int,
                               background: inout [UInt8], transfer: hid_t) throws(VolError) {
        let status = buffer.withUnsafeMutableBytes { raw in
            background.withUnsafeMutableBytes { bkg in
                H5Tconvert(source, destination, count, raw.baseAddress, bkg.isEmpty ? nil : bkg.baseAddress, transfer)
            }
        }
        try H5Call.check(status, "H5Tconvert")
    }
}
