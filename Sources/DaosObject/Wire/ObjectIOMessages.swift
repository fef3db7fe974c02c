/// Object update and fetch (opcodes 0x0301, 0x0302), sent to the target that owns the shard;
/// the header carries the container handle and the epoch (`Epoch.latest` = engine picks).
/// Data up to the inline limit travels in the frame; larger data never does: the engine pulls
/// it from (update) or pushes it to (fetch) the client's registered buffer.

/// What one akey's value is: a single value (an atomic blob) or records of an array.
///
///     0  1  kind: 1 single, 2 array
///     single:  1  8  size in bytes (≤ 2^30; in a fetch, the caller's buffer, 0 = size only)
///     array:   1  4  record size in bytes (1…2^30)
///              5  4  extent count E (1…4096) | E × `WireExtent`
public enum IODValue: Hashable, Sendable {
    case single(sizeBytes: UInt64)
    case array(recordSizeBytes: UInt32, extents: [WireExtent])

    /// Bytes of data the value spans, or nil if that overflows 64 bits.
    public var dataBytes: UInt64? {
        switch self {
        case .single(let size): return size
        case .array(let recordSize, let extents):
            var total: UInt64 = 0
            for extent in extents {
                let (bytes, overflowMultiply) = extent.count.multipliedReportingOverflow(by: UInt64(recordSize))
                let (sum, overflowAdd) = total.addingReportingOverflow(bytes)
                guard !overflowMultiply, !overflowAdd else { return nil }
                total = sum
            }
            return total
        }
    }
}

/// One akey of an update or fetch (DAOS's daos_iod_t).
///
///     0  …  akey (`WireKey`)
///     …  …  `IODValue`
public struct IODescriptor: Hashable, Sendable {
    public var akey: WireKey
    public var value: IODValue

    public init(akey: WireKey, value: IODValue) {
        self.akey = akey
        self.value = value
    }

    static let encodedBytesMin = 4 + 9

    /// Bytes `encode` writes.
    public var encodedByteCount: Int {
        switch value {
        case .single: akey.encodedByteCount + 1 + 8
        case .array(_, let extents): akey.encodedByteCount + 1 + 4 + 4 + extents.count * WireExtent.encodedBytes
        }
    }

    func encode(into writer: inout ByteWriter) {
        akey.encode(into: &writer)
        switch value {
        case .single(let size):
            precondition(size <= WireLimits.recordBytesMax, "single value of \(size) bytes")
            writer.write(UInt8(1))
            writer.write(size)
        case .array(let recordSize, let extents):
            precondition(recordSize >= 1 && UInt64(recordSize) <= WireLimits.recordBytesMax, "record size \(recordSize)")
            precondition(!extents.isEmpty, "array I/O without extents")
            writer.write(UInt8(2))
            writer.write(recordSize)
            writer.writeExtents(extents, limit: WireLimits.extentsPerIODMax)
        }
    }

    init(decoding reader: inout ByteReader) throws(DecodeError) {
        akey = try WireKey(decoding: &reader)
        let at = reader.offset
        switch try reader.read(UInt8.self) {
        case 1:
            let size: UInt64 = try reader.read()
            guard size <= WireLimits.recordBytesMax else { throw .invalid(offset: at, reason: "single value of \(size) bytes") }
            value = .single(sizeBytes: size)
        case 2:
            let recordSize: UInt32 = try reader.read()
            guard recordSize >= 1, UInt64(recordSize) <= WireLimits.recordBytesMax else {
                throw .invalid(offset: at, reason: "record size \(recordSize)")
            }
            let extents = try reader.readExtents(limit: WireLimits.extentsPerIODMax)
            guard !extents.isEmpty else { throw .invalid(offset: at, reason: "array I/O without extents") }
            value = .array(recordSizeBytes: recordSize, extents: extents)
        case let kind: throw .invalid(offset: at, reason: "unknown value kind \(kind)")
        }
    }
}

/// Conditional update semantics (DAOS_COND_*; same numbers as the VOS).
public enum UpdateCondition: UInt8, Sendable, CaseIterable {
    case none = 0, dkeyInsert, dkeyUpdate, akeyInsert, akeyUpdate
}

