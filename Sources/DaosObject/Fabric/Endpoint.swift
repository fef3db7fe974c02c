import CFabric
#if canImport(Glibc)
import Glibc
#endif

/// A peer in an endpoint's address vector.
public struct FabricPeer: Hashable, Sendable {
    public let address: fi_addr_t
}

/// One finished operation, as the completion queue reports it.
public struct Completion: Sendable {
    public enum Kind: Sendable { case send, receive, read, write }
    public var kind: Kind
    /// The token the operation was posted with.
    public var token: UInt64
    /// Bytes received (receives only).
    public var length: Int
    /// Nil on success.
    public var error: FabricError?

    public init(kind: Kind, token: UInt64, length: Int, error: FabricError? = nil) {
        self.kind = kind
        self.token = token
        self.length = length
        self.error = error
    }
}

/// A reliable-datagram endpoint with its own completion queue and address vector, owned by one
/// thread (an engine target, a service thread, or a client). Waiting blocks on the completion
/// queue's wait object — never a busy loop — so idle engines and clients cost no CPU.
///
/// Every posted operation carries an `fi_context2` from a fixed pool owned by the endpoint
/// (providers may use it as scratch space), and a caller token returned in its completion.
public final class Endpoint {
    public let domain: FabricDomain
    // Nil on a simulated domain, whose endpoint does every operation instead.
    let endpoint: UnsafeMutablePointer<fid_ep>!
    let completionQueue: UnsafeMutablePointer<fid_cq>!
    let addressVector: UnsafeMutablePointer<fid_av>!
    private let simulated: (any SimulatedEndpoint)?

    private let contexts: UnsafeMutablePointer<fi_context2>
    private var tokens: [UInt64]
    private var kinds: [Completion.Kind]
    private var freeSlots: [Int]
    /// Completions read while a post waited for queue space; delivered by the next poll.
    private var deferred: [Completion] = []
    public let depth: Int
    /// Waiting sleeps inside the provider (`fi_cq_sread`); else a backoff of short sleeps.
    let blocksInProvider: Bool
    /// Consecutive waits that found nothing, for the backoff: 10 µs doubling to 1 ms.
    private var idleWaits = 0
    /// The last 8 waits that found nothing at once, newest in bit 0: whether a completion came
    /// within the spin (or would have, while `wait` did not spin).
    private var spinPays: UInt8 = 0xFF
    static let backoffMicrosecondsMax: Int = 1000
    /// How long `wait` polls before it sleeps. A sleep in the provider costs a wake-up on the
    /// next completion (tens of µs on a VM: S1 4 KiB fetches took 80 µs at p50 with a 20 µs
    /// spin, 44 µs with 100 µs, against a 25 µs raw round trip). The spin yields the core on
    /// each turn, but only to threads queued on the same core, so it is not free on a busy
    /// node: `wait` spins only while recent waits show it pays (`spinPays`).
    public static let spinMicroseconds = 100

    public static func nowMicroseconds() -> Int {
        if let simulated = SimulationContext.current { return simulated.monotonicMicroseconds }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return now.tv_sec * 1_000_000 + now.tv_nsec / 1000
    }

    public init(domain: FabricDomain, depth: Int = 512) throws(FabricError) {
        self.domain = domain
        self.depth = depth
        contexts = .allocate(capacity: depth)
        contexts.initialize(repeating: fi_context2(), count: depth)
        tokens = Array(repeating: 0, count: depth)
        kinds = Array(repeating: .send, count: depth)
        freeSlots = Array((0..<depth).reversed())
        if let simulator = domain.simulator {
            simulated = try simulator.openEndpoint(node: domain.simulatedNode, service: domain.simulatedService)
            blocksInProvider = true
            endpoint = nil
            completionQueue = nil
            addressVector = nil
            return
        }
        simulated = nil
        var cqAttr = fi_cq_attr()
        cqAttr.size = depth * 2
        cqAttr.format = FI_CQ_FORMAT_MSG
        // shm in libfabric 1.17 accepts a wait object but its fi_cq_sread ignores the timeout
        // and burns a core in sched_yield; it gets no wait object and a sleeping backoff instead.
        blocksInProvider = !domain.provider.hasPrefix("shm")
        cqAttr.wait_obj = blocksInProvider ? FI_WAIT_UNSPEC : FI_WAIT_NONE
        var cq: UnsafeMutablePointer<fid_cq>?
        try fabricCheck("fi_cq_open", fi_cq_open(domain.domain, &cqAttr, &cq, nil))
        var avAttr = fi_av_attr()
        avAttr.type = FI_AV_TABLE
        var av: UnsafeMutablePointer<fid_av>?
        var ep: UnsafeMutablePointer<fid_ep>?
        do throws(FabricError) {
            try fabricCheck("fi_av_open", fi_av_open(domain.domain, &avAttr, &av, nil))
            try fabricCheck("fi_endpoint", fi_endpoint(domain.domain, domain.info, &ep, nil))
            try fabricCheck("fi_ep_bind(av)", fi_ep_bind(ep, &av!.pointee.fid, 0))
            try fabricCheck("fi_ep_bind(cq)", fi_ep_bind(ep, &cq!.pointee.fid, swift_FI_SEND() | swift_FI_RECV()))
            try fabricCheck("fi_enable", fi_enable(ep))
        } catch {
            if let ep { fi_close(&ep.pointee.fid) }
            if let av { fi_close(&av.pointee.fid) }
            fi_close(&cq!.pointee.fid)
            contexts.deallocate()
            throw error
        }
        endpoint = ep!
        completionQueue = cq!
        addressVector = av!
    }

