// The extent × epoch index of one array akey (DAOS's EV-tree, as a sorted vector).
//
// Invariants:
//  1. `records` is sorted by (start, stamp); `countMax` ≥ the count of every record, so the
//     records overlapping [a, b) all have start in (a − countMax, b).
//  2. A record is never modified in place: writes add records, aggregation replaces the vector.
//  3. Visibility is newest-stamp-wins per record index; punched records and records at or below
//     the punch cutoff never show; indices no visible data record covers are holes.

struct ArrayRecord {
    var start: UInt64
    var count: UInt64
    var stamp: Stamp
    var payload: Payload

    var end: UInt64 { start + count }
}

/// A run of indices whose visible source is one record (`source` indexes the candidate list the
/// sweep was given) or a hole (`source == nil`).
struct VisibleSegment: Equatable {
    var start: UInt64
    var end: UInt64
    var source: Int?
}

struct ArrayRecords {
    private(set) var records: [ArrayRecord] = []
    private(set) var countMax: UInt64 = 0

    var isEmpty: Bool { records.isEmpty }

    init() {}

    /// Replaces the whole vector (checkpoint load, aggregation); sorts it into invariant 1.
    init(records: [ArrayRecord]) {
        self.records = records.sorted { ($0.start, $0.stamp) < ($1.start, $1.stamp) }
        countMax = records.map(\.count).max() ?? 0
    }

    mutating func insert(_ record: ArrayRecord) {
        precondition(record.count > 0, "empty array record")
        countMax = max(countMax, record.count)
        if let last = records.last, (last.start, last.stamp) < (record.start, record.stamp) {
            records.append(record)
            return
        }
        var low = 0
        var high = records.count
        while low < high {
            let mid = (low + high) / 2
            if (records[mid].start, records[mid].stamp) < (record.start, record.stamp) {
                low = mid + 1
            } else {
                high = mid
            }
        }
        records.insert(record, at: low)
    }

    /// Calls `body` with every record overlapping `range` that a read at `epoch` may see.
    @inline(__always)
    func forEachCandidate(in range: RecordExtent, epoch: UInt64, cutoff: Stamp, _ body: (ArrayRecord) -> Void) {
        let lowestStart = range.start >= countMax ? range.start - countMax + 1 : 0
        var low = 0
        var high = records.count
        while low < high {
            let mid = (low + high) / 2
            if records[mid].start < lowestStart { low = mid + 1 } else { high = mid }
        }
        var index = low
        while index < records.count {
            let record = records[index]
            if record.start >= range.end { break }
            if record.end > range.start, record.stamp.epoch <= epoch, cutoff < record.stamp { body(record) }
            index += 1
        }
    }

    /// The visible segments of `range` at `epoch`, in index order, covering all of `range`.
    /// Returns the candidate records the segments point into.
    func visible(in range: RecordExtent, epoch: UInt64, cutoff: Stamp) -> ([ArrayRecord], [VisibleSegment]) {
        var candidates: [ArrayRecord] = []
        forEachCandidate(in: range, epoch: epoch, cutoff: cutoff) { candidates.append($0) }
        return (candidates, Self.sweep(candidates, over: range))
    }

    /// The whole visible array at `epoch`: data segments only, adjacent ones kept apart when their
    /// sources differ.
    func visibleData(epoch: UInt64, cutoff: Stamp) -> ([ArrayRecord], [VisibleSegment]) {
        guard let first = records.first else { return ([], []) }
        let endMax = records.map(\.end).max()!
        let (candidates, segments) = visible(
            in: RecordExtent(start: first.start, count: endMax - first.start), epoch: epoch, cutoff: cutoff)
        return (candidates, segments.filter { $0.source != nil })
    }

    /// Newest-wins sweep over `candidates` clipped to `range`. O(n log n): boundaries are sorted,
    /// and a max-heap by stamp holds the records covering the current position.
    static func sweep(_ candidates: [ArrayRecord], over range: RecordExtent) -> [VisibleSegment] {
        if candidates.isEmpty { return [VisibleSegment(start: range.start, end: range.end, source: nil)] }
        // Fast path: the newest candidate covers the whole range.
        var newest = 0
        for i in candidates.indices where candidates[newest].stamp < candidates[i].stamp { newest = i }
        if candidates[newest].start <= range.start, candidates[newest].end >= range.end {
            let source: Int? = candidates[newest].payload == .punched ? nil : newest
            return [VisibleSegment(start: range.start, end: range.end, source: source)]
        }
        var events: [(position: UInt64, index: Int, isStart: Bool)] = []
        events.reserveCapacity(candidates.count * 2)
        for (i, c) in candidates.enumerated() {
            events.append((max(c.start, range.start), i, true))
            events.append((min(c.end, range.end), i, false))
        }
        events.sort { $0.position < $1.position }
        var heap = StampHeap(candidates: candidates)
        var ended = [Bool](repeating: false, count: candidates.count)
        var segments: [VisibleSegment] = []
        var position = range.start
        var e = 0
        while position < range.end {
            while e < events.count, events[e].position <= position {
                if events[e].isStart { heap.push(events[e].index) } else { ended[events[e].index] = true }
                e += 1
            }
            let next = e < events.count ? min(events[e].position, range.end) : range.end
            while let top = heap.top, ended[top] { heap.pop() }
            var source = heap.top
            if let s = source, candidates[s].payload == .punched { source = nil }
            if let last = segments.last, last.source == source, last.end == position {
                segments[segments.count - 1].end = next
            } else {
                segments.append(VisibleSegment(start: position, end: next, source: source))
            }
            position = next
        }
        return segments
    }
}

/// A binary max-heap of candidate indices ordered by the candidates' stamps.
private struct StampHeap {
    let candidates: [ArrayRecord]
    var items: [Int] = []

    init(candidates: [ArrayRecord]) { self.candidates = candidates }

    var top: Int? { items.first }

    private func above(_ a: Int, _ b: Int) -> Bool { candidates[b].stamp < candidates[a].stamp }

    mutating func push(_ index: Int) {
        items.append(index)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard above(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() {
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var parent = 0
        while true {
            let left = parent * 2 + 1
            let right = left + 1
            var best = parent
            if left < items.count, above(items[left], items[best]) { best = left }
            if right < items.count, above(items[right], items[best]) { best = right }
            if best == parent { return }
            items.swapAt(parent, best)
            parent = best
        }
    }
}
