import DaosObject

// The WAL byte format (all integers little-endian; see VOS/README.md for the table).
//
//   file header (32 B): "DAOSVWAL" | u32 version=1 | u32 flags=0 | u64 generation |
//                       u32 reserved=0 | u32 crc32c(bytes 0..<28)
//   record:  u32 crc32c(bytes 4..<16+n) | u32 n (body bytes) | u64 sequence | body (n bytes)
//   body:    u8 op tag | op fields (IndexOp, encoded below); an update ends with its journal:
//            u32 n | n × (u64 blob offset | u32 length | bytes), the redo copies of sync mode
//
// Sequences are consecutive across records and across WAL generations, so a missing record is
// detected as a gap, not silently skipped.

enum WALFormat {
    static let magic: [UInt8] = Array("DAOSVWAL".utf8)
    static let version: UInt32 = 1
    static let headerBytes = 32
    static let recordHeaderBytes = 16

    static func fileName(generation: UInt64) -> String {
        let hex = String(generation, radix: 16)
        return "wal-" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex + ".log"
    }

    static func generation(ofFileName name: String) -> UInt64? {
        guard name.hasPrefix("wal-"), name.hasSuffix(".log"), name.count == 4 + 16 + 4 else { return nil }
        return UInt64(name.dropFirst(4).dropLast(4), radix: 16)
    }

    static func encodeHeader(generation: UInt64) -> [UInt8] {
        var writer = ByteWriter(capacity: headerBytes)
        writer.write(magic)
        writer.write(version)
        writer.write(UInt32(0))
        writer.write(generation)
        writer.write(UInt32(0))
        let crc = writer.bytes.withUnsafeBytes { CRC.crc32c($0) }
        writer.write(crc)
        precondition(writer.count == headerBytes, "WAL header layout")
        return writer.bytes
    }

    /// The generation the header names; throws on a bad magic, version or CRC.
    static func decodeHeader(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> UInt64 {
        guard bytes.count >= headerBytes else { throw .truncated(offset: 0, needed: headerBytes, available: bytes.count) }
        guard Array(bytes[0..<8]) == magic else { throw .invalid(offset: 0, reason: "bad magic") }
        var reader = ByteReader(bytes, offset: 8)
        guard try reader.read(UInt32.self) == version else { throw .invalid(offset: 8, reason: "unknown version") }
        guard try reader.read(UInt32.self) == 0 else { throw .invalid(offset: 12, reason: "unknown flags") }
        let generation: UInt64 = try reader.read()
        _ = try reader.read(UInt32.self)
        let stored: UInt32 = try reader.read()
        guard CRC.crc32c(UnsafeRawBufferPointer(rebasing: bytes[0..<28])) == stored else {
            throw .invalid(offset: 28, reason: "header CRC mismatch")
        }
        return generation
    }

    /// Appends one framed record for `op` to `writer`.
    static func encodeRecord(_ op: IndexOp, sequence: UInt64, into writer: inout ByteWriter) {
        let start = writer.count
        writer.write(UInt32(0))
        writer.write(UInt32(0))
        writer.write(sequence)
        encodeBody(op, into: &writer)
        let bodyBytes = writer.count - start - recordHeaderBytes
        writer.patch(UInt32(bodyBytes), at: start + 4)
        let crc = writer.bytes.withUnsafeBytes { CRC.crc32c(UnsafeRawBufferPointer(rebasing: $0[(start + 4)...])) }
        writer.patch(crc, at: start)
    }

    static func encodeBody(_ op: IndexOp, into writer: inout ByteWriter) {
        writer.write(op.tag)
        switch op {
        case .createContainer(let id), .destroyContainer(let id):
            writer.write(id)
        case .destroyObject(let id, let oid):
            writer.write(id)
            writer.write(oid)
        case .update(let update):
            writer.write(update.container)
            writer.write(update.object)
            writer.write(update.dkey)
            writer.write(update.epoch)
            writer.write(UInt32(update.akeys.count))
            for akey in update.akeys { encode(akey, into: &writer) }
            writer.write(UInt32(update.journal.count))
            for entry in update.journal {
                writer.write(entry.offset)
                writer.writeLengthPrefixed(entry.bytes, as: UInt32.self)
            }
        case .punch(let id, let oid, let target, let epoch):
            writer.write(id)
            writer.write(oid)
            writer.write(epoch)
            switch target {
            case .object: writer.write(UInt8(1))
            case .dkey(let dkey):
                writer.write(UInt8(2))
                writer.write(dkey)
            case .akey(let dkey, let akey):
                writer.write(UInt8(3))
                writer.write(dkey)
                writer.write(akey)
            case .extent(let dkey, let akey, let extent):
                writer.write(UInt8(4))
                writer.write(dkey)
                writer.write(akey)
                writer.write(extent)
            }
        case .aggregate(let id, let snapshots, let bound):
            writer.write(id)
            writer.write(bound)
            writer.write(UInt32(snapshots.count))
            for snapshot in snapshots { writer.write(snapshot) }
        }
    }

    private static func encode(_ akey: AkeyOp, into writer: inout ByteWriter) {
        writer.write(akey.akey)
        writer.write(akey.kind.rawValue)
        writer.write(akey.recordSize)
        if akey.kind == .single {
            writer.write(akey.singleLength)
            writer.write(akey.singlePayload)
        } else {
            writer.write(UInt32(akey.extents.count))
            for (extent, payload) in akey.extents {
                writer.write(extent)
                writer.write(payload)
            }
        }
    }
}

extension ByteWriter {
    mutating func write(_ payload: Payload) {
        switch payload {
        case .punched: write(UInt8(0))
        case .blob(let offset):
            write(UInt8(1))
            write(offset)
        case .inline(let bytes):
            write(UInt8(2))
            writeLengthPrefixed(bytes, as: UInt32.self)
        }
    }
}

extension ByteReader {
    /// A payload of `length` bytes; inline payloads must carry exactly that many.
    mutating func readPayload(length: UInt64) throws(DecodeError) -> Payload {
        let tag: UInt8 = try read()
        switch tag {
        case 0: return .punched
        case 1:
            let offset: UInt64 = try read()
            guard offset <= UInt64.max - length else { throw invalid("blob range overflows") }
            return .blob(offset: offset)
        case 2:
            let bytes = try readLengthPrefixedBytes(UInt32.self, limit: VOSLimits.inlineBytesMax)
            guard UInt64(bytes.count) == length else { throw invalid("inline length \(bytes.count) ≠ \(length)") }
            return .inline(bytes)
        default: throw invalid("payload tag \(tag)")
        }
    }
}
