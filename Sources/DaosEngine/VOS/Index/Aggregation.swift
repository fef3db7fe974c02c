// Aggregation: fold the history at or below a bound into exactly what the retained epochs see.
//
// Retained points P = the snapshots ≤ bound, plus the bound. For each akey, the view at each
// p ∈ P (with every ancestor punch applied) is computed; the new history is, for p₁ < p₂ < …,
// the part of view(pᵢ) that differs from view(pᵢ₋₁): data pieces keep their original stamp
// (which lies in (pᵢ₋₁, pᵢ]), pieces that became holes get a tombstone stamped (pᵢ, LSN).
// Reads at every p ∈ P and at every epoch above the bound therefore see the same bytes before and
// after. Ancestor punches ≤ bound are then dropped (their effect is folded into the values),
// adjacent pieces of one retained point are merged when their bytes are contiguous, and blob
// ranges no piece references are returned to the allocator.

struct Aggregator {
    let points: [UInt64]
    let bound: UInt64
    let sequence: UInt64
    private(set) var freed: [BlobRange] = []
    private(set) var inlineBytesDropped: UInt64 = 0

    init(snapshots: [UInt64], bound: UInt64, sequence: UInt64) {
        self.points = Array(Set(snapshots.filter { $0 > 0 && $0 < bound } + [bound])).sorted()
        self.bound = bound
        self.sequence = sequence
    }

    mutating func aggregate(_ container: ContainerNode) -> [BlobRange] {
        for (oid, object) in container.objects {
            for dkeyKey in object.dkeys.nodes.keys {
                let dkey = object.dkeys[dkeyKey]!
                for akeyKey in dkey.akeys.nodes.keys {
                    let akey = dkey.akeys[akeyKey]!
                    let path = AkeyPath(object: object, dkey: dkey, akey: akey)
                    switch akey.kind {
                    case .single: foldSingle(path)
                    case .array: foldArray(path)
                    case .undecided: break
                    }
                }
            }
            // Only now: the folds above needed the ancestor punches.
            object.punches.dropThrough(epoch: bound)
            for dkeyKey in object.dkeys.nodes.keys {
                let dkey = object.dkeys[dkeyKey]!
                dkey.punches.dropThrough(epoch: bound)
                for akeyKey in dkey.akeys.nodes.keys {
                    let akey = dkey.akeys[akeyKey]!
                    akey.punches.dropThrough(epoch: bound)
                    if akey.isEmpty { dkey.akeys.remove(akeyKey) }
                }
                if dkey.akeys.isEmpty && dkey.punches.isEmpty { object.dkeys.remove(dkeyKey) }
            }
            if object.dkeys.isEmpty && object.punches.isEmpty { container.objects[oid] = nil }
        }
        container.aggregatedThrough = max(container.aggregatedThrough, bound)
        return freed
    }

    private mutating func foldSingle(_ path: AkeyPath) {
        let akey = path.akey
        let old = akey.versions
        var kept: [SingleVersion] = []
        var keptBelow = Set<Int>()
        var previous: Int? = nil
        for p in points {
            let cutoff = path.cutoff(at: p)
            var current: Int? = nil
            if let index = old.lastIndex(where: { $0.stamp.epoch <= p }),
                cutoff < old[index].stamp, old[index].payload != .punched
            {
                current = index
            }
            if current != previous {
                if let index = current {
                    kept.append(old[index])
                    keptBelow.insert(index)
                } else {
                    kept.append(SingleVersion(stamp: Stamp(epoch: p, sequence: sequence), length: 0, payload: .punched))
                }
            }
            previous = current
        }
        for (index, version) in old.enumerated() where version.stamp.epoch <= bound && !keptBelow.contains(index) {
            drop(version.payload, length: version.length)
        }
        akey.versions = kept + old.filter { $0.stamp.epoch > bound }
    }

