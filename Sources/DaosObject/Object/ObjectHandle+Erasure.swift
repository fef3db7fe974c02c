/// Erasure-coded objects (`EC_kPp*`). The layout contract is `ObjectEC/README.md`; here is the
/// I/O. Single values are replicated to every member of the group. Array values:
/// - update: `ECWritePlan` splits the records over the k data members (dense local offsets),
///   encodes the parity of every stripe the request covers whole, and copies partial-stripe
///   records to every parity member. A parity member that gets a full stripe's parity also
///   punches that stripe's range of partial copies at the same epoch: whatever partial copy is
///   visible there later is newer than the parity, which is what a degraded read relies on.
///   Every member gets one RPC, all at once, at one epoch.
/// - fetch: each data member sends its records straight into the caller's buffer. A member that
///   is DOWN in the map or does not answer is rebuilt stripe by stripe: the parity (whose
///   epoch the engine reports), the surviving cells as of that epoch, the partial copies on a
///   parity member, decoded and overlaid (`ECReconstruction`).
extension ObjectHandle {
    func geometry(recordSize: UInt32) throws(ClientError) -> ECGeometry {
        let cellBytes = io.container.properties.lazy.compactMap { if case .ecCellSizeBytes(let size) = $0 { Int(size) } else { nil } }.first
            ?? 128 << 10
        do throws(ECLayoutError) {
            return try ECGeometry(redundancy: redundancy, cellSizeBytes: cellBytes, recordSize: Int(recordSize))
        } catch { throw .invalidArgument("\(error)") }
    }

    /// Where an iod's data starts in the update/fetch buffer (values back to back).
    static func dataOffsets(_ iods: [IODescriptor]) -> [Int] {
        var offsets: [Int] = []
        var at = 0
        for iod in iods {
            offsets.append(at)
            at += Int(iod.value.dataBytes ?? 0)
        }
        return offsets
    }

    // MARK: - Update

    func updateErasure(dkey: WireKey, iods: [IODescriptor], data: UnsafeRawBufferPointer, epoch: Epoch) throws(ClientError) -> Epoch {
        let prepared = try prepareErasure(dkey: dkey, iods: iods, data: data, deferParity: true)
        let registration = data.count > io.inlineBytesMax ? try io.register(UnsafeMutableRawBufferPointer(mutating: data)) : nil
        for _ in 0..<Self.mapRefreshesMax {
            var staging: [MemoryRegion] = []
            defer { staging.forEach(io.scratch.giveBack) }
            let requests = try erasureRequests(prepared, epoch: epoch, registration: registration, staging: &staging)
            let results = try sendEncodingLate(requests, [prepared])
            if try io.refreshIfStale(results) { continue }
            try Self.requireAll(results, what: "update of dkey \(dkey)")
            return epoch
        }
        throw .failed(.staleMap, detail: "the pool map kept changing during the update of dkey \(dkey)")
    }

    /// One dkey's erasure-coded update with its parity computed: the plans hold their parity
    /// regions (taken from the ObjectIO's scratch) until the update is done.
    final class ErasureUpdate {
        let dkey: WireKey
        let iods: [IODescriptor]
        let data: UnsafeRawBufferPointer
        let offsets: [Int]
        var plans: [(iod: Int, plan: ECWritePlan, parity: MemoryRegion)] = []
        /// Parity not computed yet (`deferParity`): the plans whose parity regions still wait.
        private(set) var unencoded: [Int] = []
        private let scratch: ScratchRegions

        init(dkey: WireKey, iods: [IODescriptor], data: UnsafeRawBufferPointer, scratch: ScratchRegions) {
            self.dkey = dkey
            self.iods = iods
            self.data = data
            self.scratch = scratch
            offsets = ObjectHandle.dataOffsets(iods)
        }

        deinit { plans.forEach { scratch.giveBack($0.parity) } }

        /// Whether any request of this update depends on parity not computed yet.
        var parityPending: Bool { !unencoded.isEmpty }

        func deferEncoding(_ plan: Int) { unencoded.append(plan) }

        /// Computes the parity still owed (idempotent).
        func encodeParity() throws(ClientError) {
            for index in unencoded {
                let entry = plans[index]
                let bytes = Int(iods[entry.iod].value.dataBytes ?? 0)
                let source = UnsafeRawBufferPointer(rebasing: data[offsets[entry.iod]..<offsets[entry.iod] + bytes])
                do throws(ECLayoutError) {
                    try entry.plan.computeParity(
                        data: source, into: UnsafeMutableRawBufferPointer(rebasing: entry.parity.buffer[0..<entry.plan.parityByteCount]))
                } catch { throw .invalidArgument("\(error)") }
            }
            unencoded.removeAll()
        }
    }

