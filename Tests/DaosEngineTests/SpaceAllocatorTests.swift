import DaosObject
import Testing

@testable import DaosEngine

/// The blob allocator against a byte map: no overlap, exact accounting, rebuild equals live.
@Suite struct SpaceAllocatorTests {
    @Test(arguments: [UInt64(1), 2, 3])
    func randomAllocateAndReleaseMatchesAByteMap(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        let capacity: UInt64 = 1 << 18
        var allocator = SpaceAllocator(capacityBytes: capacity)
        var owned = [Bool](repeating: false, count: Int(capacity))
        // Bytes that ever held an allocation: handing any out again must count as a reuse
        // (a reader of located spans relies on it, see ReuseCounter).
        var used = [Bool](repeating: false, count: Int(capacity))
        var live: [BlobRange] = []
        var reuses = 0
        for _ in 0..<3000 {
            if rng.chance(55) {
                let length = UInt64(rng.chance(30) ? 4096 * (1 + rng.below(4)) : 1 + rng.below(3000))
                let reusesBefore = allocator.reuses
                guard let offset = allocator.allocate(length: length, reservedBytes: 0) else {
                    // Refused only when it fits neither by count nor in a free range nor at the tail.
                    let alignment = length >= SpaceAllocator.alignmentBytes ? SpaceAllocator.alignmentBytes : 1
                    let tail = (allocator.end + alignment - 1) / alignment * alignment
                    #expect(
                        allocator.usedBytes + length > capacity
                            || (!allocator.freeRanges.contains { $0.length >= length } && tail + length > capacity))
                    continue
                }
                let range = BlobRange(offset: offset, length: length)
                let reused = used[Int(range.offset)..<Int(range.end)].contains(true)
                #expect(!reused || allocator.reuses == reusesBefore + 1, "bytes at \(offset) handed out again unannounced")
                if reused { reuses += 1 }
                for i in Int(range.offset)..<Int(range.end) {
                    #expect(!owned[i], "byte \(i) allocated twice")
                    owned[i] = true
                    used[i] = true
                }
                live.append(range)
            } else if !live.isEmpty {
                // Release a whole range or a piece of one (aggregation frees slices).
                let index = rng.below(live.count)
                var range = live.remove(at: index)
                if rng.chance(30), range.length > 2 {
                    let cut = UInt64(1 + rng.below(Int(range.length) - 1))
                    live.append(BlobRange(offset: range.offset + cut, length: range.length - cut))
                    range.length = cut
                }
                for i in Int(range.offset)..<Int(range.end) { owned[i] = false }
                allocator.release(range)
            }
            #expect(allocator.usedBytes == live.reduce(0) { $0 + $1.length })
        }
        #expect(reuses > 100, "the run reused space often enough to test it")
        let rebuilt = SpaceAllocator.rebuild(capacityBytes: capacity, referenced: live)
        #expect(rebuilt?.usedBytes == allocator.usedBytes)
        #expect(rebuilt?.end == allocator.end)
        #expect(rebuilt?.freeRanges == allocator.freeRanges)
    }

    @Test func freshTailSpaceIsNoReuse() {
        var allocator = SpaceAllocator(capacityBytes: 1 << 20)
        let first = allocator.allocate(length: 8192, reservedBytes: 0)!
        _ = allocator.allocate(length: 8192, reservedBytes: 0)
        #expect(allocator.reuses == 0)
        allocator.release(BlobRange(offset: first, length: 8192))
        #expect(allocator.allocate(length: 4096, reservedBytes: 0) == first)
        #expect(allocator.reuses == 1)
        // The tail shrinks when its last range is freed; allocating there again is a reuse.
        allocator.release(BlobRange(offset: 8192, length: 8192))
        #expect(allocator.end == 4096)
        #expect(allocator.allocate(length: 8192, reservedBytes: 0) == 4096)
        #expect(allocator.allocate(length: 4096, reservedBytes: 0) == 12288)
        #expect(allocator.reuses == 3)
        #expect(allocator.allocate(length: 4096, reservedBytes: 0) == 16384)
        #expect(allocator.reuses == 3)
        // After a rebuild, the gaps are old space and the tail is fresh.
        var rebuilt = SpaceAllocator.rebuild(capacityBytes: 1 << 20, referenced: [BlobRange(offset: 8192, length: 4096)])!
        #expect(rebuilt.allocate(length: 4096, reservedBytes: 0) == 0)
        #expect(rebuilt.reuses == 1)
        #expect(rebuilt.allocate(length: 8192, reservedBytes: 0) == 12288)
        #expect(rebuilt.reuses == 1)
    }

    @Test func overlappingReferencesAreRefusedAtRebuild() {
        let ranges = [BlobRange(offset: 0, length: 100), BlobRange(offset: 50, length: 10)]
        #expect(SpaceAllocator.rebuild(capacityBytes: 1000, referenced: ranges) == nil)
    }

    @Test func capacityIsNeverExceeded() {
        var allocator = SpaceAllocator(capacityBytes: 10_000)
        #expect(allocator.allocate(length: 6000, reservedBytes: 0) == 0)
        #expect(allocator.allocate(length: 5000, reservedBytes: 0) == nil)
        #expect(allocator.allocate(length: 3000, reservedBytes: 1500) == nil)
        #expect(allocator.allocate(length: 3000, reservedBytes: 0) != nil)
    }
}
