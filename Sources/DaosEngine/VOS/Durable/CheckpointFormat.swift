import DaosObject

// The checkpoint byte format (little-endian; VOS/README.md has the table).
//
//   header (48 B): "DAOSVCKP" | u32 version=1 | u32 flags=0 | u64 WAL generation to replay from |
//                  u64 last sequence included | u64 body bytes | u32 crc32c(body) |
//                  u32 crc32c(bytes 0..<44)
//   body: u32 containers, each: id | u64 aggregatedThrough | u32 objects, each:
//           oid | punches | u32 dkeys, each: key | punches | u32 akeys, each:
//             key | u8 kind | u32 recordSize | punches |
//             u32 versions (stamp | u64 length | payload) | u32 records (extent | stamp | payload)
//   punches: u32 n | n × stamp;   stamp: u64 epoch | u64 sequence
//
// Any flipped bit fails one of the two CRCs, and the checkpoint is refused whole.

struct CheckpointHeader: Equatable {
    var walGeneration: UInt64
    var lastSequence: UInt64
    var bodyBytes: UInt64
    var bodyCRC: UInt32
}

enum CheckpointFormat {
    static let magic: [UInt8] = Array("DAOSVCKP".utf8)
    static let version: UInt32 = 1
    static let headerBytes = 48
    static let fileName = "checkpoint.vos"
    static let temporaryName = "checkpoint.tmp"

    static func encode(_ index: VOSIndex, walGeneration: UInt64, lastSequence: UInt64) -> [UInt8] {
        var body = ByteWriter(capacity: 1 << 16)
        encodeBody(index, into: &body)
        let bodyCRC = body.bytes.withUnsafeBytes { CRC.crc32c($0) }
        var file = ByteWriter(capacity: headerBytes + body.count)
        file.write(magic)
        file.write(version)
        file.write(UInt32(0))
        file.write(walGeneration)
        file.write(lastSequence)
        file.write(UInt64(body.count))
        file.write(bodyCRC)
        let headerCRC = file.bytes.withUnsafeBytes { CRC.crc32c($0) }
        file.write(headerCRC)
        precondition(file.count == headerBytes, "checkpoint header layout")
        file.write(body.bytes)
        return file.bytes
    }

    private static func encodeBody(_ index: VOSIndex, into w: inout ByteWriter) {
        // Sorted everywhere so the same index always encodes to the same bytes.
        let containers = index.containers.sorted { ($0.key.hi, $0.key.lo) < ($1.key.hi, $1.key.lo) }
        w.write(UInt32(containers.count))
        for (id, container) in containers {
            w.write(id)
            w.write(container.aggregatedThrough)
            let objects = container.objects.sorted { ($0.key.hi, $0.key.lo) < ($1.key.hi, $1.key.lo) }
            w.write(UInt32(objects.count))
            for (oid, object) in objects {
                w.write(oid)
                write(object.punches, into: &w)
                let dkeys = object.dkeys.nodes.sorted { $0.key < $1.key }
                w.write(UInt32(dkeys.count))
                for (dkey, dkeyNode) in dkeys {
                    w.write(dkey)
                    write(dkeyNode.punches, into: &w)
                    let akeys = dkeyNode.akeys.nodes.sorted { $0.key < $1.key }
                    w.write(UInt32(akeys.count))
                    for (akey, node) in akeys { encode(akey, node, into: &w) }
                }
            }
        }
    }

    private static func encode(_ akey: Key, _ node: AkeyNode, into w: inout ByteWriter) {
        w.write(akey)
        w.write(node.kind.rawValue)
        w.write(node.recordSize)
        write(node.punches, into: &w)
        w.write(UInt32(node.versions.count))
        for version in node.versions {
            write(version.stamp, into: &w)
            w.write(version.length)
            w.write(version.payload)
        }
        w.write(UInt32(node.records.records.count))
        for record in node.records.records {
            w.write(RecordExtent(start: record.start, count: record.count))
            write(record.stamp, into: &w)
            w.write(record.payload)
        }
    }

    private static func write(_ punches: PunchLog, into w: inout ByteWriter) {
        w.write(UInt32(punches.stamps.count))
        for stamp in punches.stamps { write(stamp, into: &w) }
    }

    private static func write(_ stamp: Stamp, into w: inout ByteWriter) {
        w.write(stamp.epoch)
        w.write(stamp.sequence)
    }

