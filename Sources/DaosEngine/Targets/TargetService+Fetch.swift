// objectFetch: read every descriptor's slot into the staging buffer (the same back-to-back
// layout an update's data has), then push it into the client's bulk window or return it inline.
//
// What a reply says per descriptor (`FetchedValue`):
// - single value: its size; its bytes fill the start of the slot and the rest is zero. A value
//   larger than the slot (or a size-only fetch, slot 0) comes back as its size alone with a
//   zeroed slot, and the client fetches again with room for it. Nothing there → size 0.
// - array: the record size if any requested record holds data, else 0; the holes (requested
//   records no data covers, adjacent ones merged) are listed and their bytes are zero.

import DaosObject

extension TargetService {
    /// Bytes of a fetch reply: value count, per value its size and hole count, the holes, the
    /// data kind, then the inline data with its length or the pushed byte count.
    static func fetchReplyBytes(valueCount: Int, holeCount: Int, inlineBytes: Int?) -> Int {
        2 + valueCount * 12 + holeCount * TargetService.wireExtentBytes + 1 + (inlineBytes.map { 4 + $0 } ?? 8)
    }

    /// Also raises `newest` to the epoch of the newest array version it returned (the reply
    /// header carries it: an EC reader decodes surviving cells as of the parity's epoch).
    func fetch(
        _ m: ObjectFetchRequest, container: ContainerID, epoch: Epoch, bulk: some BulkTransfer, newest: inout Epoch
    ) throws(TargetError) -> ObjectFetchReply {
        let plan = try IOPlan(dkey: m.dkey, iods: m.iods, bytesMax: options.transferBytesMax)
        if let descriptor = m.bulk {
            guard descriptor.byteCount >= UInt64(plan.totalBytes) else {
                throw .truncated("bulk window of \(descriptor.byteCount) bytes, the fetch needs \(plan.totalBytes)")
            }
        } else {
            // Refused before reading anything: even without holes it could not fit.
            let least = Self.fetchReplyBytes(valueCount: plan.slots.count, holeCount: 0, inlineBytes: plan.totalBytes)
            guard least <= WireLimits.inlinePayloadBytesMax else {
                throw .truncated("\(plan.totalBytes) data bytes do not fit inline; fetch with a bulk descriptor")
            }
        }
        let present = try holds(container)
        if let descriptor = m.bulk, present, plan.totalBytes > 0, bulk.gathers(to: descriptor),
           let reply = try fetchInPlace(m, plan: plan, container: container, epoch: epoch, to: descriptor, bulk: bulk, newest: &newest) {
            return reply
        }
        let oid = m.oid
        return try staging.withBytes(plan.totalBytes) { (buffer) throws(TargetError) -> ObjectFetchReply in
            var values: [FetchedValue] = []
            values.reserveCapacity(plan.slots.count)
            var holeCount = 0
            for slot in plan.slots {
                let out = UnsafeMutableRawBufferPointer(rebasing: buffer[slot.offset..<slot.offset + slot.byteCount])
                let value = try present
                    ? read(slot, into: out, container: container, object: oid, dkey: plan.dkey, epoch: epoch, newest: &newest)
                    : Self.nothing(slot, into: out)
                holeCount += value.holes.count
                values.append(value)
            }
            let inlineBytes = m.bulk == nil ? plan.totalBytes : nil
            let replyBytes = Self.fetchReplyBytes(valueCount: values.count, holeCount: holeCount, inlineBytes: inlineBytes)
            guard let descriptor = m.bulk else {
                guard replyBytes <= WireLimits.inlinePayloadBytesMax else {
                    throw .truncated("\(plan.totalBytes) data bytes and \(holeCount) holes do not fit inline; fetch with a bulk descriptor")
                }
                return ObjectFetchReply(values: values, data: .inline(Array(UnsafeRawBufferPointer(buffer))))
            }
            guard replyBytes <= WireLimits.inlinePayloadBytesMax else {
                throw .truncated("\(holeCount) holes do not fit in a reply; fetch fewer extents at a time")
            }
            if plan.totalBytes > 0 {
                do throws(RPCError) {
                    try bulk.push(UnsafeRawBufferPointer(buffer), to: descriptor)
                } catch {
                    throw bulkFailure(error)
                }
            }
            return ObjectFetchReply(values: values, data: .pushed(byteCount: UInt64(plan.totalBytes)))
        }
    }

