/// The small value types many messages share: keys, extents, bulk descriptors, list anchors,
/// and the byte forms of object IDs, UUIDs and epochs.

/// A dkey or akey. The kind is part of the key (it decides how VOS orders keys) and travels
/// with it; tags match the VOS key kinds.
///
///     0  1  kind: 1 uint64, 2 lexical, 3 bytes (hashed)
///     uint64:          1  8  value
///     lexical, bytes:  1  2  length N (1…80 lexical, 1…4096 bytes)
///                      3  N  key bytes (lexical: UTF-8)
public enum WireKey: Hashable, Sendable, CustomStringConvertible {
    /// An opaque key, ordered by hash (DAOS's default, MULTI_HASHED objects).
    case bytes([UInt8])
    /// An integer key, ordered numerically (what "max dkey" queries need).
    case uint64(UInt64)
    /// A string key, ordered bytewise; at most `WireLimits.lexicalKeyBytesMax` bytes.
    case lexical(String)

    /// True when the key fits its kind's length limit and is not empty (DAOS refuses empty keys).
    public var isValid: Bool {
        switch self {
        case .uint64: true
        case .bytes(let bytes): (1...WireLimits.keyBytesMax).contains(bytes.count)
        case .lexical(let string): (1...WireLimits.lexicalKeyBytesMax).contains(string.utf8.count)
        }
    }

    public var description: String {
        switch self {
        case .bytes(let bytes): "h'" + String(decoding: bytes, as: UTF8.self) + "'"
        case .uint64(let value): "u\(value)"
        case .lexical(let string): "l'" + string + "'"
        }
    }

    /// Bytes `encode` writes.
    public var encodedByteCount: Int {
        switch self {
        case .uint64: 9
        case .lexical(let string): 3 + string.utf8.count
        case .bytes(let bytes): 3 + bytes.count
        }
    }

    func encode(into writer: inout ByteWriter) {
        precondition(isValid, "key \(self) is empty or over its kind's length limit")
        switch self {
        case .uint64(let value):
            writer.write(UInt8(1))
            writer.write(value)
        case .lexical(let string):
            writer.write(UInt8(2))
            writer.writeLengthPrefixed(string, as: UInt16.self)
        case .bytes(let bytes):
            writer.write(UInt8(3))
            writer.writeLengthPrefixed(bytes, as: UInt16.self)
        }
    }

    init(decoding reader: inout ByteReader) throws(DecodeError) {
        let at = reader.offset
        switch try reader.read(UInt8.self) {
        case 1: self = .uint64(try reader.read())
        case 2:
            let string = try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.lexicalKeyBytesMax)
            self = .lexical(string)
        case 3: self = .bytes(try reader.readLengthPrefixedBytes(UInt16.self, limit: WireLimits.keyBytesMax))
        case let kind: throw .invalid(offset: at, reason: "unknown key kind \(kind)")
        }
        guard isValid else { throw .invalid(offset: at, reason: "empty key") }
    }
}

/// A run of array records `[start, start + count)`, in record indices (DAOS's recx).
///
///     0  8  start
///     8  8  count (≥ 1; start + count must not overflow)
public struct WireExtent: Hashable, Sendable, CustomStringConvertible {
    public var start: UInt64
    public var count: UInt64

    public init(start: UInt64, count: UInt64) {
        self.start = start
        self.count = count
    }

    public var description: String { "[\(start), \(start &+ count))" }

    static let encodedBytes = 16

    func encode(into writer: inout ByteWriter) {
        precondition(count > 0, "empty extent")
        precondition(start.addingReportingOverflow(count).overflow == false, "extent \(self) overflows")
        writer.write(start)
        writer.write(count)
    }

    init(decoding reader: inout ByteReader) throws(DecodeError) {
        let at = reader.offset
        start = try reader.read()
        count = try reader.read()
        guard count > 0 else { throw .invalid(offset: at, reason: "empty extent") }
        guard !start.addingReportingOverflow(count).overflow else {
            throw .invalid(offset: at, reason: "extent end overflows")
        }
    }
}

