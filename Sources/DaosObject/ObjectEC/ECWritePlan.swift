/// A stripe one write request covers whole: the client encodes its parity.
public struct ECFullStripe: Hashable, Sendable {
    public var stripe: UInt64
    /// Index among the plan's full stripes; places its parity cells in the parity buffer.
    public var ordinal: Int
    /// The stripe's k·cellBytes bytes in the caller's buffer, in daos order (usually one piece;
    /// several when adjacent extents of the request together cover it).
    public var dataPieces: [ECBufferPiece]

    public init(stripe: UInt64, ordinal: Int, dataPieces: [ECBufferPiece]) {
        self.stripe = stripe
        self.ordinal = ordinal
        self.dataPieces = dataPieces
    }
}

/// How one array write (one akey of one dkey) is spread over the k+p members of its group.
///
/// - Data records go to the data shard owning their cell, at local offsets.
/// - Stripes the request covers whole are full: their p parity cells are computed by
///   `computeParity` into the parity buffer and written at `parityBit | stripe·c`.
/// - Every other piece is partial: besides its data-shard write, a copy goes to every parity
///   shard at the original daos offset (no read-modify-write of parity).
///
/// The plan only describes I/O; the client sends `members[m]` to member m, all in one
/// transaction at one epoch, gathering bytes from the caller's buffer and the parity buffer.
public struct ECWritePlan: Sendable {
    public let geometry: ECGeometry
    public let rotation: Int
    /// Bytes the caller's buffer must hold: the extents back to back, in request order.
    public let callerByteCount: Int
    /// Writes per group member (index = member, 0..<k+p), each list in increasing local order;
    /// empty when a member has nothing to store.
    public let members: [[ECShardWrite]]
    public let fullStripes: [ECFullStripe]

    /// `bufferByteCount` is the size of the caller's data buffer, which must hold the extents'
    /// records back to back in request order.
    public init(geometry: ECGeometry, dkeyHash: UInt64, extents: [WireExtent], bufferByteCount: Int) throws(ECLayoutError) {
        let request = try ECRequest(extents: extents, geometry: geometry, bufferByteCount: bufferByteCount)
        let rotation = geometry.rotation(dkeyHash: dkeyHash)
        var builder = Builder(geometry: geometry, rotation: rotation)
        var first = 0
        let segments = request.segments
        while first < segments.count {
            // A run: extents that touch end to end. Only a run can cover a stripe whole.
            var last = first
            while last + 1 < segments.count, segments[last + 1].start == segments[last].end { last += 1 }
            builder.addRun(segments[first...last])
            first = last + 1
        }
        self.geometry = geometry
        self.rotation = rotation
        self.callerByteCount = request.byteCount
        self.fullStripes = builder.fullStripes
        self.members = builder.finish()
    }

    /// Bytes of the parity buffer: p cells per full stripe.
    public var parityByteCount: Int { fullStripes.count * geometry.parityCells * geometry.cellBytes }

    /// Where parity cell `parity` of a full stripe lives in the parity buffer. Cells of one
    /// parity index are consecutive across stripes, so a parity shard's writes for consecutive
    /// full stripes form one contiguous piece.
    public func parityPiece(ordinal: Int, parity: Int) -> ECBufferPiece {
        ECBufferPiece(buffer: .parity, offset: (parity * fullStripes.count + ordinal) * geometry.cellBytes,
                      byteCount: geometry.cellBytes)
    }

    /// Every write, with its member, for callers that do not care about grouping.
    public var allWrites: [(member: Int, write: ECShardWrite)] {
        members.enumerated().flatMap { member, writes in writes.map { (member, $0) } }
    }
}

extension ECWritePlan {
    /// Accumulates the shard writes while the request is walked in daos order.
    private struct Builder {
        let geometry: ECGeometry
        let dataMembers: [Int]
        let parityMembers: [Int]
        /// Data-cell writes, or replicas on parity shards (both below the parity bit).
        var low: [ECShardExtentList<ECShardWrite>]
        var fullStripes: [ECFullStripe] = []

        init(geometry: ECGeometry, rotation: Int) {
            self.geometry = geometry
            dataMembers = (0..<geometry.dataCells).map { geometry.memberForDataCell($0, rotation: rotation) }
            parityMembers = (0..<geometry.parityCells).map { geometry.memberForParity($0, rotation: rotation) }
            low = Array(repeating: ECShardExtentList(), count: geometry.groupSize)
        }

        mutating func addRun(_ run: ArraySlice<ECSegment>) {
            let stripeRecords = geometry.stripeRecords
            let runStart = run.first!.start
            let runEnd = run.last!.end
            // Full stripes of the run: [firstFull, endFull). No overflow: runEnd ≤ 2^62.
            let firstFull = (runStart + stripeRecords - 1) / stripeRecords
            let endFull = runEnd / stripeRecords
            let fullRange = firstFull < endFull ? firstFull * stripeRecords..<endFull * stripeRecords : runEnd..<runEnd
            for segment in run {
                // Split at the full region's bounds: head partial, full middle, tail partial.
                var start = segment.start
                for bound in [fullRange.lowerBound, fullRange.upperBound, segment.end] where bound > start && bound <= segment.end {
                    let part = ECSegment(start: start, records: bound - start,
                                         bufferOffset: segment.bufferOffset + Int(start - segment.start) * geometry.recordSize)
                    addPart(part, full: fullRange.contains(start))
                    start = bound
                }
            }
        }

        private mutating func addPart(_ part: ECSegment, full: Bool) {
            let recordSize = geometry.recordSize
            geometry.forEachCellPiece(start: part.start, records: part.records, bufferOffset: part.bufferOffset) { piece in
                let source = ECBufferPiece(buffer: .caller, offset: piece.bufferOffset, byteCount: Int(piece.records) * recordSize)
                low[dataMembers[piece.cell]].append(.data, localOffset: piece.stripe * geometry.cellRecords + piece.offsetInCell,
                                                    records: piece.records, piece: source)
                if full {
                    if fullStripes.last?.stripe != piece.stripe {
                        fullStripes.append(ECFullStripe(stripe: piece.stripe, ordinal: fullStripes.count, dataPieces: []))
                    }
                    fullStripes[fullStripes.count - 1].dataPieces.appendMerging(source)
                }
            }
            guard !full else { return }
            let source = ECBufferPiece(buffer: .caller, offset: part.bufferOffset, byteCount: Int(part.records) * recordSize)
            for member in parityMembers {
                low[member].append(.replica, localOffset: part.start, records: part.records, piece: source)
            }
        }

        /// Per member: its low writes, then its parity cells (above the parity bit, so the
        /// list stays in increasing local order).
        func finish() -> [[ECShardWrite]] {
            var members = low.map(\.elements)
            let cellBytes = geometry.cellBytes
            for (parity, member) in parityMembers.enumerated() {
                var list = ECShardExtentList<ECShardWrite>()
                for full in fullStripes {
                    let piece = ECBufferPiece(buffer: .parity, offset: (parity * fullStripes.count + full.ordinal) * cellBytes,
                                              byteCount: cellBytes)
                    list.append(.parity, localOffset: geometry.parityLocalOffset(stripe: full.stripe),
                                records: geometry.cellRecords, piece: piece)
                }
                members[member] += list.elements
            }
            return members
        }
    }
}
