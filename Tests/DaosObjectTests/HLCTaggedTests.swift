import DaosObject
import Testing

/// `now(distinctBy:)`: increasing per clock, the tag in the low bits, so clocks with different
/// tags never return the same epoch even when their physical time is identical.
struct HLCTaggedTests {
    struct FrozenClock: PhysicalClock {
        func nanosecondsSinceUnixEpoch() -> UInt64 { 1_790_000_000 * 1_000_000_000 }
    }

    @Test func taggedEpochsAreDistinctAcrossTagsAndIncreasing() {
        let clocks = (0..<4).map { _ in HybridLogicalClock(physical: FrozenClock()) }
        var seen = Set<UInt64>()
        var previous = [UInt64](repeating: 0, count: 4)
        for _ in 0..<100 {
            for (tag, clock) in clocks.enumerated() {
                let epoch = clock.now(distinctBy: UInt64(tag)).rawValue
                #expect(epoch & ((1 << UInt64(HybridLogicalClock.tagBits)) - 1) == UInt64(tag))
                #expect(epoch > previous[tag])
                previous[tag] = epoch
                #expect(seen.insert(epoch).inserted, "epoch \(epoch) picked twice")
            }
        }
        // Untagged and tagged calls on one clock keep increasing.
        let clock = clocks[0]
        let a = clock.now()
        let b = clock.now(distinctBy: 3)
        let c = clock.now()
        #expect(a < b && b < c)
    }
}