    /// Plans every array descriptor's stripes and encodes the full ones — or, with
    /// `deferParity`, leaves that to `ErasureUpdate.encodeParity`, so the data cells can be sent
    /// first (`sendEncodingLate`). Building a request that copies parity bytes (inline, or
    /// gathered with other pieces) encodes it then.
    func prepareErasure(dkey: WireKey, iods: [IODescriptor], data: UnsafeRawBufferPointer,
                        deferParity: Bool = false) throws(ClientError) -> ErasureUpdate {
        let update = ErasureUpdate(dkey: dkey, iods: iods, data: data, scratch: io.scratch)
        let hash = dkey.distributionHash
        for (index, iod) in iods.enumerated() {
            guard case .array(let recordSize, let extents) = iod.value else { continue }
            let bytes = Int(iod.value.dataBytes ?? 0)
            let g = try geometry(recordSize: recordSize)
            let plan: ECWritePlan
            do throws(ECLayoutError) {
                plan = try ECWritePlan(geometry: g, dkeyHash: hash, extents: extents, bufferByteCount: bytes)
            } catch { throw .invalidArgument("\(error)") }
            update.plans.append((index, plan, try io.scratch.take(plan.parityByteCount)))
            if !plan.fullStripes.isEmpty { update.deferEncoding(update.plans.count - 1) }
        }
        if !deferParity { try update.encodeParity() }
        return update
    }

    /// The shard requests of a prepared update under the current layout: per available member
    /// its cells (and partial copies or parity). A parity member's update also punches the
    /// partial copies its full stripes replace (`ObjectUpdateRequest.punchedRecords`): the engine
    /// punches them right after writing the parity, at its epoch, in the same turn. (A punch
    /// served before the parity would let a degraded read in between overlay it, epoch E, on the
    /// parity before E: holes where old data was.) `registration` covers the caller's buffer, in
    /// which the update's data lies.
    func erasureRequests(_ update: ErasureUpdate, epoch: Epoch, registration: MemoryRegion?,
                         staging: inout [MemoryRegion]) throws(ClientError) -> [ObjectIO.ShardRequest] {
        let split = try erasureShardRequests(update, epoch: epoch, registration: registration, staging: &staging)
        return split.updates + split.punches
    }

    /// Sends an update's requests; parity still owed is computed just before the first request
    /// that carries it goes out, while the engines already pull the data cells. Requests that
    /// carry parity must follow the others (`erasureShardRequests` orders them so).
    func sendEncodingLate(_ requests: [ObjectIO.ShardRequest], _ updates: [ErasureUpdate])
        throws(ClientError) -> [ObjectIO.ShardResult<EpochReply>] {
        guard updates.contains(where: \.parityPending) else { return io.send(requests, expecting: EpochReply.self) }
        let firstParity = requests.firstIndex(where: \.carriesParity) ?? requests.count
        var failure: ClientError?
        let results = io.send(requests, expecting: EpochReply.self) { index in
            guard index >= firstParity, failure == nil else { return }
            do throws(ClientError) {
                for update in updates { try update.encodeParity() }
            } catch { failure = error }
        }
        // Parity that no posted request carried stays owed: nothing needs it now, and a retry
        // after a map refresh encodes it then.
        if let failure { throw failure }
        return results
    }

