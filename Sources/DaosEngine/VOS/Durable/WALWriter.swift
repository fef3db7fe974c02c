import Foundation

// Appends framed WAL records and decides when they are acknowledged.
//
//  page-cache: the target thread pwrites each record itself, right after the record's data;
//              a record is acknowledged once written (it survives a killed process).
//  sync:       the target thread queues the record; the first waiter (`waitDurable`) that finds
//              records queued and no flush running takes everything queued as one batch and does
//              fdatasync(blob) → pwrite(batch) → fdatasync(WAL), then marks the batch durable.
//              Appending does not start a flush: a burst of updates queued before anyone waits
//              shares one sync (group commit), instead of the first record of the burst paying a
//              sync of its own (measured: 4 KiB at depth 32 went from 0.5–0.9× to 1.0× of raw
//              32 pwrites + 1 fdatasync). The flusher thread drains what is left at stop.
//              Data is durable before any record naming it can be (the order DAOS's
//              bio_wal_commit keeps). Records whose blob data is all journaled (carried in the
//              record itself) need no blob fdatasync: a batch of only those costs one sync.

final class WALWriter: @unchecked Sendable {
    let durability: Durability
    private let blob: PosixFile
    private let lock = ConditionLock()
    // Everything below is guarded by `lock` (page-cache mode: touched by the target thread only).
    private var file: PosixFile
    private var offset: UInt64
    private var pending: [UInt8] = []
    private var pendingLast: UInt64 = 0
    /// A queued record names blob data that is not journaled: the batch must sync the blob.
    private var pendingNeedsDataSync = false
    private var durable: UInt64
    private var failure: VOSError?
    private var stopping = false
    private var flusherRunning = false
    /// A batch is being written and synced (by the flusher or by a waiter); batches never overlap,
    /// so they become durable in order.
    private var flushing = false
    /// The batch buffer, owned by whoever holds `flushing`.
    private var spare: [UInt8] = []

    /// Sync mode grows the WAL file ahead of the records in zero-filled steps of this size, so
    /// most WAL fdatasyncs overwrite allocated blocks and commit no file-size change.
    static let preallocationBytes: UInt64 = 4 << 20
    private static let zeros = [UInt8](repeating: 0, count: 1 << 20)
    /// The file's length: bytes from `offset` up to here are zeros written ahead (sync mode).
    private var preallocatedEnd: UInt64

    init(file: PosixFile, offset: UInt64, blob: PosixFile, durability: Durability, lastSequence: UInt64)
        throws(VOSError)
    {
        self.file = file
        self.offset = offset
        self.preallocatedEnd = max(offset, try file.size())
        self.blob = blob
        self.durability = durability
        self.durable = lastSequence
        pending.reserveCapacity(1 << 20)
        spare.reserveCapacity(1 << 20)
        if durability == .sync {
            flusherRunning = true
            let thread = Thread { [self] in runFlusher() }
            thread.name = "vos-wal-flusher"
            thread.start()
        }
    }

    var fileOffset: UInt64 { lock.withLock { offset } }
    var currentPath: String { lock.withLock { file.path } }

    /// Appends framed records (one or more) whose last sequence is `sequence`. `needsDataSync`:
    /// they name blob bytes that only a blob fdatasync makes durable.
    func append(
        _ record: UnsafeRawBufferPointer, lastSequence sequence: UInt64, needsDataSync: Bool
    ) throws(VOSError) {
        if durability == .pageCache {
            try file.write(record, at: offset)
            offset += UInt64(record.count)
            durable = sequence
            return
        }
        let failed: VOSError? = lock.withLock {
            if let failure { return failure }
            pending.append(contentsOf: record)
            pendingLast = sequence
            pendingNeedsDataSync = pendingNeedsDataSync || needsDataSync
            return nil
        }
        if let failed { throw failed }
    }

    /// Returns once every record up to `sequence` is acknowledged in this mode.
    /// A waiter that finds its record queued and no flush running flushes it itself: with one
    /// update in flight there is then no hand-off to the flusher thread and back.
    func waitDurable(_ sequence: UInt64) throws(VOSError) {
        let failed: VOSError? = lock.withLock {
            while durable < sequence && failure == nil {
                if !flushing && !pending.isEmpty { flushPendingLocked() } else { lock.wait() }
            }
            return durable >= sequence ? nil : failure
        }
        if let failed { throw failed }
    }

    var durableSequence: UInt64 { lock.withLock { durable } }

    /// Forces blob and WAL to stable storage in either mode (MPI_File_sync, H5Fflush, checkpoint).
    func syncAll(through sequence: UInt64) throws(VOSError) {
        try waitDurable(sequence)
        // Sync mode: journaled blob bytes were never fdatasync'ed; the WAL was.
        try blob.syncData()
        if durability == .pageCache { try file.syncData() }
    }

    /// Continues in a fresh WAL file; call only when everything appended is durable.
    func switchFile(to newFile: PosixFile, offset newOffset: UInt64) {
        lock.withLock {
            precondition(pending.isEmpty, "WAL switch with queued records")
            precondition(!flushing, "WAL switch during a flush")
            file = newFile
            offset = newOffset
            preallocatedEnd = newOffset
        }
    }

    func stop() {
        lock.withLock {
            stopping = true
            lock.broadcast()
            while flusherRunning { lock.wait() }
        }
    }

    private func runFlusher() {
        lock.withLock {
            while true {
                if failure != nil { break }
                if !pending.isEmpty && !flushing {
                    flushPendingLocked()
                    continue
                }
                if stopping && pending.isEmpty && !flushing { break }
                lock.wait()
            }
            flusherRunning = false
            lock.broadcast()
        }
    }

    /// Writes and syncs everything queued as one batch: fdatasync(blob) if needed → pwrite →
    /// fdatasync(WAL). Called with the lock held and no flush running; releases the lock for the I/O.
    private func flushPendingLocked() {
        precondition(!flushing, "overlapping WAL flushes")
        flushing = true
        swap(&spare, &pending)
        let last = pendingLast
        let needsDataSync = pendingNeedsDataSync
        pendingNeedsDataSync = false
        let at = offset
        let target = file
        offset += UInt64(spare.count)
        let extendFrom = preallocatedEnd
        let extendTo = offset > preallocatedEnd ? offset + Self.preallocationBytes : preallocatedEnd
        preallocatedEnd = extendTo
        let error: VOSError? = withoutLock {
            do throws(VOSError) {
                if needsDataSync { try blob.syncData() }
                // Zeros first: the batch's own fdatasync commits the new length with it.
                try Self.writeZeros(target, from: extendFrom, to: extendTo)
                try spare.withBytes { (bytes) throws(VOSError) in try target.write(bytes, at: at) }
                try target.syncData()
                return nil
            } catch {
                return error
            }
        }
        spare.removeAll(keepingCapacity: true)
        if let error { failure = .targetFailed("WAL flush: \(error)") } else { durable = last }
        flushing = false
        lock.broadcast()
    }

    private static func writeZeros(_ file: PosixFile, from start: UInt64, to end: UInt64) throws(VOSError) {
        var position = start
        while position < end {
            let count = Int(min(UInt64(zeros.count), end - position))
            try zeros.withBytes { (bytes) throws(VOSError) in
                try file.write(UnsafeRawBufferPointer(rebasing: bytes[0..<count]), at: position)
            }
            position += UInt64(count)
        }
    }

    /// Runs `body` with the lock released (the flusher's I/O must not block appenders).
    private func withoutLock<R>(_ body: () -> R) -> R {
        lock.unlockForBody()
        defer { lock.relockAfterBody() }
        return body()
    }
}
