import DaosObject

/// Chunks whose records each come from one contiguous run of the packed buffer, gathered so
/// that they reach the store in one multi-dkey call (every shard request at once: about one
/// round trip) instead of one call, and one round trip, per chunk. A chunk whose pieces need
/// several calls (repeated points) stays on the one-call-per-batch path, in order.
struct ChunkBatch {
    private var chunks: [StoredObject.ChunkRecords] = []
    private var pieces: [ArraySlice<ChunkPiece>] = []
    private var bytes = 0
    /// A call's bounds: the registration covers the span of its chunks' runs.
    static let chunksMax = 256
    static let bytesMax = 64 << 20

    var isFull: Bool { chunks.count >= Self.chunksMax || bytes >= Self.bytesMax }

    /// Adds one chunk: `batch` is all of its pieces, `run` their place in the packed buffer.
    mutating func add(_ dkey: [UInt8], _ batch: ArraySlice<ChunkPiece>, run: (start: UInt64, count: UInt64), elementBytes: Int) {
        let start = Int(run.start) * elementBytes
        let count = Int(run.count) * elementBytes
        chunks.append(.init(dkey: dkey, extents: batch.map { WireExtent(start: $0.localStart, count: $0.count) },
                            range: start..<start + count))
        pieces.append(batch)
        bytes += count
    }

    /// Writes the gathered chunks from the packed buffer at `base`, then starts empty.
    mutating func write(_ object: StoredObject, from base: UnsafeRawPointer, elementBytes: Int) throws(VolError) {
        defer { reset() }
        guard let (span, shifted) = spanned() else { return }
        try object.writeRecords(shifted, akey: Keys.chunkRecords, recordBytes: elementBytes,
                                data: UnsafeRawBufferPointer(start: base + span.lowerBound, count: span.count))
    }

    /// Reads the gathered chunks into the packed buffer at `base` (fill values into holes),
    /// then starts empty.
    mutating func read(_ object: StoredObject, into base: UnsafeMutableRawPointer, fill: [UInt8]?, elementBytes: Int)
        throws(VolError) {
        defer { reset() }
        guard let (span, shifted) = spanned() else { return }
        let holes = try object.readRecords(shifted, akey: Keys.chunkRecords, recordBytes: elementBytes,
                                           into: UnsafeMutableRawBufferPointer(start: base + span.lowerBound, count: span.count))
        guard let fill else { return }
        for (chunkHoles, chunkPieces) in zip(holes, pieces) where !chunkHoles.isEmpty {
            DatasetIO.applyFill(fill, holes: chunkHoles, pieces: chunkPieces, base: base)
        }
    }

    /// The bytes the chunks' runs span, and the chunks with ranges relative to its start.
    private func spanned() -> (Range<Int>, [StoredObject.ChunkRecords])? {
        guard let low = chunks.map(\.range.lowerBound).min(), let high = chunks.map(\.range.upperBound).max() else { return nil }
        let shifted = chunks.map { StoredObject.ChunkRecords(dkey: $0.dkey, extents: $0.extents, range: ($0.range.lowerBound - low)..<($0.range.upperBound - low)) }
        return (low..<high, shifted)
    }

    private mutating func reset() {
        chunks.removeAll(keepingCapacity: true)
        pieces.removeAll(keepingCapacity: true)
        bytes = 0
    }
}