/// Where an update's data is: in the frame, in client memory the engine pulls by RMA, or
/// already in the target's blob file, written there by a client on the engine's host into
/// space it reserved (`placementReserve`, `LocalWrites`).
///
///     0  1  kind: 1 inline, 2 bulk, 3 placed
///     inline:  1  4  length N | N bytes: the values in descriptor order, back to back
///     bulk:    1  …  `BulkDescriptor`
///     placed:  1  8  reservation token | 8 byte count: the values back to back from the
///                    reservation's start, which is exactly this long
public enum UpdateData: Hashable, Sendable {
    case inline([UInt8])
    case bulk(BulkDescriptor)
    case placed(token: UInt64, byteCount: UInt64)

    var byteCount: UInt64 {
        switch self {
        case .inline(let bytes): UInt64(bytes.count)
        case .bulk(let descriptor): descriptor.byteCount
        case .placed(_, let byteCount): byteCount
        }
    }
}

/// `objectUpdate` request: one dkey, several akeys, applied atomically at one epoch.
///
///     0   16  object ID (lo, hi)
///     16  4   shard
///     20  1   condition (`UpdateCondition`)
///     21  1   flags: bit 0 = punched records follow the data; other bits zero
///     22  2   reserved, zero
///     24  …   dkey
///     …   2   descriptor count D (1…1024) | D × `IODescriptor`
///     …   …   `UpdateData`; its size must equal the descriptors' total
///     flag 0: 2  count P (1…1024) | P × (akey, 4 extent count E (1…4096) | E × `WireExtent`)
///
/// Punched records are array records of the dkey punched at the update's epoch, after its
/// values are written (an erasure-coded full-stripe update drops the partial-stripe copies it
/// replaces on its parity member this way, in the same turn as the parity).
public struct ObjectUpdateRequest: WireMessage, Hashable {
    public var oid: ObjectID
    public var shard: UInt32
    public var condition: UpdateCondition
    public var dkey: WireKey
    public var iods: [IODescriptor]
    public var data: UpdateData
    public var punchedRecords: [PunchedRecords]

    /// Array records of one akey an update punches (see the layout above).
    public struct PunchedRecords: Hashable, Sendable {
        public var akey: WireKey
        public var extents: [WireExtent]

        public init(akey: WireKey, extents: [WireExtent]) {
            self.akey = akey
            self.extents = extents
        }
    }

    public init(oid: ObjectID, shard: UInt32, condition: UpdateCondition = .none, dkey: WireKey,
                iods: [IODescriptor], data: UpdateData, punchedRecords: [PunchedRecords] = []) {
        self.oid = oid
        self.shard = shard
        self.condition = condition
        self.dkey = dkey
        self.iods = iods
        self.data = data
        self.punchedRecords = punchedRecords
    }

    public var bulkDescriptor: BulkDescriptor? {
        if case .bulk(let descriptor) = data { descriptor } else { nil }
    }

    /// Bytes `encode` writes.
    public var encodedByteCount: Int {
        let data = switch self.data {
        case .inline(let bytes): 4 + bytes.count
        case .bulk(let descriptor): descriptor.encodedByteCount
        case .placed: 16
        }
        let punched = punchedRecords.isEmpty ? 0 : punchedRecords.reduce(2) {
            $0 + $1.akey.encodedByteCount + 4 + $1.extents.count * WireExtent.encodedBytes
        }
        return 24 + dkey.encodedByteCount + iods.encodedByteCount + 1 + data + punched
    }

    private static let punchedRecordsFollow: UInt8 = 1