/// Registered client memory the engine may read (update) or write (fetch) by RMA, so data
/// larger than the inline limit never travels inside a frame.
///
///     0   8     address: base of the registered window, as the provider's RMA calls take it
///     8   8     length: bytes in the window (≥ 1; address + length must not overflow)
///     16  8     rkey: the remote key of the registration
///     24  8     local address: the window's virtual address in the client, for a server on
///               the same host that attaches to the client's memory (`LocalBulk`); 0 = none
///     32  8     local key: the client process's secret from its `localBulkProof`; a server
///               attaches only when it matches what that peer proved with
///     40  2     segment count S (≤ 256)
///     42  2     reserved, zero
///     44  S×16  segment: offset u64 | length u64, inside the window, length ≥ 1
///
/// No segments means the whole window, in one piece; otherwise the segments, in order, are the
/// bytes (scatter-gather), so `byteCount` is their sum.
public struct BulkDescriptor: Hashable, Sendable {
    public struct Segment: Hashable, Sendable {
        public var offset: UInt64
        public var length: UInt64
        public init(offset: UInt64, length: UInt64) {
            self.offset = offset
            self.length = length
        }
    }

    public var address: UInt64
    public var length: UInt64
    public var rkey: UInt64
    public var localAddress: UInt64
    public var localKey: UInt64
    public var segments: [Segment]

    public init(address: UInt64, length: UInt64, rkey: UInt64, localAddress: UInt64 = 0, localKey: UInt64 = 0,
                segments: [Segment] = []) {
        precondition(segments.count <= WireLimits.bulkSegmentsMax, "\(segments.count) bulk segments")
        self.address = address
        self.length = length
        self.rkey = rkey
        self.localAddress = localAddress
        self.localKey = localKey
        self.segments = segments
    }

    /// The same window, moving `segments` of it.
    public func with(segments: [Segment]) -> BulkDescriptor {
        BulkDescriptor(address: address, length: length, rkey: rkey, localAddress: localAddress, localKey: localKey, segments: segments)
    }

    /// Bytes the transfer moves (a decoded descriptor's sum never overflows).
    public var byteCount: UInt64 {
        segments.isEmpty ? length : segments.reduce(0) { $0 &+ $1.length }
    }

    /// Bytes `encode` writes.
    public var encodedByteCount: Int { 44 + segments.count * 16 }

    func encode(into writer: inout ByteWriter) {
        writer.write(address)
        writer.write(length)
        writer.write(rkey)
        writer.write(localAddress)
        writer.write(localKey)
        writer.write(UInt16(segments.count))
        writer.writeZeros(2)
        for segment in segments {
            writer.write(segment.offset)
            writer.write(segment.length)
        }
    }

    init(decoding reader: inout ByteReader) throws(DecodeError) {
        let at = reader.offset
        address = try reader.read()
        length = try reader.read()
        rkey = try reader.read()
        localAddress = try reader.read()
        localKey = try reader.read()
        guard length > 0, !address.addingReportingOverflow(length).overflow, !localAddress.addingReportingOverflow(length).overflow else {
            throw .invalid(offset: at, reason: "bulk window of \(length) bytes at \(address) is empty or overflows")
        }
        let count = try reader.readCount(UInt16.self, minimumElementSize: 16, limit: WireLimits.bulkSegmentsMax)
        try reader.readZeros(2)
        segments = []
        segments.reserveCapacity(count)
        var total: UInt64 = 0
        for _ in 0..<count {
            let segmentAt = reader.offset
            let segment = Segment(offset: try reader.read(), length: try reader.read())
            let (end, overflow) = segment.offset.addingReportingOverflow(segment.length)
            guard segment.length > 0, !overflow, end <= length else {
                throw .invalid(offset: segmentAt, reason: "bulk segment outside the window")
            }
            // Segments may overlap (a gather can read a byte twice), so bound their sum too:
            // `byteCount` must never wrap and let a lying descriptor match a data size.
            let (sum, sumOverflow) = total.addingReportingOverflow(segment.length)
            guard !sumOverflow else { throw .invalid(offset: segmentAt, reason: "bulk segments overflow") }
            total = sum
            segments.append(segment)
        }
    }
}

/// Where a listing resumes. Opaque to the client: the engine writes whatever lets it continue
/// (e.g. the last key returned). Empty means "from the start".
///
///     0  1  length N (≤ 64)
///     1  N  bytes
public struct ListAnchor: Hashable, Sendable {
    public var bytes: [UInt8]
    public init(bytes: [UInt8] = []) {
        precondition(bytes.count <= WireLimits.anchorBytesMax, "anchor of \(bytes.count) bytes")
        self.bytes = bytes
    }
    public static let start = ListAnchor()

