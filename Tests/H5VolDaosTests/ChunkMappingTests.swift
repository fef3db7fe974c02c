import DaosObject
@testable import H5VolDaos
import Testing

@Suite struct ChunkMappingTests {
    @Test func automaticChunksStayUnderTheTarget() {
        let geometry = ChunkGeometry.automatic(extent: [1000, 1000], elementBytes: 8, targetBytes: 1 << 20)
        #expect(geometry.automatic)
        #expect(geometry.elementsPerChunk * 8 <= 1 << 20)
        #expect(geometry.dimensions == [250, 500])
        #expect(ChunkGeometry.automatic(extent: [10], elementBytes: 4, targetBytes: 1 << 20).dimensions == [10])
        // One dimension fills the target: whole EC stripes per chunk (HACC-IO's 4,000,000 floats).
        #expect(ChunkGeometry.automatic(extent: [4_000_000], elementBytes: 4, targetBytes: 1 << 20).dimensions == [262_144])
        #expect(ChunkGeometry.automatic(extent: [4_000_000], elementBytes: 38, targetBytes: 1 << 20).dimensions == [27_594])
        #expect(ChunkGeometry.automatic(extent: [0], elementBytes: 4, targetBytes: 1 << 20).dimensions == [1])
        #expect(ChunkGeometry.automatic(extent: [0, 5], elementBytes: 4, targetBytes: 1 << 20).dimensions == [1, 5])
        #expect(ChunkGeometry.automatic(extent: [], elementBytes: 4, targetBytes: 1 << 20).dimensions == [])
        #expect(ChunkGeometry.automatic(extent: [7], elementBytes: 64, targetBytes: 8).dimensions == [1])
    }

    @Test func oneDimensionalRunsSplitAtChunkEdges() {
        let mapper = ChunkMapper(extent: [100], chunkDimensions: [30])
        var pieces: [ChunkPiece] = []
        mapper.pieces(offset: 25, count: 40, packedOffset: 0, into: &pieces)
        #expect(pieces == [ChunkPiece(chunk: [0], localStart: 25, count: 5, packedOffset: 0),
                           ChunkPiece(chunk: [1], localStart: 0, count: 30, packedOffset: 5),
                           ChunkPiece(chunk: [2], localStart: 0, count: 5, packedOffset: 35)])
    }

    @Test func twoDimensionalRunsSplitByRowAndChunk() {
        // 4×6 extent, 2×4 chunks: the whole extent is one run.
        let mapper = ChunkMapper(extent: [4, 6], chunkDimensions: [2, 4])
        var pieces: [ChunkPiece] = []
        mapper.pieces(offset: 0, count: 24, packedOffset: 0, into: &pieces)
        #expect(pieces.count == 8)
        #expect(pieces[0] == ChunkPiece(chunk: [0, 0], localStart: 0, count: 4, packedOffset: 0))
        #expect(pieces[1] == ChunkPiece(chunk: [0, 1], localStart: 0, count: 2, packedOffset: 4))
        #expect(pieces[2] == ChunkPiece(chunk: [0, 0], localStart: 4, count: 4, packedOffset: 6))
        #expect(pieces[7] == ChunkPiece(chunk: [1, 1], localStart: 4, count: 2, packedOffset: 22))
        let grouped = ChunkMapper.grouped(pieces)
        #expect(grouped.map(\.chunk) == [[0, 0], [0, 1], [1, 0], [1, 1]])
        #expect(grouped.map { $0.pieces.reduce(0) { $0 + $1.count } } == [8, 4, 8, 4])
    }

    @Test func scalarsAreOneChunk() {
        var pieces: [ChunkPiece] = []
        ChunkMapper(extent: [], chunkDimensions: []).pieces(offset: 0, count: 1, packedOffset: 0, into: &pieces)
        #expect(pieces == [ChunkPiece(chunk: [], localStart: 0, count: 1, packedOffset: 0)])
    }

    @Test func recordsOutsideASmallerExtent() {
        // Chunk of 2×4 at (2,4); the extent shrank to 3×5: row 1 is gone, row 0 keeps 1 element.
        let outside = ChunkRegion.outside(start: [2, 4], chunk: [2, 4], extent: [3, 5])
        #expect(outside == [WireExtent(start: 1, count: 7)])
        #expect(ChunkRegion.outside(start: [0, 0], chunk: [2, 4], extent: [10, 10]).isEmpty)
    }

    @Test func writtenRunsAreTheComplementOfHoles() {
        let runs = ObjectCopy.written(records: 10, holes: [WireExtent(start: 2, count: 3), WireExtent(start: 8, count: 2)])
        #expect(runs == [WireExtent(start: 0, count: 2), WireExtent(start: 5, count: 3)])
        #expect(ObjectCopy.written(records: 4, holes: []) == [WireExtent(start: 0, count: 4)])
        #expect(ObjectCopy.written(records: 4, holes: [WireExtent(start: 0, count: 4)]).isEmpty)
    }
}

@Suite struct ChunkBlockTests {
    @Test func wholeRowsOfAChunkAreOnePiece() {
        // 5-D, the chunk is the whole extent: one run is one piece, not one per row.
        let mapper = ChunkMapper(extent: [10, 10, 10, 10, 10], chunkDimensions: [10, 10, 10, 10, 10])
        #expect(mapper.blockDimension == 0)
        var pieces: [ChunkPiece] = []
        mapper.pieces(offset: 0, count: 100_000, packedOffset: 0, into: &pieces)
        #expect(pieces == [ChunkPiece(chunk: [0, 0, 0, 0, 0], localStart: 0, count: 100_000, packedOffset: 0)])
    }

    @Test func runsSplitWhereTheBlockEnds() {
        // 6×4 extent, chunks 4×4: rows are whole; chunk 0 holds rows 0-3, chunk 1 rows 4-5.
        let mapper = ChunkMapper(extent: [6, 4], chunkDimensions: [4, 4])
        #expect(mapper.blockDimension == 0)
        var pieces: [ChunkPiece] = []
        mapper.pieces(offset: 2, count: 20, packedOffset: 0, into: &pieces)
        #expect(pieces == [ChunkPiece(chunk: [0, 0], localStart: 2, count: 14, packedOffset: 0),
                           ChunkPiece(chunk: [1, 0], localStart: 0, count: 6, packedOffset: 14)])
    }

    @Test func chunksWiderThanTheExtentAreNotWhole() {
        // Chunk rows of 8 for an extent row of 4 (an extendible dataset): local indices jump.
        let mapper = ChunkMapper(extent: [2, 4], chunkDimensions: [2, 8])
        #expect(mapper.blockDimension == 1)
        var pieces: [ChunkPiece] = []
        mapper.pieces(offset: 0, count: 8, packedOffset: 0, into: &pieces)
        #expect(pieces == [ChunkPiece(chunk: [0, 0], localStart: 0, count: 4, packedOffset: 0),
                           ChunkPiece(chunk: [0, 0], localStart: 8, count: 4, packedOffset: 4)])
    }
}
