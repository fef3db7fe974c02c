/// Snapshots and object ID allocation (opcodes 0x0209–0x020C), on an open container.

/// `snapshotCreate` request; the reply is an `EpochReply` with the snapshot's epoch.
///
///     0  2  name length N (0…127; 0 = unnamed) | N bytes
public struct SnapshotCreateRequest: WireMessage, Hashable {
    public var name: String

    public init(name: String = "") {
        precondition(name.utf8.count <= WireLimits.labelBytesMax, "snapshot name too long")
        self.name = name
    }

    public func encode(into writer: inout ByteWriter) { writer.writeLengthPrefixed(name, as: UInt16.self) }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        name = try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.labelBytesMax)
    }
}

/// One snapshot: its epoch and optional name.
public struct SnapshotEntry: Hashable, Sendable {
    public var epoch: Epoch
    public var name: String
    public init(epoch: Epoch, name: String = "") {
        self.epoch = epoch
        self.name = name
    }
}

/// `snapshotList` reply (the request is a `ListPageRequest`), oldest first.
///
///     0  2  entry count (≤ 1024), each: 8 epoch | 2 name length N (0…127) | N bytes
///     …  …  next anchor: 0 = complete, or 1 + anchor
public struct SnapshotListReply: WireMessage, Hashable {
    public var snapshots: [SnapshotEntry]
    public var next: ListAnchor?

    public init(snapshots: [SnapshotEntry], next: ListAnchor? = nil) {
        self.snapshots = snapshots
        self.next = next
    }

    public func encode(into writer: inout ByteWriter) {
        writer.writeCount(snapshots.count, as: UInt16.self, limit: WireLimits.listEntriesMax)
        for snapshot in snapshots {
            writer.write(snapshot.epoch)
            writer.writeLengthPrefixed(snapshot.name, as: UInt16.self)
        }
        ListAnchor.encodeNext(next, into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(UInt16.self, minimumElementSize: 10, limit: WireLimits.listEntriesMax)
        snapshots = []
        snapshots.reserveCapacity(count)
        for _ in 0..<count {
            snapshots.append(SnapshotEntry(
                epoch: try reader.readEpoch(),
                name: try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.labelBytesMax)))
        }
        next = try ListAnchor.decodeNext(&reader)
    }
}

/// `snapshotDestroy` request: every snapshot with an epoch in `first...last`.
///
///     0  8  first epoch (≥ 1) | 8 last epoch (≥ first)
public struct SnapshotDestroyRequest: WireMessage, Hashable {
    public var first: Epoch
    public var last: Epoch

    public init(first: Epoch, last: Epoch) {
        self.first = first
        self.last = last
    }

    public init(epoch: Epoch) { self.init(first: epoch, last: epoch) }

    public func encode(into writer: inout ByteWriter) {
        writer.write(first)
        writer.write(last)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        let at = reader.offset
        first = try reader.readEpoch()
        last = try reader.readEpoch()
        guard first.rawValue >= 1, first <= last else { throw .invalid(offset: at, reason: "empty epoch range") }
    }
}

/// `objectIDAllocate` request: how many object IDs the client wants.
///
///     0  8  count (≥ 1)
public struct ObjectIDAllocateRequest: WireMessage, Hashable {
    public var count: UInt64
    public init(count: UInt64) { self.count = count }
    public func encode(into writer: inout ByteWriter) { writer.write(count) }
    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        let at = reader.offset
        count = try reader.read()
        guard count >= 1 else { throw .invalid(offset: at, reason: "zero object IDs requested") }
    }
}

/// `objectIDAllocate` reply: the client now owns `lo` values `first ..< first + count`.
///
///     0  8  first
public struct ObjectIDAllocateReply: WireMessage, Hashable {
    public var first: UInt64
    public init(first: UInt64) { self.first = first }
    public func encode(into writer: inout ByteWriter) { writer.write(first) }
    public init(decoding reader: inout ByteReader) throws(DecodeError) { first = try reader.read() }
}
