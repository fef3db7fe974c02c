@testable import DaosObject
import Testing

/// The object client's pure parts: how array ranges split into chunk requests, which parts of an
/// extent are data given its holes, and the dkey hash placement and EC rotation depend on.
@Suite struct ObjectClientPlanningTests {
    @Test func arrayRangesSplitAtChunkBoundariesAndKeepBufferOrder() throws {
        let chunks = try ArrayObject.pieces(
            [WireExtent(start: 5, count: 20), WireExtent(start: 40, count: 3), WireExtent(start: 25, count: 5)], cellSize: 2, chunkRecords: 10)
        // 5..<25 → chunk 0 [5,10), chunk 1 [0,10), chunk 2 [0,5); then 40..<43 → chunk 4; then 25..<30 → chunk 2 again.
        #expect(chunks.map { $0.map(\.chunk) } == [[0], [1], [2], [4], [2]])
        #expect(chunks.map { $0.map(\.extent) } == [[WireExtent(start: 5, count: 5)], [WireExtent(start: 0, count: 10)],
                                                     [WireExtent(start: 0, count: 5)], [WireExtent(start: 0, count: 3)],
                                                     [WireExtent(start: 5, count: 5)]])
        #expect(chunks.map { $0[0].bufferOffset } == [0, 10, 30, 40, 46])
        #expect(throws: ClientError.self) { try ArrayObject.pieces([WireExtent(start: 0, count: 0)], cellSize: 1, chunkRecords: 10) }
        #expect(throws: ClientError.self) {
            try ArrayObject.pieces([WireExtent(start: UInt64.max - 1, count: 5)], cellSize: 1, chunkRecords: 10)
        }
    }

    @Test func dataRunsAreTheExtentMinusItsHoles() {
        let extent = WireExtent(start: 100, count: 50)
        #expect(ObjectHandle.dataRuns(of: extent, holes: []) == [extent])
        #expect(ObjectHandle.dataRuns(of: extent, holes: [extent]).isEmpty)
        #expect(ObjectHandle.dataRuns(of: extent, holes: [WireExtent(start: 120, count: 10), WireExtent(start: 90, count: 15)])
                == [WireExtent(start: 105, count: 15), WireExtent(start: 130, count: 20)])
    }

    @Test func distributionHashIsStableAndKindAware() {
        // Part of where data lives: a change here moves every stored dkey.
        #expect(WireKey.uint64(7).distributionHash == WireKey.uint64(7).distributionHash)
        #expect(WireKey.bytes([7]).distributionHash != WireKey.lexical("\u{7}").distributionHash)
        var groups = Set<Int>()
        for key in 0..<64 { groups.insert(Int(WireKey.uint64(UInt64(key)).distributionHash % 8)) }
        #expect(groups.count == 8, "dkeys should spread over groups")
    }
}

