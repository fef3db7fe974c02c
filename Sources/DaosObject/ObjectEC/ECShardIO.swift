/// A run of bytes in one of the I/O buffers: the caller's data buffer (extents back to back in
/// request order), or the write plan's parity buffer. Shard I/O is described as lists of these
/// so the client can build scatter/gather bulk descriptors without copying.
public struct ECBufferPiece: Hashable, Sendable, CustomStringConvertible {
    public enum Buffer: Hashable, Sendable {
        case caller
        case parity
    }

    public var buffer: Buffer
    public var offset: Int
    public var byteCount: Int

    public init(buffer: Buffer, offset: Int, byteCount: Int) {
        self.buffer = buffer
        self.offset = offset
        self.byteCount = byteCount
    }

    public var description: String { "\(buffer)[\(offset), \(offset + byteCount))" }
}

/// What a shard write stores.
public enum ECShardWriteKind: Hashable, Sendable {
    /// Records of a data cell at their local (dense) offsets.
    case data
    /// A computed parity cell at `parityBit | stripe·c`.
    case parity
    /// A copy of a partial-stripe write on a parity shard, at the original daos offset.
    case replica
}

/// One extent written to one group member: local offset and records in the member's index space
/// for the akey, its bytes gathered from `pieces` in order.
public struct ECShardWrite: Hashable, Sendable {
    public var kind: ECShardWriteKind
    public var localOffset: UInt64
    public var records: UInt64
    public var pieces: [ECBufferPiece]

    public init(kind: ECShardWriteKind, localOffset: UInt64, records: UInt64, pieces: [ECBufferPiece]) {
        self.kind = kind
        self.localOffset = localOffset
        self.records = records
        self.pieces = pieces
    }

    public var extent: WireExtent { WireExtent(start: localOffset, count: records) }
}

/// One extent fetched from one group member; its bytes scatter to `pieces` (caller's buffer).
public struct ECShardRead: Hashable, Sendable {
    public var localOffset: UInt64
    public var records: UInt64
    public var pieces: [ECBufferPiece]

    public init(localOffset: UInt64, records: UInt64, pieces: [ECBufferPiece]) {
        self.localOffset = localOffset
        self.records = records
        self.pieces = pieces
    }

    public var extent: WireExtent { WireExtent(start: localOffset, count: records) }
}

/// Builds a member's extent list in increasing local order, merging an extent into the previous
/// one when they touch (and their pieces when those touch too), so a write spanning many stripes
/// becomes one extent per shard rather than one per cell. Extends in place: no allocation per
/// cell once an extent is open.
struct ECShardExtentList<Element: ECMergeableExtent> {
    private(set) var elements: [Element] = []

    mutating func append(_ tag: Element.Tag, localOffset: UInt64, records: UInt64, piece: ECBufferPiece) {
        let index = elements.count - 1
        if index >= 0, elements[index].tag == tag, elements[index].localOffset + elements[index].records == localOffset {
            elements[index].records += records
            elements[index].pieces.appendMerging(piece)
        } else {
            elements.append(Element(tag: tag, localOffset: localOffset, records: records, pieces: [piece]))
        }
    }
}

protocol ECMergeableExtent {
    /// Extents merge only when their tags match (a write's kind).
    associatedtype Tag: Equatable
    var tag: Tag { get }
    var localOffset: UInt64 { get }
    var records: UInt64 { get set }
    var pieces: [ECBufferPiece] { get set }
    init(tag: Tag, localOffset: UInt64, records: UInt64, pieces: [ECBufferPiece])
}

extension ECShardWrite: ECMergeableExtent {
    var tag: ECShardWriteKind { kind }
    init(tag: ECShardWriteKind, localOffset: UInt64, records: UInt64, pieces: [ECBufferPiece]) {
        self.init(kind: tag, localOffset: localOffset, records: records, pieces: pieces)
    }
}

extension ECShardRead: ECMergeableExtent {
    var tag: Bool { true }
    init(tag: Bool, localOffset: UInt64, records: UInt64, pieces: [ECBufferPiece]) {
        self.init(localOffset: localOffset, records: records, pieces: pieces)
    }
}

extension Array where Element == ECBufferPiece {
    mutating func appendMerging(_ piece: ECBufferPiece) {
        if let last = self.last, last.buffer == piece.buffer, last.offset + last.byteCount == piece.offset {
            self[count - 1].byteCount += piece.byteCount
        } else {
            append(piece)
        }
    }
}
