// One target's versioned object store: the index, the WAL, the blob file and the allocator.
// Used by one thread at a time (the target thread); only the WAL flusher runs beside it.
// Every mutation follows one order: validate → place data in the blob → log the op → apply it.

import DaosObject
import Glibc

/// Statistics of the last open: what was loaded and replayed, and how long it took.
public struct RecoveryReport: Sendable, Equatable {
    public var checkpointLoaded: Bool = false
    public var checkpointBytes: UInt64 = 0
    public var walFilesReplayed: Int = 0
    public var walRecordsReplayed: Int = 0
    public var tornBytesDropped: UInt64 = 0
    /// Blob copies carried by journaled WAL records and written back to the blob file.
    public var journalEntriesRedone: Int = 0
    public var seconds: Double = 0
}

/// Space of one target, for `pool query`.
public struct SpaceUsage: Sendable, Equatable {
    public var capacityBytes: UInt64
    public var usedBytes: UInt64
    public var freeBytes: UInt64 { capacityBytes - min(usedBytes, capacityBytes) }
}

public final class VOSTarget {
    public struct Options: Sendable {
        public var durability: Durability
        /// Bytes of value data (blob + inline) this target may hold.
        public var capacityBytes: UInt64
        /// A checkpoint is taken (and the WAL trimmed) once the WAL grows past this.
        public var checkpointWALBytes: UInt64
        /// Where the recovery line (and fail-stop reasons) go; standard error unless replaced,
        /// nil = silent.
        public var log: (@Sendable (String) -> Void)?

        public init(
            durability: Durability = .sync, capacityBytes: UInt64 = 64 << 30,
            checkpointWALBytes: UInt64 = 64 << 20,
            log: (@Sendable (String) -> Void)? = Options.standardError
        ) {
            self.durability = durability
            self.capacityBytes = capacityBytes
            self.checkpointWALBytes = checkpointWALBytes
            self.log = log
        }

        /// Writes one line to standard error (one write(2), so lines of processes never mix).
        public static let standardError: @Sendable (String) -> Void = { line in
            var bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
        }
    }

    public let directory: String
    public let options: Options
    public internal(set) var recovery = RecoveryReport()

    var index = VOSIndex()
    var allocator: SpaceAllocator
    var blob: PosixFile!
    /// The blob file mapped for in-place values (created on first use; see `reserveBlob`).
    var blobMapping: BlobMapping?
    /// The blob lives in memory (tmpfs), where stores through the mapping cost what a pwrite
    /// does. On a disk file each first store to a page faults it in (a read of the unwritten
    /// block, then page_mkwrite): 1 MiB updates in place ran at 0.54 GB/s there, by pwrite 3+.
    public internal(set) var blobInMemory = false
    /// `blob`'s device and inode numbers (named in located fetch replies).
    var blobIdentity: (device: UInt64, inode: UInt64) = (0, 0)
    /// Advanced whenever blob space that may have held data is handed out again.
    var reuse: ReuseCounter!
    /// Held (flock) while the target is open, so two processes never open one directory.
    var lockFile: PosixFile?
    var wal: WALWriter!
    var walGeneration: UInt64 = 1
    /// Sequence of the last logged op.
    var lastSequence: UInt64 = 0
    /// WAL bytes since the last checkpoint.
    var walBytes: UInt64 = 0
    /// Reused encode buffer: a record is framed here, then handed to the WAL writer.
    var recordBuffer = ByteWriter(capacity: 1 << 12)
    var isClosed = false
    /// The WAL holds records with journaled blob copies (set by updates, cleared by checkpoints).
    var journaledSinceCheckpoint = false
    /// Freed blob ranges waiting for the next checkpoint (see `release`).
    var quarantine: [BlobRange] = []
    /// Set when the target failed (fail-stop); every later call throws it.
    var failure: VOSError?

    static let blobFileName = "blob.data"
    static let lockFileName = "LOCK"

    private init(directory: String, options: Options) {
        self.directory = directory
        self.options = options
        self.allocator = SpaceAllocator(capacityBytes: options.capacityBytes)
    }

    /// Opens (creating if needed) the target in `directory`: loads the checkpoint, replays the
    /// WAL, truncates a torn tail, and rebuilds the allocator. Throws on a corrupt checkpoint
    /// or a corrupt WAL record before the tail, naming the file and offset.
    public static func open(directory: String, options: Options = Options()) throws(VOSError) -> VOSTarget {
        let target = VOSTarget(directory: directory, options: options)
        try target.recover()
        return target
    }

    deinit {
        if !isClosed {
            wal?.stop()
            lockFile?.unlock()
        }
    }