    deinit {
        if let simulated {
            simulated.close()
        } else {
            fi_close(&endpoint.pointee.fid)
            fi_close(&addressVector.pointee.fid)
            fi_close(&completionQueue.pointee.fid)
        }
        contexts.deallocate()
    }

    /// This endpoint's fabric address, to hand to peers (they `insert` it).
    public func name() throws(FabricError) -> [UInt8] {
        if let simulated { return simulated.name() }
        var length = 0
        _ = fi_getname(&endpoint.pointee.fid, nil, &length)
        var bytes = [UInt8](repeating: 0, count: max(length, 1))
        try fabricCheck("fi_getname", fi_getname(&endpoint.pointee.fid, &bytes, &length))
        return Array(bytes.prefix(length))
    }

    public func insert(_ address: [UInt8]) throws(FabricError) -> FabricPeer {
        if let simulated { return FabricPeer(address: fi_addr_t(try simulated.insert(address))) }
        var peer: fi_addr_t = 0
        let inserted = fi_av_insert(addressVector, address, 1, &peer, 0, nil)
        guard inserted == 1 else { throw FabricError("fi_av_insert", code: inserted < 0 ? inserted : Int32(FI_EINVAL)) }
        return FabricPeer(address: peer)
    }

    /// Operations that can still be posted before the context pool is exhausted.
    public var availableSlots: Int { freeSlots.count }

    // MARK: - Posting

    public func postReceive(_ buffer: UnsafeMutableRawBufferPointer, region: MemoryRegion?, token: UInt64) throws(FabricError) {
        if let simulated { return try simulated.postReceive(buffer, token: token) }
        try post(.receive, token: token) { context throws(FabricError) in
            fi_recv(endpoint, buffer.baseAddress, buffer.count, region?.descriptor, swift_FI_ADDR_UNSPEC(), context)
        }
    }

    public func send(_ buffer: UnsafeRawBufferPointer, region: MemoryRegion?, to peer: FabricPeer, token: UInt64) throws(FabricError) {
        if let simulated { return try simulated.send(buffer, to: UInt64(peer.address), token: token) }
        try post(.send, token: token) { context throws(FabricError) in
            fi_send(endpoint, buffer.baseAddress, buffer.count, region?.descriptor, peer.address, context)
        }
    }

    /// Posts a send once, without waiting: false when the provider cannot take it now
    /// (-FI_EAGAIN: queues full, or with tcp;ofi_rxm a connection to `peer` still being set
    /// up — the attempt starts it). The caller progresses and tries again, so sends to other
    /// peers need not wait behind a slow connection.
    public func trySend(_ buffer: UnsafeRawBufferPointer, region: MemoryRegion?, to peer: FabricPeer, token: UInt64) throws(FabricError)
        -> Bool {
        if let simulated {
            try simulated.send(buffer, to: UInt64(peer.address), token: token)
            return true
        }
        return try offer(.send, token: token) { context in
            fi_send(endpoint, buffer.baseAddress, buffer.count, region?.descriptor, peer.address, context)
        }
    }

    /// RMA read: pulls `buffer.count` bytes from the peer's registered memory into `buffer`.
    public func read(into buffer: UnsafeMutableRawBufferPointer, region: MemoryRegion?, from remote: RemoteMemory,
                     peer: FabricPeer, token: UInt64) throws(FabricError) {
        if let simulated { return try simulated.read(into: buffer, from: remote, peer: UInt64(peer.address), token: token) }
        try post(.read, token: token) { context throws(FabricError) in
            fi_read(endpoint, buffer.baseAddress, buffer.count, region?.descriptor, peer.address, remote.address, remote.key, context)
        }
    }

