#if canImport(Glibc)
import Glibc
#endif

/// The data path of one open container, used by one thread: an RPC endpoint linked to the
/// targets it has talked to, the pool map turned into placement, the client's HLC. Requests for
/// several shards go out at once (`send`) and replies are taken as they come; a target that
/// does not answer within `timeoutMilliseconds` counts as unavailable for that operation, so
/// readers can fall back to another replica or reconstruct.
public final class ObjectIO {
    public let container: ContainerConnection
    public var pool: PoolConnection { container.pool }
    public var system: DaosSystem { container.pool.system }
    let rpc: RPCClient
    /// Update epochs: every shard of one update gets the same one, so replicas and the cells of
    /// a stripe agree on versions.
    public let clock = HybridLogicalClock()
    /// Object RPC deadline; a shard that misses it is treated as unavailable.
    public var timeoutMilliseconds = 5_000
    /// Values up to this size travel inline; larger ones by RMA.
    public var inlineBytesMax = 8 << 10
    /// Reused registered memory for parity and gathered payloads (`ScratchRegions`).
    private(set) lazy var scratch = ScratchRegions { [unowned self] (buffer) throws(ClientError) -> MemoryRegion in
        try self.register(buffer)
    }
    private var links: [Int32: RPCLink] = [:]
    private var cachedPlacement: PlacementMap?
    /// Targets that just failed to answer, and until when (monotonic ms) to count them as
    /// unavailable without asking: a dead engine should cost one timeout, not one per request.
    private var unreachableUntil: [Int32: Int] = [:]
    public var unreachableHoldMilliseconds = 5_000
    /// Fetches answered located and copied here (`LocalReads`), and those whose copy the
    /// target's reuse counter did not vouch for (fetched again with a push).
    public private(set) var locatedReads = 0
    public private(set) var locatedReadsRefused = 0
    /// Requests that went in an `objectFetchBatch` or `objectUpdateBatch` (`ObjectIO+Batches`),
    /// and those the engine could not fit in its reply (sent again alone).
    public internal(set) var batchedFetches = 0
    public internal(set) var batchedUpdates = 0
    public internal(set) var batchedCanceled = 0
    /// Targets whose blob files this process cannot read: they push (`LocalReads.Outcome`).
    private var pushOnly: Set<Int32> = []
    /// Updates whose values this process wrote into a target's blob itself (`LocalWrites`), and
    /// those whose write failed (sent by bulk instead).
    public internal(set) var placedWrites = 0
    public internal(set) var placedWritesFailed = 0
    /// Targets that refused placements, or whose blob file this process cannot write: their
    /// updates go by bulk.
    var placeRefused: Set<Int32> = []

    public init(container: ContainerConnection) throws(ClientError) {
        self.container = container
        if let idle = container.pool.system.takeObjectEndpoint(pool: container.pool.uuid) {
            rpc = idle.rpc
            links = idle.links
            return
        }
        if let spare = container.pool.system.takeSpareEndpoint(forObjects: true) {
            rpc = spare
            return
        }
        do throws(FabricError) {
            rpc = try RPCClient(domain: container.pool.system.domain, receiveBuffers: DaosSystem.objectReceiveBuffers,
                                sendBuffers: DaosSystem.objectSendBuffers)
        } catch { throw .rpc(.fabric(error)) }
    }

    deinit {
        system.giveBack(DaosSystem.IdleObjectEndpoint(rpc: rpc, links: links), pool: pool.uuid)
    }

    /// Placement for the pool map we hold now (recomputed when the map changed).
    public var placement: PlacementMap {
        if let cached = cachedPlacement, cached.version == pool.map.version { return cached }
        let map = PlacementMap(pool.map, level: FaultDomainLevel.serviceDefault(for: pool.map))
        cachedPlacement = map
        return map
    }

    public func layout(of id: ObjectID) -> ObjectLayout { placement.layout(of: id) }

    /// Registers caller memory for one operation's bulk transfers.
    func register(_ buffer: UnsafeMutableRawBufferPointer) throws(ClientError) -> MemoryRegion {
        do throws(RPCError) { return try rpc.register(buffer) } catch { throw .rpc(error) }
    }

    // MARK: - Shard requests

