@testable import DaosObject
import Testing

/// `ScratchRegions`: a region given back is handed out again for a request it fits (the
/// smallest that fits), new ones are registered only when none fits, and only a bounded
/// number and size stay idle.
struct ScratchRegionsTests {
    private func scratch() throws -> (ScratchRegions, counter: () -> Int) {
        let domain = try FabricDomain(provider: "tcp;ofi_rxm", node: "127.0.0.1")
        final class Count { var value = 0 }
        let registered = Count()
        let regions = ScratchRegions { (buffer) throws(ClientError) -> MemoryRegion in
            registered.value += 1
            do throws(FabricError) { return try MemoryRegion(domain: domain, buffer: buffer) } catch { throw .rpc(.fabric(error)) }
        }
        return (regions, { registered.value })
    }

    @Test func regionsAreReusedSmallestFirst() throws {
        let (regions, registrations) = try scratch()
        let large = try regions.take(1 << 20)
        let small = try regions.take(100)
        #expect(large.buffer.count >= 1 << 20 && small.buffer.count >= 100)
        #expect(small.buffer.count % ScratchRegions.granuleBytes == 0)
        #expect(registrations() == 2)
        regions.giveBack(large)
        regions.giveBack(small)
        // A small request takes the small region, a large one the large region: no new ones.
        let again = try regions.take(4096)
        #expect(again === small)
        let big = try regions.take(1 << 20)
        #expect(big === large)
        #expect(registrations() == 2)
        // Nothing idle fits: a new one.
        let bigger = try regions.take(2 << 20)
        #expect(registrations() == 3)
        [again, big, bigger].forEach(regions.giveBack)
    }

    @Test func idleRegionsAreBounded() throws {
        let (regions, registrations) = try scratch()
        // By count: the smallest are dropped, so requests up to the largest need no new region.
        var taken: [MemoryRegion] = []
        for i in 0..<(ScratchRegions.keptMax + 2) { taken.append(try regions.take(i < 2 ? 1 << 16 : 2 << 16)) }
        taken.forEach(regions.giveBack)
        var count = registrations()
        var reused: [MemoryRegion] = []
        for _ in 0..<ScratchRegions.keptMax { reused.append(try regions.take(1)) }
        #expect(registrations() == count)
        #expect(reused.allSatisfy { $0.buffer.count == 2 << 16 })
        let extra = try regions.take(1)
        #expect(registrations() == count + 1)
        (reused + [extra]).forEach(regions.giveBack)
        // By bytes: idle regions hold at most keptBytesMax together (the small ones go first).
        let half = ScratchRegions.keptBytesMax / 2
        let large = try (0..<3).map { _ in try regions.take(half) }
        large.forEach(regions.giveBack)
        count = registrations()
        let again = try (0..<2).map { _ in try regions.take(half) }
        #expect(registrations() == count)
        let third = try regions.take(half)
        #expect(registrations() == count + 1)
        (again + [third]).forEach(regions.giveBack)
        // Beyond the size bound a region is not kept.
        let huge = try regions.take(ScratchRegions.keptBytesMax + 1)
        regions.giveBack(huge)
        regions.giveBack(try regions.take(ScratchRegions.keptBytesMax + 1))
        #expect(registrations() == count + 3)
    }
}
