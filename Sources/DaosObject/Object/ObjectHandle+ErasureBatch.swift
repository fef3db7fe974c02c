/// Erasure-coded reads of several dkeys at once. A healthy read needs only data cells, so the
/// cell reads of every dkey go out in one send (one round trip for an array read across N
/// chunks, as for replicated objects). Dkeys that need more — single values, a member that is
/// down or a fallback, a member that does not answer — are read again alone by `fetchErasure`,
/// which reconstructs around lost cells.
extension ObjectHandle {
    /// What one request of the batch answers: the iod's window in the caller's buffer and the
    /// member's cell reads in it.
    private struct CellReadOwner {
        var part: Int
        var iod: Int
        var window: Range<Int>
        var reads: [ECShardRead]
    }

    func fetchErasure(_ parts: [DkeyIO], into buffer: UnsafeMutableRawBufferPointer, epoch: Epoch)
        throws(ClientError) -> [[FetchedValue]] {
        var found = [[FetchedValue]?](repeating: nil, count: parts.count)
        let region = buffer.count > io.inlineBytesMax ? try io.register(buffer) : nil
        for _ in 0..<Self.mapRefreshesMax {
            let layout = self.layout
            var requests: [ObjectIO.ShardRequest] = []
            var owners: [CellReadOwner] = []
            var batched: [Int] = []
            for (index, part) in parts.enumerated() {
                guard let planned = try directCellReads(part, index: index, layout: layout, region: region, epoch: epoch) else { continue }
                requests += planned.requests
                owners += planned.owners
                batched.append(index)
            }
            guard !requests.isEmpty else { break }
            let results = io.send(requests, expecting: ObjectFetchReply.self)
            if try io.refreshIfStale(results) { continue }
            var failed = Set<Int>()
            var holdsData = Set<[Int]>()
            var holes: [[Int]: [WireExtent]] = [:]
            for (result, owner) in zip(results, owners) {
                switch result {
                case .answered(let reply, _):
                    if reply.values.first.map({ $0.sizeBytes > 0 }) == true { holdsData.insert([owner.part, owner.iod]) }
                    if case .inline(let bytes) = reply.data {
                        Self.scatter(bytes, owner.reads, into: UnsafeMutableRawBufferPointer(rebasing: buffer[owner.window]))
                    }
                    if case .array(let recordSize, let extents) = parts[owner.part].iods[owner.iod].value {
                        holes[[owner.part, owner.iod], default: []] += Self.arrayHoles(
                            reply.values.first, reads: owner.reads, extents: extents, recordSize: recordSize)
                    }
                case .unavailable:
                    failed.insert(owner.part)
                case .refused(let status, let detail):
                    throw .failed(status, detail: detail)
                }
            }
            for index in batched where !failed.contains(index) {
                found[index] = parts[index].iods.enumerated().map { iod, descriptor in
                    guard case .array(let recordSize, _) = descriptor.value else { return FetchedValue(sizeBytes: 0) }
                    return FetchedValue(sizeBytes: holdsData.contains([index, iod]) ? UInt64(recordSize) : 0,
                                        holes: ECReadPlan.merged(holes[[index, iod]] ?? []))
                }
            }
            break
        }
        for (index, part) in parts.enumerated() where found[index] == nil {
            let window = UnsafeMutableRawBufferPointer(rebasing: buffer[part.range])
            found[index] = try fetchOne(dkey: part.dkey, iods: part.iods, into: window, epoch: epoch)
        }
        return found.map { $0! }
    }

    /// The data-cell reads of one dkey, when it has only arrays and every member they need is
    /// an original shard that is up; nil otherwise (read it alone).
    private func directCellReads(_ part: DkeyIO, index: Int, layout: ObjectLayout, region: MemoryRegion?, epoch: Epoch)
        throws(ClientError) -> (requests: [ObjectIO.ShardRequest], owners: [CellReadOwner])? {
        let members = group(for: part.dkey, in: layout)
        let offsets = Self.dataOffsets(part.iods)
        var requests: [ObjectIO.ShardRequest] = []
        var owners: [CellReadOwner] = []
        for (iod, descriptor) in part.iods.enumerated() {
            guard case .array(let recordSize, let extents) = descriptor.value else { return nil }
            let start = part.range.lowerBound + offsets[iod]
            let window = start..<start + Int(descriptor.value.dataBytes ?? 0)
            let geometry = try geometry(recordSize: recordSize)
            let plan: ECReadPlan
            do throws(ECLayoutError) {
                plan = try ECReadPlan(geometry: geometry, dkeyHash: part.dkey.distributionHash,
                                      extents: extents, bufferByteCount: window.count)
            } catch { throw .invalidArgument("\(error)") }
            for (member, reads) in plan.members.enumerated() where !reads.isEmpty {
                let location = members[member].location
                guard location.isAvailable, !location.isFallback else { return nil }
                requests.append(memberFetch(reads, member: members[member], dkey: part.dkey, akey: descriptor.akey,
                                            recordSize: recordSize, region: region, windowOffset: window.lowerBound, epoch: epoch))
                owners.append(CellReadOwner(part: index, iod: iod, window: window, reads: reads))
            }
        }
        return (requests, owners)
    }
}
