import CISAL

/// Checksums used on durable and wire formats, computed by ISA-L.
public enum CRC {
    /// CRC-32C (Castagnoli), the checksum of WAL records, checkpoints, pool maps and frames.
    /// `crc32c(b, seed: crc32c(a))` equals `crc32c(a + b)`, so large inputs can be fed in parts.
    @inlinable
    public static func crc32c(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        // ISA-L's crc32_iscsi neither pre- nor post-inverts; the standard CRC-32C does both.
        guard let base = bytes.baseAddress, bytes.count > 0 else { return seed }
        var crc = ~seed
        var offset = 0
        while offset < bytes.count {
            // ISA-L takes an Int32 length; feed very large buffers in 1 GiB pieces.
            let piece = min(bytes.count - offset, 1 << 30)
            crc = crc32_iscsi(
                UnsafeMutablePointer(mutating: base.advanced(by: offset).assumingMemoryBound(to: UInt8.self)),
                Int32(piece), crc)
            offset += piece
        }
        return ~crc
    }

    public static func crc32c<Bytes: Sequence>(_ bytes: Bytes, seed: UInt32 = 0) -> UInt32 where Bytes.Element == UInt8 {
        if let crc = bytes.withContiguousStorageIfAvailable({ crc32c(UnsafeRawBufferPointer($0), seed: seed) }) {
            return crc
        }
        let copy = Array(bytes)
        return copy.withUnsafeBytes { crc32c($0, seed: seed) }
    }

    /// CRC-64/ECMA (reflected), used to key placement hashes like DAOS's jump map.
    @inlinable
    public static func crc64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return seed }
        return crc64_ecma_refl(seed, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }
}
