/// Registered memory an `ObjectIO` reuses across calls for EC parity and gathered payloads.
/// Memory fresh from the allocator costs a page fault and a page clear per 4 KiB on first touch
/// (malloc hands large blocks back to the kernel on free) — more than moving the data through
/// it — plus a registration per call. A region is taken for one operation and given back when
/// its transfers are done; idle regions up to `keptBytesMax` in all stay for the next call.
final class ScratchRegions {
    private var idle: [MemoryRegion] = []
    private var idleBytes = 0
    private let register: (UnsafeMutableRawBufferPointer) throws(ClientError) -> MemoryRegion
    /// A multi-chunk EC update takes a parity region per chunk (16 for a 16 MiB HDF5 dataset
    /// write of 1 MiB chunks): with 8 regions kept, half of them came fresh on every call.
    static let keptMax = 64
    static let keptBytesMax = 64 << 20
    /// Allocation granule: sizes that differ by a little share regions.
    static let granuleBytes = 64 << 10

    init(register: @escaping (UnsafeMutableRawBufferPointer) throws(ClientError) -> MemoryRegion) {
        self.register = register
    }

    deinit { idle.forEach { $0.buffer.deallocate() } }

    /// A registered region of at least `bytes` (the smallest idle one that fits, else new).
    func take(_ bytes: Int) throws(ClientError) -> MemoryRegion {
        var best: Int?
        for (i, region) in idle.enumerated() where region.buffer.count >= bytes {
            if best == nil || region.buffer.count < idle[best!].buffer.count { best = i }
        }
        if let best {
            idleBytes -= idle[best].buffer.count
            return idle.remove(at: best)
        }
        let size = max(1, (bytes + Self.granuleBytes - 1) / Self.granuleBytes) * Self.granuleBytes
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4096)
        do { return try register(buffer) } catch {
            buffer.deallocate()
            throw error
        }
    }

    /// Returns a region from `take`; its transfers must be complete.
    func giveBack(_ region: MemoryRegion) {
        guard region.buffer.count <= Self.keptBytesMax else {
            region.buffer.deallocate()
            return
        }
        idle.append(region)
        idleBytes += region.buffer.count
        while idle.count > Self.keptMax || idleBytes > Self.keptBytesMax {
            // Keep the larger ones: a small request fits them, a large one would allocate again.
            let smallest = idle.indices.min { idle[$0].buffer.count < idle[$1].buffer.count }!
            idleBytes -= idle[smallest].buffer.count
            idle.remove(at: smallest).buffer.deallocate()
        }
    }
}