    private mutating func foldArray(_ path: AkeyPath) {
        let akey = path.akey
        let recordSize = UInt64(akey.recordSize)
        let below = akey.records.records.filter { $0.stamp.epoch <= bound }
        guard !below.isEmpty else { return }
        let low = below.map(\.start).min()!
        let range = RecordExtent(start: low, count: below.map(\.end).max()! - low)
        var previous = [VisibleSegment(start: range.start, end: range.end, source: nil)]
        var pieces: [ArrayRecord] = []
        var used = [[(UInt64, UInt64)]](repeating: [], count: below.count)
        for p in points {
            let cutoff = path.cutoff(at: p)
            let indices = below.indices.filter { below[$0].stamp.epoch <= p && cutoff < below[$0].stamp }
            let view = ArrayRecords.sweep(indices.map { below[$0] }, over: range)
                .map { VisibleSegment(start: $0.start, end: $0.end, source: $0.source.map { indices[$0] }) }
            var level: [ArrayRecord] = []
            Self.forEachDifference(previous, view) { start, end, source in
                if let s = source {
                    used[s].append((start, end))
                    level.append(Self.slice(below[s], start: start, end: end, recordSize: recordSize))
                } else {
                    level.append(
                        ArrayRecord(
                            start: start, count: end - start,
                            stamp: Stamp(epoch: p, sequence: sequence), payload: .punched))
                }
            }
            pieces += Self.merge(level, recordSize: recordSize)
            previous = view
        }
        for (index, record) in below.enumerated() { dropUnused(record, used: used[index], recordSize: recordSize) }
        for piece in pieces {
            if case .inline(let bytes) = piece.payload { inlineBytesDropped &-= UInt64(bytes.count) }
        }
        akey.records = ArrayRecords(records: pieces + akey.records.records.filter { $0.stamp.epoch > bound })
    }

    /// Calls `body` for every maximal run where `current`'s source differs from `previous`'s.
    private static func forEachDifference(
        _ previous: [VisibleSegment], _ current: [VisibleSegment],
        _ body: (UInt64, UInt64, Int?) -> Void
    ) {
        var i = 0
        var j = 0
        while i < previous.count && j < current.count {
            let start = max(previous[i].start, current[j].start)
            let end = min(previous[i].end, current[j].end)
            if start < end, previous[i].source != current[j].source { body(start, end, current[j].source) }
            if previous[i].end == end { i += 1 }
            if current[j].end == end { j += 1 }
        }
    }

    private static func slice(_ record: ArrayRecord, start: UInt64, end: UInt64, recordSize: UInt64) -> ArrayRecord {
        precondition(record.start <= start && end <= record.end, "slice outside its record")
        var piece = record
        piece.start = start
        piece.count = end - start
        switch record.payload {
        case .blob(let offset): piece.payload = .blob(offset: offset + (start - record.start) * recordSize)
        case .inline(let bytes):
            let from = Int((start - record.start) * recordSize)
            piece.payload = .inline(Array(bytes[from..<(from + Int(piece.count * recordSize))]))
        case .punched: break
        }
        return piece
    }

    /// Merges index-adjacent pieces of one retained point whose bytes are contiguous.
    private static func merge(_ level: [ArrayRecord], recordSize: UInt64) -> [ArrayRecord] {
        var merged: [ArrayRecord] = []
        for piece in level {
            guard var last = merged.last, last.end == piece.start else {
                merged.append(piece)
                continue
            }
            switch (last.payload, piece.payload) {
            case (.blob(let a), .blob(let b)) where a + last.count * recordSize == b: break
            case (.inline(let a), .inline(let b)): last.payload = .inline(a + b)
            case (.punched, .punched): break
            default:
                merged.append(piece)
                continue
            }
            last.count += piece.count
            last.stamp = max(last.stamp, piece.stamp)
            merged[merged.count - 1] = last
        }
        return merged
    }

    private mutating func dropUnused(_ record: ArrayRecord, used: [(UInt64, UInt64)], recordSize: UInt64) {
        switch record.payload {
        case .punched: return
        case .inline(let bytes): inlineBytesDropped &+= UInt64(bytes.count)
        case .blob(let offset):
            var cursor = record.start
            for (start, end) in used.sorted(by: { $0.0 < $1.0 }) {
                if start > cursor {
                    freed.append(
                        BlobRange(
                            offset: offset + (cursor - record.start) * recordSize,
                            length: (start - cursor) * recordSize))
                }
                cursor = max(cursor, end)
            }
            if cursor < record.end {
                freed.append(
                    BlobRange(
                        offset: offset + (cursor - record.start) * recordSize,
                        length: (record.end - cursor) * recordSize))
            }
        }
    }

    private mutating func drop(_ payload: Payload, length: UInt64) {
        switch payload {
        case .blob(let offset): freed.append(BlobRange(offset: offset, length: length))
        case .inline(let bytes): inlineBytesDropped &+= UInt64(bytes.count)
        case .punched: break
        }
    }
}
