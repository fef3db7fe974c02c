// The blob file mapped into the engine's memory, so a bulk transfer can land a value where VOS
// keeps it (RMA straight into the page cache) instead of in a staging buffer that is then
// pwritten: one copy of the data on the engine instead of two.
//
// Invariants:
//  1. The mapping spans the target's whole capacity from offset 0 and never moves.
//  2. Bytes below `backedEnd` have disk blocks (fallocate); nothing is handed out above it.
//  3. pwrite/pread on the file and stores/loads through the mapping see the same bytes (one
//     page cache), and fdatasync on the file makes both durable.
//  4. On a file in memory (tmpfs), bytes below `backedEnd` are also populated: their pages
//     exist, are cleared and are mapped, so an RMA landing there takes no page fault. Clearing a
//     never-touched page costs more than moving a page of data into it; DAOS pays this at pool
//     create (it preallocates every target's share), and so do we (`back(upTo:)`); a destroyed
//     or refused pool's share is given back (`release(above:)`), as DAOS removes its files.

import Glibc

final class BlobMapping {
    let base: UnsafeMutableRawPointer
    let length: Int
    private(set) var backedEnd: UInt64 = 0
    private let file: PosixFile
    private let populates: Bool
    /// The file is backed ahead of use in steps of this size (one fallocate per step).
    static let backingStepBytes: UInt64 = 64 << 20

    init(file: PosixFile, capacityBytes: UInt64) throws(VOSError) {
        length = Int((capacityBytes + 4095) / 4096 * 4096)
        base = try file.mapShared(length: length)
        self.file = file
        populates = file.isInMemory
    }

    deinit { PosixFile.unmap(base, length: length) }

    /// The mapped bytes of `offset..<offset+length`, backed by disk blocks first.
    func bytes(at offset: UInt64, length count: Int) throws(VOSError) -> UnsafeMutableRawBufferPointer {
        let end = offset + UInt64(count)
        precondition(end <= UInt64(length), "blob range past the mapping")
        if end > backedEnd {
            try back(upTo: (end + Self.backingStepBytes - 1) / Self.backingStepBytes * Self.backingStepBytes)
        }
        return UnsafeMutableRawBufferPointer(start: base + Int(offset), count: count)
    }

    /// The mapped bytes of data already written at `offset..<offset+length` (through the mapping
    /// or the file), for reading: no backing is needed where data lies.
    func written(at offset: UInt64, length count: Int) -> UnsafeRawPointer {
        precondition(offset + UInt64(count) <= UInt64(length), "blob range past the mapping")
        return UnsafeRawPointer(base + Int(offset))
    }

    /// Gives back the backing above `offset` (4 KiB aligned; nothing there may be in use).
    func release(above offset: UInt64) throws(VOSError) {
        precondition(offset % 4096 == 0, "release at an unaligned offset")
        guard offset < backedEnd else { return }
        try file.releaseBlocks(at: offset, length: backedEnd - offset)
        backedEnd = offset
    }

    /// Backs the first `bytes` of the blob (capped at the mapping) now rather than on first use.
    func back(upTo bytes: UInt64) throws(VOSError) {
        let target = min(UInt64(length), bytes)
        guard target > backedEnd else { return }
        try file.allocateBlocks(at: backedEnd, length: target - backedEnd)
        // On a disk file, populating would dirty page-cache pages of zeros for writeback.
        if populates { PosixFile.populate(base + Int(backedEnd), length: Int(target - backedEnd)) }
        backedEnd = target
    }
}
