import DaosObject
import Testing

@testable import DaosEngine

/// Values filled in place (a reservation in the mapped blob, then an update referencing it):
/// they read back, survive a reopen, are durable in sync mode, and a reservation no update
/// took is given back whole.
struct VOSInPlaceTests {
    private func placedWrite(_ vos: VOSTarget, start: UInt64, _ data: [UInt8]) throws -> (ArrayWrite, BlobReservation) {
        let reservation = try vos.reserveBlob(length: data.count)
        data.withUnsafeBytes { reservation.bytes.copyMemory(from: $0) }
        return (ArrayWrite(extent: RecordExtent(start: start, count: UInt64(data.count)), placedIn: reservation, at: 0,
                           byteCount: data.count), reservation)
    }

    @Test(arguments: [Durability.pageCache, .sync])
    func placedValuesReadBackAndSurviveReopen(durability: Durability) throws {
        try withTemporaryDirectory { dir in
            let first = bytes(300 << 10, seed: 1)
            let second = bytes(70 << 10, seed: 2)
            let third = bytes(70 << 10, seed: 3)
            // first at 0, second at 400 KiB (one update), then third over part of first.
            var expected = first + [UInt8](repeating: 0, count: 100 << 10) + second
            expected.replaceSubrange(100 << 10..<(170 << 10), with: third)
            do {
                let vos = try openTarget(dir, durability)
                try vos.createContainer(testContainer)
                let (a, _) = try placedWrite(vos, start: 0, first)
                let (b, _) = try placedWrite(vos, start: 400 << 10, second)
                try vos.updateDurably(container: testContainer, object: testObject, dkey: .uint64(1), epoch: Epoch(10),
                                      akeys: [AkeyUpdate(akey: .uint64(0), value: .array(recordSize: 1, writes: [a, b]))])
                let (c, _) = try placedWrite(vos, start: 100 << 10, third)
                try vos.updateDurably(container: testContainer, object: testObject, dkey: .uint64(1), epoch: Epoch(12),
                                      akeys: [AkeyUpdate(akey: .uint64(0), value: .array(recordSize: 1, writes: [c]))])
                #expect(vos.space.usedBytes == UInt64(first.count + second.count + third.count))
                #expect(try vos.getArray(.uint64(1), .uint64(0), start: 0, count: UInt64(expected.count), at: 13).bytes == expected)
                #expect(try vos.getArray(.uint64(1), .uint64(0), start: 100 << 10, count: 10, at: 11).bytes == Array(first[(100 << 10)..<(100 << 10) + 10]))
                vos.close()
            }
            // The WAL names the placed ranges; the bytes are in the blob file.
            let reopened = try openTarget(dir, durability)
            #expect(try reopened.getArray(.uint64(1), .uint64(0), start: 0, count: UInt64(expected.count), at: 13).bytes == expected)
            #expect(reopened.space.usedBytes == UInt64(first.count + second.count + third.count))
            reopened.close()
        }
    }

    @Test func aCancelledOrRefusedReservationIsGivenBack() throws {
        try withTemporaryDirectory { dir in
            let vos = try openTarget(dir, capacity: 1 << 20)
            try vos.createContainer(testContainer)
            let before = vos.space.usedBytes
            let (write, reservation) = try placedWrite(vos, start: 0, bytes(200 << 10, seed: 3))
            #expect(vos.space.usedBytes == before + (200 << 10))
            // Refused (epoch 0 is never valid): the update does not keep the range, the caller
            // cancels it.
            #expect(error(of: {
                try vos.update(container: testContainer, object: testObject, dkey: .uint64(1), epoch: Epoch(0),
                               akeys: [AkeyUpdate(akey: .uint64(0), value: .array(recordSize: 1, writes: [write]))])
            }) != nil)
            vos.cancel(reservation)
            #expect(vos.space.usedBytes == before)
            // More than the capacity: refused like an update, nothing reserved.
            #expect(error(of: { try vos.reserveBlob(length: 2 << 20) }).map { if case .noSpace = $0 { true } else { false } } == true)
            #expect(vos.space.usedBytes == before)
            vos.close()
        }
    }
}
