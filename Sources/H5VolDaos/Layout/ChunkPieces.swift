/// Splits runs of a selection (linear element offsets in a dataspace's row-major order) into
/// pieces that each lie in one chunk row: the chunk, the first record inside the chunk, the
/// record count, and where the piece sits in the packed buffer (selection order).
struct ChunkPiece: Equatable, Sendable {
    var chunk: [UInt64]
    var localStart: UInt64
    var count: UInt64
    var packedOffset: UInt64
}

struct ChunkMapper {
    /// Extent the run offsets are linear in (the selection's dataspace).
    let extent: [UInt64]
    let chunkDimensions: [UInt64]

    init(extent: [UInt64], chunkDimensions: [UInt64]) {
        precondition(extent.count == chunkDimensions.count, "chunk rank equals dataspace rank")
        precondition(chunkDimensions.allSatisfy { $0 >= 1 }, "chunk dimensions are at least 1")
        self.extent = extent
        self.chunkDimensions = chunkDimensions
    }

    var rank: Int { extent.count }

    /// The first dimension of the trailing block a chunk holds whole: every later dimension
    /// has chunk size == extent, so elements stay in one chunk, in order, across those rows.
    var blockDimension: Int {
        var dimension = rank - 1
        while dimension > 0, chunkDimensions[dimension] == extent[dimension] { dimension -= 1 }
        return dimension
    }

    /// Pieces of the run of `count` elements starting at linear `offset`, whose first element
    /// is element `packedOffset` of the packed buffer. A piece ends where the run leaves a
    /// chunk's contiguous block (a chunk row, or several rows when the chunk spans them whole).
    func pieces(offset: UInt64, count: UInt64, packedOffset: UInt64, into result: inout [ChunkPiece]) {
        guard rank > 0 else {
            precondition(offset == 0 && count == 1, "a scalar dataspace has one element")
            result.append(ChunkPiece(chunk: [], localStart: 0, count: 1, packedOffset: packedOffset))
            return
        }
        let block = blockDimension
        let inner = extent[(block + 1)...].reduce(UInt64(1), *)
        var offset = offset
        var remaining = count
        var packed = packedOffset
        while remaining > 0 {
            let coordinates = unravel(offset)
            let chunkSize = chunkDimensions[block]
            let blockEnd = min((coordinates[block] / chunkSize + 1) * chunkSize, extent[block])
            let left = (blockEnd - coordinates[block]) * inner - offset % inner
            let take = min(remaining, left)
            precondition(take > 0, "a run inside the extent advances")
            var chunk = [UInt64](repeating: 0, count: rank)
            var local: UInt64 = 0
            for dimension in 0..<rank {
                chunk[dimension] = coordinates[dimension] / chunkDimensions[dimension]
                local = local * chunkDimensions[dimension] + coordinates[dimension] % chunkDimensions[dimension]
            }
            if let previous = result.last, previous.chunk == chunk, previous.localStart + previous.count == local,
               previous.packedOffset + previous.count == packed {
                result[result.count - 1].count += take
            } else {
                result.append(ChunkPiece(chunk: chunk, localStart: local, count: take, packedOffset: packed))
            }
            offset += take
            packed += take
            remaining -= take
        }
    }

    /// Coordinates of a linear offset in `extent`.
    func unravel(_ offset: UInt64) -> [UInt64] {
        var coordinates = [UInt64](repeating: 0, count: rank)
        var rest = offset
        for dimension in stride(from: rank - 1, through: 0, by: -1) {
            let size = max(extent[dimension], 1)
            coordinates[dimension] = rest % size
            rest /= size
        }
        precondition(rest == 0, "offset \(offset) lies inside the extent")
        return coordinates
    }

    /// Pieces grouped by chunk, chunks in order of first appearance.
    static func grouped(_ pieces: [ChunkPiece]) -> [(chunk: [UInt64], pieces: [ChunkPiece])] {
        var order: [[UInt64]] = []
        var byChunk: [[UInt64]: [ChunkPiece]] = [:]
        for piece in pieces {
            if byChunk[piece.chunk] == nil { order.append(piece.chunk) }
            byChunk[piece.chunk, default: []].append(piece)
        }
        return order.map { ($0, byChunk[$0]!) }
    }
}
