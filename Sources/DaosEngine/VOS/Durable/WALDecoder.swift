import DaosObject

// Decoding of WAL files: the framing scan (torn tail vs corrupted middle) and the op bodies.
// Total over any input: every failure is a thrown error or a reported torn tail, never a trap.

struct WALRecordView {
    var offset: Int
    var sequence: UInt64
    var op: IndexOp
}

struct WALScan {
    var generation: UInt64
    var records: [WALRecordView]
    /// End of the last valid record: where appends continue after recovery.
    var validEnd: Int
    /// Bytes after `validEnd` (a torn tail), dropped.
    var tornBytes: Int
}

/// Walks a WAL file record by record, so recovery applies each op as it is decoded instead of
/// holding the whole file decoded. A record whose frame or CRC fails ends the walk as a torn tail,
/// unless a valid record with a later sequence follows somewhere after it: then the bad record
/// sits in the middle, and `next()` throws with its offset.
struct WALCursor {
    let bytes: UnsafeRawBufferPointer
    let generation: UInt64
    /// End of the last valid record: where appends continue after recovery.
    private(set) var validEnd: Int
    /// Bytes after `validEnd` once the walk ended on a torn tail.
    private(set) var tornBytes = 0
    private var lastSequence: UInt64 = 0
    private var finished = false

    init(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) {
        self.bytes = bytes
        generation = try WALFormat.decodeHeader(bytes)
        validEnd = WALFormat.headerBytes
    }

    mutating func next() throws(DecodeError) -> WALRecordView? {
        guard !finished, validEnd < bytes.count else {
            finished = true
            return nil
        }
        let offset = validEnd
        guard let (sequence, bodyBytes) = WALDecoder.frame(bytes, at: offset) else {
            // Sync mode writes zeros ahead of the records: an all-zero rest is not a torn tail.
            if WALDecoder.isZero(bytes, from: offset) {
                finished = true
                return nil
            }
            if let later = WALDecoder.findValidRecord(bytes, after: offset, sequenceAbove: lastSequence) {
                throw .invalid(offset: offset, reason: "bad record before a valid one at \(later)")
            }
            tornBytes = bytes.count - offset
            finished = true
            return nil
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[(offset + 16)..<(offset + 16 + bodyBytes)])
        let op: IndexOp
        do {
            op = try WALDecoder.decodeBody(body)
        } catch {
            // The CRC matched, so these bytes were written as they are: a decoder mismatch,
            // never a torn write.
            throw .invalid(offset: offset, reason: "record body: \(error)")
        }
        lastSequence = sequence
        validEnd = offset + 16 + bodyBytes
        return WALRecordView(offset: offset, sequence: sequence, op: op)
    }
}

enum WALDecoder {
    /// The whole file at once (tests and fuzzing; recovery walks a `WALCursor`).
    static func scan(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> WALScan {
        var cursor = try WALCursor(bytes)
        var records: [WALRecordView] = []
        while let record = try cursor.next() { records.append(record) }
        return WALScan(
            generation: cursor.generation, records: records, validEnd: cursor.validEnd, tornBytes: cursor.tornBytes)
    }

    static func isZero(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> Bool {
        var index = offset
        while index + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] != 0 { return false }
            index += 1
        }
        return true
    }

