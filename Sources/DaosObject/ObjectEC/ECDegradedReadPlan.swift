/// A cell fetched to rebuild a stripe: logical cell (data 0..<k, parity k..<k+p), the member
/// holding it, and the local extent to fetch (the stripe's `cellRange` of that cell).
public struct ECCellSource: Hashable, Sendable {
    public var cell: Int
    public var member: Int
    public var extent: WireExtent

    public init(cell: Int, member: Int, extent: WireExtent) {
        self.cell = cell
        self.member = member
        self.extent = extent
    }
}

/// Requested records of a lost data cell, and where they land in the caller's buffer.
public struct ECRecoveredPiece: Hashable, Sendable {
    public var cell: Int
    public var daosOffset: UInt64
    public var records: UInt64
    public var bufferOffset: Int

    public init(cell: Int, daosOffset: UInt64, records: UInt64, bufferOffset: Int) {
        self.cell = cell
        self.daosOffset = daosOffset
        self.records = records
        self.bufferOffset = bufferOffset
    }
}

/// One stripe whose requested records sit on unavailable data members. Fetch, at read epoch E:
/// 1. `paritySources` with their epoch: the parity epoch Ep (no parity at all = never written
///    as a full stripe);
/// 2. from `replicaMember`, the replicated partial writes over `replicaExtents` with epochs;
/// 3. if parity exists, `dataSources` AT EPOCH Ep, so they match the parity.
/// Then `ECReconstruction.rebuild` decodes and overlays into the caller's buffer.
public struct ECStripeRecovery: Hashable, Sendable {
    public var stripe: UInt64
    /// Records within each cell fetched from every source: the hull of the requested records of
    /// the lost cells. Reed–Solomon works byte position by byte position, so this slice of the k
    /// sources rebuilds the same slice of the lost cells.
    public var cellRange: Range<UInt64>
    /// Every data cell of the stripe on an unavailable member (all are decoded).
    public var missingDataCells: [Int]
    public var paritySources: [ECCellSource]
    public var dataSources: [ECCellSource]
    /// An available parity member: every parity shard holds every partial-stripe copy.
    public var replicaMember: Int
    /// Daos ranges of the requested lost cells (sliced to `cellRange`), one per lost cell read.
    public var replicaExtents: [WireExtent]
    public var destinations: [ECRecoveredPiece]
}

/// A read with some members unavailable: what can still be read directly, and the stripes to
/// rebuild. A data member that is unavailable is never read; parity members are read only for
/// reconstruction.
public struct ECDegradedReadPlan: Sendable {
    public let geometry: ECGeometry
    public let rotation: Int
    public let callerByteCount: Int
    public let unavailable: [Int]
    /// Direct reads per member (index = member), as in `ECReadPlan.members`, without the
    /// unavailable members.
    public let members: [[ECShardRead]]
    /// In increasing stripe order.
    public let recoveries: [ECStripeRecovery]
}

extension ECReadPlan {
    /// The plan when `unavailable` members (0..<k+p) do not answer. Throws `tooManyUnavailable`
    /// only when a requested record needs more lost cells rebuilt than parity cells remain.
    public func degraded(unavailable: some Sequence<Int>) throws(ECLayoutError) -> ECDegradedReadPlan {
        let g = geometry
        var down = [Bool](repeating: false, count: g.groupSize)
        for member in unavailable {
            guard (0..<g.groupSize).contains(member) else { throw .invalidMember(member) }
            down[member] = true
        }
        let missing = (0..<g.dataCells).filter { down[g.memberForDataCell($0, rotation: rotation)] }
        let availableParity = (0..<g.parityCells).filter { !down[g.memberForParity($0, rotation: rotation)] }
        let downList = down.indices.filter { down[$0] }

        var lists = Array(repeating: ECShardExtentList<ECShardRead>(), count: g.groupSize)
        var pending: [ECStripeRecovery] = []
        for segment in request.segments {
            g.forEachCellPiece(start: segment.start, records: segment.records, bufferOffset: segment.bufferOffset) { piece in
                let member = g.memberForDataCell(piece.cell, rotation: rotation)
                guard down[member] else {
                    Self.addRead(of: piece, to: &lists[member], geometry: g)
                    return
                }
                let lost = ECRecoveredPiece(cell: piece.cell, daosOffset: piece.daosOffset, records: piece.records,
                                            bufferOffset: piece.bufferOffset)
                let range = piece.offsetInCell..<piece.offsetInCell + piece.records
                // Segments are sorted and disjoint, so stripes arrive in nondecreasing order.
                if pending.last?.stripe == piece.stripe {
                    let index = pending.count - 1
                    pending[index].destinations.append(lost)
                    let hull = pending[index].cellRange
                    pending[index].cellRange = min(hull.lowerBound, range.lowerBound)..<max(hull.upperBound, range.upperBound)
                } else {
                    pending.append(ECStripeRecovery(stripe: piece.stripe, cellRange: range, missingDataCells: missing,
                                                    paritySources: [], dataSources: [], replicaMember: -1,
                                                    replicaExtents: [], destinations: [lost]))
                }
            }
        }
        if !pending.isEmpty, availableParity.count < missing.count {
            throw .tooManyUnavailable(members: downList, parityCells: g.parityCells)
        }
        let usedParity = Array(availableParity.prefix(missing.count))
        let survivingData = (0..<g.dataCells).filter { !missing.contains($0) }
        for index in pending.indices {
            fillSources(of: &pending[index], usedParity: usedParity, survivingData: survivingData)
        }
        return ECDegradedReadPlan(geometry: g, rotation: rotation, callerByteCount: callerByteCount, unavailable: downList,
                                  members: lists.map(\.elements), recoveries: pending)
    }

    /// The k cells to decode from, preferring data cells (they are needed anyway and their
    /// reads are the healthy path's), then the first available parity cells.
    private func fillSources(of recovery: inout ECStripeRecovery, usedParity: [Int], survivingData: [Int]) {
        let g = geometry
        let range = recovery.cellRange
        let count = range.upperBound - range.lowerBound
        let stripeBase = recovery.stripe * g.stripeRecords
        recovery.dataSources = survivingData.map { cell in
            ECCellSource(cell: cell, member: g.memberForDataCell(cell, rotation: rotation),
                         extent: WireExtent(start: recovery.stripe * g.cellRecords + range.lowerBound, count: count))
        }
        recovery.paritySources = usedParity.map { parity in
            ECCellSource(cell: g.dataCells + parity, member: g.memberForParity(parity, rotation: rotation),
                         extent: WireExtent(start: g.parityLocalOffset(stripe: recovery.stripe) + range.lowerBound, count: count))
        }
        recovery.replicaMember = recovery.paritySources[0].member
        var requestedCells: [Int] = []
        for piece in recovery.destinations where !requestedCells.contains(piece.cell) { requestedCells.append(piece.cell) }
        recovery.replicaExtents = requestedCells.sorted().map { cell in
            WireExtent(start: stripeBase + UInt64(cell) * g.cellRecords + range.lowerBound, count: count)
        }
    }
}