    /// One request to the target holding a shard.
    struct ShardRequest {
        var target: Int32
        var opcode: Opcode
        var message: any WireMessage
        var epoch: Epoch
        /// An EC update carrying parity: sent after the data cells (see `sendEncodingLate`).
        var carriesParity = false

        /// The target will pull our data or push its reply data by RMA.
        var movesBulk: Bool { message.bulkDescriptor != nil }
    }

    /// A shard's answer: its decoded reply and the epoch in the reply header, or why not.
    enum ShardResult<Reply> {
        case answered(Reply, epoch: Epoch)
        /// The target is down, unreachable or timed out: try another shard.
        case unavailable(String)
        /// The engine refused (the status says why): a stale map, a bad request, no space…
        case refused(WireStatus, String)
    }

    /// Sends all `requests` concurrently; results in request order.
    /// `beforeSending` runs just before request `index` is posted (not for requests that fail
    /// before posting), in request order. Bulk fetches accept located replies (`LocalReads`)
    /// unless `located` is false; a located reply is copied here and handed on as pushed, and
    /// one whose copy is not good is fetched again with a push. Bulk fetches, and plain bulk
    /// updates, for the same target at the same epoch go as one batch (`ObjectIO+Batches`)
    /// unless `batching` is false; a request the engine could not fit in the batch reply is
    /// sent again alone. `beforeSending` then runs for every request of a batch before it is
    /// posted. Large bulk updates to targets on this host are placed first unless `placing` is
    /// false (`ObjectIO+Placement`); one whose placement the target refuses is sent again by bulk.
    func send<Reply: WireMessage>(_ requests: [ShardRequest], expecting: Reply.Type,
                                  located: Bool = LocalReads.enabled, batching: Bool = true,
                                  placing: Bool = LocalWrites.enabled,
                                  beforeSending: ((Int) -> Void)? = nil) -> [ShardResult<Reply>] {
        var requests = requests
        var results = [ShardResult<Reply>](repeating: .unavailable("not sent"), count: requests.count)
        var ready: [Int] = []
        // Per request, where it goes: its target's link and the target's index on its engine.
        var requestLinks = [RPCLink?](repeating: nil, count: requests.count)
        var requestTargets = [TargetIndex](repeating: .serviceThread, count: requests.count)
        var pushedAgain: [Int] = []
        var sendAlone: [Int] = []
        let now = Endpoint.nowMicroseconds() / 1000
        let failedHellos = linkConcurrently(requests, now: now)
        for (index, request) in requests.enumerated() {
            if let failure = failedHellos[request.target] {
                results[index] = .unavailable(failure)
                continue
            }
            if let until = unreachableUntil[request.target] {
                if now < until {
                    results[index] = .unavailable("target \(request.target) did not answer recently")
                    continue
                }
                unreachableUntil[request.target] = nil
            }
            do throws(ClientError) {
                requestLinks[index] = try link(to: request.target)
                requestTargets[index] = TargetIndex(UInt32(try targetIndex(request.target)))
                ready.append(index)
            } catch {
                unreachableUntil[request.target] = now + unreachableHoldMilliseconds
                results[index] = .unavailable("\(error)")
            }
        }
        let unplaced = placing ? placeUpdates(&requests, ready, expecting: Reply.self, links: requestLinks, targets: requestTargets,
                                              beforeSending: beforeSending) : [:]
        let groups = batching ? Self.batches(ready, requests, expecting: Reply.self) : ready.map { [$0] }
        var calls: [RPCCall] = []
        calls.reserveCapacity(groups.count)
        for group in groups {
            let first = group[0]
            let request = requests[first]
            func prepared(_ message: any WireMessage) -> any WireMessage {
                located && !pushOnly.contains(request.target) ? Self.acceptingLocated(message) : message
            }
            let (opcode, message) = group.count == 1 ? (request.opcode, prepared(request.message))
                : batchRequest(group.map { requests[$0] }, prepared)
            calls.append(RPCCall(link: requestLinks[first]!, opcode: opcode, request: message,
                                 target: requestTargets[first], poolHandle: pool.handle.cookie, containerHandle: container.handle.cookie,
                                 epoch: request.epoch))
        }
        /// A decoded reply for request `index`: a located one is copied here first.
        func accept(_ decoded: Reply, epoch: Epoch, _ index: Int) {
            var reply = decoded
            if let fetch = reply as? ObjectFetchReply, case .located(let data) = fetch.data {
                let outcome = requests[index].message.bulkDescriptor.map { LocalReads.copy(data, into: $0) } ?? .unreadable
                guard case .copied = outcome else {
                    if case .unreadable = outcome { pushOnly.insert(requests[index].target) }
                    locatedReadsRefused += 1
                    pushedAgain.append(index)
                    return
                }
                locatedReads += 1
                reply = ObjectFetchReply(values: fetch.values, data: .pushed(byteCount: data.byteCount)) as! Reply
            }
            results[index] = .answered(reply, epoch: epoch)
        }
        func refuse(_ status: WireStatus, _ detail: String, _ index: Int) {
            results[index] = status == .tryAgain ? .unavailable(detail) : .refused(status, detail)
        }
        /// A batch reply's entries, handed to their requests as if each had been sent alone.
        func deliver<Answer>(_ entries: [ObjectBatchReply<Answer>.Entry], to owners: [Int]) throws(RPCError) {
            guard entries.count == owners.count else {
                throw .unexpectedReply("a batch of \(owners.count) requests was answered with \(entries.count) entries")
            }
            for (entry, index) in zip(entries, owners) {
                switch entry {
                case .answered(let reply, let epoch):
                    if epoch.rawValue != 0 { _ = try? clock.merge(epoch) }
                    guard let reply = reply as? Reply else { throw .unexpectedReply("a batch entry of the wrong kind") }
                    accept(reply, epoch: epoch, index)
                case .refused(.canceled, _):
                    batchedCanceled += 1
                    sendAlone.append(index)
                case .refused(let status, let detail): refuse(status, detail, index)
                }
            }
        }
        rpc.mapVersion = pool.map.version
        do throws(RPCError) {
            let preparing = beforeSending.map { hook in { (call: Int) in groups[call].forEach(hook) } }
            try rpc.callConcurrently(calls, timeoutMilliseconds: timeoutMilliseconds, movesBulk: requests.contains(where: \.movesBulk),
                                     preparing: preparing) { call, outcome in
                let owners = groups[call]
                switch outcome {
                case .success(let frame):
                    // Success or refusal, the engine's epoch moves our clock on (a `restart` is
                    // retried at a newer epoch only if it does).
                    if frame.header.epoch.rawValue != 0 && frame.header.epoch != .latest { _ = try? clock.merge(frame.header.epoch) }
                    do throws(RPCError) {
                        switch calls[call].opcode {
                        case .objectFetchBatch:
                            try deliver(try RPCClient.decodeReply(frame, as: ObjectFetchBatchReply.self).entries, to: owners)
                        case .objectUpdateBatch:
                            try deliver(try RPCClient.decodeReply(frame, as: ObjectUpdateBatchReply.self).entries, to: owners)
                        default:
                            accept(try RPCClient.decodeReply(frame, as: Reply.self), epoch: frame.header.epoch, owners[0])
                        }
                    } catch {
                        for index in owners {
                            if case .failed(let status, let detail, _) = error { refuse(status, detail, index) } else { results[index] = .refused(error.wireStatus, "\(error)") }
                        }
                    }
                case .failure(let error):
                    let target = requests[owners[0]].target
                    links[target] = nil  // reconnect next time: the engine may have restarted
                    unreachableUntil[target] = Endpoint.nowMicroseconds() / 1000 + unreachableHoldMilliseconds
                    for index in owners { results[index] = .unavailable("\(error)") }
                }
            }
        } catch {
            for index in ready { results[index] = .unavailable("\(error)") }
        }
        if !sendAlone.isEmpty {
            let again = send(sendAlone.map { requests[$0] }, expecting: Reply.self, located: located, batching: false)
            for (index, result) in zip(sendAlone, again) { results[index] = result }
        }
        if !pushedAgain.isEmpty {
            let again = send(pushedAgain.map { requests[$0] }, expecting: Reply.self, located: false)
            for (index, result) in zip(pushedAgain, again) { results[index] = result }
        }
        // A placement the target no longer holds (expired, say) refuses its update as invalid:
        // send the data by bulk.
        let placementRefused = unplaced.keys.sorted().filter { if case .refused(.invalidArgument, _) = results[$0] { true } else { false } }
        if !placementRefused.isEmpty {
            let originals = placementRefused.map { index in
                var request = requests[index]
                request.message = unplaced[index]!
                return request
            }
            let again = send(originals, expecting: Reply.self, located: located, batching: batching, placing: false)
            for (index, result) in zip(placementRefused, again) { results[index] = result }
        }
        return results
    }