    func encode(into writer: inout ByteWriter) { writer.writeLengthPrefixed(bytes, as: UInt8.self) }

    init(decoding reader: inout ByteReader) throws(DecodeError) {
        bytes = try reader.readLengthPrefixedBytes(UInt8.self, limit: WireLimits.anchorBytesMax)
    }

    /// A reply's resume point: absent once the listing is complete.
    ///
    ///     0  1  0 = complete, 1 = more follows
    ///     1  …  anchor (only when more follows)
    static func encodeNext(_ next: ListAnchor?, into writer: inout ByteWriter) {
        writer.write(next != nil)
        next?.encode(into: &writer)
    }

    static func decodeNext(_ reader: inout ByteReader) throws(DecodeError) -> ListAnchor? {
        try reader.readBool() ? try ListAnchor(decoding: &reader) : nil
    }
}

/// One page of a listing (pools, containers, snapshots).
///
///     0  4  most entries wanted (1…65536)
///     4  …  anchor
public struct ListPageRequest: WireMessage, Hashable {
    public var countMax: UInt32
    public var anchor: ListAnchor

    public init(countMax: UInt32, anchor: ListAnchor = .start) {
        self.countMax = countMax
        self.anchor = anchor
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(countMax)
        anchor.encode(into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        countMax = try reader.readListCountMax()
        anchor = try ListAnchor(decoding: &reader)
    }
}

// MARK: - Byte forms of shared identifiers

extension ByteWriter {
    /// 16 raw bytes, in printed order.
    mutating func write(_ uuid: WireUUID) {
        write(uuid.high.byteSwapped)  // write() stores little-endian; swapped = big-endian bytes
        write(uuid.low.byteSwapped)
    }

    /// `lo` then `hi`, as DAOS lays out `daos_obj_id_t`.
    mutating func write(_ oid: ObjectID) {
        write(oid.lo)
        write(oid.hi)
    }

    mutating func write(_ epoch: Epoch) { write(epoch.rawValue) }

    /// A list count; the caller has already capped the list, so overflow is a programmer error.
    mutating func writeCount<T: FixedWidthInteger>(_ count: Int, as _: T.Type, limit: Int) {
        precondition(count <= limit, "list of \(count) entries exceeds \(limit)")
        write(T(count))
    }
}

extension ByteReader {
    mutating func readUUID() throws(DecodeError) -> WireUUID {
        let high = try read(UInt64.self).byteSwapped
        let low = try read(UInt64.self).byteSwapped
        return WireUUID(high: high, low: low)
    }

    mutating func readObjectID() throws(DecodeError) -> ObjectID {
        let lo: UInt64 = try read()
        let hi: UInt64 = try read()
        return ObjectID(hi: hi, lo: lo)
    }

    mutating func readEpoch() throws(DecodeError) -> Epoch { Epoch(try read()) }

    /// A list request's page size: at least 1, at most `WireLimits.listCountMax`.
    mutating func readListCountMax() throws(DecodeError) -> UInt32 {
        let at = offset
        let count: UInt32 = try read()
        guard count >= 1, count <= WireLimits.listCountMax else {
            throw .invalid(offset: at, reason: "page size \(count) outside 1…\(WireLimits.listCountMax)")
        }
        return count
    }

    mutating func readKeys(limit: Int) throws(DecodeError) -> [WireKey] {
        let count = try readCount(UInt32.self, minimumElementSize: 4, limit: limit)
        var keys: [WireKey] = []
        keys.reserveCapacity(count)
        for _ in 0..<count { keys.append(try WireKey(decoding: &self)) }
        return keys
    }

    mutating func readExtents(limit: Int) throws(DecodeError) -> [WireExtent] {
        let count = try readCount(UInt32.self, minimumElementSize: WireExtent.encodedBytes, limit: limit)
        var extents: [WireExtent] = []
        extents.reserveCapacity(count)
        for _ in 0..<count { extents.append(try WireExtent(decoding: &self)) }
        return extents
    }
}

extension ByteWriter {
    mutating func writeKeys(_ keys: [WireKey], limit: Int) {
        writeCount(keys.count, as: UInt32.self, limit: limit)
        for key in keys { key.encode(into: &self) }
    }

    mutating func writeExtents(_ extents: [WireExtent], limit: Int) {
        writeCount(extents.count, as: UInt32.self, limit: limit)
        for extent in extents { extent.encode(into: &self) }
    }
}