    public func encode(into writer: inout ByteWriter) {
        precondition(iods.dataBytes == data.byteCount, "update data size disagrees with its descriptors")
        writer.write(oid)
        writer.write(shard)
        writer.write(condition.rawValue)
        writer.write(punchedRecords.isEmpty ? UInt8(0) : Self.punchedRecordsFollow)
        writer.writeZeros(2)
        dkey.encode(into: &writer)
        writer.writeIODs(iods)
        switch data {
        case .inline(let bytes):
            writer.write(UInt8(1))
            writer.writeLengthPrefixed(bytes, as: UInt32.self)
        case .bulk(let descriptor):
            writer.write(UInt8(2))
            descriptor.encode(into: &writer)
        case .placed(let token, let byteCount):
            writer.write(UInt8(3))
            writer.write(token)
            writer.write(byteCount)
        }
        guard !punchedRecords.isEmpty else { return }
        writer.writeCount(punchedRecords.count, as: UInt16.self, limit: WireLimits.iodsMax)
        for punched in punchedRecords {
            precondition(!punched.extents.isEmpty, "punched records without extents")
            punched.akey.encode(into: &writer)
            writer.writeExtents(punched.extents, limit: WireLimits.extentsPerIODMax)
        }
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        oid = try reader.readObjectID()
        shard = try reader.read()
        condition = try reader.readEnum(UpdateCondition.self)
        let flagsAt = reader.offset
        let flags: UInt8 = try reader.read()
        guard flags & ~Self.punchedRecordsFollow == 0 else { throw .invalid(offset: flagsAt, reason: "unknown update flags \(flags)") }
        try reader.readZeros(2)
        dkey = try WireKey(decoding: &reader)
        iods = try reader.readIODs()
        let at = reader.offset
        switch try reader.read(UInt8.self) {
        case 1:
            let length = try reader.readCount(UInt32.self, minimumElementSize: 1, limit: WireLimits.inlinePayloadBytesMax)
            data = .inline(try reader.readBytes(length))
        case 2: data = .bulk(try BulkDescriptor(decoding: &reader))
        case 3: data = .placed(token: try reader.read(), byteCount: try reader.read())
        case let kind: throw .invalid(offset: at, reason: "unknown data kind \(kind)")
        }
        guard let expected = iods.dataBytes, expected == data.byteCount else {
            throw .invalid(offset: at, reason: "\(data.byteCount) data bytes for descriptors of \(iods.dataBytes.map(String.init) ?? "overflowing") bytes")
        }
        punchedRecords = []
        guard flags & Self.punchedRecordsFollow != 0 else { return }
        let countAt = reader.offset
        let count = try reader.readCount(UInt16.self, minimumElementSize: 4 + 4 + WireExtent.encodedBytes, limit: WireLimits.iodsMax)
        guard count >= 1 else { throw .invalid(offset: countAt, reason: "punched-records flag without records") }
        punchedRecords.reserveCapacity(count)
        for _ in 0..<count {
            let akey = try WireKey(decoding: &reader)
            let extentsAt = reader.offset
            let extents = try reader.readExtents(limit: WireLimits.extentsPerIODMax)
            guard !extents.isEmpty else { throw .invalid(offset: extentsAt, reason: "punched records without extents") }
            punchedRecords.append(PunchedRecords(akey: akey, extents: extents))
        }
    }
}

/// `objectFetch` request: the same descriptors as an update; with a bulk descriptor the engine
/// pushes the data there, without one it returns the data inline (and refuses with `truncated`
/// if it would not fit).
///
///     0   16  object ID (lo, hi)
///     16  4   shard
///     20  …   dkey
///     …   2   descriptor count D (1…1024) | D × `IODescriptor`
///     …   1   0 = data inline, 1 = `BulkDescriptor` follows, 2 = it follows and a located
///             reply is welcome (`acceptsLocated`)
public struct ObjectFetchRequest: WireMessage, Hashable {
    public var oid: ObjectID
    public var shard: UInt32
    public var dkey: WireKey
    public var iods: [IODescriptor]
    public var bulk: BulkDescriptor?
    /// The client reads blob files of engines on its host itself (`LocalReads`): an engine that
    /// finds every byte in its blob may answer `.located` instead of pushing them.
    public var acceptsLocated: Bool

    public init(oid: ObjectID, shard: UInt32, dkey: WireKey, iods: [IODescriptor], bulk: BulkDescriptor? = nil,
                acceptsLocated: Bool = false) {
        self.oid = oid
        self.shard = shard
        self.dkey = dkey
        self.iods = iods
        self.bulk = bulk
        self.acceptsLocated = bulk != nil && acceptsLocated
    }

    public var bulkDescriptor: BulkDescriptor? { bulk }