    /// `erasureRequests`, optionally with the parity members' share only and the punches of the
    /// copies apart (aggregation re-encodes stripes, their data cells staying as they are, and
    /// punches copies only once every parity member holds the new parity).
    func erasureShardRequests(_ update: ErasureUpdate, epoch: Epoch, registration: MemoryRegion?,
                              staging: inout [MemoryRegion], parityMembersOnly: Bool = false) throws(ClientError)
        -> (updates: [ObjectIO.ShardRequest], punches: [ObjectIO.ShardRequest]) {
        let dkey = update.dkey
        let iods = update.iods
        let data = update.data
        let offsets = update.offsets
        let members = group(for: dkey, in: layout)
        if case .erasure(_, let parity) = redundancy.scheme, members.filter({ !$0.location.isAvailable }).count > parity {
            throw .failed(.redundancyExceeded, detail: "more than \(parity) shards of dkey \(dkey) are unavailable")
        }
        var requests: [ObjectIO.ShardRequest] = []
        var parityRequests: [ObjectIO.ShardRequest] = []
        var punchRequests: [ObjectIO.ShardRequest] = []
        let rotation = update.plans.first?.plan.geometry.rotation(dkeyHash: dkey.distributionHash) ?? 0
        for (member, location) in members.enumerated() where location.location.isAvailable {
            if parityMembersOnly, let g = update.plans.first?.plan.geometry,
               case .data = try roleOf(member: member, rotation: rotation, geometry: g) { continue }
            var memberIODs: [IODescriptor] = []
            var pieces: [PayloadPiece] = []
            // The same share kept apart by where its bytes lie (`splitByRegion`).
            var fromCaller = MemberShare()
            var fromParity = MemberShare(usesParity: true)
            var punches: [(akey: WireKey, extents: [WireExtent])] = []
            for (index, iod) in iods.enumerated() {
                if case .single(let size) = iod.value {
                    memberIODs.append(iod)
                    pieces.append(PayloadPiece(base: data.baseAddress! + offsets[index], count: Int(size), region: registration))
                    fromCaller.iods.append(iod)
                    fromCaller.pieces.append(pieces[pieces.count - 1])
                }
            }
            for entry in update.plans {
                let writes = entry.plan.members[member]
                guard !writes.isEmpty, case .array(let recordSize, _) = iods[entry.iod].value else { continue }
                let akey = iods[entry.iod].akey
                memberIODs.append(IODescriptor(akey: akey, value: .array(recordSizeBytes: recordSize, extents: writes.map(\.extent))))
                let dataWrites = writes.filter { $0.kind != .parity }
                let parityWrites = writes.filter { $0.kind == .parity }
                if !dataWrites.isEmpty {
                    fromCaller.iods.append(IODescriptor(akey: akey, value: .array(recordSizeBytes: recordSize, extents: dataWrites.map(\.extent))))
                }
                if !parityWrites.isEmpty {
                    fromParity.iods.append(IODescriptor(akey: akey, value: .array(recordSizeBytes: recordSize, extents: parityWrites.map(\.extent))))
                }
                for write in writes {
                    for piece in write.pieces {
                        switch piece.buffer {
                        case .caller:
                            pieces.append(PayloadPiece(base: data.baseAddress! + offsets[entry.iod] + piece.offset, count: piece.byteCount,
                                                       region: registration))
                        case .parity:
                            pieces.append(PayloadPiece(base: UnsafeRawPointer(entry.parity.buffer.baseAddress!) + piece.offset,
                                                       count: piece.byteCount, region: entry.parity))
                        }
                        if write.kind == .parity { fromParity.pieces.append(pieces[pieces.count - 1]) } else {
                            fromCaller.pieces.append(pieces[pieces.count - 1])
                        }
                    }
                }
                let g = entry.plan.geometry
                let stripes = parityWrites.map {
                    WireExtent(start: (($0.localOffset & ~ECGeometry.parityBit) / g.cellRecords) * g.stripeRecords,
                               count: ($0.records / g.cellRecords) * g.stripeRecords)
                }
                if !stripes.isEmpty { punches.append((iods[entry.iod].akey, stripes)) }
            }
            guard !memberIODs.isEmpty else { continue }
            let whole = MemberShare(iods: memberIODs, pieces: pieces, usesParity: !fromParity.pieces.isEmpty)
            for share in splitByRegion(whole, fromCaller, fromParity) {
                if share.usesParity, update.parityPending, !Self.referencesInPlace(share.pieces, inlineBytesMax: io.inlineBytesMax) {
                    try update.encodeParity()
                }
                let payload = try memberPayload(share.pieces, staging: &staging)
                // Parity pieces come only with full stripes, whose copies the same update punches.
                let folded = share.usesParity && !parityMembersOnly ? punches : []
                if !folded.isEmpty { punches = [] }
                var request = ObjectIO.ShardRequest(
                    target: location.location.target, opcode: .objectUpdate,
                    message: ObjectUpdateRequest(oid: id, shard: UInt32(location.shard), dkey: dkey, iods: share.iods, data: payload,
                                                 punchedRecords: folded.map { .init(akey: $0.akey, extents: $0.extents) }),
                    epoch: epoch)
                request.carriesParity = share.usesParity
                if request.carriesParity { parityRequests.append(request) } else { requests.append(request) }
            }
            for punch in punches {
                punchRequests.append(.init(target: location.location.target, opcode: .objectPunch,
                                      message: ObjectPunchRequest(oid: id, shard: UInt32(location.shard),
                                                                  scope: .extents(dkey: dkey, akey: punch.akey, extents: punch.extents)),
                                      epoch: epoch))
            }
        }
        return (requests + parityRequests, punchRequests)
    }