    /// (sequence, body length) if a complete record with a matching CRC starts at `offset`.
    static func frame(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (UInt64, Int)? {
        guard bytes.count - offset >= WALFormat.recordHeaderBytes else { return nil }
        var reader = ByteReader(bytes, offset: offset)
        guard let crc = try? reader.read(UInt32.self),
            let bodyBytes = try? reader.read(UInt32.self),
            let sequence = try? reader.read(UInt64.self)
        else { return nil }
        guard bodyBytes > 0, bodyBytes <= VOSLimits.walRecordBytesMax,
            Int(bodyBytes) <= bytes.count - offset - WALFormat.recordHeaderBytes
        else { return nil }
        let covered = UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + 16 + Int(bodyBytes))])
        guard CRC.crc32c(covered) == crc else { return nil }
        return (sequence, Int(bodyBytes))
    }

    static func findValidRecord(_ bytes: UnsafeRawBufferPointer, after offset: Int, sequenceAbove: UInt64)
        -> Int?
    {
        var candidate = offset + 1
        while candidate + WALFormat.recordHeaderBytes <= bytes.count {
            let sequence = bytes.loadUnaligned(fromByteOffset: candidate + 8, as: UInt64.self).littleEndian
            if sequence > sequenceAbove, sequence - sequenceAbove < 1 << 32,
                frame(bytes, at: candidate) != nil
            {
                return candidate
            }
            candidate += 1
        }
        return nil
    }

    static func decodeBody(_ body: UnsafeRawBufferPointer) throws(DecodeError) -> IndexOp {
        var reader = ByteReader(body)
        let tag: UInt8 = try reader.read()
        let op: IndexOp
        switch tag {
        case 1: op = .createContainer(try reader.readContainer())
        case 2: op = .destroyContainer(try reader.readContainer())
        case 3: op = .destroyObject(try reader.readContainer(), try reader.readObject())
        case 4: op = .update(try decodeUpdate(&reader))
        case 5: op = try decodePunch(&reader)
        case 6:
            let id = try reader.readContainer()
            let bound: UInt64 = try reader.read()
            let count = try reader.readCount(UInt32.self, minimumElementSize: 8, limit: 1 << 20)
            var snapshots: [UInt64] = []
            for _ in 0..<count { snapshots.append(try reader.read()) }
            guard bound > 0, bound < UInt64.max else { throw reader.invalid("aggregation bound \(bound)") }
            op = .aggregate(id, snapshots: snapshots, bound: bound)
        default: throw reader.invalid("op tag \(tag)")
        }
        guard reader.remaining == 0 else { throw reader.invalid("\(reader.remaining) trailing bytes") }
        return op
    }

    private static func decodeUpdate(_ reader: inout ByteReader) throws(DecodeError) -> UpdateOp {
        let container = try reader.readContainer()
        let object = try reader.readObject()
        let dkey = try reader.readKey()
        let epoch: UInt64 = try reader.read()
        guard epoch > 0, epoch < UInt64.max else { throw reader.invalid("epoch \(epoch)") }
        let count = try reader.readCount(UInt32.self, minimumElementSize: 10, limit: VOSLimits.akeysPerUpdateMax)
        guard count > 0 else { throw reader.invalid("update without akeys") }
        var akeys: [AkeyOp] = []
        for _ in 0..<count {
            let akey = try reader.readKey()
            let kindRaw: UInt8 = try reader.read()
            let recordSize: UInt32 = try reader.read()
            switch ValueKind(rawValue: kindRaw) {
            case .single?:
                guard recordSize == 0 else { throw reader.invalid("record size on a single value") }
                let length: UInt64 = try reader.read()
                guard length <= VOSLimits.valueBytesMax else { throw reader.invalid("value length \(length)") }
                let payload = try reader.readPayload(length: length)
                guard payload != .punched else { throw reader.invalid("punched payload in an update") }
                akeys.append(
                    AkeyOp(akey: akey, kind: .single, recordSize: 0, singleLength: length, singlePayload: payload))
            case .array?:
                guard recordSize > 0, recordSize <= VOSLimits.recordSizeMax else { throw reader.invalid("record size") }
                let extentCount = try reader.readCount(UInt32.self, minimumElementSize: 17, limit: VOSLimits.extentsPerAkeyMax)
                guard extentCount > 0 else { throw reader.invalid("array update without extents") }
                var extents: [(extent: RecordExtent, payload: Payload)] = []
                for _ in 0..<extentCount {
                    let extent = try reader.readExtent()
                    let (bytes, overflow) = extent.count.multipliedReportingOverflow(by: UInt64(recordSize))
                    guard !overflow, bytes <= VOSLimits.valueBytesMax else { throw reader.invalid("extent bytes") }
                    let payload = try reader.readPayload(length: bytes)
                    guard payload != .punched else { throw reader.invalid("punched payload in an update") }
                    extents.append((extent, payload))
                }
                akeys.append(AkeyOp(akey: akey, kind: .array, recordSize: recordSize, extents: extents))
            default: throw reader.invalid("value kind \(kindRaw)")
            }
        }
        guard Set(akeys.map(\.akey)).count == akeys.count else { throw reader.invalid("duplicate akey") }
        let journalCount = try reader.readCount(UInt32.self, minimumElementSize: 12, limit: VOSLimits.akeysPerUpdateMax * 64)
        var journal: [JournalEntry] = []
        for _ in 0..<journalCount {
            let offset: UInt64 = try reader.read()
            let bytes = try reader.readLengthPrefixedBytes(UInt32.self, limit: VOSLimits.journalBytesMax)
            guard offset <= UInt64.max - UInt64(bytes.count) else { throw reader.invalid("journal range overflows") }
            journal.append(JournalEntry(offset: offset, bytes: bytes))
        }
        return UpdateOp(
            container: container, object: object, dkey: dkey, epoch: epoch, akeys: akeys, journal: journal)
    }

    private static func decodePunch(_ reader: inout ByteReader) throws(DecodeError) -> IndexOp {
        let container = try reader.readContainer()
        let object = try reader.readObject()
        let epoch: UInt64 = try reader.read()
        guard epoch > 0, epoch < UInt64.max else { throw reader.invalid("epoch \(epoch)") }
        let level: UInt8 = try reader.read()
        let target: PunchTarget
        switch level {
        case 1: target = .object
        case 2: target = .dkey(try reader.readKey())
        case 3: target = .akey(dkey: try reader.readKey(), akey: try reader.readKey())
        case 4: target = .extent(dkey: try reader.readKey(), akey: try reader.readKey(), try reader.readExtent())
        default: throw reader.invalid("punch level \(level)")
        }
        return .punch(container, object, target, epoch: epoch)
    }
}
