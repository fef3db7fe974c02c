/// Who aggregates which bytes of a two-phase collective access, and in how many rounds. Every
/// rank computes the same plan from the same all-gathered inputs (no further agreement needed).
///
/// The aggregate range [lowest first byte, highest end) of all ranks is cut into `aggregators`
/// contiguous file domains of about equal size; when a domain spans at least one chunk its
/// boundaries move to the nearest chunk boundary, so no two aggregators update one chunk.
/// Domain i belongs to rank i × ranks / aggregators (spread over the ranks: with ranks
/// placed host by host, one per host when there is one aggregator per host). An aggregator
/// walks its domain in windows of at most `bufferBytes` (whole chunks when the buffer holds
/// one), one window per round, round r being every domain's window r. Rounds whose windows
/// hold none of a rank's pieces cost that rank nothing (`TwoPhase` skips them), so a sparse
/// range does not mean many rounds.
struct CollectivePlan {
    struct Domain: Equatable {
        let aggregator: Int32
        let range: Range<Int64>
        /// Where window 0 starts: the domain's start, or the chunk boundary below it.
        let origin: Int64
    }

    let domains: [Domain]
    /// Bytes from one window's start to the next.
    let step: Int64

    /// - Parameters:
    ///   - ranges: each rank's [first byte, end) (empty: it moves nothing); at least one non-empty.
    ///   - aggregators: 1...ranks.count.
    init(ranges: [Range<Int64>], aggregators: Int, bufferBytes: Int64, chunkBytes: Int64) {
        precondition((1...ranges.count).contains(aggregators), "1...ranks aggregators")
        precondition(bufferBytes > 0 && chunkBytes > 0, "positive buffer and chunk sizes")
        let used = ranges.filter { !$0.isEmpty }
        precondition(!used.isEmpty, "a plan for an access that moves bytes")
        let low = used.map(\.lowerBound).min()!
        let high = used.map(\.upperBound).max()!
        let share = (high - low + Int64(aggregators) - 1) / Int64(aggregators)
        var bounds = [low]
        for index in 1..<aggregators {
            var bound = low + Int64(index) * share
            if share >= chunkBytes { bound = (bound + chunkBytes / 2) / chunkBytes * chunkBytes }
            bounds.append(min(max(bound, bounds[bounds.count - 1]), high))
        }
        bounds.append(high)
        let aligned = bufferBytes >= chunkBytes
        step = aligned ? bufferBytes - bufferBytes % chunkBytes : bufferBytes
        let ranks = Int64(ranges.count)
        domains = (0..<aggregators).map { index in
            let range = bounds[index]..<bounds[index + 1]
            let origin = aligned ? range.lowerBound - range.lowerBound % chunkBytes : range.lowerBound
            return Domain(aggregator: Int32(Int64(index) * ranks / Int64(aggregators)), range: range, origin: origin)
        }
    }

    /// Domain `index`'s window in `round` (empty once the domain is done).
    func window(_ index: Int, round: Int) -> Range<Int64> {
        let domain = domains[index]
        let start = max(domain.range.lowerBound, domain.origin + Int64(round) * step)
        let end = min(domain.range.upperBound, domain.origin + Int64(round + 1) * step)
        return start < end ? start..<end : domain.range.upperBound..<domain.range.upperBound
    }

    /// The rounds whose windows of domain `index` hold part of `piece` (a piece inside the domain).
    func rounds(_ index: Int, covering piece: PieceList.Piece) -> ClosedRange<Int> {
        let origin = domains[index].origin
        return Int((piece.file - origin) / step)...Int((piece.end - 1 - origin) / step)
    }

    /// The domain rank `rank` aggregates, if any.
    func domain(of rank: Int32) -> Int? { domains.firstIndex { $0.aggregator == rank } }

    /// ROMIO's test for `automatic`: do the ranks' requests interleave — does some rank's
    /// [first, last byte] overlap another's?
    static func interleaved(_ ranges: [Range<Int64>]) -> Bool {
        let sorted = ranges.filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }
        var reach = Int64.min
        for range in sorted {
            if range.lowerBound < reach { return true }
            reach = max(reach, range.upperBound)
        }
        return false
    }
}
