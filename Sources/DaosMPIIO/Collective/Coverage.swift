import DaosFS

/// The bytes an aggregator moves in one window: the union of every rank's pieces there, as
/// sorted disjoint file ranges packed back to back in one buffer. Only these ranges go to
/// DaosFS — one extent list, holes between them untouched (no read-modify-write).
struct Coverage {
    /// Sorted, disjoint, non-adjacent ranges.
    private(set) var extents: [FileExtent] = []
    /// Buffer offset of each range (prefix sums of the lengths).
    private var starts: [Int64] = []
    private(set) var bytes: Int64 = 0

    init(_ lists: [[PieceList.Piece]]) {
        var ranges = lists.flatMap { $0.map { $0.file..<$0.end } }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int64>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        extents.reserveCapacity(merged.count)
        starts.reserveCapacity(merged.count)
        for range in merged {
            extents.append(FileExtent(offset: UInt64(range.lowerBound), length: UInt64(range.count)))
            starts.append(bytes)
            bytes += Int64(range.count)
        }
    }

    /// Where file byte `offset` (inside a range) sits in the buffer.
    func position(of offset: Int64) -> Int {
        var low = 0
        var high = extents.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if Int64(extents[middle].offset) <= offset { low = middle } else { high = middle - 1 }
        }
        precondition(Int64(extents[low].offset) <= offset && offset < Int64(extents[low].offset + extents[low].length),
                     "byte \(offset) is not covered")
        return Int(starts[low] + offset - Int64(extents[low].offset))
    }

    /// The file offset below which a read of the ranges found data, from the bytes it says lie
    /// inside the file: those are a prefix of the sorted ranges (the end of file cuts them once).
    func endOfData(readBytes: Int64) -> Int64 {
        var left = readBytes
        for extent in extents {
            if left < Int64(extent.length) { return Int64(extent.offset) + left }
            left -= Int64(extent.length)
        }
        return Int64.max
    }
}

extension PieceList.Piece {
    /// This piece's bytes below `endOfData`: what a read of it finds (short at end of file).
    func bytes(below endOfData: Int64) -> Int64 { max(0, min(length, endOfData - file)) }
}