    private func roleOf(member: Int, rotation: Int, geometry: ECGeometry) throws(ClientError) -> ECCellRole {
        do throws(ECLayoutError) { return try geometry.role(ofMember: member, rotation: rotation) } catch {
            throw .invalidArgument("\(error)")
        }
    }

    /// A member's descriptors and the pieces of data they take, in order.
    struct MemberShare {
        var iods: [IODescriptor] = []
        var pieces: [PayloadPiece] = []
        /// Some of the pieces are parity (computed late: `sendEncodingLate`).
        var usesParity = false
    }

    /// One request for a member's whole share when its bytes can go as they lie (inline, or
    /// segments of one region); else, when that holds for each part alone, two: the bytes from
    /// the caller's buffer (data cells, partial-stripe copies, single values) and the parity.
    /// A parity member given a partial stripe's copies beside full stripes' parity (every
    /// chunk of an HDF5 dataset whose chunk is not a multiple of the stripe) then copies
    /// nothing: before, both went into one freshly allocated region, 86 MB per rank of
    /// hacc-io through HDF5.
    func splitByRegion(_ whole: MemberShare, _ fromCaller: MemberShare, _ fromParity: MemberShare) -> [MemberShare] {
        func asIs(_ pieces: [PayloadPiece]) -> Bool {
            pieces.reduce(0) { $0 + $1.count } <= io.inlineBytesMax || Self.referencesInPlace(pieces, inlineBytesMax: io.inlineBytesMax)
        }
        guard !fromCaller.iods.isEmpty, !fromParity.iods.isEmpty, !asIs(whole.pieces), asIs(fromCaller.pieces), asIs(fromParity.pieces)
        else { return [whole] }
        return [fromCaller, fromParity]
    }

    /// A piece of a member's update data and the registered region it lies in (nil: none).
    struct PayloadPiece {
        var base: UnsafeRawPointer
        var count: Int
        var region: MemoryRegion?
    }

    /// Whether `memberPayload` sends these pieces as segments of the one region they lie in
    /// (copying nothing now), rather than inline or gathered.
    static func referencesInPlace(_ pieces: [PayloadPiece], inlineBytesMax: Int) -> Bool {
        guard let region = pieces.first?.region else { return false }
        return pieces.reduce(0) { $0 + $1.count } > inlineBytesMax && pieces.count <= WireLimits.bulkSegmentsMax
            && pieces.allSatisfy { $0.region === region }
    }

    /// A member's update data: inline when small; segments of one registered region (the
    /// caller's buffer, or a parity region) when every piece lies in it; else gathered into a
    /// scratch region, which joins `staging` until the update is done.
    private func memberPayload(_ pieces: [PayloadPiece], staging: inout [MemoryRegion]) throws(ClientError) -> UpdateData {
        let total = pieces.reduce(0) { $0 + $1.count }
        if total <= io.inlineBytesMax {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(total)
            for piece in pieces { bytes.append(contentsOf: UnsafeRawBufferPointer(start: piece.base, count: piece.count)) }
            return .inline(bytes)
        }
        if Self.referencesInPlace(pieces, inlineBytesMax: io.inlineBytesMax), let region = pieces.first?.region {
            let whole = region.bulkDescriptor()
            let start = UnsafeRawPointer(region.buffer.baseAddress!)
            let segments = pieces.map { BulkDescriptor.Segment(offset: UInt64($0.base - start), length: UInt64($0.count)) }
            return .bulk(whole.with(segments: segments))
        }
        let region = try io.scratch.take(total)
        staging.append(region)
        var at = 0
        for piece in pieces {
            (region.buffer.baseAddress! + at).copyMemory(from: piece.base, byteCount: piece.count)
            at += piece.count
        }
        let whole = region.bulkDescriptor()
        return .bulk(whole.with(segments: [.init(offset: 0, length: UInt64(total))]))
    }

    // MARK: - Fetch

