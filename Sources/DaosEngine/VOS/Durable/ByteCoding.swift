// Little-endian byte encoding for the WAL and the checkpoint. The writer appends into a reusable
// array; the reader is total: every read checks the remaining length and throws `.short`, and
// every count read from the bytes is checked against a limit before it sizes anything.

import DaosObject

struct DurableWriter {
    var bytes: [UInt8]

    init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    var count: Int { bytes.count }

    mutating func reset() { bytes.removeAll(keepingCapacity: true) }

    @inline(__always)
    mutating func write<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func write(bytes other: [UInt8]) { bytes.append(contentsOf: other) }

    /// A length-prefixed byte string (u32 length).
    mutating func writeBlob(_ other: [UInt8]) {
        write(UInt32(other.count))
        bytes.append(contentsOf: other)
    }

    /// Overwrites 4 bytes at `offset` (to patch a length or CRC after the body is known).
    mutating func patch(_ value: UInt32, at offset: Int) {
        precondition(offset + 4 <= bytes.count, "patch past the end")
        withUnsafeBytes(of: value.littleEndian) { raw in
            for i in 0..<4 { bytes[offset + i] = raw[i] }
        }
    }
}

enum DurableDecodeError: Error, Equatable {
    case short(offset: Int)
    case invalid(offset: Int, reason: String)
}

struct DurableReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    @inline(__always)
    mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws(DurableDecodeError) -> T {
        let size = MemoryLayout<T>.size
        guard remaining >= size else { throw .short(offset: offset) }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += size
        return T(littleEndian: value)
    }

    mutating func readBytes(count: Int) throws(DurableDecodeError) -> [UInt8] {
        guard count >= 0, remaining >= count else { throw .short(offset: offset) }
        let result = Array(bytes[offset..<(offset + count)])
        offset += count
        return result
    }

    /// A u32-length-prefixed byte string no longer than `limit`.
    mutating func readBlob(limit: Int) throws(DurableDecodeError) -> [UInt8] {
        let start = offset
        let count = Int(try read(UInt32.self))
        guard count <= limit else { throw .invalid(offset: start, reason: "length \(count) over limit \(limit)") }
        return try readBytes(count: count)
    }

    /// A count that sizes a loop or allocation: bounded by `limit` and by the bytes left, given
    /// that every element takes at least `minimumBytes`.
    mutating func readCount(limit: Int, minimumBytes: Int) throws(DurableDecodeError) -> Int {
        let start = offset
        let count = Int(try read(UInt32.self))
        guard count <= limit else { throw .invalid(offset: start, reason: "count \(count) over limit \(limit)") }
        guard count * max(minimumBytes, 1) <= remaining else { throw .short(offset: start) }
        return count
    }

    func invalid(_ reason: String) -> DurableDecodeError { .invalid(offset: offset, reason: reason) }
}

// MARK: - Shared encodings of the VOS value types

extension DurableWriter {
    mutating func write(_ key: Key) {
        write(key.kindTag)
        switch key {
        case .uint64(let v): write(v)
        case .lexical(let b), .hashed(let b):
            write(UInt16(b.count))
            bytes.append(contentsOf: b)
        }
    }

    mutating func write(_ container: ContainerID) {
        write(container.hi)
        write(container.lo)
    }
    mutating func write(_ object: ObjectID) {
        write(object.hi)
        write(object.lo)
    }
    mutating func write(_ extent: RecordExtent) {
        write(extent.start)
        write(extent.count)
    }
}

extension DurableReader {
    mutating func readKey() throws(DurableDecodeError) -> Key {
        let tag: UInt8 = try read()
        switch tag {
        case 1: return .uint64(try read())
        case 2, 3:
            let count = Int(try read(UInt16.self))
            guard count > 0, count <= VOSLimits.keyBytesMax else { throw invalid("key length \(count)") }
            let b = try readBytes(count: count)
            return tag == 2 ? .lexical(b) : .hashed(b)
        default: throw invalid("key kind \(tag)")
        }
    }

    mutating func readContainer() throws(DurableDecodeError) -> ContainerID {
        ContainerID(hi: try read(), lo: try read())
    }

    mutating func readObject() throws(DurableDecodeError) -> ObjectID {
        ObjectID(hi: try read(), lo: try read())
    }

    mutating func readExtent() throws(DurableDecodeError) -> RecordExtent {
        let extent = RecordExtent(start: try read(), count: try read())
        guard extent.count > 0, extent.start <= UInt64.max - extent.count else { throw invalid("extent \(extent)") }
        return extent
    }
}

// MARK: - Typed-throws bridges over the standard library's untyped `rethrows` byte accessors

extension Array where Element == UInt8 {
    @inline(__always)
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        do { return try withUnsafeBytes { try body($0) } } catch { throw error as! E }
    }

    @inline(__always)
    mutating func withMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        do { return try withUnsafeMutableBytes { try body($0) } } catch { throw error as! E }
    }
}
