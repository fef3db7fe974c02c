// The blob file mapped into the engine's memory, so a bulk transfer can land a value where VOS
// keeps it (RMA straight into the page cache) instead of in a staging buffer that is then
// pwritten: one copy of the data on the engine instead of two.
//
// Invariants:
//  1. The mapping spans the target's whole capacity from offset 0 and never moves.
//  2. Bytes below `backedEnd` have disk blocks (fallocate); nothing is handed out above it.
//  3. pwrite/pread on the file and stores/loads through the mapping see the same bytes (one
//     page cache), and fdatasync on the file makes both durable.

final class BlobMapping {
    let base: UnsafeMutableRawPointer
    let length: Int
    private(set) var backedEnd: UInt64 = 0
    private let file: PosixFile
    /// The file is backed ahead of use in steps of this size (one fallocate per step).
    static let backingStepBytes: UInt64 = 64 << 20

    init(file: PosixFile, capacityBytes: UInt64) throws(VOSError) {
        length = Int((capacityBytes + 4095) / 4096 * 4096)
        base = try file.mapShared(length: length)
        self.file = file
    }

    deinit { PosixFile.unmap(base, length: length) }

    /// The mapped bytes of `offset..<offset+length`, backed by disk blocks first.
    func bytes(at offset: UInt64, length count: Int) throws(VOSError) -> UnsafeMutableRawBufferPointer {
        let end = offset + UInt64(count)
        precondition(end <= UInt64(length), "blob range past the mapping")
        if end > backedEnd {
            let target = min(UInt64(length), (end + Self.backingStepBytes - 1) / Self.backingStepBytes * Self.backingStepBytes)
            try file.allocateBlocks(at: backedEnd, length: target - backedEnd)
            backedEnd = target
        }
        return UnsafeMutableRawBufferPointer(start: base + Int(offset), count: count)
    }
}
