import Foundation
import Glibc
import Testing

@testable import DaosEngine
@testable import DaosObject

/// Placed updates (`placementReserve`, `UpdateData.placed`): a client on the engine's host
/// writes its values into blob space the target reserved, and the update only indexes them.
/// What reads back must be what the client wrote; every way a client can get it wrong is
/// refused without touching stored data, and space no update claims goes back.
@Suite struct TargetPlacementTests {
    static let akey = WireKey.uint64(1)

    static func arrayIOD(_ start: UInt64, _ count: Int) -> IODescriptor {
        IODescriptor(akey: akey, value: .array(recordSizeBytes: 1, extents: [WireExtent(start: start, count: UInt64(count))]))
    }

    static func random(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    /// A target whose updates go through staging and a pwrite (as on a disk file system), the
    /// ones placements are for, wherever the test's temporary directory lives.
    static var onDisk: TargetService.Options {
        var options = TargetService.Options()
        options.updatesInPlace = .never
        return options
    }

    static func reserve(_ h: TargetHarness, _ lengths: [UInt64]) throws -> Result<PlacementReserveReply, TargetError> {
        try h.call(.placementReserve, PlacementReserveRequest(localKey: 9, lengths: lengths), as: PlacementReserveReply.self).map(\.reply)
    }

    /// Writes `bytes` where the reply says, as `LocalWrites` does, into the target's blob file.
    static func place(_ bytes: [UInt8], _ reply: PlacementReserveReply, _ reservation: PlacementReserveReply.Reservation) throws {
        let path = String(decoding: reply.directory, as: UTF8.self) + "/blob.data"
        let file = open(path, O_WRONLY)
        try #require(file >= 0)
        defer { close(file) }
        var status = stat()
        #expect(fstat(file, &status) == 0 && UInt64(status.st_ino) == reply.inode && UInt64(status.st_dev) == reply.device,
                "the reply names the blob file it reserved in")
        let wrote = bytes.withUnsafeBytes { pwrite(file, $0.baseAddress!, $0.count, off_t(reservation.blobOffset)) }
        try #require(wrote == bytes.count)
    }

    static func read(_ h: TargetHarness, _ iods: [IODescriptor], count: Int) throws -> [UInt8] {
        let window = h.bulk.register([UInt8](repeating: 0xEE, count: count))
        let reply = try h.call(.objectFetch, ObjectFetchRequest(oid: h.oid, shard: 0, dkey: .uint64(0), iods: iods, bulk: window),
                               as: ObjectFetchReply.self).get().reply
        #expect(reply.values.count == iods.count)
        return h.bulk.window(window)
    }

