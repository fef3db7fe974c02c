// Free-extent allocator of the blob file.
//
// Invariants:
//  1. `freeRanges` is sorted, coalesced (no two touch) and lies entirely below `end`.
//  2. usedBytes = end − Σ free lengths; every allocated byte is below `end` ≤ capacity.
//  3. The allocator is never persisted: recovery rebuilds it from the index's blob references
//     (everything referenced is used, every gap is free), so a crash can leak nothing.
//  4. `reuses` counts allocations that hand out bytes below `highWater` (the highest end ever
//     reached): bytes that may have held data before. Above it nothing was ever written.

struct SpaceAllocator {
    let capacityBytes: UInt64
    private(set) var end: UInt64 = 0
    private(set) var freeRanges: [BlobRange] = []
    private(set) var usedBytes: UInt64 = 0
    private(set) var highWater: UInt64 = 0
    private(set) var reuses: UInt64 = 0

    /// Allocations of at least this size start on this alignment (whole pages for pwrite).
    static let alignmentBytes: UInt64 = 4096

    init(capacityBytes: UInt64) { self.capacityBytes = capacityBytes }

    /// Rebuilds from the referenced ranges; nil if two references overlap (a corrupt index).
    static func rebuild(capacityBytes: UInt64, referenced: [BlobRange]) -> SpaceAllocator? {
        var allocator = SpaceAllocator(capacityBytes: capacityBytes)
        for range in referenced.sorted() where range.length > 0 {
            guard range.offset >= allocator.end else { return nil }
            if range.offset > allocator.end {
                allocator.freeRanges.append(BlobRange(offset: allocator.end, length: range.offset - allocator.end))
            }
            allocator.end = range.end
            allocator.usedBytes += range.length
        }
        allocator.highWater = allocator.end
        return allocator
    }

    /// A range of `length` bytes, or nil when no free range fits and the tail would pass
    /// `capacityBytes − reservedBytes` (the caller's other uses of the capacity).
    mutating func allocate(length: UInt64, reservedBytes: UInt64) -> UInt64? {
        precondition(length > 0, "zero-length allocation")
        guard usedBytes + reservedBytes + length <= capacityBytes else { return nil }
        if let index = freeRanges.firstIndex(where: { $0.length >= length }) {
            let offset = freeRanges[index].offset
            if freeRanges[index].length == length {
                freeRanges.remove(at: index)
            } else {
                freeRanges[index].offset += length
                freeRanges[index].length -= length
            }
            usedBytes += length
            if offset < highWater { reuses += 1 }
            return offset
        }
        let alignment = length >= Self.alignmentBytes ? Self.alignmentBytes : 1
        let start = (end + alignment - 1) / alignment * alignment
        guard start + length <= capacityBytes else { return nil }
        if start > end { insertFree(BlobRange(offset: end, length: start - end)) }
        end = start + length
        usedBytes += length
        if start < highWater { reuses += 1 }
        highWater = max(highWater, end)
        return start
    }

    mutating func release(_ range: BlobRange) {
        guard range.length > 0 else { return }
        precondition(range.end <= end, "release past the allocated end")
        usedBytes -= range.length
        insertFree(range)
    }

    private mutating func insertFree(_ range: BlobRange) {
        var low = 0
        var high = freeRanges.count
        while low < high {
            let mid = (low + high) / 2
            if freeRanges[mid].offset < range.offset { low = mid + 1 } else { high = mid }
        }
        var merged = range
        if low < freeRanges.count {
            precondition(merged.end <= freeRanges[low].offset, "double free in the blob allocator")
            if merged.end == freeRanges[low].offset {
                merged.length += freeRanges[low].length
                freeRanges.remove(at: low)
            }
        }
        if low > 0 {
            precondition(freeRanges[low - 1].end <= merged.offset, "double free in the blob allocator")
            if freeRanges[low - 1].end == merged.offset {
                merged.offset = freeRanges[low - 1].offset
                merged.length += freeRanges[low - 1].length
                freeRanges.remove(at: low - 1)
                low -= 1
            }
        }
        if merged.end == end {
            end = merged.offset
        } else {
            freeRanges.insert(merged, at: low)
        }
    }
}
