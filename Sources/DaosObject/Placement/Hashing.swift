/// Hash functions placement is built from. All are pure functions of their inputs: placement
/// must give every client and engine the same answer for the same (object, map).
public enum PlacementHash {
    /// Lamping & Veach's jump consistent hash: a bucket in 0..<buckets for a 64-bit key.
    /// Growing `buckets` by one moves only the keys that land in the new bucket.
    @inlinable
    public static func jump(_ key: UInt64, buckets: Int) -> Int {
        precondition(buckets > 0, "jump hash needs at least one bucket")
        var key = key
        var bucket: Int64 = -1
        var next: Int64 = 0
        while next < Int64(buckets) {
            bucket = next
            key = key &* 2_862_933_555_777_941_757 &+ 1
            next = Int64(Double(bucket + 1) * (Double(1 << 31) / Double((key >> 33) &+ 1)))
        }
        return Int(bucket)
    }

    /// A 64-bit finalizer (MurmurHash3's fmix64): every input bit flips about half the output.
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    /// `⌊value × n / 2^64⌋`: maps a uniform 64-bit value onto 0..<n without modulo bias.
    @inlinable
    public static func scale(_ value: UInt64, to n: Int) -> Int {
        Int(value.multipliedFullWidth(by: UInt64(n)).high)
    }

    /// The hash of a distribution key: the key's own value for integer-keyed types (so arrays
    /// spread chunk by chunk), a mixed CRC-64 of its bytes otherwise.
    public static func distributionKey(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        mix(CRC.crc64(bytes, seed: 5731))
    }

    public static func distributionKey(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { distributionKey($0) }
    }

    public static func distributionKey(_ value: UInt64) -> UInt64 { value }
}
