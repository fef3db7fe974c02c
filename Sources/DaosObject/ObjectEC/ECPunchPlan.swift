/// How punching array extents of one akey of one dkey is spread over the group: each data member
/// punches the local range its cells occupy, each parity member punches the replica range (the
/// daos extents themselves, recorded as a punch newer than any parity, so degraded reads see the
/// holes) and the parity cells of the stripes the request covers whole.
///
/// Planning is per extent, never per cell or record: a cell's records inside a daos range are one
/// contiguous local range (data shards are dense), so a punch of [size, 2^62) costs the same as a
/// punch of one record.
public struct ECPunchPlan: Sendable {
    public let geometry: ECGeometry
    public let rotation: Int
    /// Local extents to punch per member (index = member), increasing and merged.
    public let members: [[WireExtent]]
    /// Stripes whose parity is punched: those the request covers whole.
    public let fullStripes: [Range<UInt64>]

    public init(geometry: ECGeometry, dkeyHash: UInt64, extents: [WireExtent]) throws(ECLayoutError) {
        let request = try ECRequest(extents: extents, geometry: geometry, bufferByteCount: nil)
        let rotation = geometry.rotation(dkeyHash: dkeyHash)
        var members = [[WireExtent]](repeating: [], count: geometry.groupSize)
        var fullStripes: [Range<UInt64>] = []
        let parityMembers = (0..<geometry.parityCells).map { geometry.memberForParity($0, rotation: rotation) }
        let segments = request.segments
        var first = 0
        while first < segments.count {
            // A run: extents touching end to end, one contiguous daos range.
            var last = first
            while last + 1 < segments.count, segments[last + 1].start == segments[last].end { last += 1 }
            let run = segments[first].start..<segments[last].end
            first = last + 1
            for cell in 0..<geometry.dataCells {
                members[geometry.memberForDataCell(cell, rotation: rotation)].appendMerging(
                    geometry.dataLocalCount(cell: cell, before: run.lowerBound)..<geometry.dataLocalCount(cell: cell, before: run.upperBound))
            }
            for member in parityMembers { members[member].appendMerging(run) }
            let firstFull = (run.lowerBound + geometry.stripeRecords - 1) / geometry.stripeRecords
            let endFull = run.upperBound / geometry.stripeRecords
            if firstFull < endFull { fullStripes.append(firstFull..<endFull) }
        }
        // Parity cells last: above the parity bit, so each member's list stays increasing.
        for stripes in fullStripes {
            let parity = geometry.parityLocalOffset(stripe: stripes.lowerBound)..<geometry.parityLocalOffset(stripe: stripes.upperBound)
            for member in parityMembers { members[member].appendMerging(parity) }
        }
        self.geometry = geometry
        self.rotation = rotation
        self.members = members
        self.fullStripes = fullStripes
    }
}

extension Array where Element == WireExtent {
    /// Appends a non-empty local range, merging it with the last extent when they touch.
    mutating func appendMerging(_ range: Range<UInt64>) {
        guard !range.isEmpty else { return }
        if let last = self.last, last.start + last.count == range.lowerBound {
            self[count - 1].count += range.upperBound - range.lowerBound
        } else {
            append(WireExtent(start: range.lowerBound, count: range.upperBound - range.lowerBound))
        }
    }
}
