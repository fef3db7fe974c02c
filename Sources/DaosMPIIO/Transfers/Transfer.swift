import CMPI
import DaosFS

/// The data path of every read and write on a `daos:` file: the memory datatype becomes memory
/// segments, the view turns the stream range into file extents, and both go to DaosFS as one
/// list I/O request (DaosFS then sends one update or fetch per chunk touched).
///
/// Past DaosFS's per-call limits (65,536 extents or segments) the memory is staged through one
/// contiguous buffer and the extents go in batches: still correct, one request per batch.
enum Transfer {
    enum Direction {
        case read
        case write
    }

    /// One rank's access, checked: the file extents of its stream range (in stream order) and the
    /// memory segments of its buffer, both `total` bytes.
    struct Request {
        let extents: [FileExtent]
        let memory: MemorySegments
        let total: Int64
        let buffer: UnsafeRawPointer?
    }

    /// Moves `count` items of `datatype` between `buffer` and stream bytes starting at `position`
    /// of the file's view; returns the bytes moved (for reads, those before the end of file).
    static func run(_ file: OpenFile, _ direction: Direction, position: Int64, buffer: UnsafeRawPointer?, count: Int32,
                    datatype: MPI_Datatype?) throws(MPIIOError) -> Int64 {
        try run(file, direction, try request(file, direction, position: position, buffer: buffer, count: count, datatype: datatype))
    }

    /// Checks an access and lays it out, moving nothing.
    static func request(_ file: OpenFile, _ direction: Direction, position: Int64, buffer: UnsafeRawPointer?, count: Int32,
                        datatype: MPI_Datatype?) throws(MPIIOError) -> Request {
        let bytes = try checked(file, direction, position: position, buffer: buffer, count: count, datatype: datatype)
        guard bytes.total > 0, let buffer else { return Request(extents: [], memory: MemorySegments(.contiguous(1), count: 0), total: 0, buffer: nil) }
        let extents = file.view.extents(from: position, bytes: bytes.total)
        for extent in extents where extent.length > FileSystemLimits.fileBytesMax - extent.offset {
            throw .argument("the access ends past the largest file (\(FileSystemLimits.fileBytesMax) bytes)")
        }
        return Request(extents: extents, memory: MemorySegments(bytes.flat, count: Int64(count)), total: bytes.total, buffer: buffer)
    }

    /// Moves a checked request as one list I/O call (staged past DaosFS's per-call limits).
    static func run(_ file: OpenFile, _ direction: Direction, _ request: Request) throws(MPIIOError) -> Int64 {
        guard request.total > 0, let buffer = request.buffer else { return 0 }
        let extents = request.extents
        let memory = request.memory
        if memory.count <= limit && extents.count <= limit {
            return try Store.shared.run { () throws(MPIIOError) -> Int64 in
                try move(file, direction, extents: extents, segments: memory.segments.map { (buffer + Int($0.offset), Int($0.length)) })
            }
        }
        return try staged(file, direction, extents: extents, memory: memory, buffer: buffer, total: request.total)
    }

    /// Extents or segments per DaosFS call.
    static let limit = min(FileSystemLimits.extentsPerCallMax, FileSystemLimits.segmentsPerCallMax)

    /// The checks every transfer makes; the memory type flattened and the bytes it covers.
    private static func checked(_ file: OpenFile, _ direction: Direction, position: Int64, buffer: UnsafeRawPointer?, count: Int32,
                                datatype: MPI_Datatype?) throws(MPIIOError) -> (flat: FlatType, total: Int64) {
        switch direction {
        case .write where !file.amode.canWrite: throw .readOnly("write to a file opened MPI_MODE_RDONLY")
        case .read where !file.amode.canRead: throw .access("read from a file opened MPI_MODE_WRONLY")
        default: break
        }
        guard count >= 0 else { throw .count("count \(count) is negative") }
        guard position >= 0 else { throw .argument("offset before the start of the view") }
        let flat = try TypeCache.flat(datatype)
        let (total, overflow) = flat.size.multipliedReportingOverflow(by: Int64(count))
        guard !overflow else { throw .count("count \(count) of a \(flat.size)-byte type overflows") }
        guard total % file.view.etypeSize == 0 else {
            throw .argument("\(total) bytes are not a whole number of \(file.view.etypeSize)-byte etypes")
        }
        if total > 0 && buffer == nil { throw MPIIOError(swift_MPI_ERR_BUFFER(), "NULL buffer for \(total) bytes") }
        return (flat, total)
    }