    /// RMA write: pushes `buffer` into the peer's registered memory.
    public func write(_ buffer: UnsafeRawBufferPointer, region: MemoryRegion?, to remote: RemoteMemory,
                      peer: FabricPeer, token: UInt64) throws(FabricError) {
        if let simulated { return try simulated.write(buffer, to: remote, peer: UInt64(peer.address), token: token) }
        try post(.write, token: token) { context throws(FabricError) in
            fi_write(endpoint, buffer.baseAddress, buffer.count, region?.descriptor, peer.address, remote.address, remote.key, context)
        }
    }

    /// How long a post may keep getting -FI_EAGAIN (peer unreachable, queues full) before it
    /// fails with a timeout instead of spinning forever.
    public var postTimeoutMilliseconds = 10_000

    private func post(_ kind: Completion.Kind, token: UInt64,
                      _ call: (UnsafeMutableRawPointer) throws(FabricError) -> Int) throws(FabricError) {
        // A deadline in time, not a count of waits: a wait returns at once while completions
        // are deferred, so counting them timed concurrent sends out in a few milliseconds.
        let deadline = Self.nowMicroseconds() + postTimeoutMilliseconds * 1000
        while try !offer(kind, token: token, call) {
            try progressWhileFull()
            if Self.nowMicroseconds() > deadline { throw FabricError("\(Self.operationName(kind))", code: Int32(FI_ETIMEDOUT)) }
        }
    }

    /// Offers one operation to the provider with a free context slot: false, and the slot
    /// back, when there is no slot or the provider says -FI_EAGAIN.
    private func offer(_ kind: Completion.Kind, token: UInt64,
                       _ call: (UnsafeMutableRawPointer) throws(FabricError) -> Int) throws(FabricError) -> Bool {
        guard let slot = freeSlots.popLast() else { return false }
        tokens[slot] = token
        kinds[slot] = kind
        let posted: Bool
        do throws(FabricError) {
            posted = try fabricPosted(Self.operationName(kind), call(UnsafeMutableRawPointer(contexts + slot)))
        } catch {
            freeSlots.append(slot)
            throw error
        }
        if !posted { freeSlots.append(slot) }
        return posted
    }

    private static func operationName(_ kind: Completion.Kind) -> StaticString {
        switch kind {
        case .send: return "fi_send"
        case .receive: return "fi_recv"
        case .read: return "fi_read"
        case .write: return "fi_write"
        }
    }

    /// The provider's queues are full: drive progress by reading completions, keeping them.
    private func progressWhileFull() throws(FabricError) {
        let before = deferred.count
        try readQueue { deferred.append($0) }
        guard deferred.count == before else { return }
        if deferred.isEmpty {
            try wait(timeoutMilliseconds: 1)
        } else {
            usleep(20)  // `wait` would return at once: completions are waiting for the caller
        }
    }

    // MARK: - Completions

    /// Delivers up to `max` completions without blocking; returns how many.
    @discardableResult
    public func poll(max: Int = 64, _ handler: (Completion) -> Void) throws(FabricError) -> Int {
        if let simulated { return simulated.poll(max: max, handler) }
        var delivered = 0
        while !deferred.isEmpty && delivered < max {
            handler(deferred.removeFirst())
            delivered += 1
        }
        // Completions a wait already took are news enough: reading the queue again now would
        // run the provider's progress (an epoll_wait on tcp) before the caller can act on them.
        if delivered == 0 { delivered = try readQueue(max: max, handler) }
        return delivered
    }

    @discardableResult
    private func readQueue(max: Int = 64, _ handler: (Completion) -> Void) throws(FabricError) -> Int {
        var entries = (fi_cq_msg_entry(), fi_cq_msg_entry(), fi_cq_msg_entry(), fi_cq_msg_entry(),
                       fi_cq_msg_entry(), fi_cq_msg_entry(), fi_cq_msg_entry(), fi_cq_msg_entry())
        var delivered = 0
        while delivered < max {
            let asked = Swift.min(8, max - delivered)
            let count = withUnsafeMutableBytes(of: &entries) { raw in
                fi_cq_read(completionQueue, raw.baseAddress, asked)
            }
            if count == -Int(FI_EAGAIN) { break }
            if count == -Int(FI_EAVAIL) {
                handler(try readError())
                delivered += 1
                continue
            }
            guard count > 0 else { try fabricCheck("fi_cq_read", Int32(truncatingIfNeeded: count)); break }
            withUnsafeBytes(of: &entries) { raw in
                let list = raw.bindMemory(to: fi_cq_msg_entry.self)
                for i in 0..<count {
                    handler(complete(context: list[i].op_context, length: list[i].len, error: nil))
                }
            }
            delivered += count
            // Fewer than asked: the queue is empty for now. Asking again would run the
            // provider's progress once more (an epoll_wait on tcp) only to hear -FI_EAGAIN.
            if count < asked { break }
        }
        return delivered
    }

