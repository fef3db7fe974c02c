/// One extent of a request, with where its bytes sit in the caller's buffer.
struct ECSegment: Hashable, Sendable {
    var start: UInt64
    var records: UInt64
    var bufferOffset: Int

    var end: UInt64 { start + records }
}

/// The part of a segment that falls in one cell.
struct ECCellPiece {
    var stripe: UInt64
    var cell: Int
    var offsetInCell: UInt64
    var records: UInt64
    var daosOffset: UInt64
    var bufferOffset: Int
}

/// An array request's extents, validated and sorted by daos offset. The caller's buffer holds
/// the extents back to back in the order given, so each segment remembers its buffer offset.
struct ECRequest: Sendable {
    let segments: [ECSegment]
    let byteCount: Int

    /// Checks every extent, and that the caller's buffer holds exactly their bytes, before any
    /// cell is walked: a bogus count must fail here, not make a planner walk 2^62 records.
    /// `bufferByteCount` nil: no buffer (a punch), byte counts are not computed.
    init(extents: [WireExtent], geometry: ECGeometry, bufferByteCount: Int?) throws(ECLayoutError) {
        var segments: [ECSegment] = []
        segments.reserveCapacity(extents.count)
        var bufferOffset = 0
        for (index, extent) in extents.enumerated() {
            guard extent.count > 0 else { throw .emptyExtent(index: index) }
            let (end, overflow) = extent.start.addingReportingOverflow(extent.count)
            guard !overflow, end <= ECGeometry.parityBit else { throw .extentBeyondLimit(extent) }
            segments.append(ECSegment(start: extent.start, records: extent.count, bufferOffset: bufferOffset))
            guard bufferByteCount != nil else { continue }
            let (bytes, bytesOverflow) = extent.count.multipliedReportingOverflow(by: UInt64(geometry.recordSize))
            guard !bytesOverflow, bytes <= UInt64(Int.max) else { throw .requestTooLarge }
            let (next, sumOverflow) = bufferOffset.addingReportingOverflow(Int(bytes))
            guard !sumOverflow else { throw .requestTooLarge }
            bufferOffset = next
        }
        if let bufferByteCount, bufferOffset != bufferByteCount {
            throw .bufferSizeMismatch(expected: bufferOffset, got: bufferByteCount)
        }
        // Stable, so equal starts (which then overlap) keep request order in the error.
        if !segments.indices.dropFirst().allSatisfy({ segments[$0 - 1].start <= segments[$0].start }) {
            segments = segments.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }.map(\.element)
        }
        for i in segments.indices.dropFirst() where segments[i - 1].end > segments[i].start {
            throw .overlappingExtents(WireExtent(start: segments[i - 1].start, count: segments[i - 1].records),
                                      WireExtent(start: segments[i].start, count: segments[i].records))
        }
        self.segments = segments
        self.byteCount = bufferOffset
    }
}

extension ECGeometry {
    /// Calls `body` for each cell-sized piece of `[start, start + records)`, in daos order.
    /// One call per cell touched, never per record.
    func forEachCellPiece(start: UInt64, records: UInt64, bufferOffset: Int, _ body: (ECCellPiece) -> Void) {
        var daos = start
        var remaining = records
        var buffer = bufferOffset
        while remaining > 0 {
            let globalCell = daos / cellRecords
            let offsetInCell = daos % cellRecords
            let count = min(cellRecords - offsetInCell, remaining)
            body(ECCellPiece(stripe: globalCell / UInt64(dataCells), cell: Int(globalCell % UInt64(dataCells)),
                             offsetInCell: offsetInCell, records: count, daosOffset: daos, bufferOffset: buffer))
            daos += count
            remaining -= count
            buffer += Int(count) * recordSize
        }
    }
}
