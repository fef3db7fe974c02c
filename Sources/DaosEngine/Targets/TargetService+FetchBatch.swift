// objectFetchBatch: the fetches of one request, each run as `objectFetch` runs it, answered in
// one reply. A fetch that fails is refused in its own entry; the others stand.

import DaosObject

extension TargetService {
    /// Bytes of an entry that says "send this fetch again alone" (`canceled`, no detail).
    static let canceledEntryBytes = ObjectFetchBatchReply.Entry.refused(.canceled, detail: "").encodedByteCount

    /// Runs every fetch of `m` at `epoch`. An entry that would push the reply past the inline
    /// payload limit (keeping room for the entries after it) is `canceled` instead: its data may
    /// already be in the client's window, and fetching again is harmless.
    func fetchBatch(_ m: ObjectFetchBatchRequest, container: ContainerID, epoch: Epoch, bulk: some BulkTransfer)
        -> ObjectFetchBatchReply {
        var entries: [ObjectFetchBatchReply.Entry] = []
        entries.reserveCapacity(m.fetches.count)
        var bytes = 2
        for (index, fetch) in m.fetches.enumerated() {
            var entry: ObjectFetchBatchReply.Entry
            do throws(TargetError) {
                var newest = Epoch(0)
                let reply = try self.fetch(fetch, container: container, epoch: try readEpoch(epoch), bulk: bulk, newest: &newest)
                entry = .answered(reply, epoch: newest)
            } catch {
                entry = .refusal(error.status, error.description)
            }
            let after = (m.fetches.count - index - 1) * Self.canceledEntryBytes
            if bytes + entry.encodedByteCount + after > WireLimits.inlinePayloadBytesMax { entry = .refused(.canceled, detail: "") }
            bytes += entry.encodedByteCount
            entries.append(entry)
        }
        return ObjectFetchBatchReply(entries: entries)
    }
}
