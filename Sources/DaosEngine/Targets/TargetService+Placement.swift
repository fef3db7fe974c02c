// placementReserve and placed updates. A client on our host writes a large update's values
// into blob space we reserved for it, with a pwrite of its own (one copy, in its process, as a
// write to a local file costs), then sends the update naming that space. We copy nothing: the
// update only indexes the bytes. Without it the values cross this engine twice, a
// cross-memory pull into staging and a pwrite out of it, on cores the ranks share.

import DaosObject

extension TargetService {
    /// Reserved blob space waiting for the update that claims it, until `deadline`.
    struct Placement {
        let reservation: BlobReservation
        let deadline: Int
    }

    /// Most reservations waiting at once; a client that asks for more is refused (`tooLarge`).
    static let placementsMax = 1024

    /// Reserves blob space for each length, for the client that proved it shares our host.
    /// Lengths below `inPlaceBytesMin` are refused (values that small are cheap to send).
    func reservePlacements(_ m: PlacementReserveRequest, bulk: some BulkTransfer) throws(TargetError) -> PlacementReserveReply {
        guard bulk.sharesHost(localKey: m.localKey) else {
            throw .notPlaceable("placed writes are for clients that proved they share this engine's host")
        }
        guard let directory = locatedDirectory else { throw .notPlaceable("this target's directory cannot be named on the wire") }
        // Where large updates land in place (a blob in memory), the engine copies them once
        // already, from every target in parallel; a placement would only move that copy to
        // the client, serialise it there and add a round trip.
        guard !landsInPlace else { throw .notPlaceable("this target lands large updates in its blob's memory itself") }
        let now = Endpoint.nowMicroseconds()
        expirePlacements(now: now)
        guard placements.count + m.lengths.count <= Self.placementsMax else {
            throw .tooLarge("\(placements.count) placements wait already; at most \(Self.placementsMax)")
        }
        for length in m.lengths {
            guard length <= options.transferBytesMax else {
                throw .tooLarge("a placement of \(length) bytes: one update moves at most \(options.transferBytesMax)")
            }
            guard length >= UInt64(Self.inPlaceBytesMin) else {
                throw .invalidRequest("a placement of \(length) bytes: values below \(Self.inPlaceBytesMin) bytes go by bulk")
            }
        }
        var granted: [PlacementReserveReply.Reservation] = []
        granted.reserveCapacity(m.lengths.count)
        let deadline = now + options.placementLifetimeSeconds * 1_000_000
        do throws(TargetError) {
            for length in m.lengths {
                let reservation = try storage { () throws(VOSError) in try vos.reserveBlob(length: Int(length)) }
                var token = UInt64.random(in: 1...UInt64.max)
                while placements[token] != nil { token = UInt64.random(in: 1...UInt64.max) }
                placements[token] = Placement(reservation: reservation, deadline: deadline)
                granted.append(.init(token: token, blobOffset: reservation.offset))
            }
        } catch {
            for reservation in granted { cancelPlacement(reservation.token) }
            throw error
        }
        let blob = vos.blobLocation
        return PlacementReserveReply(directory: directory, device: blob.device, inode: blob.inode, reservations: granted)
    }

    /// The reservation a placed update names, taken out of the table whatever becomes of the
    /// update (the caller cancels it if the update fails).
    func claimPlacement(token: UInt64, byteCount: Int) throws(TargetError) -> BlobReservation {
        let now = Endpoint.nowMicroseconds()
        guard let placement = placements.removeValue(forKey: token) else {
            throw .invalidRequest("no placement \(token) waits here (never reserved, claimed already, or expired)")
        }
        guard placement.deadline > now else {
            vos.cancel(placement.reservation)
            throw .invalidRequest("placement \(token) expired")
        }
        guard placement.reservation.bytes.count == byteCount else {
            vos.cancel(placement.reservation)
            throw .invalidRequest("placement \(token) holds \(placement.reservation.bytes.count) bytes; the update names \(byteCount)")
        }
        return placement.reservation
    }

    private func cancelPlacement(_ token: UInt64) {
        if let placement = placements.removeValue(forKey: token) { vos.cancel(placement.reservation) }
    }

    /// Gives back the space of reservations no update claimed in time (their client died, or
    /// gave up and sent its data by bulk).
    func expirePlacements(now: Int) {
        guard !placements.isEmpty else { return }
        for (token, placement) in placements where placement.deadline <= now { cancelPlacement(token) }
    }
}
