/// A cell slice as fetched: `cellRange` of the cell, and for parity the epoch of the parity
/// (nil: the parity shard has no parity for this stripe, `bytes` are then ignored).
public struct ECFetchedCell: Hashable, Sendable {
    public var bytes: [UInt8]
    public var epoch: Epoch?

    public init(bytes: [UInt8], epoch: Epoch?) {
        self.bytes = bytes
        self.epoch = epoch
    }
}

/// A replicated partial write, or a punch, found on a parity shard over a lost cell's range:
/// daos offset, its bytes (whole records; empty for a punch), the epoch. Several may overlap;
/// newer epochs win. Punches matter once parity exists: a punch newer than the parity hides
/// records the parity still encodes, so the engine must report them with their epochs.
public struct ECReplicaExtent: Hashable, Sendable {
    public var offset: UInt64
    public var bytes: [UInt8]
    /// Records punched (0 for written data).
    public var punchedRecords: UInt64
    public var epoch: Epoch

    public init(offset: UInt64, bytes: [UInt8], epoch: Epoch) {
        self.offset = offset
        self.bytes = bytes
        self.punchedRecords = 0
        self.epoch = epoch
    }

    public init(punchedAt offset: UInt64, records: UInt64, epoch: Epoch) {
        self.offset = offset
        self.bytes = []
        self.punchedRecords = records
        self.epoch = epoch
    }

    public var isPunch: Bool { punchedRecords > 0 }
}

/// What the client fetched for one `ECStripeRecovery`, in the order of its sources.
public struct ECStripeFetch: Hashable, Sendable {
    /// One per `paritySources`, fetched at the read epoch.
    public var parity: [ECFetchedCell]
    /// One per `dataSources`, fetched at the parity epoch; may be empty when no parity exists.
    public var data: [[UInt8]]
    /// From `replicaMember` over `replicaExtents`, at the read epoch.
    public var replicas: [ECReplicaExtent]

    public init(parity: [ECFetchedCell], data: [[UInt8]], replicas: [ECReplicaExtent]) {
        self.parity = parity
        self.data = data
        self.replicas = replicas
    }
}

