/// A byte-addressable array object (DAOS's `daos_array_*`): records of `cellSize` bytes, split
/// into chunks of `chunkRecords` records; chunk c is dkey `c + 1` (akey 0 holds its records at
/// chunk-local indices), dkey 0 holds the array's metadata. A read or write takes a list of
/// record ranges and one buffer holding their data back to back.
public final class ArrayObject {
    public let object: ObjectHandle
    public let cellSize: Int
    public let chunkRecords: UInt64

    static let metadataDkey = WireKey.uint64(0)
    static let metadataAkey = WireKey.bytes(Array("daos_array_md".utf8))
    static let dataAkey = WireKey.bytes([0])
    static let magic: UInt32 = 0x4441_5259  // "DARY"

    /// Creates the array's metadata (fails if the object already is an array).
    public static func create(_ object: ObjectHandle, cellSize: Int = 1, chunkSize: UInt64 = 1 << 20) throws(ClientError) -> ArrayObject {
        guard cellSize >= 1, UInt64(cellSize) <= WireLimits.recordBytesMax else { throw .invalidArgument("cell size \(cellSize)") }
        guard chunkSize >= 1, chunkSize <= 1 << 40 else { throw .invalidArgument("chunk size \(chunkSize) records") }
        if (try? open(object)) != nil { throw .failed(.exists, detail: "object \(object.id) already is an array") }
        var writer = ByteWriter(capacity: 16)
        writer.write(magic)
        writer.write(UInt32(cellSize))
        writer.write(chunkSize)
        let bytes = writer.bytes
        try withBytes(of: bytes) { (data) throws(ClientError) in
            _ = try object.update(dkey: metadataDkey, iods: [IODescriptor(akey: metadataAkey, value: .single(sizeBytes: 16))], data: data)
        }
        return ArrayObject(object, cellSize: cellSize, chunkRecords: chunkSize)
    }