    func fetchErasure(dkey: WireKey, iods: [IODescriptor], into buffer: UnsafeMutableRawBufferPointer, epoch: Epoch)
        throws(ClientError) -> [FetchedValue] {
        let offsets = Self.dataOffsets(iods)
        var values = [FetchedValue](repeating: FetchedValue(sizeBytes: 0), count: iods.count)
        // Single values: every member has them; read like a replicated object.
        let singles = iods.indices.filter { if case .single = iods[$0].value { true } else { false } }
        if !singles.isEmpty {
            let singleIODs = singles.map { iods[$0] }
            let bytes = singleIODs.reduce(0) { $0 + Int($1.value.dataBytes ?? 0) }
            var scratch = [UInt8](repeating: 0, count: bytes)
            let found = try withMutableBytes(of: &scratch) { (window) throws(ClientError) in
                try fetchReplicated(dkey: dkey, iods: singleIODs, into: window, epoch: epoch)
            }
            scratch.withUnsafeBytes { fetched in
                var at = 0
                for (n, index) in singles.enumerated() {
                    let size = Int(singleIODs[n].value.dataBytes ?? 0)
                    (buffer.baseAddress! + offsets[index]).copyMemory(from: fetched.baseAddress! + at, byteCount: size)
                    at += size
                }
            }
            for (n, index) in singles.enumerated() { values[index] = found[n] }
        }
        for (index, iod) in iods.enumerated() {
            guard case .array(let recordSize, let extents) = iod.value else { continue }
            let bytes = Int(iod.value.dataBytes ?? 0)
            let window = UnsafeMutableRawBufferPointer(rebasing: buffer[offsets[index]..<offsets[index] + bytes])
            values[index] = try fetchErasureArray(dkey: dkey, akey: iod.akey, recordSize: recordSize, extents: extents,
                                                  into: window, epoch: epoch)
        }
        return values
    }

    private func fetchErasureArray(dkey: WireKey, akey: WireKey, recordSize: UInt32, extents: [WireExtent],
                                   into window: UnsafeMutableRawBufferPointer, epoch: Epoch) throws(ClientError) -> FetchedValue {
        let plan: ECReadPlan
        let g = try geometry(recordSize: recordSize)
        do throws(ECLayoutError) {
            plan = try ECReadPlan(geometry: g, dkeyHash: dkey.distributionHash, extents: extents,
                                  bufferByteCount: window.count)
        } catch { throw .invalidArgument("\(error)") }
        window.initializeMemory(as: UInt8.self, repeating: 0)
        let region = window.count > io.inlineBytesMax ? try io.register(window) : nil
        for _ in 0..<Self.mapRefreshesMax {
            let members = group(for: dkey, in: layout)
            // A fallback shard has only what was written since its target took over (rebuild is
            // not there yet): read around it as if it were down.
            var unavailable = Set(members.indices.filter { !members[$0].location.isAvailable || members[$0].location.isFallback })
            var found = false
            let direct = plan.members.enumerated().filter { !$0.element.isEmpty && !unavailable.contains($0.offset) }
            let outcome = try readMembers(direct.map { ($0.offset, $0.element) }, members: members, dkey: dkey, akey: akey,
                                          recordSize: recordSize, extents: extents, window: window, region: region, epoch: epoch)
            if outcome.stale { continue }
            found = outcome.found
            unavailable.formUnion(outcome.failed)
            if unavailable.isEmpty || !plan.members.indices.contains(where: { unavailable.contains($0) && !plan.members[$0].isEmpty }) {
                return FetchedValue(sizeBytes: found ? UInt64(recordSize) : 0, holes: outcome.holes)
            }
            // Rebuilt cells come without holes: whether records there were ever written is
            // not known (`lastFetchRebuilt`).
            lastFetchRebuilt = true
            // A source that turns out to be down too joins the unavailable set and the stripe
            // is planned again, until the plan needs more cells than survive.
            var recovered = 0
            replanning: while true {
                let degraded: ECDegradedReadPlan
                do throws(ECLayoutError) { degraded = try plan.degraded(unavailable: unavailable) } catch {
                    throw .failed(.redundancyExceeded, detail: "dkey \(dkey): \(error)")
                }
                for recovery in degraded.recoveries.dropFirst(recovered) {
                    switch try rebuild(recovery, geometry: plan.geometry, members: members, dkey: dkey, akey: akey,
                                       recordSize: recordSize, into: window, epoch: epoch) {
                    case .rebuilt(let any):
                        if any { found = true }
                        recovered += 1
                    case .sourceUnavailable(let member):
                        unavailable.insert(member)
                        recovered = 0
                        continue replanning
                    }
                }
                return FetchedValue(sizeBytes: found ? UInt64(recordSize) : 0)
            }
        }
        throw .failed(.staleMap, detail: "the pool map kept changing during a fetch of dkey \(dkey)")
    }