    private func readError() throws(FabricError) -> Completion {
        var entry = fi_cq_err_entry()
        let count = fi_cq_readerr(completionQueue, &entry, 0)
        guard count == 1 else { throw FabricError("fi_cq_readerr", code: Int32(truncatingIfNeeded: count)) }
        return complete(context: entry.op_context, length: entry.len, error: FabricError("completion", code: entry.err))
    }

    private func complete(context: UnsafeMutableRawPointer?, length: Int, error: FabricError?) -> Completion {
        let slot = context!.assumingMemoryBound(to: fi_context2.self) - contexts
        precondition(slot >= 0 && slot < depth, "completion for a context this endpoint did not post")
        freeSlots.append(slot)
        return Completion(kind: kinds[slot], token: tokens[slot], length: length, error: error)
    }

    /// Blocks until a completion arrives or the timeout passes (-1: forever). The provider
    /// sleeps on the CQ's wait object (`fi_cq_sread`), so no core spins while idle; a
    /// completion read here is delivered by the next `poll`.
    /// `spinMicroseconds`: how long to poll before sleeping (longer while a peer moves bulk
    /// data through this endpoint: on tcp our own progress serves its RMA).
    public func wait(timeoutMilliseconds: Int32, spinMicroseconds: Int = Endpoint.spinMicroseconds) throws(FabricError) {
        if let simulated { return try simulated.wait(timeoutMilliseconds: timeoutMilliseconds) }
        guard deferred.isEmpty else { return }
        if try readQueue(max: 64, { deferred.append($0) }) > 0 {
            idleWaits = 0
            return
        }
        guard timeoutMilliseconds != 0 else { return }
        // Spin briefly first, while recent waits show it pays: a completion microseconds away
        // then costs no sleep and wake-up. A thread whose waits end later (an engine target
        // between a client's bursts) sleeps at once: on a node whose cores the engines share
        // with the ranks, every spin takes a core from a rank with work (the yield cannot
        // give it to a thread queued on the other core).
        var now = Self.nowMicroseconds()
        let started = now
        if spinPays.nonzeroBitCount >= 4 {
            let spinUntil = now + spinMicroseconds
            repeat {
                sched_yield()
                now = Self.nowMicroseconds()
                if try readQueue(max: 64, { deferred.append($0) }) > 0 {
                    idleWaits = 0
                    spinPays = spinPays << 1 | 1
                    return
                }
            } while now < spinUntil
        }
        guard blocksInProvider else {
            try backoff(timeoutMilliseconds: timeoutMilliseconds)
            return
        }
        var entry = fi_cq_msg_entry()
        let count = fi_cq_sread(completionQueue, &entry, 1, nil, timeoutMilliseconds)
        // Whether a spin would have caught this completion.
        spinPays = spinPays << 1 | (count == 1 && Self.nowMicroseconds() - started < spinMicroseconds ? 1 : 0)
        if count == 1 {
            deferred.append(complete(context: entry.op_context, length: entry.len, error: nil))
        } else if count == -Int(FI_EAVAIL) {
            deferred.append(try readError())
        } else if count < 0 && count != -Int(FI_EAGAIN) && count != -Int(FI_ETIMEDOUT) && count != -Int(FI_EINTR) {
            try fabricCheck("fi_cq_sread", Int32(truncatingIfNeeded: count))
        }
    }

    /// Without a provider wait object: read the queue, sleeping 10 µs, 20 µs, … up to 1 ms
    /// between reads while idle — a few wake-ups per millisecond at most, not a spinning core.
    private func backoff(timeoutMilliseconds: Int32) throws(FabricError) {
        let deadline = timeoutMilliseconds < 0 ? Int.max : timeoutMilliseconds == 0 ? 0 : Int(timeoutMilliseconds) * 1000
        var slept = 0
        repeat {
            if try readQueue(max: 64, { deferred.append($0) }) > 0 {
                idleWaits = 0
                return
            }
            let pause = min(Self.backoffMicrosecondsMax, 10 << min(idleWaits, 7))
            idleWaits += 1
            usleep(UInt32(pause))
            slept += pause
        } while slept < deadline
    }
}