    /// Bytes `encode` writes.
    public var encodedByteCount: Int { 20 + dkey.encodedByteCount + iods.encodedByteCount + 1 + (bulk?.encodedByteCount ?? 0) }

    public func encode(into writer: inout ByteWriter) {
        writer.write(oid)
        writer.write(shard)
        dkey.encode(into: &writer)
        writer.writeIODs(iods)
        writer.write(UInt8(bulk == nil ? 0 : acceptsLocated ? 2 : 1))
        bulk?.encode(into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        oid = try reader.readObjectID()
        shard = try reader.read()
        dkey = try WireKey(decoding: &reader)
        iods = try reader.readIODs()
        let at = reader.offset
        let kind: UInt8 = try reader.read()
        guard kind <= 2 else { throw .invalid(offset: at, reason: "unknown fetch data kind \(kind)") }
        bulk = kind == 0 ? nil : try BulkDescriptor(decoding: &reader)
        acceptsLocated = kind == 2
    }
}

/// What a fetch found for one descriptor.
///
///     0  8  size: single value bytes, or array record size; 0 = nothing there
///     8  4  hole count H (≤ 4096) | H × `WireExtent`: requested records with no data
///           (their bytes are zero in the data)
public struct FetchedValue: Hashable, Sendable {
    public var sizeBytes: UInt64
    public var holes: [WireExtent]

    public init(sizeBytes: UInt64, holes: [WireExtent] = []) {
        self.sizeBytes = sizeBytes
        self.holes = holes
    }
}

/// Where a fetch's data went.
///
///     0  1  kind: 1 inline, 2 pushed, 3 located
///     inline:  1  4  length N | N bytes: the values in descriptor order
///     pushed:  1  8  bytes written into the request's bulk window
///     located: 1  …  `LocatedData`: where the bytes lie in the engine's blob file
public enum FetchData: Hashable, Sendable {
    case inline([UInt8])
    case pushed(byteCount: UInt64)
    case located(LocatedData)
}

/// A fetch answered with where its bytes lie instead of the bytes (`acceptsLocated`): the
/// target's blob file and its spans there, in the order a push would have written them. They
/// stay there until the target reuses freed blob space, which advances the counter in the
/// directory's `reuse.gen`; a reader copies, then checks the counter still says `generation`.
///
///     0   2  directory length L (1…1024) | L bytes, no NUL: the target's VOS directory (a
///            path is bytes, as POSIX has it; readers open it, they never print it)
///     …   8  device, 8 inode of `blob.data` (the reader checks it opened that file)
///     …   8  generation
///     …   2  span count S (1…256) | S × (8 blob offset, `holeOffset` = zeros; 8 byte count ≥ 1)
public struct LocatedData: Hashable, Sendable {
    public struct Span: Hashable, Sendable {
        public var blobOffset: UInt64
        public var byteCount: UInt64
        public var isHole: Bool { blobOffset == LocatedData.holeOffset }

        public init(blobOffset: UInt64, byteCount: UInt64) {
            self.blobOffset = blobOffset
            self.byteCount = byteCount
        }
    }

    public static let holeOffset = UInt64.max
    public var directory: [UInt8]
    public var device: UInt64
    public var inode: UInt64
    public var generation: UInt64
    public var spans: [Span]

    public init(directory: [UInt8], device: UInt64, inode: UInt64, generation: UInt64, spans: [Span]) {
        self.directory = directory
        self.device = device
        self.inode = inode
        self.generation = generation
        self.spans = spans
    }

    /// Bytes the spans stand for (a decoded list's sum never overflows).
    public var byteCount: UInt64 { spans.reduce(0) { $0 &+ $1.byteCount } }

    /// Bytes `encode` writes.
    public var encodedByteCount: Int { 2 + directory.count + 3 * 8 + 2 + spans.count * 16 }

    func encode(into writer: inout ByteWriter) {
        writer.writeBlobFile(directory: directory, device: device, inode: inode)
        writer.write(generation)
        writer.writeCount(spans.count, as: UInt16.self, limit: WireLimits.locatedSpansMax)
        for span in spans {
            writer.write(span.blobOffset)
            writer.write(span.byteCount)
        }
    }

