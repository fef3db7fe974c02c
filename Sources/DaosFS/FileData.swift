import DaosObject

/// The bytes of one file: a byte array (1-byte records) in chunks of the inode's chunk size,
/// chunk c at dkey c + 1 (dkey 0, the array metadata of `daos_array_create`, is never written:
/// the inode holds the chunk size, as libdfs does with `daos_array_open_with_attr`).
///
/// A list I/O call is one array request: the array turns the extents into one update or fetch
/// per chunk they touch (several extents of one chunk travel together). Memory comes as
/// segments; the array takes one buffer, so one segment is used in place, several up to
/// `stagingBytesMax` are gathered into (or scattered from) one staging buffer, and larger ones
/// go segment by segment — still without a request per extent.
struct FileData {
    let array: ArrayObject

    init(fileSystem: DaosFileSystem, inode: Inode) throws(FileSystemError) {
        precondition(inode.kind == .regular, "file data of a \(inode.kind)")
        let object = try fileSystem.handle(inode.oid)
        array = try client("open of file object \(inode.oid)") { () throws(ClientError) in
            try ArrayObject.open(object, cellSize: 1, chunkSize: inode.chunkSize)
        }
    }

    var oid: ObjectID { array.object.id }

    /// One past the highest byte written: the array's cheapest size query (a max-dkey query per
    /// redundancy group, then a max-extent query on the last chunk).
    func size() throws(FileSystemError) -> UInt64 {
        try client("size of file object \(oid)") { () throws(ClientError) in try array.size() }
    }

    // MARK: - Write

    func write(_ list: ExtentList, from segments: [UnsafeRawBufferPointer], epoch: Epoch? = nil) throws(FileSystemError) {
        try checkSegments(segments.map(\.count), hold: list)
        guard !list.isEmpty else { return }
        let what = { "write to file object \(oid)" }  // built only for an error
        let used = segments.filter { $0.count > 0 }
        if used.count == 1 {
            return try client(what()) { () throws(ClientError) in try array.write(list.ranges, from: used[0], epoch: epoch) }
        }
        if list.totalBytes <= FileSystemLimits.stagingBytesMax {
            var staging = [UInt8]()
            staging.reserveCapacity(list.totalBytes)
            for segment in used { staging.append(contentsOf: segment) }
            return try client(what()) { () throws(ClientError) in
                try withBytes(of: staging) { (buffer) throws(ClientError) in try array.write(list.ranges, from: buffer, epoch: epoch) }
            }
        }
        for (segment, ranges) in zip(segments, list.split(segmentLengths: segments.map(\.count))) where !ranges.isEmpty {
            try client(what()) { () throws(ClientError) in try array.write(ranges, from: segment, epoch: epoch) }
        }
    }

    // MARK: - Read

    /// Reads the extents into the segments; returns the bytes that lie inside the file (POSIX
    /// short count). Bytes past the end of the file, and holes, read as zeros.
    ///
    /// The fetch reports holes, and a read with none lies wholly inside the file: no size query.
    /// Otherwise (holes, or an erasure-coded read that rebuilt cells and so cannot tell) the
    /// size is queried and the extents clamped to it.
    func read(_ list: ExtentList, into segments: [UnsafeMutableRawBufferPointer]) throws(FileSystemError) -> UInt64 {
        try checkSegments(segments.map(\.count), hold: list)
        guard !list.isEmpty else { return 0 }
        if try readAll(list, into: segments) == 0 { return UInt64(list.totalBytes) }
        return list.bytesBelow(try size())
    }

    /// Reads every extent (holes zero-filled); returns the hole bytes found, nil if not known.
    private func readAll(_ list: ExtentList, into segments: [UnsafeMutableRawBufferPointer]) throws(FileSystemError) -> UInt64? {
        let what = { "read from file object \(oid)" }
        let used = segments.filter { $0.count > 0 }
        if used.count == 1 {
            return try client(what()) { () throws(ClientError) in try array.read(list.ranges, into: used[0]) }
        }
        if list.totalBytes <= FileSystemLimits.stagingBytesMax {
            var staging = [UInt8](repeating: 0, count: list.totalBytes)
            let holes = try client(what()) { () throws(ClientError) in
                try withMutableBytes(of: &staging) { (buffer) throws(ClientError) in try array.read(list.ranges, into: buffer) }
            }
            staging.withUnsafeBytes { source in
                var at = 0
                for segment in used {
                    segment.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[at..<at + segment.count]))
                    at += segment.count
                }
            }
            return holes
        }
        var holes: UInt64? = 0
        for (segment, ranges) in zip(segments, list.split(segmentLengths: segments.map(\.count))) where !ranges.isEmpty {
            let found = try client(what()) { () throws(ClientError) in try array.read(ranges, into: segment) }
            holes = found.flatMap { found in holes.map { $0 + found } }
        }
        return holes
    }

    // MARK: - Truncate and punch

    /// Sets the size: shrinking punches every byte at or past `size`, growing writes a zero at
    /// `size - 1` (DAOS's `daos_array_set_size`). A shrink whose new last byte was never
    /// written (a hole) would leave the array shorter than asked, so that byte is written then.
    func truncate(to size: UInt64) throws(FileSystemError) {
        guard size <= FileSystemLimits.fileBytesMax else {
            throw .fileTooLarge("size \(size) is past the largest file (\(FileSystemLimits.fileBytesMax) bytes)")
        }
        let what = { "truncate of file object \(oid) to \(size) bytes" }
        let previous = try client(what()) { () throws(ClientError) in try array.setSize(size) }
        // Growing wrote the new last byte; only a shrink can leave the array shorter (across
        // all its shards, a size query costs two round trips: ask only then).
        guard size > 0, size < previous, try self.size() < size else { return }
        let zero: [UInt8] = [0]
        try client(what()) { () throws(ClientError) in
            try withBytes(of: zero) { (byte) throws(ClientError) in
                try array.write([WireExtent(start: size - 1, count: 1)], from: byte)
            }
        }
    }

    /// Deallocates `length` bytes from `offset` (libdfs's `dfs_punch`): a range that reaches the
    /// end of the file truncates it to `offset`; a range inside it becomes a hole (reads as
    /// zeros, size unchanged); a range past the end does nothing.
    func punch(_ extent: FileExtent) throws(FileSystemError) {
        let list = try ExtentList([extent])
        guard let range = list.ranges.first else { return }
        let size = try self.size()
        guard range.start < size else { return }
        if range.start + range.count >= size { return try truncate(to: range.start) }
        try client("punch of \(extent) in file object \(oid)") { () throws(ClientError) in try array.punch([range]) }
    }
}
