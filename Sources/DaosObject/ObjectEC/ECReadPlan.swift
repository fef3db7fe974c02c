/// How one array read (one akey of one dkey) is fetched from the data shards of its group when
/// every member answers: each record comes from the data shard owning its cell, at its local
/// offset, and lands in the caller's buffer (extents back to back, in request order).
///
/// When members are unavailable, `degraded(unavailable:)` keeps the reads that can still be
/// served directly and says which stripes to rebuild and from which cells.
public struct ECReadPlan: Sendable {
    public let geometry: ECGeometry
    public let rotation: Int
    /// Bytes of the caller's buffer: the extents back to back, in request order.
    public let callerByteCount: Int
    /// Reads per group member (index = member), in increasing local order; parity members' lists
    /// are empty.
    public let members: [[ECShardRead]]
    let request: ECRequest

    /// `bufferByteCount` is the size of the caller's destination buffer, which must hold the
    /// extents' records back to back in request order.
    public init(geometry: ECGeometry, dkeyHash: UInt64, extents: [WireExtent], bufferByteCount: Int) throws(ECLayoutError) {
        let request = try ECRequest(extents: extents, geometry: geometry, bufferByteCount: bufferByteCount)
        let rotation = geometry.rotation(dkeyHash: dkeyHash)
        var lists = Array(repeating: ECShardExtentList<ECShardRead>(), count: geometry.groupSize)
        for segment in request.segments {
            geometry.forEachCellPiece(start: segment.start, records: segment.records, bufferOffset: segment.bufferOffset) { piece in
                Self.addRead(of: piece, to: &lists[geometry.memberForDataCell(piece.cell, rotation: rotation)], geometry: geometry)
            }
        }
        self.geometry = geometry
        self.rotation = rotation
        self.request = request
        self.callerByteCount = request.byteCount
        self.members = lists.map(\.elements)
    }

    /// A cell piece read from its data shard's local offsets into the caller's buffer.
    static func addRead(of piece: ECCellPiece, to list: inout ECShardExtentList<ECShardRead>, geometry: ECGeometry) {
        list.append(true, localOffset: piece.stripe * geometry.cellRecords + piece.offsetInCell, records: piece.records,
                    piece: ECBufferPiece(buffer: .caller, offset: piece.bufferOffset, byteCount: Int(piece.records) * geometry.recordSize))
    }
}