    init(decoding reader: inout ByteReader) throws(DecodeError) {
        (directory, device, inode) = try reader.readBlobFile()
        generation = try reader.read()
        let at = reader.offset
        let count = try reader.readCount(UInt16.self, minimumElementSize: 16, limit: WireLimits.locatedSpansMax)
        guard count >= 1 else { throw .invalid(offset: at, reason: "located data without spans") }
        spans = []
        spans.reserveCapacity(count)
        var total: UInt64 = 0
        for _ in 0..<count {
            let spanAt = reader.offset
            let span = Span(blobOffset: try reader.read(), byteCount: try reader.read())
            let (sum, overflow) = total.addingReportingOverflow(span.byteCount)
            guard span.byteCount > 0, !overflow, span.isHole || !span.blobOffset.addingReportingOverflow(span.byteCount).overflow else {
                throw .invalid(offset: spanAt, reason: "blob span of \(span.byteCount) bytes at \(span.blobOffset) is empty or overflows")
            }
            total = sum
            spans.append(span)
        }
    }
}

/// `objectFetch` reply.
///
///     0  2  value count V (≤ 1024) | V × `FetchedValue`
///     …  …  `FetchData`
public struct ObjectFetchReply: WireMessage, Hashable {
    public var values: [FetchedValue]
    public var data: FetchData

    public init(values: [FetchedValue], data: FetchData) {
        self.values = values
        self.data = data
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeCount(values.count, as: UInt16.self, limit: WireLimits.iodsMax)
        for value in values {
            writer.write(value.sizeBytes)
            writer.writeExtents(value.holes, limit: WireLimits.extentsPerIODMax)
        }
        switch data {
        case .inline(let bytes):
            writer.write(UInt8(1))
            writer.writeLengthPrefixed(bytes, as: UInt32.self)
        case .pushed(let byteCount):
            writer.write(UInt8(2))
            writer.write(byteCount)
        case .located(let located):
            writer.write(UInt8(3))
            located.encode(into: &writer)
        }
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(UInt16.self, minimumElementSize: 12, limit: WireLimits.iodsMax)
        values = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            let size: UInt64 = try reader.read()
            values.append(FetchedValue(sizeBytes: size, holes: try reader.readExtents(limit: WireLimits.extentsPerIODMax)))
        }
        let at = reader.offset
        switch try reader.read(UInt8.self) {
        case 1:
            let length = try reader.readCount(UInt32.self, minimumElementSize: 1, limit: WireLimits.inlinePayloadBytesMax)
            data = .inline(try reader.readBytes(length))
        case 2: data = .pushed(byteCount: try reader.read())
        case 3: data = .located(try LocatedData(decoding: &reader))
        case let kind: throw .invalid(offset: at, reason: "unknown data kind \(kind)")
        }
    }
}

// MARK: - Descriptor lists

extension Array where Element == IODescriptor {
    /// Bytes `writeIODs` writes.
    var encodedByteCount: Int { reduce(2) { $0 + $1.encodedByteCount } }

    /// Total data bytes of the descriptors, or nil if that overflows.
    var dataBytes: UInt64? {
        var total: UInt64 = 0
        for iod in self {
            guard let bytes = iod.value.dataBytes else { return nil }
            let (sum, overflow) = total.addingReportingOverflow(bytes)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }
}

extension ByteWriter {
    mutating func writeIODs(_ iods: [IODescriptor]) {
        precondition(!iods.isEmpty, "I/O without descriptors")
        writeCount(iods.count, as: UInt16.self, limit: WireLimits.iodsMax)
        for iod in iods { iod.encode(into: &self) }
    }
}

extension ByteReader {
    mutating func readIODs() throws(DecodeError) -> [IODescriptor] {
        let at = offset
        let count = try readCount(UInt16.self, minimumElementSize: IODescriptor.encodedBytesMin, limit: WireLimits.iodsMax)
        guard count >= 1 else { throw .invalid(offset: at, reason: "I/O without descriptors") }
        var iods: [IODescriptor] = []
        iods.reserveCapacity(count)
        for _ in 0..<count { iods.append(try IODescriptor(decoding: &self)) }
        return iods
    }
}