    /// A bulk fetch into this process's memory asks for a located reply (`LocalReads`).
    private static func acceptingLocated(_ message: any WireMessage) -> any WireMessage {
        guard var fetch = message as? ObjectFetchRequest, let window = fetch.bulk, window.localAddress != 0 else { return message }
        fetch.acceptsLocated = true
        return fetch
    }

    /// True when any result says our pool map is stale; the map is then refreshed.
    func refreshIfStale<Reply>(_ results: [ShardResult<Reply>]) throws(ClientError) -> Bool {
        let stale = results.contains { if case .refused(.staleMap, _) = $0 { true } else { false } }
            || rpc.lastReplyMapVersion > pool.map.version
        if stale { try pool.refreshMap() }
        return stale
    }

    private func targetIndex(_ target: Int32) throws(ClientError) -> Int {
        let map = pool.map
        guard target >= 0, Int(target) < map.targets.count else { throw .invalidArgument("target \(target) is not in the pool map") }
        return Int(target) - map.engines[map.targets[Int(target)].engine].targets.lowerBound
    }

    /// Opens the links a batch still lacks all at once (a first contact costs a connection
    /// set-up; concurrent hellos overlap them). Returns why each unreachable target failed; it
    /// is then held unreachable like a target whose call failed.
    private func linkConcurrently(_ requests: [ShardRequest], now: Int) -> [Int32: String] {
        var missing: [Int32] = []
        var addresses: [[UInt8]] = []
        for target in requests.lazy.map(\.target) where links[target] == nil && !missing.contains(target) {
            if let until = unreachableUntil[target], now < until { continue }
            guard let address = try? address(of: target) else { continue }
            missing.append(target)
            addresses.append(address)
        }
        guard missing.count > 1 else { return [:] }
        var failures: [Int32: String] = [:]
        let timeout = min(timeoutMilliseconds, system.helloTimeoutMilliseconds)
        for (target, result) in zip(missing, rpc.link(toAll: addresses, timeoutMilliseconds: timeout)) {
            switch result {
            case .success(let link):
                links[target] = link
            case .failure(let error):
                unreachableUntil[target] = now + unreachableHoldMilliseconds
                failures[target] = "\(ClientError.unreachable(rank: rank(of: target), error))"
            }
        }
        if !failures.isEmpty { system.refreshSystemFile() }
        return failures
    }

