/// The memory a target moves object data through: pulled from the client and handed to VOS on
/// update, read from VOS and pushed (or copied inline) on fetch. One per target, reused by every
/// request, so the hot path allocates nothing here: it grows (doubling) up to `retainedBytes`
/// and is kept. A request larger than that — rare, clients split I/O into chunks — gets memory
/// of its own, freed when the request is done, so one huge request does not pin its size in
/// every target for the life of the engine. Requests were bounded before they get here.
final class StagingBuffer {
    let retainedBytes: Int
    private var retained: UnsafeMutableRawBufferPointer?
    private static let initialBytes = 64 << 10
    /// Page-aligned, as RMA registration and O_DIRECT-style I/O like it.
    private static let alignment = 4096

    init(retainedBytes: Int) {
        self.retainedBytes = max(retainedBytes, 0)
    }

    deinit { retained?.deallocate() }

    /// Bytes currently kept between requests (for tests and reports).
    var retainedCapacity: Int { retained?.count ?? 0 }

    /// Calls `body` with `count` bytes of scratch memory, valid only inside `body`. Its contents
    /// are whatever the previous request left: callers write every byte before reading it.
    func withBytes<R, E: Error>(
        _ count: Int, _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R
    ) throws(E) -> R {
        precondition(count >= 0, "negative staging size")
        guard count <= retainedBytes else {
            let temporary = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: Self.alignment)
            defer { temporary.deallocate() }
            return try body(temporary)
        }
        if (retained?.count ?? 0) < count || retained == nil {
            var capacity = max(retained?.count ?? 0, min(Self.initialBytes, retainedBytes), 1)
            while capacity < count { capacity = min(capacity * 2, retainedBytes) }
            retained?.deallocate()
            retained = .allocate(byteCount: capacity, alignment: Self.alignment)
        }
        return try body(UnsafeMutableRawBufferPointer(rebasing: retained![0..<count]))
    }
}
