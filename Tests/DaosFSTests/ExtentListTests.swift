import DaosObject
import Testing

@testable import DaosFS

/// List I/O bookkeeping: extent checks, short counts at the end of a file, and the regrouping of
/// extents by memory segment.
@Suite struct ExtentListTests {
    static func extents(_ pairs: [(UInt64, UInt64)]) -> [FileExtent] {
        pairs.map { FileExtent(offset: $0.0, length: $0.1) }
    }

    @Test func emptyExtentsAreDroppedAndBytesCounted() throws {
        let list = try ExtentList(Self.extents([(10, 5), (100, 0), (0, 3)]))
        #expect(list.ranges == [WireExtent(start: 10, count: 5), WireExtent(start: 0, count: 3)])
        #expect(list.totalBytes == 8)
        #expect(try ExtentList([]).isEmpty)
        #expect(try ExtentList(Self.extents([(7, 0)])).isEmpty)
    }

    @Test func extentsPastTheLargestFileAreRefused() throws {
        #expect(throws: FileSystemError.self) { try ExtentList(Self.extents([(UInt64.max, 1)])) }
        #expect(throws: FileSystemError.self) { try ExtentList(Self.extents([(UInt64(Int64.max), 1)])) }
        _ = try ExtentList(Self.extents([(UInt64(Int64.max) - 1, 1)]))
        let many = [FileExtent](repeating: FileExtent(offset: 0, length: 1), count: FileSystemLimits.extentsPerCallMax + 1)
        #expect(throws: FileSystemError.self) { try ExtentList(many) }
        do {
            _ = try ExtentList(Self.extents([(UInt64.max - 1, 5)]))
        } catch {
            #expect(error.errnoName == "EFBIG")
        }
    }

    @Test func bytesBelowTheEndOfTheFile() throws {
        let list = try ExtentList(Self.extents([(0, 10), (20, 10), (5, 30), (100, 1)]))
        #expect(list.bytesBelow(0) == 0)
        #expect(list.bytesBelow(8) == 8 + 3)
        #expect(list.bytesBelow(25) == 10 + 5 + 20)
        #expect(list.bytesBelow(1000) == UInt64(list.totalBytes))
    }

    @Test func splitAtSegmentBoundaries() throws {
        let list = try ExtentList(Self.extents([(100, 10), (0, 4), (50, 6)]))
        // Memory: 10 + 4 + 6 = 20 bytes over segments of 3, 0, 12, 5.
        let pieces = list.split(segmentLengths: [3, 0, 12, 5])
        #expect(pieces == [
            [WireExtent(start: 100, count: 3)],
            [],
            [WireExtent(start: 103, count: 7), WireExtent(start: 0, count: 4), WireExtent(start: 50, count: 1)],
            [WireExtent(start: 51, count: 5)],
        ])
        #expect(list.split(segmentLengths: [20]) == [list.ranges])
    }

    @Test func splitIsALawOverRandomLists() throws {
        var random = SplitMix64(seed: 11)
        for _ in 0..<200 {
            let count = 1 + Int(random.next() % 6)
            let list = try ExtentList((0..<count).map { _ in FileExtent(offset: random.next() % 1000, length: 1 + random.next() % 50) })
            var lengths: [Int] = []
            var left = list.totalBytes
            while left > 0 {
                let length = min(left, Int(random.next() % 40))
                lengths.append(length)
                left -= length
            }
            let pieces = list.split(segmentLengths: lengths)
            // Each segment gets exactly its bytes, and the pieces in order are the ranges cut up.
            #expect(zip(pieces, lengths).allSatisfy { $0.reduce(0) { $0 + Int($1.count) } == $1 })
            let bytes = pieces.joined().flatMap { $0.start..<($0.start + $0.count) }
            #expect(bytes == list.ranges.flatMap { $0.start..<($0.start + $0.count) })
        }
    }

    @Test func segmentsMustHoldTheExtentsExactly() throws {
        let list = try ExtentList(Self.extents([(0, 10)]))
        try checkSegments([4, 6], hold: list)
        #expect(throws: FileSystemError.invalidArgument("memory segments hold 9 bytes, the extents cover 10")) {
            try checkSegments([4, 5], hold: list)
        }
        #expect(throws: FileSystemError.self) { try checkSegments([Int.max, 1], hold: list) }
    }
}
