// objectFetchBatch and objectUpdateBatch: the requests of one frame, each run as it would run
// alone, answered in one reply. A request that fails is refused in its own entry; the others
// stand.

import DaosObject

extension TargetService {
    /// Bytes of an entry that says "send this request again alone" (`canceled`, no detail).
    static let canceledEntryBytes = ObjectFetchBatchReply.Entry.refused(.canceled, detail: "").encodedByteCount

    /// Runs every fetch of `m` at `epoch`. An entry that would push the reply past the inline
    /// payload limit (keeping room for the entries after it) is `canceled` instead: its data may
    /// already be in the client's window, and fetching again is harmless.
    func fetchBatch(_ m: ObjectFetchBatchRequest, container: ContainerID, epoch: Epoch, bulk: some BulkTransfer)
        -> ObjectFetchBatchReply {
        var entries: [ObjectFetchBatchReply.Entry] = []
        entries.reserveCapacity(m.members.count)
        var bytes = 2
        for (index, fetch) in m.members.enumerated() {
            var entry: ObjectFetchBatchReply.Entry
            do throws(TargetError) {
                var newest = Epoch(0)
                let reply = try self.fetch(fetch, container: container, epoch: try readEpoch(epoch), bulk: bulk, newest: &newest)
                entry = .answered(reply, epoch: newest)
            } catch {
                entry = .refusal(error.status, error.description)
            }
            let after = (m.members.count - index - 1) * Self.canceledEntryBytes
            if bytes + entry.encodedByteCount + after > WireLimits.inlinePayloadBytesMax { entry = .refused(.canceled, detail: "") }
            bytes += entry.encodedByteCount
            entries.append(entry)
        }
        return ObjectFetchBatchReply(entries: entries)
    }

    /// Applies every update of `m` in order, then waits once for the last one to be durable:
    /// the reply acknowledges them all. Refusal details are cut to 128 bytes, so 64 entries
    /// always fit a reply.
    func updateBatch(_ m: ObjectUpdateBatchRequest, container: ContainerID, epoch requested: Epoch, bulk: some BulkTransfer)
        -> ObjectUpdateBatchReply {
        var entries: [ObjectUpdateBatchReply.Entry] = []
        entries.reserveCapacity(m.members.count)
        var last: LogSequence?
        for update in m.members {
            do throws(TargetError) {
                let epoch = try writeEpoch(requested)
                try checkAge(of: epoch, update)
                last = try applyUpdate(update, container: container, epoch: epoch, bulk: bulk)
                entries.append(.answered(EpochReply(epoch: epoch), epoch: epoch))
            } catch {
                entries.append(.refused(error.status, detail: error.description.truncatedUTF8(to: Self.batchDetailBytesMax)))
            }
        }
        if let last {
            do throws(TargetError) { try waitDurable(last) } catch {
                // Applied but not known durable: none of them is acknowledged.
                let detail = error.description.truncatedUTF8(to: Self.batchDetailBytesMax)
                entries = entries.map { if case .answered = $0 { .refused(error.status, detail: detail) } else { $0 } }
            }
        }
        return ObjectUpdateBatchReply(entries: entries)
    }

    static let batchDetailBytesMax = 128
}