    private static func move(_ file: OpenFile, _ direction: Direction, extents: [FileExtent], segments: [(UnsafeRawPointer, Int)])
        throws(MPIIOError) -> Int64 {
        switch direction {
        case .write:
            let source = segments.map { UnsafeRawBufferPointer(start: $0.0, count: $0.1) }
            // Atomic mode: one epoch for every chunk the call touches, so the whole call is one
            // version and overlapping writes resolve as if they ran one after the other. The
            // rank is folded into the epoch: two ranks writing in the same instant would
            // otherwise share an epoch, and each target would keep whichever arrived last.
            let epoch = file.atomic ? file.data.fileSystem.io.clock.now(distinctBy: UInt64(UInt32(bitPattern: file.rank))) : nil
            return try Int64(store("write to \(file.name)") { () throws(FileSystemError) in
                try file.data.write(extents, from: source, epoch: epoch)
            })
        case .read:
            let target = segments.map { UnsafeMutableRawBufferPointer(start: UnsafeMutableRawPointer(mutating: $0.0), count: $0.1) }
            return try Int64(store("read from \(file.name)") { () throws(FileSystemError) in try file.data.read(extents, into: target) })
        }
    }

    /// Over the limits: one contiguous staging buffer and batches of extents.
    private static func staged(_ file: OpenFile, _ direction: Direction, extents: [FileExtent], memory: MemorySegments,
                               buffer: UnsafeRawPointer, total: Int64) throws(MPIIOError) -> Int64 {
        let staging = UnsafeMutableRawPointer.allocate(byteCount: Int(total), alignment: 16)
        defer { staging.deallocate() }
        if direction == .write { pack(memory, from: buffer, into: staging) }
        let moved = try contiguous(file, direction, extents: extents, buffer: staging)
        if direction == .read { unpack(memory, from: staging, into: UnsafeMutableRawPointer(mutating: buffer)) }
        return moved
    }

    /// Moves `extents` to or from one buffer holding their bytes back to back, in batches of at
    /// most `limit` extents (one DaosFS call each, each under the store lock).
    static func contiguous(_ file: OpenFile, _ direction: Direction, extents: [FileExtent], buffer: UnsafeRawPointer)
        throws(MPIIOError) -> Int64 {
        var moved: Int64 = 0
        var at: Int64 = 0
        var first = 0
        while first < extents.count {
            let batch = Array(extents[first..<min(first + limit, extents.count)])
            let bytes = batch.reduce(Int64(0)) { $0 + Int64($1.length) }
            moved += try Store.shared.run { () throws(MPIIOError) -> Int64 in
                try move(file, direction, extents: batch, segments: [(buffer + Int(at), Int(bytes))])
            }
            at += bytes
            first += limit
        }
        return moved
    }

    private static func pack(_ memory: MemorySegments, from buffer: UnsafeRawPointer, into staging: UnsafeMutableRawPointer) {
        var at = 0
        for segment in memory.segments {
            (staging + at).copyMemory(from: buffer + Int(segment.offset), byteCount: Int(segment.length))
            at += Int(segment.length)
        }
    }

    private static func unpack(_ memory: MemorySegments, from staging: UnsafeRawPointer, into buffer: UnsafeMutableRawPointer) {
        var at = 0
        for segment in memory.segments {
            (buffer + Int(segment.offset)).copyMemory(from: staging + at, byteCount: Int(segment.length))
            at += Int(segment.length)
        }
    }
}
