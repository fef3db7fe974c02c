import DaosObject

/// A byte range of a file: `length` bytes from `offset`.
public struct FileExtent: Hashable, Sendable, CustomStringConvertible {
    public var offset: UInt64
    public var length: UInt64

    public init(offset: UInt64, length: UInt64) {
        self.offset = offset
        self.length = length
    }

    public var description: String { "[\(offset), +\(length))" }
}

/// The file extents of one list I/O call, checked once: at most `extentsPerCallMax`, none
/// past the largest file, empty ones dropped. Their bytes sit back to back in the caller's
/// memory segments, in extent order — extents may overlap or come in any order.
struct ExtentList: Equatable {
    /// The non-empty extents, in call order, as array record ranges (1-byte records).
    private(set) var ranges: [WireExtent]
    /// The bytes all extents cover: what the memory segments must hold.
    private(set) var totalBytes: Int

    init(_ extents: [FileExtent]) throws(FileSystemError) {
        guard extents.count <= FileSystemLimits.extentsPerCallMax else {
            throw .invalidArgument("\(extents.count) extents in one call (at most \(FileSystemLimits.extentsPerCallMax))")
        }
        var ranges: [WireExtent] = []
        ranges.reserveCapacity(extents.count)
        var total: UInt64 = 0
        for extent in extents where extent.length > 0 {
            let (end, overflow) = extent.offset.addingReportingOverflow(extent.length)
            guard !overflow, end <= FileSystemLimits.fileBytesMax else {
                throw .fileTooLarge("extent \(extent) ends past the largest file (\(FileSystemLimits.fileBytesMax) bytes)")
            }
            total += extent.length  // cannot overflow: each term is below 2^63 and the sum is checked below
            guard total <= UInt64(Int.max) else { throw .invalidArgument("extents cover more bytes than memory holds") }
            ranges.append(WireExtent(start: extent.offset, count: extent.length))
        }
        self.ranges = ranges
        totalBytes = Int(total)
    }

    var isEmpty: Bool { ranges.isEmpty }

    /// The bytes of the extents below `size`: what a read moves from a file of that size
    /// (POSIX short count at end of file).
    func bytesBelow(_ size: UInt64) -> UInt64 {
        ranges.reduce(0) { sum, range in
            range.start >= size ? sum : sum + min(range.count, size - range.start)
        }
    }

    /// The ranges regrouped by memory segment: element i holds, in order, the pieces of the
    /// ranges whose bytes fall in segment i (a range crossing a segment boundary is cut there).
    func split(segmentLengths: [Int]) -> [[WireExtent]] {
        precondition(segmentLengths.allSatisfy { $0 >= 0 }, "negative segment length")
        precondition(segmentLengths.reduce(0, +) == totalBytes, "segments do not hold the extents' bytes")
        var pieces = [[WireExtent]](repeating: [], count: segmentLengths.count)
        var segment = 0
        var usedInSegment = 0
        for range in ranges {
            var start = range.start
            var left = range.count
            while left > 0 {
                while usedInSegment == segmentLengths[segment] {
                    segment += 1
                    usedInSegment = 0
                }
                let take = min(left, UInt64(segmentLengths[segment] - usedInSegment))
                pieces[segment].append(WireExtent(start: start, count: take))
                start += take
                left -= take
                usedInSegment += Int(take)
            }
        }
        return pieces
    }
}

/// Checks that memory segments hold exactly an extent list's bytes.
func checkSegments(_ lengths: [Int], hold list: ExtentList) throws(FileSystemError) {
    guard lengths.count <= FileSystemLimits.segmentsPerCallMax else {
        throw .invalidArgument("\(lengths.count) memory segments in one call (at most \(FileSystemLimits.segmentsPerCallMax))")
    }
    var total = 0
    for length in lengths {
        let (sum, overflow) = total.addingReportingOverflow(length)
        guard !overflow else { throw .invalidArgument("memory segments larger than memory") }
        total = sum
    }
    guard total == list.totalBytes else {
        throw .invalidArgument("memory segments hold \(total) bytes, the extents cover \(list.totalBytes)")
    }
}
