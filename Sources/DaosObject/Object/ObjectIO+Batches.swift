/// Which requests of one `send` travel together. Bulk fetches, and plain bulk or placed updates
/// (no condition), for one target at one epoch go in one `objectFetchBatch` / `objectUpdateBatch`
/// frame of up to 64 whose payload stays within the inline limit (requests with long extent
/// lists fill a frame sooner); everything else goes alone.
///
/// Order per target is kept exactly: a request that goes alone closes the target's open
/// batches, so nothing sent after it to that target joins a batch posted before it (the
/// transport keeps the order of frames between two endpoints, and batches are posted in the
/// order of their first request).
extension ObjectIO {
    static func batches<Reply>(_ ready: [Int], _ requests: [ShardRequest], expecting: Reply.Type) -> [[Int]] {
        var groups: [[Int]] = []
        var bytes: [Int] = []
        var open: [BatchKey: Int] = [:]
        for index in ready {
            let request = requests[index]
            guard let (kind, size) = batchKind(request, expecting: Reply.self) else {
                open = open.filter { $0.key.target != request.target }
                groups.append([index])
                bytes.append(0)
                continue
            }
            let key = BatchKey(target: request.target, epoch: request.epoch, opcode: kind)
            if let group = open[key], groups[group].count < WireLimits.batchMembersMax,
               bytes[group] + size <= WireLimits.inlinePayloadBytesMax {
                groups[group].append(index)
                bytes[group] += size
            } else {
                open[key] = groups.count
                groups.append([index])
                bytes.append(2 + size)
            }
        }
        return groups
    }

    /// The batch opcode `request` may travel under, if any, and its size in a batch.
    private static func batchKind<Reply>(_ request: ShardRequest, expecting: Reply.Type) -> (Opcode, Int)? {
        switch request.message {
        case let fetch as ObjectFetchRequest where request.opcode == .objectFetch && fetch.batchable
            && Reply.self == ObjectFetchReply.self:
            return (.objectFetchBatch, fetch.encodedByteCount)
        case let update as ObjectUpdateRequest where request.opcode == .objectUpdate && update.batchable
            && update.condition == .none && Reply.self == EpochReply.self:
            return (.objectUpdateBatch, update.encodedByteCount)
        default:
            return nil
        }
    }

    /// The frame for a group of two or more batchable requests (`batches`).
    func batchRequest(_ group: [ShardRequest], _ prepared: (any WireMessage) -> any WireMessage) -> (Opcode, any WireMessage) {
        if group[0].opcode == .objectFetch {
            batchedFetches += group.count
            return (.objectFetchBatch, ObjectFetchBatchRequest(group.map { prepared($0.message) as! ObjectFetchRequest }))
        }
        batchedUpdates += group.count
        return (.objectUpdateBatch, ObjectUpdateBatchRequest(group.map { $0.message as! ObjectUpdateRequest }))
    }

    private struct BatchKey: Hashable {
        var target: Int32
        var epoch: Epoch
        var opcode: Opcode
    }
}
