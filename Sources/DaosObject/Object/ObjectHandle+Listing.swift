extension ObjectHandle {
    /// Every dkey visible at `epoch`: each redundancy group holds its own dkeys, so one
    /// available member of every group is listed (page by page) and the pages merged.
    public func listDkeys(epoch: Epoch = .latest) throws(ClientError) -> [WireKey] {
        var keys: [WireKey] = []
        var seen = Set<WireKey>()
        let layout = self.layout
        for group in 0..<layout.groupCount {
            // A target holding shards of two groups lists both groups' dkeys: keep each once.
            let listed = try listGroup(layout, group: group, epoch: epoch) { shard, anchor in
                DkeyListRequest(oid: id, shard: shard, countMax: UInt32(WireLimits.listEntriesMax), anchor: anchor)
            }
            for key in listed where seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }

    /// The akeys of `dkey` visible at `epoch`.
    public func listAkeys(dkey: WireKey, epoch: Epoch = .latest) throws(ClientError) -> [WireKey] {
        let layout = self.layout
        let group = layout.groupIndex(forDistributionKeyHash: dkey.distributionHash)
        return try listGroup(layout, group: group, epoch: epoch) { shard, anchor in
            AkeyListRequest(oid: id, shard: shard, dkey: dkey, countMax: UInt32(WireLimits.listEntriesMax), anchor: anchor)
        }
    }

    /// Lists keys from the first member of `group` that answers, all pages. An erasure-coded
    /// dkey lives only on the members its data reached (and on its parity members, which rotate
    /// per dkey), so for EC every available member is listed and the keys merged.
    private func listGroup(_ layout: ObjectLayout, group: Int, epoch: Epoch,
                           request: (UInt32, ListAnchor) -> any WireMessage) throws(ClientError) -> [WireKey] {
        let opcode: Opcode = request(0, .start) is DkeyListRequest ? .dkeyList : .akeyList
        var reasons: [String] = []
        var union: [WireKey] = []
        var seen = Set<WireKey>()
        var answered = false
        for member in 0..<layout.groupSize {
            let shard = group * layout.groupSize + member
            let location = layout.shards[shard]
            guard location.isAvailable else { continue }
            var keys: [WireKey] = []
            var anchor = ListAnchor.start
            while true {
                let result = io.send([.init(target: location.target, opcode: opcode, message: request(UInt32(shard), anchor), epoch: epoch)],
                                     expecting: KeyListReply.self)
                guard case .answered(let page, _) = result[0] else {
                    if case .refused(let status, let detail) = result[0] { throw .failed(status, detail: detail) }
                    if case .unavailable(let why) = result[0] { reasons.append(why) }
                    break
                }
                keys += page.keys
                guard let next = page.next, !page.keys.isEmpty else {
                    guard isErasureCoded else { return keys }
                    answered = true
                    for key in keys where seen.insert(key).inserted { union.append(key) }
                    break
                }
                anchor = next
            }
        }
        if answered || reasons.isEmpty { return union }
        throw .failed(.redundancyExceeded, detail: "no member of group \(group) answered: " + reasons.joined(separator: "; "))
    }
}