    static func decodeHeader(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> CheckpointHeader {
        guard bytes.count >= headerBytes else { throw .truncated(offset: 0, needed: headerBytes, available: bytes.count) }
        guard Array(bytes[0..<8]) == magic else { throw .invalid(offset: 0, reason: "bad magic") }
        var reader = ByteReader(bytes, offset: 8)
        guard try reader.read(UInt32.self) == version else { throw .invalid(offset: 8, reason: "unknown version") }
        guard try reader.read(UInt32.self) == 0 else { throw .invalid(offset: 12, reason: "unknown flags") }
        let header = CheckpointHeader(
            walGeneration: try reader.read(), lastSequence: try reader.read(),
            bodyBytes: try reader.read(), bodyCRC: try reader.read())
        let stored: UInt32 = try reader.read()
        guard CRC.crc32c(UnsafeRawBufferPointer(rebasing: bytes[0..<44])) == stored else {
            throw .invalid(offset: 44, reason: "header CRC mismatch")
        }
        guard header.bodyBytes <= VOSLimits.checkpointBytesMax,
            header.bodyBytes == UInt64(bytes.count - headerBytes)
        else {
            throw .invalid(offset: 32, reason: "body length \(header.bodyBytes) ≠ file length")
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[headerBytes...])
        guard CRC.crc32c(body) == header.bodyCRC else { throw .invalid(offset: 40, reason: "body CRC mismatch") }
        return header
    }

    /// Decodes a whole checkpoint file into a fresh index.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> (CheckpointHeader, VOSIndex) {
        let header = try decodeHeader(bytes)
        var reader = ByteReader(bytes, offset: headerBytes)
        let index = VOSIndex()
        let containerCount = try reader.readCount(UInt32.self, minimumElementSize: 28, limit: Int(UInt32.max))
        for _ in 0..<containerCount {
            let id = try reader.readContainer()
            guard index.containers[id] == nil else { throw reader.invalid("duplicate container") }
            let container = ContainerNode()
            container.aggregatedThrough = try reader.read()
            let objectCount = try reader.readCount(UInt32.self, minimumElementSize: 24, limit: Int(UInt32.max))
            for _ in 0..<objectCount {
                let oid = try reader.readObject()
                guard container.objects[oid] == nil else { throw reader.invalid("duplicate object") }
                container.objects[oid] = try decodeObject(&reader)
            }
            index.containers[id] = container
        }
        guard reader.remaining == 0 else { throw reader.invalid("trailing bytes") }
        index.recountInlineBytes()
        return (header, index)
    }

    private static func decodeObject(_ reader: inout ByteReader) throws(DecodeError) -> ObjectNode {
        let object = ObjectNode()
        object.punches = try readPunches(&reader)
        let dkeyCount = try reader.readCount(UInt32.self, minimumElementSize: 13, limit: Int(UInt32.max))
        for _ in 0..<dkeyCount {
            let dkey = try reader.readKey()
            guard object.dkeys[dkey] == nil else { throw reader.invalid("duplicate dkey") }
            let node = DkeyNode()
            node.punches = try readPunches(&reader)
            let akeyCount = try reader.readCount(UInt32.self, minimumElementSize: 22, limit: Int(UInt32.max))
            for _ in 0..<akeyCount {
                let akey = try reader.readKey()
                guard node.akeys[akey] == nil else { throw reader.invalid("duplicate akey") }
                node.akeys.insert(try decodeAkey(&reader), for: akey)
            }
            object.dkeys.insert(node, for: dkey)
        }
        return object
    }

    private static func decodeAkey(_ reader: inout ByteReader) throws(DecodeError) -> AkeyNode {
        let kindRaw: UInt8 = try reader.read()
        let recordSize: UInt32 = try reader.read()
        guard let kind = ValueKind(rawValue: kindRaw) else { throw reader.invalid("value kind \(kindRaw)") }
        guard kind == .array ? recordSize <= VOSLimits.recordSizeMax : recordSize == 0 else {
            throw reader.invalid("record size \(recordSize) for kind \(kindRaw)")
        }
        let node = AkeyNode(kind: kind, recordSize: recordSize)
        node.punches = try readPunches(&reader)
        let versionCount = try reader.readCount(UInt32.self, minimumElementSize: 25, limit: Int(UInt32.max))
        guard kind == .single || versionCount == 0 else { throw reader.invalid("versions on a non-single akey") }
        var versions: [SingleVersion] = []
        for _ in 0..<versionCount {
            let stamp = try readStamp(&reader)
            let length: UInt64 = try reader.read()
            guard length <= VOSLimits.valueBytesMax else { throw reader.invalid("value length") }
            let version = SingleVersion(stamp: stamp, length: length, payload: try reader.readPayload(length: length))
            guard versions.last.map({ $0.stamp < stamp }) ?? true else { throw reader.invalid("versions out of order") }
            versions.append(version)
        }
        node.versions = versions
        let recordCount = try reader.readCount(UInt32.self, minimumElementSize: 33, limit: Int(UInt32.max))
        guard kind == .array || recordCount == 0 else { throw reader.invalid("records on a non-array akey") }
        var records: [ArrayRecord] = []
        records.reserveCapacity(recordCount)
        for _ in 0..<recordCount {
            let extent = try reader.readExtent()
            let stamp = try readStamp(&reader)
            let (bytes, overflow) = extent.count.multipliedReportingOverflow(by: UInt64(recordSize))
            guard !overflow, bytes <= VOSLimits.valueBytesMax else { throw reader.invalid("record bytes") }
            let payload = try reader.readPayload(length: bytes)
            guard recordSize > 0 || payload == .punched else { throw reader.invalid("data without a record size") }
            records.append(ArrayRecord(start: extent.start, count: extent.count, stamp: stamp, payload: payload))
        }
        node.records = ArrayRecords(records: records)
        return node
    }

    private static func readPunches(_ reader: inout ByteReader) throws(DecodeError) -> PunchLog {
        let count = try reader.readCount(UInt32.self, minimumElementSize: 16, limit: Int(UInt32.max))
        var stamps: [Stamp] = []
        for _ in 0..<count {
            let stamp = try readStamp(&reader)
            guard stamps.last.map({ $0 < stamp }) ?? true else { throw reader.invalid("punches out of order") }
            stamps.append(stamp)
        }
        return PunchLog(stamps: stamps)
    }

    private static func readStamp(_ reader: inout ByteReader) throws(DecodeError) -> Stamp {
        let stamp = Stamp(epoch: try reader.read(), sequence: try reader.read())
        guard stamp.epoch > 0 else { throw reader.invalid("stamp at epoch 0") }
        return stamp
    }
}
