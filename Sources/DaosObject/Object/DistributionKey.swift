extension WireKey {
    /// The hash that picks a dkey's redundancy group and, for EC, its parity rotation. Stable
    /// across processes and versions: it is part of where data lives. The key's kind is mixed
    /// in, so equal bytes of different kinds hash apart; no allocation (every I/O hashes).
    public var distributionHash: UInt64 {
        let crc: UInt64
        let kind: UInt64
        switch self {
        case .bytes(let key):
            crc = key.withUnsafeBytes { CRC.crc64($0) }
            kind = 1
        case .uint64(let value):
            crc = withUnsafeBytes(of: value.littleEndian) { CRC.crc64($0) }
            kind = 2
        case .lexical(let string):
            var text = string
            crc = text.withUTF8 { CRC.crc64(UnsafeRawBufferPointer($0)) }
            kind = 3
        }
        return PlacementHash.mix(crc ^ kind &* 0x9E37_79B9_7F4A_7C15)
    }
}