    @Test func placedUpdatesIndexWhatTheClientWrote() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir, options: Self.onDisk)
            h.bulk.gathering = true
            let first = Self.random(100_000, seed: 1)
            let second = Self.random(70_000, seed: 2)
            let reply = try Self.reserve(h, [UInt64(first.count), UInt64(second.count)]).get()
            #expect(reply.reservations.count == 2 && Set(reply.reservations.map(\.token)).count == 2)
            try Self.place(first, reply, reply.reservations[0])
            try Self.place(second, reply, reply.reservations[1])
            // One alone, one in a batch with a bulk update, over the first one's middle.
            try h.update(.uint64(0), [Self.arrayIOD(0, first.count)],
                         .placed(token: reply.reservations[0].token, byteCount: UInt64(first.count))).get()
            let bulk = Self.random(80_000, seed: 3)
            let batch = ObjectUpdateBatchRequest([
                ObjectUpdateRequest(oid: h.oid, shard: 0, dkey: .uint64(0), iods: [Self.arrayIOD(50_000, second.count)],
                                    data: .placed(token: reply.reservations[1].token, byteCount: UInt64(second.count))),
                ObjectUpdateRequest(oid: h.oid, shard: 0, dkey: .uint64(1), iods: [Self.arrayIOD(0, bulk.count)],
                                    data: .bulk(h.bulk.register(bulk))),
            ])
            let answers = try h.call(.objectUpdateBatch, batch, as: ObjectUpdateBatchReply.self).get().reply.entries
            #expect(answers.allSatisfy { if case .answered = $0 { true } else { false } }, "\(answers)")
            #expect(try Self.read(h, [Self.arrayIOD(0, 120_000)], count: 120_000) == Array(first.prefix(50_000)) + second)
            let window = h.bulk.register([UInt8](repeating: 0, count: bulk.count))
            _ = try h.call(.objectFetch, ObjectFetchRequest(oid: h.oid, shard: 0, dkey: .uint64(1), iods: [Self.arrayIOD(0, bulk.count)],
                                                            bulk: window), as: ObjectFetchReply.self).get()
            #expect(h.bulk.window(window) == bulk)
            // A claimed placement is gone: naming it again is refused, and nothing changes.
            let again = try h.update(.uint64(0), [Self.arrayIOD(0, first.count)],
                                     .placed(token: reply.reservations[0].token, byteCount: UInt64(first.count)))
            #expect(again.failure?.status == .invalidArgument)
            #expect(try Self.read(h, [Self.arrayIOD(0, 120_000)], count: 120_000) == Array(first.prefix(50_000)) + second)
        }
    }

    /// In sync mode the update's WAL commit makes the client's bytes durable first (a blob
    /// value that is not journaled sets `needsDataSync`).
    @Test func placedUpdatesInSyncMode() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir, durability: .sync, options: Self.onDisk)
            h.bulk.gathering = true
            let data = Self.random(200_000, seed: 5)
            let reply = try Self.reserve(h, [UInt64(data.count)]).get()
            try Self.place(data, reply, reply.reservations[0])
            try h.update(.uint64(0), [Self.arrayIOD(0, data.count)],
                         .placed(token: reply.reservations[0].token, byteCount: UInt64(data.count))).get()
            #expect(h.service.vos.durableSequence.rawValue > 0)
            #expect(try Self.read(h, [Self.arrayIOD(0, data.count)], count: data.count) == data)
        }
    }

    @Test func badPlacementsAreRefusedAndGiveTheirSpaceBack() throws {
        try withTemporaryDirectory { dir in
            let h = try TargetHarness(dir, options: Self.onDisk)
            // Only a client that proved it shares the host gets space; and only from a target
            // that would otherwise pwrite out of staging.
            #expect(try Self.reserve(h, [100_000]).failure?.status == .unsupported)
            h.bulk.gathering = true
            var inPlace = TargetService.Options()
            inPlace.updatesInPlace = .always
            try FileManager.default.createDirectory(atPath: dir + "/in-place", withIntermediateDirectories: true)
            let landing = try TargetHarness(dir + "/in-place", options: inPlace)
            landing.bulk.gathering = true
            #expect(try Self.reserve(landing, [100_000]).failure?.status == .unsupported)
            #expect(try Self.reserve(h, [1000]).failure?.status == .invalidArgument, "too small to place")
            #expect(try Self.reserve(h, [1 << 40]).failure?.status == .recordTooBig, "larger than one update moves")
            let used = h.service.vos.space.usedBytes
            let reply = try Self.reserve(h, [100_000, 100_000, 100_000]).get()
            #expect(h.service.vos.space.usedBytes >= used + 300_000, "reserved space counts as used")
            let tokens = reply.reservations.map(\.token)
            // Unknown token; wrong size; single values: refused, and (but the unknown one) claimed.
            #expect(try h.update(.uint64(0), [Self.arrayIOD(0, 100_000)], .placed(token: tokens[0] ^ 1, byteCount: 100_000))
                .failure?.status == .invalidArgument)
            #expect(try h.update(.uint64(0), [Self.arrayIOD(0, 90_000)], .placed(token: tokens[0], byteCount: 90_000))
                .failure?.status == .invalidArgument)
            let single = [IODescriptor(akey: .uint64(2), value: .single(sizeBytes: 100_000))]
            #expect(try h.update(.uint64(0), single, .placed(token: tokens[1], byteCount: 100_000)).failure?.status == .invalidArgument)
            // Expired: the target gives the space back when it notices.
            var options = Self.onDisk
            options.placementLifetimeSeconds = 0
            try FileManager.default.createDirectory(atPath: dir + "/expiring", withIntermediateDirectories: true)
            let expiring = try TargetHarness(dir + "/expiring", options: options)
            expiring.bulk.gathering = true
            let before = expiring.service.vos.space.usedBytes
            let stale = try Self.reserve(expiring, [100_000]).get()
            #expect(try expiring.update(.uint64(0), [Self.arrayIOD(0, 100_000)], .placed(token: stale.reservations[0].token, byteCount: 100_000))
                .failure?.status == .invalidArgument)
            #expect(expiring.service.vos.space.usedBytes == before, "an expired placement's space is free again")
            _ = try Self.reserve(expiring, [100_000]).get()
            _ = try Self.reserve(expiring, [100_000]).get()
            let held = expiring.service.vos.space.usedBytes - before
            #expect(held >= 100_000 && held < 200_000, "expired ones are reclaimed at the next reserve")
            // Nothing was written by all that.
            #expect(try Self.read(h, [Self.arrayIOD(0, 100_000)], count: 100_000) == [UInt8](repeating: 0, count: 100_000))
            // The third reservation is still good.
            let data = Self.random(100_000, seed: 4)
            try Self.place(data, reply, reply.reservations[2])
            try h.update(.uint64(0), [Self.arrayIOD(0, 100_000)], .placed(token: tokens[2], byteCount: 100_000)).get()
            #expect(try Self.read(h, [Self.arrayIOD(0, 100_000)], count: 100_000) == data)
        }
    }
}

fileprivate extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { error } else { nil }
    }
}
