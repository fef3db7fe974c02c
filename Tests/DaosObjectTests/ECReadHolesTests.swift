import DaosObject
import Testing

/// `ECReadPlan.arrayHoles` against a record-by-record oracle: for random geometries, extents
/// and member holes, the array records whose bytes come from a member's missing local records
/// are exactly the holes reported.
struct ECReadHolesTests {
    @Test(arguments: [(Redundancy.ec2P1, 1, 64), (.ec2P1, 8, 16), (.ec4P2, 1, 32), (.ec4P2, 4, 8)])
    func holesMapBackToArrayRecords(redundancy: Redundancy, recordSize: Int, cellRecords: Int) throws {
        let geometry = try ECGeometry(redundancy: redundancy, cellSizeBytes: cellRecords * recordSize, recordSize: recordSize)
        var random = SplitMix64(seed: UInt64(recordSize * 1000 + cellRecords))
        for round in 0..<200 {
            // Disjoint extents a few cells long with gaps between, in shuffled request order.
            var extents: [WireExtent] = []
            var next = random.next() % geometry.stripeRecords
            for _ in 0..<(1 + Int(random.next() % 3)) {
                let extent = WireExtent(start: next, count: 1 + random.next() % UInt64(cellRecords * 3))
                extents.append(extent)
                next = extent.start + extent.count + random.next() % geometry.stripeRecords
            }
            extents.shuffle(using: &random)
            let bytes = extents.reduce(0) { $0 + Int($1.count) * recordSize }
            let plan = try ECReadPlan(geometry: geometry, dkeyHash: random.next(), extents: extents, bufferByteCount: bytes)

            // Oracle: which (member, local record) fills each buffer record.
            var source = [(member: Int, local: UInt64)?](repeating: nil, count: bytes / recordSize)
            for (member, reads) in plan.members.enumerated() {
                for read in reads {
                    var local = read.localOffset
                    for piece in read.pieces {
                        for record in stride(from: piece.offset / recordSize, to: (piece.offset + piece.byteCount) / recordSize, by: 1) {
                            source[record] = (member, local)
                            local += 1
                        }
                    }
                }
            }
            #expect(source.allSatisfy { $0 != nil }, "round \(round): every buffer record is read from some member")
            var arrayRecord: [UInt64] = []
            for extent in extents { arrayRecord += (extent.start..<extent.start + extent.count).map { $0 } }

            // Random local holes per member, the reported holes, and the oracle's.
            var reported: [WireExtent] = []
            var missing: [Set<UInt64>] = Array(repeating: [], count: plan.members.count)
            for (member, reads) in plan.members.enumerated() where !reads.isEmpty {
                var holes: [WireExtent] = []
                for read in reads where random.next() % 2 == 0 {
                    let start = read.localOffset + random.next() % read.records
                    let count = 1 + random.next() % (read.localOffset + read.records - start)
                    holes.append(WireExtent(start: start, count: count))
                    missing[member].formUnion(start..<start + count)
                }
                reported += ECReadPlan.arrayHoles(holes, reads: reads, extents: extents, recordSize: recordSize)
            }
            var expected: [WireExtent] = []
            for (record, from) in source.enumerated() where missing[from!.member].contains(from!.local) {
                expected.append(WireExtent(start: arrayRecord[record], count: 1))
            }
            #expect(ECReadPlan.merged(reported) == ECReadPlan.merged(expected), "round \(round), extents \(extents)")
        }
    }

    @Test func mergedJoinsOverlappingAndTouchingExtents() {
        let extents = [WireExtent(start: 10, count: 5), WireExtent(start: 0, count: 3), WireExtent(start: 3, count: 2),
                       WireExtent(start: 12, count: 10), WireExtent(start: 30, count: 1)]
        #expect(ECReadPlan.merged(extents) == [WireExtent(start: 0, count: 5), WireExtent(start: 10, count: 12), WireExtent(start: 30, count: 1)])
    }
}