    /// A fetch of arrays whose data lies in the blob, pushed straight from the blob's mapping
    /// into the client's window (holes as zeros): no copy into staging. Nil when a slot is a
    /// single value or holds small values kept in the index, or when the push cannot attach:
    /// fetch through staging then.
    private func fetchInPlace(
        _ m: ObjectFetchRequest, plan: IOPlan, container: ContainerID, epoch: Epoch, to descriptor: BulkDescriptor,
        bulk: some BulkTransfer, newest: inout Epoch
    ) throws(TargetError) -> ObjectFetchReply? {
        var spans = locatedSpans
        locatedSpans = []
        defer {
            spans.removeAll(keepingCapacity: true)
            locatedSpans = spans
        }
        var values: [FetchedValue] = []
        values.reserveCapacity(plan.slots.count)
        var holeCount = 0
        for slot in plan.slots {
            guard case .array(let recordSize, let extents) = slot.value else { return nil }
            var holes = HoleList()
            for extent in extents {
                let found = try storage { () throws(VOSError) in
                    try vos.locateArray(container: container, object: m.oid, dkey: plan.dkey, akey: slot.akey, extent: extent,
                                        recordSize: recordSize, epoch: epoch, newestEpoch: &newest, into: &spans)
                }
                guard let found else { return nil }
                for hole in found { try holes.append(hole, of: slot.akey) }
            }
            holeCount += holes.extents.count
            let requested = extents.reduce(UInt64(0)) { $0 + $1.count }
            values.append(FetchedValue(sizeBytes: holes.records < requested ? UInt64(recordSize) : 0, holes: holes.extents))
        }
        let replyBytes = Self.fetchReplyBytes(valueCount: values.count, holeCount: holeCount, inlineBytes: nil)
        guard replyBytes <= WireLimits.inlinePayloadBytesMax else {
            throw .truncated("\(holeCount) holes do not fit in a reply; fetch fewer extents at a time")
        }
        if m.acceptsLocated, let located = located(spans, replyBytes: replyBytes) {
            return ObjectFetchReply(values: values, data: .located(located))
        }
        do throws(RPCError) {
            guard try bulk.pushGathered(spans, bytes: plan.totalBytes, to: descriptor) else { return nil }
        } catch {
            throw bulkFailure(error)
        }
        return ObjectFetchReply(values: values, data: .pushed(byteCount: UInt64(plan.totalBytes)))
    }

    /// The spans as a located reply (`LocatedData`) for a client that reads our blob file
    /// itself: the copy then costs the engine nothing, and the client's process does it as a
    /// read from a local file would. Nil when they do not fit a reply. `replyBytes` is the
    /// size of the reply with a pushed byte count (`fetchReplyBytes`).
    private func located(_ spans: [ArraySpan], replyBytes: Int) -> LocatedData? {
        guard let directory = locatedDirectory else { return nil }
        var located: [LocatedData.Span] = []
        located.reserveCapacity(spans.count)
        for span in spans {
            guard let offset = span.bytes == nil ? LocatedData.holeOffset : vos.blobOffset(of: span) else { return nil }
            // Holes next to holes, and bytes that follow each other in the blob, go as one span.
            if let last = located.last, last.isHole == (offset == LocatedData.holeOffset),
               last.isHole || last.blobOffset + last.byteCount == offset {
                located[located.count - 1].byteCount += UInt64(span.count)
                continue
            }
            guard located.count < WireLimits.locatedSpansMax else { return nil }
            located.append(LocatedData.Span(blobOffset: offset, byteCount: UInt64(span.count)))
        }
        let blob = vos.blobLocation
        let reply = LocatedData(directory: directory, device: blob.device, inode: blob.inode, generation: blob.generation, spans: located)
        guard !located.isEmpty, replyBytes - 8 + reply.encodedByteCount <= WireLimits.inlinePayloadBytesMax else { return nil }
        return reply
    }

