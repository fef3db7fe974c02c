/// Several dkeys in one call: every shard request of every dkey goes out at once (one
/// `ObjectIO.send`), so an array write or read that spans N chunks costs about one round trip,
/// not N. The caller's buffer is registered once for all of them; every dkey of an update gets
/// the same epoch.
extension ObjectHandle {
    /// One dkey's share of a multi-dkey call: its descriptors and where its data lies in the
    /// call's buffer (values back to back, in descriptor order).
    public struct DkeyIO: Sendable {
        public var dkey: WireKey
        public var iods: [IODescriptor]
        public var range: Range<Int>

        public init(dkey: WireKey, iods: [IODescriptor], range: Range<Int>) {
            self.dkey = dkey
            self.iods = iods
            self.range = range
        }
    }

    /// Updates every part at one epoch (picked from the client's HLC unless given); returns it.
    @discardableResult
    public func update(_ parts: [DkeyIO], data: UnsafeRawBufferPointer, epoch: Epoch? = nil) throws(ClientError) -> Epoch {
        if parts.count == 1 {
            return try update(dkey: parts[0].dkey, iods: parts[0].iods, data: slice(data, parts[0].range), epoch: epoch)
        }
        try check(parts, bufferBytes: data.count)
        guard epoch == nil else { return try update(parts, data: data, at: epoch!) }
        return try Self.restartingWithFreshEpochs(io.clock) { (fresh) throws(ClientError) in
            try update(parts, data: data, at: fresh)
        }
    }

    private func update(_ parts: [DkeyIO], data: UnsafeRawBufferPointer, at epoch: Epoch) throws(ClientError) -> Epoch {
        let registration = data.count > io.inlineBytesMax ? try io.register(UnsafeMutableRawBufferPointer(mutating: data)) : nil
        var prepared: [ErasureUpdate] = []
        if isErasureCoded {
            for part in parts {
                prepared.append(try prepareErasure(dkey: part.dkey, iods: part.iods, data: slice(data, part.range), deferParity: true))
            }
        }
        for _ in 0..<Self.mapRefreshesMax {
            var staging: [MemoryRegion] = []
            defer { staging.forEach(io.scratch.giveBack) }
            var requests: [ObjectIO.ShardRequest] = []
            // EC: every dkey's data cells, then the parity, then the punches (sendEncodingLate).
            var parityRequests: [ObjectIO.ShardRequest] = []
            var punches: [ObjectIO.ShardRequest] = []
            let layout = self.layout
            for (index, part) in parts.enumerated() {
                if isErasureCoded {
                    let split = try erasureShardRequests(prepared[index], epoch: epoch, registration: registration, staging: &staging)
                    requests += split.updates.filter { !$0.carriesParity }
                    parityRequests += split.updates.filter(\.carriesParity)
                    punches += split.punches
                    continue
                }
                let members = group(for: part.dkey, in: layout).filter { $0.location.isAvailable }
                guard !members.isEmpty else { throw .failed(.redundancyExceeded, detail: "no available shard for dkey \(part.dkey)") }
                let payload: UpdateData = part.range.count > io.inlineBytesMax
                    ? .bulk(registration!.bulkDescriptor(offset: part.range.lowerBound, length: part.range.count))
                    : .inline(Array(slice(data, part.range)))
                for member in members {
                    requests.append(.init(target: member.location.target, opcode: .objectUpdate,
                                          message: ObjectUpdateRequest(oid: id, shard: UInt32(member.shard), dkey: part.dkey,
                                                                       iods: part.iods, data: payload),
                                          epoch: epoch))
                }
            }
            let results = isErasureCoded
                ? try sendEncodingLate(requests + parityRequests + punches, prepared) : io.send(requests, expecting: EpochReply.self)
            if try io.refreshIfStale(results) { continue }
            try Self.requireAll(results, what: "update of \(parts.count) dkeys")
            return epoch
        }
        throw .failed(.staleMap, detail: "the pool map kept changing during an update of \(parts.count) dkeys")
    }

    /// Reads every part at `epoch` into its range of `buffer` (holes are zero); returns what each
    /// part's descriptors found. Replicated objects ask one member per dkey, all at once, and
    /// fall back dkey by dkey; erasure-coded ones read the data cells of every dkey at once and
    /// fall back dkey by dkey (`ObjectHandle+ErasureBatch.swift`).
    public func fetch(_ parts: [DkeyIO], into buffer: UnsafeMutableRawBufferPointer, epoch: Epoch = .latest)
        throws(ClientError) -> [[FetchedValue]] {
        try check(parts, bufferBytes: buffer.count)
        lastFetchRebuilt = false
        if parts.count > 1 && isErasureCoded { return try fetchErasure(parts, into: buffer, epoch: epoch) }
        if parts.count == 1 {
            var found: [[FetchedValue]] = []
            for part in parts {
                found.append(try fetchOne(dkey: part.dkey, iods: part.iods, into: mutableSlice(buffer, part.range), epoch: epoch))
            }
            return found
        }
        let registration = buffer.count > io.inlineBytesMax ? try io.register(buffer) : nil
        var found = [[FetchedValue]?](repeating: nil, count: parts.count)
        for _ in 0..<Self.mapRefreshesMax {
            var requests: [ObjectIO.ShardRequest] = []
            var asked: [Int] = []
            let layout = self.layout
            for (index, part) in parts.enumerated() where found[index] == nil {
                guard let member = readOrder(group(for: part.dkey, in: layout)).first else { continue }
                let window = part.range.count > io.inlineBytesMax
                    ? registration!.bulkDescriptor(offset: part.range.lowerBound, length: part.range.count) : nil
                requests.append(.init(target: member.location.target, opcode: .objectFetch,
                                      message: ObjectFetchRequest(oid: id, shard: UInt32(member.shard), dkey: part.dkey,
                                                                  iods: part.iods, bulk: window),
                                      epoch: epoch))
                asked.append(index)
            }
            let results = io.send(requests, expecting: ObjectFetchReply.self)
            if try io.refreshIfStale(results) { continue }
            for (result, index) in zip(results, asked) {
                switch result {
                case .answered(let reply, _):
                    let window = mutableSlice(buffer, parts[index].range)
                    if case .inline(let bytes) = reply.data {
                        guard bytes.count <= window.count else { throw .rpc(.unexpectedReply("fetch returned \(bytes.count) bytes for \(window.count)")) }
                        window.copyBytes(from: bytes)
                    }
                    found[index] = reply.values
                case .refused(let status, let detail):
                    throw .failed(status, detail: detail)
                case .unavailable:
                    break  // tried again below, member by member
                }
            }
            break
        }
        for (index, part) in parts.enumerated() where found[index] == nil {
            found[index] = try fetchReplicated(dkey: part.dkey, iods: part.iods,
                                               into: mutableSlice(buffer, part.range), epoch: epoch)
        }
        return found.map { $0! }
    }

    private func check(_ parts: [DkeyIO], bufferBytes: Int) throws(ClientError) {
        for part in parts {
            try Self.check(dkey: part.dkey, iods: part.iods)
            guard part.range.lowerBound >= 0, part.range.upperBound <= bufferBytes,
                  UInt64(part.range.count) == (try Self.dataBytes(part.iods)) else {
                throw .invalidArgument("dkey \(part.dkey): range \(part.range) does not match its descriptors in a \(bufferBytes)-byte buffer")
            }
        }
    }

    private func slice(_ data: UnsafeRawBufferPointer, _ range: Range<Int>) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: data[range])
    }

    private func mutableSlice(_ data: UnsafeMutableRawBufferPointer, _ range: Range<Int>) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: data[range])
    }
}