/// Rebuilds the lost records of a stripe on the client.
///
/// The value of a lost cell as of read epoch E is the last full-stripe write at or before E (its
/// parity epoch Ep: decode it from the parity and the surviving cells as of Ep) with every
/// partial write and punch in (Ep, E] on top, in epoch order: those went to every parity shard.
/// Partial writes at or before Ep are already inside the parity. With no parity, the replicas are
/// all there is, and what they do not cover is a hole.
public enum ECReconstruction {
    /// Decodes and overlays one stripe into the caller's buffer at `recovery.destinations`.
    /// Returns the holes (daos extents, increasing) among the destinations: never written, or
    /// punched after the parity; their bytes are zero-filled as a healthy fetch would.
    @discardableResult
    public static func rebuild(_ recovery: ECStripeRecovery, fetched: ECStripeFetch, geometry: ECGeometry,
                               into buffer: UnsafeMutableRawBufferPointer) throws(ECLayoutError) -> [WireExtent] {
        let total = geometry.groupSize
        let sliceRecords = recovery.cellRange.upperBound - recovery.cellRange.lowerBound
        let sliceBytes = Int(sliceRecords) * geometry.recordSize
        let parityEpoch = try Self.parityEpoch(of: recovery, fetched: fetched, sliceBytes: sliceBytes)
        try Self.checkDestinations(recovery, geometry: geometry, bufferCount: buffer.count)

        // One slice per logical cell; only sources and lost cells are touched.
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, total * sliceBytes), alignment: 64)
        defer { scratch.deallocate() }
        scratch.initializeMemory(as: UInt8.self, repeating: 0)
        func slice(_ cell: Int) -> UnsafeMutableRawPointer { scratch.baseAddress! + cell * sliceBytes }

        if parityEpoch != nil {
            guard fetched.data.count == recovery.dataSources.count else {
                throw .fetchedSizeMismatch(stripe: recovery.stripe, expected: recovery.dataSources.count, got: fetched.data.count)
            }
            for (source, bytes) in zip(recovery.dataSources, fetched.data) {
                guard bytes.count == sliceBytes else {
                    throw .fetchedSizeMismatch(stripe: recovery.stripe, expected: sliceBytes, got: bytes.count)
                }
                bytes.withUnsafeBytes { slice(source.cell).copyMemory(from: $0.baseAddress!, byteCount: sliceBytes) }
            }
            for (source, cell) in zip(recovery.paritySources, fetched.parity) {
                cell.bytes.withUnsafeBytes { slice(source.cell).copyMemory(from: $0.baseAddress!, byteCount: sliceBytes) }
            }
            try decode(recovery, geometry: geometry, sliceBytes: sliceBytes, slice: slice)
        }

        // Overlay the replicas and punches newer than the parity, oldest first, onto the lost
        // cells' slices, tracking which of their records hold data (all of them under parity).
        let threshold = parityEpoch
        let newer = fetched.replicas.indices
            .filter { threshold == nil || fetched.replicas[$0].epoch > threshold! }
            .sorted { (fetched.replicas[$0].epoch, $0) < (fetched.replicas[$1].epoch, $1) }
        let stripeBase = recovery.stripe * geometry.stripeRecords
        let r = geometry.recordSize
        func sliceStart(_ cell: Int) -> UInt64 { stripeBase + UInt64(cell) * geometry.cellRecords + recovery.cellRange.lowerBound }
        var written = recovery.missingDataCells.map { cell in
            parityEpoch == nil ? ECRecordRanges() : ECRecordRanges(sliceStart(cell)..<sliceStart(cell) + sliceRecords)
        }
        for index in newer {
            let replica = fetched.replicas[index]
            guard replica.bytes.count % r == 0 else {
                throw .fetchedSizeMismatch(stripe: recovery.stripe, expected: r, got: replica.bytes.count)
            }
            let records = replica.isPunch ? replica.punchedRecords : UInt64(replica.bytes.count / r)
            let (replicaEnd, overflow) = replica.offset.addingReportingOverflow(records)
            guard !overflow else { throw .fetchedSizeMismatch(stripe: recovery.stripe, expected: 0, got: Int(truncatingIfNeeded: records)) }
            for (n, cell) in recovery.missingDataCells.enumerated() {
                let start = sliceStart(cell)
                let lower = max(replica.offset, start)
                let upper = min(replicaEnd, start + sliceRecords)
                guard lower < upper else { continue }
                let target = slice(cell) + Int(lower - start) * r
                let byteCount = Int(upper - lower) * r
                if replica.isPunch {
                    target.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
                    written[n].remove(lower..<upper)
                } else {
                    replica.bytes.withUnsafeBytes { bytes in
                        target.copyMemory(from: bytes.baseAddress! + Int(lower - replica.offset) * r, byteCount: byteCount)
                    }
                    written[n].insert(lower..<upper)
                }
            }
        }

        var holes: [WireExtent] = []
        for piece in recovery.destinations {
            (buffer.baseAddress! + piece.bufferOffset).copyMemory(
                from: slice(piece.cell) + Int(piece.daosOffset - sliceStart(piece.cell)) * r, byteCount: Int(piece.records) * r)
            if let n = recovery.missingDataCells.firstIndex(of: piece.cell) {
                holes += written[n].gaps(in: piece.daosOffset..<piece.daosOffset + piece.records)
            }
        }
        return holes.sorted { $0.start < $1.start }
    }

    /// Convenience for an array buffer.
    @discardableResult
    public static func rebuild(_ recovery: ECStripeRecovery, fetched: ECStripeFetch, geometry: ECGeometry,
                               into buffer: inout [UInt8]) throws(ECLayoutError) -> [WireExtent] {
        // Array's withUnsafeMutableBytes is untyped `rethrows`: carry the typed error in a Result.
        try buffer.withUnsafeMutableBytes { bytes in
            Result { () throws(ECLayoutError) in try rebuild(recovery, fetched: fetched, geometry: geometry, into: bytes) }
        }.get()
    }

    /// The parity epoch the fetched parity cells agree on, or nil if none has parity.
    private static func parityEpoch(of recovery: ECStripeRecovery, fetched: ECStripeFetch,
                                    sliceBytes: Int) throws(ECLayoutError) -> Epoch? {
        guard fetched.parity.count == recovery.paritySources.count else {
            throw .fetchedSizeMismatch(stripe: recovery.stripe, expected: recovery.paritySources.count, got: fetched.parity.count)
        }
        guard let first = fetched.parity.first else { return nil }
        for cell in fetched.parity {
            guard cell.epoch == first.epoch else { throw .parityEpochMismatch(stripe: recovery.stripe) }
            if cell.epoch != nil, cell.bytes.count != sliceBytes {
                throw .fetchedSizeMismatch(stripe: recovery.stripe, expected: sliceBytes, got: cell.bytes.count)
            }
        }
        return first.epoch
    }

    private static func checkDestinations(_ recovery: ECStripeRecovery, geometry: ECGeometry, bufferCount: Int) throws(ECLayoutError) {
        for piece in recovery.destinations {
            let end = piece.bufferOffset + Int(piece.records) * geometry.recordSize
            guard piece.bufferOffset >= 0, end <= bufferCount else { throw .bufferSizeMismatch(expected: end, got: bufferCount) }
        }
    }

    /// Decodes the lost data cells' slices. The erased set is the lost data cells plus any parity
    /// cell not fetched that precedes a fetched one: the codec reads the first k surviving cells,
    /// which must then be exactly the fetched ones. Unfetched parity after the last fetched one
    /// is simply not read, so it costs no decoding work.
    private static func decode(_ recovery: ECStripeRecovery, geometry: ECGeometry, sliceBytes: Int,
                               slice: (Int) -> UnsafeMutableRawPointer) throws(ECLayoutError) {
        guard !recovery.missingDataCells.isEmpty else { return }
        let k = geometry.dataCells
        let total = geometry.groupSize
        let fetchedParity = recovery.paritySources.map(\.cell)
        let lastFetched = fetchedParity.max() ?? k - 1
        let erased = recovery.missingDataCells + (k..<lastFetched).filter { !fetchedParity.contains($0) }
        let codec: ErasureCodec
        do throws(ErasureCodeError) {
            codec = try ErasureCodec.codec(dataCells: k, parityCells: geometry.parityCells)
        } catch { throw .codec(error) }
        try withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: total) { (cells) throws(ECLayoutError) in
            for cell in 0..<total { cells[cell] = slice(cell) }
            do throws(ErasureCodeError) {
                try codec.reconstruct(cellSize: sliceBytes, cells: UnsafeBufferPointer(cells), erased: erased)
            } catch { throw .codec(error) }
        }
    }
}