    /// Fetches each member's local extents straight into the caller's window (bulk segments, or
    /// inline bytes scattered). Returns the members that did not answer, and the holes of the
    /// members that did (in records of `extents`, the read's).
    private func readMembers(_ reads: [(member: Int, reads: [ECShardRead])], members: [(shard: Int, location: ShardLocation)],
                             dkey: WireKey, akey: WireKey, recordSize: UInt32, extents: [WireExtent],
                             window: UnsafeMutableRawBufferPointer, region: MemoryRegion?, epoch: Epoch)
        throws(ClientError) -> (found: Bool, failed: [Int], stale: Bool, holes: [WireExtent]) {
        let requests = reads.map { memberFetch($0.reads, member: members[$0.member], dkey: dkey, akey: akey, recordSize: recordSize,
                                               region: region, windowOffset: 0, epoch: epoch) }
        let results = io.send(requests, expecting: ObjectFetchReply.self)
        if try io.refreshIfStale(results) { return (false, [], true, []) }
        var failed: [Int] = []
        var found = false
        var holes: [WireExtent] = []
        for (n, result) in results.enumerated() {
            switch result {
            case .answered(let reply, _):
                if reply.values.first.map({ $0.sizeBytes > 0 }) == true { found = true }
                if case .inline(let bytes) = reply.data { Self.scatter(bytes, reads[n].reads, into: window) }
                holes += Self.arrayHoles(reply.values.first, reads: reads[n].reads,
                                         extents: extents, recordSize: recordSize)
            case .unavailable:
                failed.append(reads[n].member)
            case .refused(let status, let detail):
                throw .failed(status, detail: detail)
            }
        }
        return (found, failed, false, ECReadPlan.merged(holes))
    }

    /// The fetch of one member's cells of `reads`: into the caller's window by bulk (segments of
    /// `region`, the window starting `windowOffset` bytes into it), or inline when small.
    func memberFetch(_ reads: [ECShardRead], member: (shard: Int, location: ShardLocation), dkey: WireKey, akey: WireKey,
                     recordSize: UInt32, region: MemoryRegion?, windowOffset: Int, epoch: Epoch) -> ObjectIO.ShardRequest {
        let bytes = reads.reduce(0) { $0 + Int($1.records) * Int(recordSize) }
        var bulk: BulkDescriptor?
        if let region, bytes > io.inlineBytesMax {
            let segments = reads.flatMap {
                $0.pieces.map { BulkDescriptor.Segment(offset: UInt64(windowOffset + $0.offset), length: UInt64($0.byteCount)) }
            }
            if segments.count <= WireLimits.bulkSegmentsMax { bulk = region.bulkDescriptor().with(segments: segments) }
        }
        let iod = IODescriptor(akey: akey, value: .array(recordSizeBytes: recordSize, extents: reads.map(\.extent)))
        return .init(target: member.location.target, opcode: .objectFetch,
                     message: ObjectFetchRequest(oid: id, shard: UInt32(member.shard), dkey: dkey, iods: [iod], bulk: bulk), epoch: epoch)
    }

    /// Copies an inline fetch reply to the window pieces it answers, in order; pieces a short
    /// reply does not reach read as zero.
    static func scatter(_ bytes: [UInt8], _ reads: [ECShardRead], into window: UnsafeMutableRawBufferPointer) {
        var at = 0
        for read in reads {
            for piece in read.pieces {
                let target = window.baseAddress! + piece.offset
                if at + piece.byteCount <= bytes.count {
                    bytes.withUnsafeBytes { target.copyMemory(from: $0.baseAddress! + at, byteCount: piece.byteCount) }
                } else {
                    target.initializeMemory(as: UInt8.self, repeating: 0, count: piece.byteCount)
                }
                at += piece.byteCount
            }
        }
    }

