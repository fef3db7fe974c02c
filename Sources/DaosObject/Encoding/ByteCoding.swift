/// Little-endian byte writer and a bounded, total reader for every binary format we own
/// (pool maps now; wire frames, WAL records and checkpoints build on the same two types).
/// The reader checks every length against what is left before it reads or allocates.
public struct ByteWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ raw: some Sequence<UInt8>) {
        bytes.append(contentsOf: raw)
    }

    public var count: Int { bytes.count }
}

public enum DecodeError: Error, Equatable, CustomStringConvertible {
    case truncated(offset: Int, needed: Int, available: Int)
    case badMagic(found: UInt32)
    case unsupportedVersion(UInt16)
    case checksumMismatch(stored: UInt32, computed: UInt32)
    case invalid(offset: Int, reason: String)

    public var description: String {
        switch self {
        case .truncated(let offset, let needed, let available):
            return "truncated input at offset \(offset): needed \(needed) bytes, \(available) left"
        case .badMagic(let found):
            return "bad magic 0x\(String(found, radix: 16))"
        case .unsupportedVersion(let version):
            return "unsupported format version \(version)"
        case .checksumMismatch(let stored, let computed):
            return "checksum mismatch: stored 0x\(String(stored, radix: 16)), computed 0x\(String(computed, radix: 16))"
        case .invalid(let offset, let reason):
            return "invalid input at offset \(offset): \(reason)"
        }
    }
}

public struct ByteReader {
    public let bytes: UnsafeRawBufferPointer
    public private(set) var offset: Int = 0

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
    }

    public var remaining: Int { bytes.count - offset }

    public mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(DecodeError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .truncated(offset: offset, needed: size, available: remaining) }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: value)
    }

    public mutating func skip(_ count: Int) throws(DecodeError) {
        guard count >= 0, remaining >= count else {
            throw .truncated(offset: offset, needed: count, available: remaining)
        }
        offset += count
    }

    /// A count read from the input, refused unless `count × minimumElementSize` bytes remain:
    /// an attacker-chosen count can never size an allocation bigger than the input itself.
    public mutating func readCount<T: FixedWidthInteger>(
        _: T.Type, minimumElementSize: Int, limit: Int
    ) throws(DecodeError) -> Int {
        let at = offset
        let raw: T = try read()
        guard let count = Int(exactly: raw), count <= limit else {
            throw .invalid(offset: at, reason: "count \(raw) exceeds limit \(limit)")
        }
        let (needed, overflow) = count.multipliedReportingOverflow(by: max(1, minimumElementSize))
        guard !overflow, needed <= remaining else {
            throw .truncated(offset: offset, needed: needed, available: remaining)
        }
        return count
    }
}
