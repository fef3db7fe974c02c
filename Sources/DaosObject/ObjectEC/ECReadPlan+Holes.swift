/// Holes of a read, mapped back from the members' answers. A member answers a cell read with
/// the records it lacks, in its own (local) record numbers; through the plan's pieces they are
/// the array's own holes, so a healthy erasure-coded read reports holes as a replicated one does.
extension ECReadPlan {
    /// The array records (merged, in order) that `holes`, one member's answer in its local
    /// records, cover. `reads` are that member's cell reads: where each local extent lands in
    /// the buffer, which holds `extents` back to back.
    public static func arrayHoles(_ holes: [WireExtent], reads: [ECShardRead], extents: [WireExtent], recordSize: Int) -> [WireExtent] {
        var found: [WireExtent] = []
        for hole in holes {
            for read in reads {
                let start = max(hole.start, read.localOffset)
                let end = min(hole.start + hole.count, read.localOffset + read.records)
                guard start < end else { continue }
                // The hole's bytes in the read, then in the buffer through the read's pieces.
                let from = Int(start - read.localOffset) * recordSize
                let to = Int(end - read.localOffset) * recordSize
                var at = 0
                for piece in read.pieces {
                    let lower = max(from, at)
                    let upper = min(to, at + piece.byteCount)
                    if lower < upper {
                        appendRecords(buffer: piece.offset + lower - at..<piece.offset + upper - at, extents: extents,
                                      recordSize: recordSize, to: &found)
                    }
                    at += piece.byteCount
                }
            }
        }
        return merged(found)
    }

    /// The records behind buffer bytes `bytes` (whole records: cells are record-aligned).
    private static func appendRecords(buffer bytes: Range<Int>, extents: [WireExtent], recordSize: Int, to found: inout [WireExtent]) {
        var at = 0
        for extent in extents {
            let length = Int(extent.count) * recordSize
            let lower = max(bytes.lowerBound, at)
            let upper = min(bytes.upperBound, at + length)
            if lower < upper {
                found.append(WireExtent(start: extent.start + UInt64((lower - at) / recordSize),
                                        count: UInt64((upper - lower) / recordSize)))
            }
            at += length
            if at >= bytes.upperBound { break }
        }
    }

    /// `extents` sorted, with overlapping and touching ones joined.
    public static func merged(_ extents: [WireExtent]) -> [WireExtent] {
        var result: [WireExtent] = []
        for extent in extents.sorted(by: { $0.start < $1.start }) {
            if let last = result.last, extent.start <= last.start + last.count {
                let end = max(last.start + last.count, extent.start + extent.count)
                result[result.count - 1].count = end - last.start
            } else {
                result.append(extent)
            }
        }
        return result
    }
}
