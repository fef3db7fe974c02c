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

    /// Where in the input the problem was found.
    public var offset: Int {
        switch self {
        case .truncated(let offset, _, _), .invalid(let offset, _): return offset
        case .badMagic, .unsupportedVersion, .checksumMismatch: return 0
        }
    }

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

    public init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        precondition(offset >= 0 && offset <= bytes.count, "reader offset outside its input")
        self.bytes = bytes
        self.offset = offset
    }

    /// An `.invalid` error at the current offset, for format-specific checks.
    public func invalid(_ reason: String) -> DecodeError { .invalid(offset: offset, reason: reason) }

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

// MARK: - Length-prefixed bytes and strings, flags, reserved fields

extension ByteWriter {
    /// Empties the writer but keeps its storage, so a long-lived writer (one per transport
    /// thread) encodes message after message without allocating.
    public mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }

    /// Overwrites an integer written earlier at `offset` (a length or checksum known only once
    /// the body after it is written).
    public mutating func patch<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        precondition(offset >= 0 && offset + MemoryLayout<T>.size <= bytes.count, "patch past the end")
        withUnsafeBytes(of: value.littleEndian) { raw in
            for i in 0..<raw.count { bytes[offset + i] = raw[i] }
        }
    }

    /// Writes `count` zero bytes (reserved fields and padding).
    public mutating func writeZeros(_ count: Int) {
        precondition(count >= 0, "negative zero-fill \(count)")
        bytes.append(contentsOf: repeatElement(0, count: count))
    }

    /// Writes a `0`/`1` byte.
    public mutating func write(_ flag: Bool) {
        write(UInt8(flag ? 1 : 0))
    }

    /// Writes a length of type `L`, then the bytes. A length that does not fit `L` is a
    /// programmer error: encoders check their own limits before they write.
    public mutating func writeLengthPrefixed<L: FixedWidthInteger>(_ raw: some Collection<UInt8>, as _: L.Type) {
        guard let length = L(exactly: raw.count) else {
            preconditionFailure("\(raw.count) bytes do not fit a \(L.self) length")
        }
        write(length)
        write(raw)
    }

    /// Writes a string as a length of type `L` and its UTF-8 bytes.
    public mutating func writeLengthPrefixed<L: FixedWidthInteger>(_ string: String, as type: L.Type) {
        writeLengthPrefixed(string.utf8, as: type)
    }
}

extension ByteReader {
    /// The next `count` bytes, without copying; valid as long as the reader's input is.
    public mutating func readSlice(_ count: Int) throws(DecodeError) -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else {
            throw .truncated(offset: offset, needed: count, available: remaining)
        }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count
        return slice
    }

    /// The next `count` bytes, copied into an array (sized only after the bounds check).
    public mutating func readBytes(_ count: Int) throws(DecodeError) -> [UInt8] {
        Array(try readSlice(count))
    }

    /// A length of type `L` refused above `limit` or beyond the input, then that many bytes.
    public mutating func readLengthPrefixedBytes<L: FixedWidthInteger>(
        _ type: L.Type, limit: Int
    ) throws(DecodeError) -> [UInt8] {
        let count = try readCount(type, minimumElementSize: 1, limit: limit)
        return try readBytes(count)
    }

    /// A length-prefixed string; invalid UTF-8 is refused, never repaired, so a decoded string
    /// re-encodes to exactly the bytes it came from.
    public mutating func readLengthPrefixedString<L: FixedWidthInteger>(
        _ type: L.Type, limit: Int
    ) throws(DecodeError) -> String {
        let at = offset
        let count = try readCount(type, minimumElementSize: 1, limit: limit)
        let slice = try readSlice(count)
        guard let string = String(validating: slice, as: UTF8.self) else {
            throw .invalid(offset: at, reason: "string is not valid UTF-8")
        }
        return string
    }

    /// A byte that must be 0 or 1.
    public mutating func readBool() throws(DecodeError) -> Bool {
        let at = offset
        let raw: UInt8 = try read()
        guard raw <= 1 else { throw .invalid(offset: at, reason: "boolean byte \(raw) is neither 0 nor 1") }
        return raw == 1
    }

    /// Skips `count` reserved bytes, refusing any that is not zero (so they can gain a meaning
    /// in a later format version without old data being misread).
    public mutating func readZeros(_ count: Int) throws(DecodeError) {
        let at = offset
        let slice = try readSlice(count)
        guard slice.allSatisfy({ $0 == 0 }) else { throw .invalid(offset: at, reason: "reserved bytes not zero") }
    }

    /// A raw value that must name a case of `T`.
    public mutating func readEnum<T: RawRepresentable>(_: T.Type) throws(DecodeError) -> T
    where T.RawValue: FixedWidthInteger {
        let at = offset
        let raw: T.RawValue = try read()
        guard let value = T(rawValue: raw) else { throw .invalid(offset: at, reason: "unknown \(T.self) value \(raw)") }
        return value
    }

    /// Refuses input left over after a complete value: a frame has exactly one meaning.
    public func expectEnd() throws(DecodeError) {
        guard remaining == 0 else { throw .invalid(offset: offset, reason: "\(remaining) trailing bytes") }
    }
}