    /// Fetches one member's local extents into fresh bytes, with the reply's epoch and holes.
    private func fetchCells(member: (shard: Int, location: ShardLocation), dkey: WireKey, akey: WireKey, recordSize: UInt32,
                            extents: [WireExtent], epoch: Epoch) throws(ClientError) -> (bytes: [UInt8], epoch: Epoch, value: FetchedValue)? {
        let bytes = extents.reduce(0) { $0 + Int($1.count) * Int(recordSize) }
        var buffer = [UInt8](repeating: 0, count: bytes)
        let iod = IODescriptor(akey: akey, value: .array(recordSizeBytes: recordSize, extents: extents))
        let answer = try withMutableBytes(of: &buffer) { (window) throws(ClientError) -> (FetchedValue, Epoch)? in
            let region = bytes > io.inlineBytesMax ? try io.register(window) : nil
            let result = io.send([.init(target: member.location.target, opcode: .objectFetch,
                                        message: ObjectFetchRequest(oid: id, shard: UInt32(member.shard), dkey: dkey, iods: [iod],
                                                                    bulk: region?.bulkDescriptor()),
                                        epoch: epoch)], expecting: ObjectFetchReply.self)
            switch result[0] {
            case .answered(let reply, let replyEpoch):
                if case .inline(let data) = reply.data { window.copyBytes(from: data.prefix(window.count)) }
                return (reply.values.first ?? FetchedValue(sizeBytes: 0), replyEpoch)
            case .unavailable: return nil
            case .refused(let status, let detail): throw .failed(status, detail: detail)
            }
        }
        guard let (value, replyEpoch) = answer else { return nil }
        return (buffer, replyEpoch, value)
    }

    enum RebuildOutcome {
        /// Done; true if the stripe held any data.
        case rebuilt(Bool)
        /// This group member did not answer: plan again without it.
        case sourceUnavailable(Int)
    }

    /// Rebuilds one stripe's lost records into the window.
    private func rebuild(_ recovery: ECStripeRecovery, geometry: ECGeometry, members: [(shard: Int, location: ShardLocation)],
                         dkey: WireKey, akey: WireKey, recordSize: UInt32, into window: UnsafeMutableRawBufferPointer,
                         epoch: Epoch) throws(ClientError) -> RebuildOutcome {
        var parity: [ECFetchedCell] = []
        var parityEpoch: Epoch?
        for source in recovery.paritySources {
            guard let cell = try fetchCells(member: members[source.member], dkey: dkey, akey: akey, recordSize: recordSize,
                                            extents: [source.extent], epoch: epoch) else { return .sourceUnavailable(source.member) }
            let present = cell.value.sizeBytes > 0 && cell.value.holes.isEmpty
            parity.append(ECFetchedCell(bytes: cell.bytes, epoch: present ? cell.epoch : nil))
            if present { parityEpoch = cell.epoch }
        }
        var data: [[UInt8]] = []
        if let parityEpoch {
            for source in recovery.dataSources {
                guard let cell = try fetchCells(member: members[source.member], dkey: dkey, akey: akey, recordSize: recordSize,
                                                extents: [source.extent], epoch: parityEpoch) else { return .sourceUnavailable(source.member) }
                data.append(cell.bytes)
            }
        }
        // Partial copies visible now are newer than the parity (full-stripe writes punch them).
        var replicas: [ECReplicaExtent] = []
        let replicaEpoch = Epoch((parityEpoch?.rawValue ?? 0) + 1)
        for extent in recovery.replicaExtents {
            guard let copy = try fetchCells(member: members[recovery.replicaMember], dkey: dkey, akey: akey, recordSize: recordSize,
                                            extents: [extent], epoch: epoch) else { return .sourceUnavailable(recovery.replicaMember) }
            for run in Self.dataRuns(of: extent, holes: copy.value.sizeBytes > 0 ? copy.value.holes : [extent]) {
                let from = Int(run.start - extent.start) * Int(recordSize)
                replicas.append(ECReplicaExtent(offset: run.start, bytes: Array(copy.bytes[from..<from + Int(run.count) * Int(recordSize)]),
                                                epoch: replicaEpoch))
            }
        }
        do throws(ECLayoutError) {
            try ECReconstruction.rebuild(recovery, fetched: ECStripeFetch(parity: parity, data: data, replicas: replicas),
                                         geometry: geometry, into: window)
        } catch { throw .failed(.redundancyExceeded, detail: "stripe \(recovery.stripe) of dkey \(dkey): \(error)") }
        return .rebuilt(parityEpoch != nil || !replicas.isEmpty)
    }

    /// The parts of `extent` that are not in `holes`.
    static func dataRuns(of extent: WireExtent, holes: [WireExtent]) -> [WireExtent] {
        var runs: [WireExtent] = []
        var at = extent.start
        let end = extent.start + extent.count
        for hole in holes.sorted(by: { $0.start < $1.start }) where hole.start + hole.count > at && hole.start < end {
            if hole.start > at { runs.append(WireExtent(start: at, count: hole.start - at)) }
            at = max(at, hole.start + hole.count)
        }
        if at < end { runs.append(WireExtent(start: at, count: end - at)) }
        return runs
    }