    private func read(
        _ slot: IOSlot, into out: UnsafeMutableRawBufferPointer, container: ContainerID, object: ObjectID,
        dkey: Key, epoch: Epoch, newest: inout Epoch
    ) throws(TargetError) -> FetchedValue {
        switch slot.value {
        case .single:
            let value = try storage { () throws(VOSError) in
                try vos.fetchSingle(container: container, object: object, dkey: dkey, akey: slot.akey, epoch: epoch)
            }
            guard let value, value.count <= out.count else {
                out.initializeMemory(as: UInt8.self, repeating: 0)
                return FetchedValue(sizeBytes: UInt64(value?.count ?? 0))
            }
            value.withUnsafeBytes { out.copyMemory(from: $0) }
            UnsafeMutableRawBufferPointer(rebasing: out[value.count...]).initializeMemory(as: UInt8.self, repeating: 0)
            return FetchedValue(sizeBytes: UInt64(value.count))
        case .array(let recordSize, let extents):
            var holes = HoleList()
            var at = 0
            for extent in extents {
                let length = Int(extent.count) * Int(recordSize)
                let piece = UnsafeMutableRawBufferPointer(rebasing: out[at..<at + length])
                let found = try storage { () throws(VOSError) in
                    try vos.fetchArray(
                        container: container, object: object, dkey: dkey, akey: slot.akey, extent: extent,
                        recordSize: recordSize, epoch: epoch, into: piece, newestEpoch: &newest)
                }
                for hole in found {
                    // VOS leaves hole bytes untouched, and the staging buffer holds the last
                    // request's data: zero them, as the wire promises.
                    let from = Int(hole.start - extent.start) * Int(recordSize)
                    let to = from + Int(hole.count) * Int(recordSize)
                    UnsafeMutableRawBufferPointer(rebasing: piece[from..<to]).initializeMemory(as: UInt8.self, repeating: 0)
                    try holes.append(hole, of: slot.akey)
                }
                at += length
            }
            let requested = extents.reduce(UInt64(0)) { $0 + $1.count }
            return FetchedValue(sizeBytes: holes.records < requested ? UInt64(recordSize) : 0, holes: holes.extents)
        }
    }

    /// The answer for a container this target has never written: no value, every record a hole.
    private static func nothing(_ slot: IOSlot, into out: UnsafeMutableRawBufferPointer) throws(TargetError) -> FetchedValue {
        out.initializeMemory(as: UInt8.self, repeating: 0)
        guard case .array(_, let extents) = slot.value else { return FetchedValue(sizeBytes: 0) }
        var holes = HoleList()
        for extent in extents { try holes.append(extent, of: slot.akey) }
        return FetchedValue(sizeBytes: 0, holes: holes.extents)
    }
}

/// The holes of one descriptor, adjacent ones merged, capped at what a reply may list.
private struct HoleList {
    var extents: [WireExtent] = []
    /// Records the holes cover (requested extents may overlap, so this may exceed the array).
    var records: UInt64 = 0

    mutating func append(_ hole: RecordExtent, of akey: Key) throws(TargetError) {
        records += hole.count
        if let last = extents.last, last.start + last.count == hole.start {
            extents[extents.count - 1].count += hole.count
            return
        }
        guard extents.count < WireLimits.extentsPerIODMax else {
            throw .truncated("more than \(WireLimits.extentsPerIODMax) holes in \(akey); fetch fewer extents at a time")
        }
        extents.append(WireExtent(start: hole.start, count: hole.count))
    }
}