    /// The fabric address of `target`'s endpoint, from the system file (re-read once if absent).
    private func address(of target: Int32) throws(ClientError) -> [UInt8] {
        let index = try targetIndex(target)
        let engineRank = rank(of: target)
        func address() -> [UInt8]? {
            guard let engine = system.file.engines.first(where: { $0.rank == engineRank }), index < engine.targetAddresses.count else { return nil }
            return engine.targetAddresses[index]
        }
        guard let address = address() ?? (system.refreshSystemFile() ? address() : nil) else {
            throw .invalidArgument("the system file lists no address for rank \(engineRank) target \(index)")
        }
        return address
    }

    /// The rank of the engine holding `target` (a valid pool-map target index).
    private func rank(of target: Int32) -> UInt32 {
        let map = pool.map
        return map.engines[map.targets[Int(target)].engine].rank
    }

    private func link(to target: Int32) throws(ClientError) -> RPCLink {
        if let link = links[target] { return link }
        let address = try address(of: target)
        do throws(RPCError) {
            let link = try rpc.link(to: address, timeoutMilliseconds: min(timeoutMilliseconds, system.helloTimeoutMilliseconds))
            links[target] = link
            return link
        } catch {
            system.refreshSystemFile()
            throw .unreachable(rank: rank(of: target), error)
        }
    }
}