    /// Stops the flusher after everything queued is durable; the target refuses work after.
    public func close() {
        guard !isClosed else { return }
        do {
            try wal.waitDurable(lastSequence)
        } catch {
            // Only a failed flusher gets here; what it could not write was never acknowledged.
            options.log?("vos: \(directory): closed with unflushed records: \(error)")
        }
        wal.stop()
        lockFile?.unlock()
        lockFile?.close()
        isClosed = true
    }

    public var space: SpaceUsage {
        SpaceUsage(capacityBytes: options.capacityBytes, usedBytes: allocator.usedBytes + index.inlineBytes)
    }

    /// The highest sequence acknowledged in this target's durability mode.
    public var durableSequence: LogSequence { LogSequence(rawValue: wal.durableSequence) }

    /// Blocks until the op with sequence `sequence` is acknowledged (sync mode: fdatasync'ed).
    public func waitDurable(_ sequence: LogSequence) throws(VOSError) {
        try wal.waitDurable(sequence.rawValue)
    }

    /// Makes everything logged so far durable on stable storage, in either mode.
    public func flush() throws(VOSError) {
        try checkOpen()
        try wal.syncAll(through: lastSequence)
    }

    func checkOpen() throws(VOSError) {
        if isClosed { throw .closed }
        if let failure { throw failure }
    }

    /// Logs `op` as the next sequence and applies it to the index. The caller validated `op`,
    /// so `apply` cannot fail; a failure here would mean the index and the WAL disagree.
    @discardableResult
    func logAndApply(_ op: IndexOp, needsDataSync: Bool = false) throws(VOSError) -> (LogSequence, [BlobRange]) {
        let sequence = lastSequence + 1
        recordBuffer.removeAll()
        WALFormat.encodeRecord(op, sequence: sequence, into: &recordBuffer)
        guard recordBuffer.count - WALFormat.recordHeaderBytes <= Int(VOSLimits.walRecordBytesMax) else {
            throw .valueTooLarge(bytes: UInt64(recordBuffer.count), limit: UInt64(VOSLimits.walRecordBytesMax))
        }
        try recordBuffer.bytes.withBytes { (bytes) throws(VOSError) in
            try wal.append(bytes, lastSequence: sequence, needsDataSync: needsDataSync)
        }
        lastSequence = sequence
        walBytes += UInt64(recordBuffer.count)
        let freed: [BlobRange]
        do {
            freed = try index.apply(op, sequence: sequence)
        } catch {
            preconditionFailure("validated op failed to apply: \(error)")
        }
        return (LogSequence(rawValue: sequence), freed)
    }

    /// Blob space for a value, before its bytes are written there. Freed space waiting for a
    /// checkpoint (see `release`) is taken by one when nothing else fits. A reuse of space that
    /// may have held data advances the reuse counter first (`ReuseCounter`).
    func allocateBlob(length: UInt64, reservedBytes: UInt64) throws(VOSError) -> UInt64 {
        let reuses = allocator.reuses
        var offset = allocator.allocate(length: length, reservedBytes: reservedBytes)
        if offset == nil && !quarantine.isEmpty {
            try checkpoint()
            offset = allocator.allocate(length: length, reservedBytes: reservedBytes)
        }
        guard let offset else { throw .noSpace(requestedBytes: length, freeBytes: space.freeBytes) }
        if allocator.reuses != reuses { reuse.advance() }
        return offset
    }

    /// Returns freed blob ranges to the allocator once the op freeing them is durable, so a
    /// crash can never leave the old index pointing at bytes a newer write reused.
    ///
    /// While the WAL holds journaled records (sync mode), freed ranges wait in `quarantine` until
    /// the next checkpoint trims those records: replaying an old record's redo copy into bytes a
    /// newer value reuses would overwrite it.
    func release(_ freed: [BlobRange], after sequence: LogSequence) throws(VOSError) {
        guard !freed.isEmpty else { return }
        try wal.waitDurable(sequence.rawValue)
        if journaledSinceCheckpoint {
            quarantine += freed
            return
        }
        for range in freed { allocator.release(range) }
    }

    /// Bytes freed but not yet reusable (see `release`); they count as used until then.
    var quarantinedBytes: UInt64 { quarantine.reduce(0) { $0 + $1.length } }

    /// The automatic checkpoint after an op. The op itself is already logged and applied, so a
    /// failure here must not be reported as the op's; it fails the target instead (fail-stop:
    /// every later call throws it, and a reopen recovers from the files as they are).
    func checkpointIfDue() {
        guard walBytes >= options.checkpointWALBytes else { return }
        do {
            try checkpoint()
        } catch {
            failure = .targetFailed("automatic checkpoint: \(error)")
            options.log?("vos: \(directory): automatic checkpoint failed: \(error)")
        }
    }
}