    /// Opens an existing array: reads its cell and chunk size.
    public static func open(_ object: ObjectHandle) throws(ClientError) -> ArrayObject {
        var bytes = [UInt8](repeating: 0, count: 16)
        let found = try withMutableBytes(of: &bytes) { (buffer) throws(ClientError) in
            try object.fetch(dkey: metadataDkey, iods: [IODescriptor(akey: metadataAkey, value: .single(sizeBytes: 16))], into: buffer)
        }
        guard found.first?.sizeBytes == 16 else { throw .failed(.nonexistent, detail: "object \(object.id) is not an array") }
        let fields: (magic: UInt32, cell: UInt32, chunk: UInt64)? = bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw)
            guard let magic = try? reader.read(UInt32.self), let cell = try? reader.read(UInt32.self),
                  let chunk = try? reader.read(UInt64.self) else { return nil }
            return (magic, cell, chunk)
        }
        guard let fields, fields.magic == Self.magic, fields.cell >= 1, fields.chunk >= 1 else {
            throw .failed(.ioError, detail: "object \(object.id): array metadata is damaged")
        }
        let cell = fields.cell, chunk = fields.chunk
        return ArrayObject(object, cellSize: Int(cell), chunkRecords: chunk)
    }

    /// Opens an array whose cell and chunk size the caller keeps itself (DAOS's
    /// `daos_array_open_with_attr`, what DFS does with the sizes in its inodes): no metadata is
    /// read or written, so creating a file costs no RPC and dkey 0 stays empty.
    public static func open(_ object: ObjectHandle, cellSize: Int, chunkSize: UInt64) throws(ClientError) -> ArrayObject {
        guard cellSize >= 1, UInt64(cellSize) <= WireLimits.recordBytesMax else { throw .invalidArgument("cell size \(cellSize)") }
        guard chunkSize >= 1, chunkSize <= 1 << 40 else { throw .invalidArgument("chunk size \(chunkSize) records") }
        return ArrayObject(object, cellSize: cellSize, chunkRecords: chunkSize)
    }

    init(_ object: ObjectHandle, cellSize: Int, chunkRecords: UInt64) {
        self.object = object
        self.cellSize = cellSize
        self.chunkRecords = chunkRecords
    }

    /// A run of records inside one chunk, and where its bytes sit in the caller's buffer.
    struct ChunkPiece {
        var chunk: UInt64
        var extent: WireExtent
        var bufferOffset: Int
    }

    /// Splits record ranges at chunk boundaries; consecutive pieces of one chunk whose bytes are
    /// adjacent in the buffer stay one request.
    func pieces(_ ranges: [WireExtent]) throws(ClientError) -> [[ChunkPiece]] {
        try Self.pieces(ranges, cellSize: cellSize, chunkRecords: chunkRecords)
    }

    static func pieces(_ ranges: [WireExtent], cellSize: Int, chunkRecords: UInt64) throws(ClientError) -> [[ChunkPiece]] {
        var runs: [[ChunkPiece]] = []
        var at = 0
        for range in ranges {
            guard range.count > 0, case (_, false) = range.start.addingReportingOverflow(range.count) else {
                throw .invalidArgument("array range \(range) is empty or overflows")
            }
            var start = range.start
            let end = range.start + range.count
            while start < end {
                let chunk = start / chunkRecords
                let pieceEnd = min(end, (chunk + 1) * chunkRecords)
                let piece = ChunkPiece(chunk: chunk, extent: WireExtent(start: start - chunk * chunkRecords, count: pieceEnd - start),
                                       bufferOffset: at)
                if let last = runs.last?.last, last.chunk == chunk,
                   last.bufferOffset + Int(last.extent.count) * cellSize == at, runs[runs.count - 1].count < WireLimits.extentsPerIODMax {
                    runs[runs.count - 1].append(piece)
                } else {
                    runs.append([piece])
                }
                at += Int(pieceEnd - start) * cellSize
                start = pieceEnd
            }
        }
        return runs
    }

    static func totalBytes(_ ranges: [WireExtent], cellSize: Int) throws(ClientError) -> Int {
        var total: UInt64 = 0
        for range in ranges {
            let (bytes, overflow) = range.count.multipliedReportingOverflow(by: UInt64(cellSize))
            guard !overflow, case (let sum, false) = total.addingReportingOverflow(bytes), sum <= UInt64(Int.max) else {
                throw .invalidArgument("array I/O larger than memory")
            }
            total = sum
        }
        return Int(total)
    }

    /// Writes the records of `ranges` (their data back to back in `buffer`): one request per
    /// chunk and shard, all at once, at one epoch — `epoch` when given (one version of the whole
    /// write, as MPI-IO's atomic mode needs), else the client clock's next.
    public func write(_ ranges: [WireExtent], from buffer: UnsafeRawBufferPointer, epoch: Epoch? = nil) throws(ClientError) {
        let total = try Self.totalBytes(ranges, cellSize: cellSize)
        guard buffer.count == total else { throw .invalidArgument("write buffer is \(buffer.count) bytes, the ranges need \(total)") }
        let parts = try dkeyParts(ranges)
        guard !parts.isEmpty else { return }
        try object.update(parts, data: buffer, epoch: epoch)
    }

    /// The chunks `ranges` touch, each with its extents and its bytes' place in the buffer.
    private func dkeyParts(_ ranges: [WireExtent]) throws(ClientError) -> [ObjectHandle.DkeyIO] {
        try pieces(ranges).map { run in
            let bytes = run.reduce(0) { $0 + Int($1.extent.count) * cellSize }
            let iod = IODescriptor(akey: Self.dataAkey, value: .array(recordSizeBytes: UInt32(cellSize), extents: run.map(\.extent)))
            return ObjectHandle.DkeyIO(dkey: .uint64(run[0].chunk + 1), iods: [iod], range: run[0].bufferOffset..<run[0].bufferOffset + bytes)
        }
    }

    /// Reads the records of `ranges` into `buffer` (back to back); records never written read
    /// as zeros. Returns the records that were holes, or nil when that is not known: an
    /// erasure-coded read that rebuilt lost cells (`ObjectHandle.lastFetchRebuilt`).
    @discardableResult
    public func read(_ ranges: [WireExtent], into buffer: UnsafeMutableRawBufferPointer, epoch: Epoch = .latest) throws(ClientError) -> UInt64? {
        let total = try Self.totalBytes(ranges, cellSize: cellSize)
        guard buffer.count >= total else { throw .invalidArgument("read buffer is \(buffer.count) bytes, the ranges need \(total)") }
        let parts = try dkeyParts(ranges)
        guard !parts.isEmpty else { return 0 }
        var holes: UInt64 = 0
        for values in try object.fetch(parts, into: buffer, epoch: epoch) {
            holes += values.first?.holes.reduce(0) { $0 + $1.count } ?? 0
        }
        return object.lastFetchRebuilt ? nil : holes
    }

    /// The array's size in records: one past the last record ever written and not punched.
    /// The last chunk is found with one max-dkey query per redundancy group (not a listing of
    /// every chunk) and its end with one max-extent query; only when that chunk holds no
    /// visible record (its records punched but not the dkey) are all chunks scanned.
    public func size(epoch: Epoch = .latest) throws(ClientError) -> UInt64 {
        guard let last = try object.maxDkey(epoch: epoch), last >= 1 else { return 0 }
        let chunk = last - 1
        if let end = try object.maxRecordEnd(dkey: .uint64(last), akey: Self.dataAkey, recordSize: UInt32(cellSize), epoch: epoch),
           end > 0 {
            return chunk * chunkRecords + end
        }
        return try scannedSize(epoch: epoch)
    }

    /// The size from every chunk's last record.
    func scannedSize(epoch: Epoch) throws(ClientError) -> UInt64 {
        var best: UInt64 = 0
        for dkey in try object.listDkeys(epoch: epoch) {
            guard case .uint64(let number) = dkey, number >= 1 else { continue }
            let chunk = number - 1
            guard chunk * chunkRecords + chunkRecords > best else { continue }
            if let end = try object.maxRecordEnd(dkey: dkey, akey: Self.dataAkey, recordSize: UInt32(cellSize), epoch: epoch), end > 0 {
                best = max(best, chunk * chunkRecords + end)
            }
        }
        return best
    }

    /// Truncates (punching every record at or past `size`) or extends (the new last record is
    /// written as a zero, as DAOS does) the array. Returns the size it had.
    @discardableResult
    public func setSize(_ size: UInt64) throws(ClientError) -> UInt64 {
        let current = try self.size()
        if size > current {
            let zero = [UInt8](repeating: 0, count: cellSize)
            try withBytes(of: zero) { (bytes) throws(ClientError) in try write([WireExtent(start: size - 1, count: 1)], from: bytes) }
            return current
        }
        guard size < current else { return current }
        let lastChunk = (current - 1) / chunkRecords
        let firstWholeChunk = (size + chunkRecords - 1) / chunkRecords
        if firstWholeChunk <= lastChunk {
            try object.punch(.dkeys((firstWholeChunk...lastChunk).map { .uint64($0 + 1) }))
        }
        if size % chunkRecords != 0 {
            let chunk = size / chunkRecords
            let from = size - chunk * chunkRecords
            try object.punchArray(dkey: .uint64(chunk + 1), akey: Self.dataAkey,
                                  extents: [WireExtent(start: from, count: chunkRecords - from)], recordSize: UInt32(cellSize))
        }
        return current
    }

    /// Punches the records of `ranges` (they read as zeros afterwards).
    public func punch(_ ranges: [WireExtent]) throws(ClientError) {
        for run in try pieces(ranges) {
            try object.punchArray(dkey: .uint64(run[0].chunk + 1), akey: Self.dataAkey, extents: run.map(\.extent),
                                  recordSize: UInt32(cellSize))
        }
    }
}
