import DaosFS

/// File byte ranges of one rank's part of a collective access, sorted by file offset, each with
/// where its bytes sit in that rank's buffer (`memory`, bytes from the buffer's start; unused
/// for the lists an aggregator receives).
///
/// Both sides of a two-phase exchange cut the same list at the same window and lay the pieces
/// out back to back in list order: that order is the message format.
struct PieceList {
    struct Piece: Equatable {
        var file: Int64
        var length: Int64
        var memory: Int64

        var end: Int64 { file + length }
    }

    private(set) var pieces: [Piece]
    /// `reach[i]`: the highest end among pieces 0...i. Nondecreasing even if pieces overlap, so
    /// a window's first piece is found by binary search.
    private let reach: [Int64]

    /// `pieces` in file order (a stable sort: pieces at one offset keep their order).
    init(_ pieces: [Piece]) {
        let used = pieces.filter { $0.length > 0 }
        let sorted = zip(used, used.dropFirst()).allSatisfy { $0.file <= $1.file } ? used : used.sorted { $0.file < $1.file }
        self.pieces = sorted
        var reach: [Int64] = []
        reach.reserveCapacity(sorted.count)
        var highest = Int64.min
        for piece in sorted {
            highest = max(highest, piece.end)
            reach.append(highest)
        }
        self.reach = reach
    }

    /// A request's file extents paired with its memory segments (both hold the same bytes, in
    /// stream order): a piece per stretch where one extent meets one segment.
    init(extents: [FileExtent], segments: [MemorySegments.Segment]) {
        var pieces: [Piece] = []
        pieces.reserveCapacity(max(extents.count, segments.count))
        var segment = 0
        var usedOfSegment: Int64 = 0
        for extent in extents {
            var file = Int64(extent.offset)
            var left = Int64(extent.length)
            while left > 0 {
                while usedOfSegment == segments[segment].length {
                    segment += 1
                    usedOfSegment = 0
                }
                let take = min(left, segments[segment].length - usedOfSegment)
                pieces.append(Piece(file: file, length: take, memory: segments[segment].offset + usedOfSegment))
                file += take
                left -= take
                usedOfSegment += take
            }
        }
        self.init(pieces)
    }

    var isEmpty: Bool { pieces.isEmpty }
    /// The first byte of the lowest piece and one past the highest end (empty: 0..<0).
    var range: Range<Int64> { isEmpty ? 0..<0 : pieces[0].file..<reach[reach.count - 1] }

    /// The parts of the pieces inside `window`, in list order, cut at its edges.
    func clipped(to window: Range<Int64>) -> [Piece] {
        guard !window.isEmpty, !pieces.isEmpty else { return [] }
        var low = 0
        var high = reach.count
        while low < high {
            let middle = (low + high) / 2
            if reach[middle] > window.lowerBound { high = middle } else { low = middle + 1 }
        }
        var inside: [Piece] = []
        var index = low
        while index < pieces.count, pieces[index].file < window.upperBound {
            let piece = pieces[index]
            index += 1
            let start = max(piece.file, window.lowerBound)
            let end = min(piece.end, window.upperBound)
            guard start < end else { continue }
            inside.append(Piece(file: start, length: end - start, memory: piece.memory + (start - piece.file)))
        }
        return inside
    }
}

/// Where the bytes of a run of pieces lie in memory.
enum PiecePlace {
    /// Back to back in list order (a message), from `start`.
    case packed(UnsafeMutableRawPointer)
    /// At each piece's `memory` offset from a rank's buffer.
    case buffer(UnsafeMutableRawPointer)
    /// At each piece's file offset in an aggregator's buffer of covered ranges.
    case covered(UnsafeMutableRawPointer, Coverage)

    func address(of piece: PieceList.Piece, packedAt at: Int) -> UnsafeMutableRawPointer {
        switch self {
        case .packed(let start): start + at
        case .buffer(let start): start + Int(piece.memory)
        case .covered(let start, let coverage): start + coverage.position(of: piece.file)
        }
    }
}

extension [PieceList.Piece] {
    var bytes: Int64 { reduce(0) { $0 + $1.length } }

    /// Copies every piece's bytes from one place to another.
    func copy(from source: PiecePlace, to target: PiecePlace) {
        var at = 0
        for piece in self {
            target.address(of: piece, packedAt: at).copyMemory(from: source.address(of: piece, packedAt: at), byteCount: Int(piece.length))
            at += Int(piece.length)
        }
    }
}