    // MARK: - Size and punch

    /// One past the last record of an EC array akey: data members report dense local ends
    /// (converted back); parity members stand in, by the last stripe they hold parity for,
    /// only when a data member does not answer.
    public func maxRecordEnd(dkey: WireKey, akey: WireKey, recordSize: UInt32, epoch: Epoch = .latest) throws(ClientError) -> UInt64? {
        guard isErasureCoded else { return try maxRecordEnd(dkey: dkey, akey: akey, epoch: epoch) }
        let g = try geometry(recordSize: recordSize)
        let rotation = g.rotation(dkeyHash: dkey.distributionHash)
        let members = group(for: dkey, in: layout).enumerated().filter { $0.element.location.isAvailable }
        let requests = members.map {
            ObjectIO.ShardRequest(target: $0.element.location.target, opcode: .objectQueryMax,
                                  message: ObjectQueryMaxRequest(oid: id, shard: UInt32($0.element.shard), query: .maxExtent(dkey: dkey, akey: akey)),
                                  epoch: epoch)
        }
        let results = io.send(requests, expecting: ObjectQueryMaxReply.self)
        var best: UInt64?
        var parityBound: UInt64?
        var dataAnswered = 0
        for (result, member) in zip(results, members.map(\.offset)) {
            guard case .answered(let reply, _) = result else { continue }
            do throws(ECLayoutError) {
                switch try g.role(ofMember: member, rotation: rotation) {
                case .data(let cell):
                    dataAnswered += 1
                    if let extent = reply.extent {
                        best = max(best ?? 0, try g.daosEnd(dataCell: cell, localEnd: extent.start + extent.count))
                    }
                case .parity:
                    guard let extent = reply.extent else { break }
                    let localEnd = extent.start + extent.count
                    if extent.start >= ECGeometry.parityBit {
                        // Parity of stripe s ends the array at (s+1) stripes; a merged parity
                        // extent's last record names its last stripe.
                        let stripe = ((localEnd - 1) & ~ECGeometry.parityBit) / g.cellRecords
                        parityBound = max(parityBound ?? 0, (stripe + 1) * g.stripeRecords)
                    } else {
                        best = max(best ?? 0, localEnd)  // a partial copy, at its daos offset
                    }
                }
            } catch { continue }
        }
        // With every data member answering, their records are the array exactly. Otherwise the
        // parity says which stripes were written whole (too far after a truncate inside a stripe).
        if dataAnswered < g.dataCells, let parityBound { best = max(best ?? 0, parityBound) }
        return best
    }

    /// Punches array records of an EC object: each data member its local extents, each parity
    /// member the partial copies and the parity of the stripes the punch covers whole.
    @discardableResult
    public func punchArray(dkey: WireKey, akey: WireKey, extents: [WireExtent], recordSize: UInt32, epoch: Epoch? = nil)
        throws(ClientError) -> Epoch {
        guard isErasureCoded else { return try punch(.extents(dkey: dkey, akey: akey, extents: extents), epoch: epoch) }
        let epoch = epoch ?? io.clock.now()
        let plan: ECPunchPlan
        let g = try geometry(recordSize: recordSize)
        do throws(ECLayoutError) {
            plan = try ECPunchPlan(geometry: g, dkeyHash: dkey.distributionHash, extents: extents)
        } catch { throw .invalidArgument("\(error)") }
        for _ in 0..<Self.mapRefreshesMax {
            let members = group(for: dkey, in: layout)
            let requests = plan.members.enumerated().compactMap { (member, list) -> ObjectIO.ShardRequest? in
                guard !list.isEmpty, members[member].location.isAvailable else { return nil }
                return .init(target: members[member].location.target, opcode: .objectPunch,
                             message: ObjectPunchRequest(oid: id, shard: UInt32(members[member].shard),
                                                         scope: .extents(dkey: dkey, akey: akey, extents: list)),
                             epoch: epoch)
            }
            let results = io.send(requests, expecting: EpochReply.self)
            if try io.refreshIfStale(results) { continue }
            try Self.requireAll(results, what: "punch of dkey \(dkey)")
            return epoch
        }
        throw .failed(.staleMap, detail: "the pool map kept changing during a punch")
    }
}
