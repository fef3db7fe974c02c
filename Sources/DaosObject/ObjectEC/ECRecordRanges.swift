/// A set of records kept as sorted, disjoint, non-touching ranges: which records of a lost cell
/// hold data while replicas and punches are overlaid in epoch order.
struct ECRecordRanges {
    private(set) var ranges: [Range<UInt64>] = []

    init() {}

    init(_ range: Range<UInt64>) {
        if !range.isEmpty { ranges = [range] }
    }

    mutating func insert(_ range: Range<UInt64>) {
        guard !range.isEmpty else { return }
        var lower = range.lowerBound
        var upper = range.upperBound
        var kept: [Range<UInt64>] = []
        kept.reserveCapacity(ranges.count + 1)
        for existing in ranges {
            if existing.upperBound < lower || existing.lowerBound > upper {
                kept.append(existing)
            } else {
                lower = min(lower, existing.lowerBound)
                upper = max(upper, existing.upperBound)
            }
        }
        kept.append(lower..<upper)
        kept.sort { $0.lowerBound < $1.lowerBound }
        ranges = kept
    }

    mutating func remove(_ range: Range<UInt64>) {
        guard !range.isEmpty else { return }
        var kept: [Range<UInt64>] = []
        kept.reserveCapacity(ranges.count + 1)
        for existing in ranges {
            if existing.lowerBound < range.lowerBound {
                kept.append(existing.lowerBound..<min(existing.upperBound, range.lowerBound))
            }
            if existing.upperBound > range.upperBound {
                kept.append(max(existing.lowerBound, range.upperBound)..<existing.upperBound)
            }
        }
        ranges = kept
    }

    /// The parts of `range` outside the set, as extents in increasing order.
    func gaps(in range: Range<UInt64>) -> [WireExtent] {
        var gaps: [WireExtent] = []
        var cursor = range.lowerBound
        for part in ranges where part.upperBound > cursor && part.lowerBound < range.upperBound {
            if part.lowerBound > cursor { gaps.append(WireExtent(start: cursor, count: part.lowerBound - cursor)) }
            cursor = part.upperBound
            if cursor >= range.upperBound { break }
        }
        if cursor < range.upperBound { gaps.append(WireExtent(start: cursor, count: range.upperBound - cursor)) }
        return gaps
    }
}
