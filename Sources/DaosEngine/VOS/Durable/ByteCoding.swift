// VOS value types on DaosObject's `ByteWriter` / `ByteReader` (little-endian, bounded, total):
// the encodings the WAL and the checkpoint share.

import DaosObject

// MARK: - Shared encodings of the VOS value types

extension ByteWriter {
    mutating func write(_ key: Key) {
        write(key.kindTag)
        switch key {
        case .uint64(let v): write(v)
        case .lexical(let b), .hashed(let b):
            write(UInt16(b.count))
            write(b)
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

extension ByteReader {
    mutating func readKey() throws(DecodeError) -> Key {
        let tag: UInt8 = try read()
        switch tag {
        case 1: return .uint64(try read())
        case 2, 3:
            let count = Int(try read(UInt16.self))
            guard count > 0, count <= VOSLimits.keyBytesMax else { throw invalid("key length \(count)") }
            let b = try readBytes(count)
            return tag == 2 ? .lexical(b) : .hashed(b)
        default: throw invalid("key kind \(tag)")
        }
    }

    mutating func readContainer() throws(DecodeError) -> ContainerID {
        ContainerID(hi: try read(), lo: try read())
    }

    mutating func readObject() throws(DecodeError) -> ObjectID {
        ObjectID(hi: try read(), lo: try read())
    }

    mutating func readExtent() throws(DecodeError) -> RecordExtent {
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
