/// Large bulk updates to targets on this host are placed before `send` posts them
/// (`LocalWrites`): one `placementReserve` per target for all of them, at once; then this
/// process writes each update's values into the blob space reserved for it, and the update
/// names that space instead of a bulk window. Anything that does not work out (no answer, a
/// refusal, a file this process cannot write) leaves the update as it was, sent by bulk.
extension ObjectIO {
    /// Replaces the data of the `ready` requests it places with `.placed`; returns their
    /// original messages by request index, for `send` to fall back on. A placed request that
    /// carries parity has `beforeSending` run for it before its data is written (and again when
    /// posted).
    func placeUpdates<Reply>(
        _ requests: inout [ShardRequest], _ ready: [Int], expecting: Reply.Type, links: [RPCLink?], targets: [TargetIndex],
        beforeSending: ((Int) -> Void)?
    ) -> [Int: any WireMessage] {
        guard Reply.self == EpochReply.self else { return [:] }
        var byTarget: [Int32: [Int]] = [:]
        var order: [Int32] = []
        for index in ready where placeable(requests[index]) {
            let target = requests[index].target
            if byTarget[target] == nil { order.append(target) }
            byTarget[target, default: []].append(index)
        }
        guard !order.isEmpty else { return [:] }
        var calls: [RPCCall] = []
        var owners: [[Int]] = []
        for target in order {
            let indices = byTarget[target]!
            for start in stride(from: 0, to: indices.count, by: WireLimits.batchMembersMax) {
                let chunk = Array(indices[start..<min(start + WireLimits.batchMembersMax, indices.count)])
                let windows = chunk.map { requests[$0].message.bulkDescriptor! }
                calls.append(RPCCall(link: links[chunk[0]]!, opcode: .placementReserve,
                                     request: PlacementReserveRequest(localKey: windows[0].localKey, lengths: windows.map { $0.byteCount }),
                                     target: targets[chunk[0]], poolHandle: pool.handle.cookie, containerHandle: container.handle.cookie))
                owners.append(chunk)
            }
        }
        let asked = Endpoint.nowMicroseconds()
        var granted: [(call: Int, reply: PlacementReserveReply)] = []
        rpc.mapVersion = pool.map.version
        do throws(RPCError) {
            try rpc.callConcurrently(calls, timeoutMilliseconds: timeoutMilliseconds) { call, outcome in
                // A target that does not answer fails its updates by bulk the same way.
                guard case .success(let frame) = outcome else { return }
                do throws(RPCError) {
                    granted.append((call, try RPCClient.decodeReply(frame, as: PlacementReserveReply.self)))
                } catch {
                    if case .failed(.unsupported, _, _) = error { placeRefused.insert(requests[owners[call][0]].target) }
                }
            }
        } catch { return [:] }
        var originals: [Int: any WireMessage] = [:]
        let writableUntil = asked + PlacementReserveReply.writableSeconds * 1_000_000
        for (call, reply) in granted where reply.reservations.count == owners[call].count {
            placing: for (index, reservation) in zip(owners[call], reply.reservations) {
                guard Endpoint.nowMicroseconds() < writableUntil else { break }
                if requests[index].carriesParity { beforeSending?(index) }
                guard var update = requests[index].message as? ObjectUpdateRequest, let window = update.bulkDescriptor else { continue }
                switch LocalWrites.write(window, to: reply, at: reservation.blobOffset) {
                case .written:
                    originals[index] = update
                    update.data = .placed(token: reservation.token, byteCount: window.byteCount)
                    requests[index].message = update
                    placedWrites += 1
                case .unwritable:
                    placeRefused.insert(requests[index].target)
                    break placing
                case .failed:
                    placedWritesFailed += 1
                }
            }
        }
        return originals
    }

    /// A plain bulk update of array values from this process's memory, large enough to place,
    /// to a target that has not refused placements.
    private func placeable(_ request: ShardRequest) -> Bool {
        guard request.opcode == .objectUpdate, !placeRefused.contains(request.target),
              let update = request.message as? ObjectUpdateRequest, case .bulk(let window) = update.data,
              window.localAddress != 0, window.byteCount >= LocalWrites.bytesMin else { return false }
        return update.iods.allSatisfy { if case .array = $0.value { true } else { false } }
    }
}
