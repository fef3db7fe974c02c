extension WireKey {
    /// The hash that picks a dkey's redundancy group and, for EC, its parity rotation. Stable
    /// across processes and versions: it is part of where data lives.
    public var distributionHash: UInt64 {
        var bytes: [UInt8]
        switch self {
        case .bytes(let key): bytes = [1] + key
        case .uint64(let value): bytes = [2] + withUnsafeBytes(of: value.littleEndian, Array.init)
        case .lexical(let string): bytes = [3] + Array(string.utf8)
        }
        return bytes.withUnsafeBytes { PlacementHash.mix(CRC.crc64($0)) }
    }
}
