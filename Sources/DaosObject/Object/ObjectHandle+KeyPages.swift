/// Key queries that ask as few shards as they can: the largest integer dkey (how an array finds
/// its last chunk without listing every chunk) and one page of one group's dkeys (how a
/// directory is read a page at a time, resumable by an anchor).
extension ObjectHandle {
    /// A resume point of `listDkeyPage`: the redundancy group being listed and the engine's
    /// anchor inside it. Any member of the group can resume it (anchors name the last key).
    public struct DkeyPageAnchor: Hashable, Sendable {
        public var group: UInt32
        public var position: ListAnchor

        public init(group: UInt32, position: ListAnchor) {
            self.group = group
            self.position = position
        }

        public static let start = DkeyPageAnchor(group: 0, position: .start)
    }

    /// The largest uint64 dkey visible at `epoch` (nil: the object holds no dkey).
    ///
    /// Without erasure code every member of a group holds all of its dkeys, so one member per
    /// group is asked (originals before fallbacks; the next member only when one does not
    /// answer), all groups at once. An erasure-coded dkey lives on the members its data reached
    /// plus every parity member — at least `parity + 1` of the group — so the answers of any
    /// `data` members cover every dkey; all available members are asked.
    public func maxDkey(epoch: Epoch = .latest) throws(ClientError) -> UInt64? {
        for _ in 0..<Self.mapRefreshesMax {
            if case .finished(let key) = try maxDkeyWithOneMap(epoch: epoch) { return key }
        }
        throw .failed(.staleMap, detail: "the pool map kept changing during a max-dkey query")
    }

    /// `maxDkey` with the pool map held now.
    private func maxDkeyWithOneMap(epoch: Epoch) throws(ClientError) -> OneMapOutcome<UInt64?> {
        let layout = self.layout
        let needed = neededAnswersPerGroup(layout)
        var candidates = (0..<layout.groupCount).map { group in
            (group * layout.groupSize..<(group + 1) * layout.groupSize)
                .filter { layout.shards[$0].isAvailable }
                .sorted { !layout.shards[$0].isFallback && layout.shards[$1].isFallback }
        }
        var answers = [Int](repeating: 0, count: layout.groupCount)
        var best: UInt64?
        var reasons: [String] = []
        while true {
            let round = nextRound(&candidates, answers: answers, needed: needed)
            if round.isEmpty { break }
            let requests = round.map {
                ObjectIO.ShardRequest(target: layout.shards[$0.shard].target, opcode: .objectQueryMax,
                                      message: ObjectQueryMaxRequest(oid: id, shard: UInt32($0.shard), query: .maxDkey),
                                      epoch: epoch)
            }
            let results = io.send(requests, expecting: ObjectQueryMaxReply.self)
            if try io.refreshIfStale(results) { return .mapRefreshed }
            for (result, asked) in zip(results, round) {
                switch result {
                case .answered(let reply, _):
                    answers[asked.group] += 1
                    if case .uint64(let key)? = reply.dkey { best = max(best ?? 0, key) }
                case .unavailable(let why):
                    reasons.append("shard \(asked.shard): \(why)")
                case .refused(let status, let detail):
                    throw .failed(status, detail: detail)
                }
            }
        }
        if let group = answers.indices.first(where: { answers[$0] < needed }) {
            throw .failed(.redundancyExceeded, detail: "too few members of group \(group) answered a max-dkey query: "
                          + reasons.joined(separator: "; "))
        }
        return .finished(best)
    }

    /// Answers a group must give before its largest dkey is known (see `maxDkey`).
    private func neededAnswersPerGroup(_ layout: ObjectLayout) -> Int {
        if case .erasure(let data, _) = redundancy.scheme { return data }
        return 1
    }

    /// The shards to ask next: for each group still short of answers, as many untried members
    /// as it is short (all of them at once for EC, one at a time otherwise).
    private func nextRound(_ candidates: inout [[Int]], answers: [Int], needed: Int) -> [(group: Int, shard: Int)] {
        var round: [(group: Int, shard: Int)] = []
        for group in candidates.indices where answers[group] < needed {
            let take = isErasureCoded ? candidates[group].count : min(1, candidates[group].count)
            round += candidates[group].prefix(take).map { (group, $0) }
            candidates[group].removeFirst(take)
        }
        return round
    }

    /// One page of at most `countMax` dkeys, from one member of one redundancy group, and where
    /// to resume (nil: every group is listed). A page may hold fewer keys than asked, even
    /// none, while more follow. Not for erasure-coded objects, whose dkeys are spread over the
    /// members their data reached (use `listDkeys`).
    public func listDkeyPage(after anchor: DkeyPageAnchor = .start, countMax: Int, epoch: Epoch = .latest)
        throws(ClientError) -> (keys: [WireKey], next: DkeyPageAnchor?) {
        guard !isErasureCoded else { throw .invalidArgument("paged dkey listing of erasure-coded object \(id)") }
        guard (1...WireLimits.listEntriesMax).contains(countMax) else {
            throw .invalidArgument("page size \(countMax) is outside 1…\(WireLimits.listEntriesMax)")
        }
        for _ in 0..<Self.mapRefreshesMax {
            if case .finished(let page) = try listDkeyPageWithOneMap(after: anchor, countMax: countMax, epoch: epoch) { return page }
        }
        throw .failed(.staleMap, detail: "the pool map kept changing during a dkey listing")
    }

    /// `listDkeyPage` with the pool map held now: members in turn until one answers.
    private func listDkeyPageWithOneMap(after anchor: DkeyPageAnchor, countMax: Int, epoch: Epoch)
        throws(ClientError) -> OneMapOutcome<(keys: [WireKey], next: DkeyPageAnchor?)> {
        let layout = self.layout
        guard Int(anchor.group) < layout.groupCount else { throw .invalidArgument("list anchor names group \(anchor.group)") }
        let group = Int(anchor.group)
        let members = (group * layout.groupSize..<(group + 1) * layout.groupSize)
            .filter { layout.shards[$0].isAvailable }
            .sorted { !layout.shards[$0].isFallback && layout.shards[$1].isFallback }
        var reasons: [String] = []
        for shard in members {
            let request = DkeyListRequest(oid: id, shard: UInt32(shard), countMax: UInt32(countMax), anchor: anchor.position)
            let result = io.send([.init(target: layout.shards[shard].target, opcode: .dkeyList, message: request, epoch: epoch)],
                                 expecting: KeyListReply.self)
            if try io.refreshIfStale(result) { return .mapRefreshed }
            switch result[0] {
            case .answered(let page, _):
                // A target holding shards of two groups lists both groups' dkeys: keep ours.
                let keys = page.keys.filter { layout.groupIndex(forDistributionKeyHash: $0.distributionHash) == group }
                if let next = page.next, !page.keys.isEmpty {
                    return .finished((keys, DkeyPageAnchor(group: anchor.group, position: next)))
                }
                let following = group + 1 < layout.groupCount ? DkeyPageAnchor(group: anchor.group + 1, position: .start) : nil
                return .finished((keys, following))
            case .unavailable(let why):
                reasons.append("shard \(shard): \(why)")
            case .refused(let status, let detail):
                throw .failed(status, detail: detail)
            }
        }
        throw .failed(.redundancyExceeded, detail: "no member of group \(group) of \(id) answered: " + reasons.joined(separator: "; "))
    }
}

/// What one attempt under the pool map held at its start came to.
private enum OneMapOutcome<Value> {
    case finished(Value)
    /// A reply showed the map was stale; it has been refreshed and the attempt must be redone.
    case mapRefreshed
}
