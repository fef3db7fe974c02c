/// The client half of EC aggregation (the engine's aggregator calls it from its own thread):
/// stripes that hold partial copies on their parity members get their parity re-encoded from
/// the data cells as of an old, stable epoch A, written at A on every parity member, and only
/// then the copies up to A punched. That keeps the ObjectEC invariant a degraded read relies
/// on — parity at Ep encodes the data as of Ep, and every partial write newer than Ep is still
/// on every parity member — at every instant: a reader sees either the old parity (and the
/// copies) or the new one; copies at or below A are ignored under the new parity anyway.
extension ObjectHandle {
    /// Re-encodes the stripes of `akey` under `dkey` that `copies` (partial-copy extents in
    /// daos offsets, as a parity member holds them) touch, at `epoch`. Throws, changing
    /// nothing, when a data member is unavailable (the caller retries later).
    public func aggregateStripes(dkey: WireKey, akey: WireKey, recordSize: UInt32, copies: [WireExtent], epoch: Epoch)
        throws(ClientError) {
        guard isErasureCoded else { throw .invalidArgument("object \(id) is not erasure-coded") }
        let g = try geometry(recordSize: recordSize)
        var stripes: [UInt64] = []
        for copy in copies where copy.count > 0 && copy.start < ECGeometry.parityBit {
            let first = copy.start / g.stripeRecords
            let last = (copy.start + copy.count - 1) / g.stripeRecords
            for stripe in first...last where stripes.last != stripe && !stripes.contains(stripe) { stripes.append(stripe) }
        }
        stripes.sort()
        guard !stripes.isEmpty else { return }
        let members = group(for: dkey, in: layout)
        let rotation = g.rotation(dkeyHash: dkey.distributionHash)
        for (member, location) in members.enumerated() where !location.location.isAvailable || location.location.isFallback {
            if case .data = try? g.role(ofMember: member, rotation: rotation) {
                throw .failed(.redundancyExceeded, detail: "data member \(member) of dkey \(dkey) is unavailable: aggregation waits")
            }
        }
        // The stripes' data as of `epoch`, read from the data members (never from parity).
        let extents = stripes.map { WireExtent(start: $0 * g.stripeRecords, count: g.stripeRecords) }
        let bytes = stripes.count * g.stripeBytes
        let data = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 64)
        defer { data.deallocate() }
        let iods = [IODescriptor(akey: akey, value: .array(recordSizeBytes: recordSize, extents: extents))]
        _ = try fetch(dkey: dkey, iods: iods, into: data, epoch: epoch)
        let prepared = try prepareErasure(dkey: dkey, iods: iods, data: UnsafeRawBufferPointer(data))
        let registration = bytes > io.inlineBytesMax ? try io.register(data) : nil
        var staging: [MemoryRegion] = []
        defer { staging.forEach(io.scratch.giveBack) }
        let requests = try erasureShardRequests(prepared, epoch: epoch, registration: registration,
                                                staging: &staging, parityMembersOnly: true)
        let written = io.send(requests.updates, expecting: EpochReply.self)
        try Self.requireAll(written, what: "parity of \(stripes.count) stripes of dkey \(dkey)")
        let punched = io.send(requests.punches, expecting: EpochReply.self)
        try Self.requireAll(punched, what: "punch of the partial copies of dkey \(dkey)")
    }
}
