import Glibc
import CFabric

/// The client side of the RPC layer: one endpoint, progress driven by the calling thread. A
/// client talks to one server with `connect`/`call` (one call at a time), or to many with
/// `link(to:)` and `callConcurrently` (one request per server posted at once, replies handled
/// as they arrive — how the object client reaches every shard of a stripe). Progress is driven by the calling thread (it waits on the endpoint's completion queue — spinning
/// briefly, then sleeping — so a waiting client costs no core, and its endpoint keeps
/// progressing for the server's RMA into its memory).
///
/// A call that gets no reply before its deadline fails with `RPCError.timedOut`; a reply that
/// arrives later is dropped and counted. Bulk data never travels in frames: register a buffer
/// once (`register`), put `region.bulkDescriptor(...)` in the request, and the server pulls from
/// or pushes into it before it replies.
public final class RPCClient {
    public struct Counters: Sendable, Equatable {
        public var calls = 0
        public var timeouts = 0
        /// Replies that arrived after their call gave up, or that answer nothing we sent.
        public var staleReplies = 0
        /// Receives that failed (e.g. a frame larger than our buffers).
        public var failedReceives = 0
    }

    public let domain: FabricDomain
    private var endpointStorage: Endpoint?
    /// The endpoint without reference counting or exclusivity checks on the hot path; kept
    /// alive by `endpointStorage` until deinit.
    private unowned(unsafe) let ep: Endpoint
    public var endpoint: Endpoint { ep }
    public var counters: Counters { state.pointee.counters }
    /// Default deadline of a call, from posting the request to the reply.
    public var timeoutMilliseconds = 10_000
    /// Pool map version sent in every request header.
    public var mapVersion: UInt32 = 0
    /// The map version of the last reply (a newer one means: refresh the pool map).
    public private(set) var lastReplyMapVersion: UInt32 = 0
    /// Our index at the server (the high half of every RPC id), once connected.
    public private(set) var peerIndex: UInt32?
    public private(set) var server: FabricPeer?

    private let receives: RegisteredSlots
    private let sends: RegisteredSlots
    private let sendBusy: UnsafeMutableBufferPointer<Bool>
    /// Receive slots to post again after a poll.
    private let repost: UnsafeMutableBufferPointer<Int>

    /// The mutable state of the call path, behind a pointer: class properties pay a dynamic
    /// exclusivity check per access, which on shm is a measurable share of a 2 µs round trip.
    private struct CallState {
        var counters = Counters()
        var scratch = ByteWriter(capacity: 1024)
        var sequence: UInt32 = 0
        var repostCount = 0
        // The call in flight.
        var awaited: UInt64 = 0
        var awaitedSend = -1
        var sendFailure: FabricError?
        var replySlot = -1
        var replyLength = 0
        /// Moving average of recent reply latencies, in µs: how long a waiting call polls
        /// before it sleeps on an endpoint without a provider wait object.
        var typicalReplyMicroseconds = 20.0
        // A concurrent batch in flight: per call its RPC id (0 = not in flight) and send slot,
        // and the replies and send failures that arrived, in arrival order.
        var batchIDs: [UInt64] = []
        var batchSendSlots: [Int] = []
        var batchReplies: [(call: Int, slot: Int, length: Int)] = []
        /// The replies being handed over, swapped with `batchReplies` (no copy, no allocation).
        var handingOver: [(call: Int, slot: Int, length: Int)] = []
        var batchSendFailures: [(call: Int, error: FabricError)] = []
    }
    private let state: UnsafeMutablePointer<CallState>
    /// On providers without a wait object (shm) sleeping is a backoff of `usleep`s whose
    /// granularity (tens of µs with Linux timer slack) would dominate short RPCs, so a call
    /// polls for up to twice its typical reply time, never longer than this, before it sleeps.
    public var replySpinMicrosecondsMax = 250
    /// Whether links prove to servers on this host that their bulk may move by cross-memory
    /// attach (`LocalBulk`; off with `DAOS_LOCAL_BULK=0`).
    public var answersChallenges = LocalBulk.enabled

    /// `warmingUp`: the endpoint first sends itself a message (`Endpoint.warmUpSends`), for
    /// clients made ahead of use, so that their first call does not pay the provider's set-up.
    public init(domain: FabricDomain, receiveBuffers: Int = 4, sendBuffers: Int = 4, warmingUp: Bool = false) throws(FabricError) {
        self.domain = domain
        let endpoint = try Endpoint(domain: domain, depth: 128)
        if warmingUp { try endpoint.warmUpSends() }
        receives = try RegisteredSlots(domain: domain, count: receiveBuffers, slotBytes: WireLimits.frameBytesMax)
        sends = try RegisteredSlots(domain: domain, count: sendBuffers, slotBytes: WireLimits.frameBytesMax)
        sendBusy = .allocate(capacity: sendBuffers)
        sendBusy.initialize(repeating: false)
        repost = .allocate(capacity: receiveBuffers)
        repost.initialize(repeating: 0)
        state = .allocate(capacity: 1)
        state.initialize(to: CallState())
        endpointStorage = endpoint
        ep = endpoint
        for slot in 0..<receiveBuffers {
            try receives.postReceive(slot, on: endpoint)
        }
    }

    deinit {
        endpointStorage = nil  // closes the endpoint before its buffers go
        receives.release()
        sends.release()
        sendBusy.deallocate()
        repost.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Registers the caller's buffer for bulk transfers (keep the region and reuse it: a
    /// registration costs far more than an RPC).
    public func register(_ buffer: UnsafeMutableRawBufferPointer) throws(RPCError) -> MemoryRegion {
        do throws(FabricError) { return try MemoryRegion(domain: domain, buffer: buffer) } catch { throw .fabric(error) }
    }

    /// Says hello to the server at `address` (its `RPCServer.name()`) and learns our peer index.
    public func connect(to address: [UInt8], timeoutMilliseconds: Int? = nil) throws(RPCError) {
        let link = try link(to: address, timeoutMilliseconds: timeoutMilliseconds)
        server = link.peer
        peerIndex = link.peerIndex
    }

    /// Says hello to another server (keeping any others) and returns how to reach it.
    public func link(to address: [UInt8], timeoutMilliseconds: Int? = nil) throws(RPCError) -> RPCLink {
        let peer: FabricPeer
        let name: [UInt8]
        do throws(FabricError) {
            peer = try endpoint.insert(address)
            name = try endpoint.name()
        } catch { throw .fabric(error) }
        state.pointee.sequence &+= 1
        let header = FrameHeader(opcode: .noop, rpcID: RPCAddress.rpcID(peer: RPCAddress.helloPeer, sequence: state.pointee.sequence),
                                 mapVersion: mapVersion)
        let timeout = timeoutMilliseconds ?? self.timeoutMilliseconds
        let hello = try exchange(header, NoopMessage(bytes: name), to: peer, timeout: timeout, Self.helloAnswer)
        let link = RPCLink(peer: peer, peerIndex: hello.index)
        guard let challenge = hello.challenge, wantsLocalBulk else { return link }
        return proveLocal([link], challenges: [challenge], timeoutMilliseconds: timeout)[0]
    }

    /// What a server's answer to our hello gives us: our peer index, and a challenge if the
    /// server offers local bulk.
    private static func helloAnswer(_ frame: Frame) throws(RPCError) -> (index: UInt32, challenge: (UInt64, UInt64)?) {
        let reply = try decodeReply(frame, as: NoopMessage.self)
        guard reply.bytes.count == 4 || reply.bytes.count == 4 + LocalBulk.challengeBytes else {
            throw .unexpectedReply("hello answered with \(reply.bytes.count) bytes, not a peer index")
        }
        return reply.bytes.withUnsafeBytes { bytes in
            (UInt32(littleEndian: bytes.loadUnaligned(as: UInt32.self)),
             bytes.count == 4 ? nil : (bytes.loadUnaligned(fromByteOffset: 4, as: UInt64.self),
                                       bytes.loadUnaligned(fromByteOffset: 12, as: UInt64.self)))
        }
    }

    /// Whether we answer a server's challenge to prove we share its host (never in a
    /// simulated fabric).
    private var wantsLocalBulk: Bool { answersChallenges && domain.simulator == nil }

    /// Proves to each server that we run on its host (`LocalBulkProof`): the challenges sit in
    /// our memory until every server has answered. A refusal only means bulk keeps the fabric.
    private func proveLocal(_ links: [RPCLink], challenges: [(UInt64, UInt64)], timeoutMilliseconds: Int?) -> [RPCLink] {
        let copies = UnsafeMutableBufferPointer<(UInt64, UInt64)>.allocate(capacity: links.count)
        defer { copies.deallocate() }
        _ = copies.initialize(from: challenges)
        let pid = UInt32(getpid())
        let calls = links.indices.map { index in
            RPCCall(link: links[index], opcode: .localBulkProof,
                    request: LocalBulkProof(pid: pid, address: UInt64(UInt(bitPattern: copies.baseAddress! + index)),
                                            key: LocalBulk.processKey))
        }
        var proven = links
        try? callConcurrently(calls, timeoutMilliseconds: timeoutMilliseconds) { call, outcome in
            guard case .success(let frame) = outcome, frame.header.status.isSuccess else { return }
            proven[call] = RPCLink(peer: links[call].peer, peerIndex: links[call].peerIndex, localBulk: true)
        }
        return proven
    }

    /// Says hello to several servers at once; results in `addresses` order. A first message to
    /// a server makes the provider set up a connection (tcp;ofi_rxm: a handshake that each
    /// side advances only every `FI_OFI_RXM_CM_PROGRESS_INTERVAL`), so one hello after another
    /// pays that set-up once per server, and concurrent hellos pay it about once in all.
    public func link(toAll addresses: [[UInt8]], timeoutMilliseconds: Int? = nil) -> [Result<RPCLink, RPCError>] {
        var results = [Result<RPCLink, RPCError>](repeating: .failure(.notConnected), count: addresses.count)
        let name: [UInt8]
        do throws(FabricError) { name = try endpoint.name() } catch {
            return results.map { _ in .failure(.fabric(error)) }
        }
        var calls: [RPCCall] = []
        var callAddress: [Int] = []
        for (index, address) in addresses.enumerated() {
            do throws(FabricError) {
                let peer = try endpoint.insert(address)
                // A hello is a no-op whose RPC id names no peer index yet (RPCAddressing.swift).
                calls.append(RPCCall(link: RPCLink(peer: peer, peerIndex: RPCAddress.helloPeer), opcode: .noop,
                                     request: NoopMessage(bytes: name), target: .serviceThread))
                callAddress.append(index)
            } catch {
                results[index] = .failure(.fabric(error))
            }
        }
        var challenged: [(result: Int, link: RPCLink, challenge: (UInt64, UInt64))] = []
        do throws(RPCError) {
            try callConcurrently(calls, timeoutMilliseconds: timeoutMilliseconds) { call, outcome in
                let index = callAddress[call]
                results[index] = outcome.flatMap { (frame) -> Result<RPCLink, RPCError> in
                    do throws(RPCError) {
                        let hello = try Self.helloAnswer(frame)
                        let link = RPCLink(peer: calls[call].link.peer, peerIndex: hello.index)
                        if let challenge = hello.challenge { challenged.append((index, link, challenge)) }
                        return .success(link)
                    } catch {
                        return .failure(error)
                    }
                }
            }
        } catch {
            for index in callAddress { if case .failure(.notConnected) = results[index] { results[index] = .failure(error) } }
        }
        if wantsLocalBulk && !challenged.isEmpty {
            let proven = proveLocal(challenged.map(\.link), challenges: challenged.map(\.challenge),
                                    timeoutMilliseconds: timeoutMilliseconds)
            for (entry, link) in zip(challenged, proven) { results[entry.result] = .success(link) }
        }
        return results
    }

    /// Calls `opcode` with `request` and decodes a successful reply as `Reply`. A failure status
    /// throws `.failed` (with the server's detail), a protocol-error reply `.refused`.
    public func call<Request: WireMessage, Reply: WireMessage>(
        _ opcode: Opcode, _ request: Request, expecting: Reply.Type, target: TargetIndex = .serviceThread,
        poolHandle: HandleCookie = .none, containerHandle: HandleCookie = .none, epoch: Epoch = Epoch(0),
        timeoutMilliseconds: Int? = nil
    ) throws(RPCError) -> Reply {
        try callRaw(opcode, request, target: target, poolHandle: poolHandle, containerHandle: containerHandle, epoch: epoch,
                    timeoutMilliseconds: timeoutMilliseconds) { frame throws(RPCError) in
            try Self.decodeReply(frame, as: Reply.self)
        }
    }

    /// Calls `opcode` and hands the reply frame (any status; payload still in our registered
    /// receive buffer) to `body` — for callers that decode by themselves or want the header.
    public func callRaw<Request: WireMessage, T>(
        _ opcode: Opcode, _ request: Request, target: TargetIndex = .serviceThread,
        poolHandle: HandleCookie = .none, containerHandle: HandleCookie = .none, epoch: Epoch = Epoch(0),
        timeoutMilliseconds: Int? = nil, _ body: (Frame) throws(RPCError) -> T
    ) throws(RPCError) -> T {
        guard let peerIndex, let server else { throw .notConnected }
        state.pointee.sequence &+= 1
        let header = FrameHeader(opcode: opcode, rpcID: RPCAddress.rpcID(peer: peerIndex, sequence: state.pointee.sequence),
                                 poolHandle: poolHandle, containerHandle: containerHandle, mapVersion: mapVersion,
                                 target: target, epoch: epoch)
        return try exchange(header, request, to: server, timeout: timeoutMilliseconds ?? self.timeoutMilliseconds, body)
    }

    /// The status and message of a reply frame, as `Reply` or a thrown `RPCError`.
    public static func decodeReply<Reply: WireMessage>(_ frame: Frame, as type: Reply.Type) throws(RPCError) -> Reply {
        if frame.header.opcode == .protocolError {
            let refusal: ProtocolErrorReply
            do throws(WireError) { refusal = try frame.message(as: ProtocolErrorReply.self) } catch { throw .wire(error) }
            throw .refused(detail: refusal.detail)
        }
        guard frame.header.status.isSuccess else {
            let error: ErrorReply
            do throws(WireError) { error = try frame.message(as: ErrorReply.self) } catch { throw .wire(error) }
            throw .failed(frame.header.status, detail: error.detail,
                          leaderHint: error.leaderHint == ErrorReply.noLeaderHint ? nil : error.leaderHint)
        }
        do throws(WireError) { return try frame.message(as: type) } catch { throw .wire(error) }
    }

    // MARK: - One exchange

    private func exchange<Request: WireMessage, T>(
        _ header: FrameHeader, _ request: Request, to server: FabricPeer, timeout: Int, _ body: (Frame) throws(RPCError) -> T
    ) throws(RPCError) -> T {
        let call = state
        call.pointee.counters.calls += 1
        let started = Endpoint.nowMicroseconds()
        let deadline = started / 1000 + timeout
        guard let slot = try freeSendSlot(deadline: deadline) else {
            call.pointee.counters.timeouts += 1
            throw .timedOut(header.opcode, milliseconds: timeout)
        }
        let buffer = sends.slot(slot)
        let length: Int
        do throws(WireError) {
            length = try Frame.encode(header: header, message: request, into: buffer, scratch: &call.pointee.scratch)
        } catch { throw .wire(error) }
        call.pointee.awaited = header.rpcID.rawValue
        call.pointee.awaitedSend = slot
        call.pointee.sendFailure = nil
        call.pointee.replySlot = -1
        defer {
            call.pointee.awaited = 0
            call.pointee.awaitedSend = -1
        }
        if ep.postTimeoutMilliseconds != timeout { ep.postTimeoutMilliseconds = max(1, timeout) }
        do throws(FabricError) {
            try ep.send(UnsafeRawBufferPointer(rebasing: buffer[0..<length]), region: sends.region, to: server,
                        token: RPCToken.send | UInt64(slot))
        } catch {
            if error.code == Int32(FI_ETIMEDOUT) {
                call.pointee.counters.timeouts += 1
                throw .timedOut(header.opcode, milliseconds: timeout)
            }
            throw .fabric(error)
        }
        sendBusy[slot] = true
        let sent = started
        let deadlineMicroseconds = deadline * 1000
        let spinUntil = ep.blocksInProvider
            ? sent : sent + min(replySpinMicrosecondsMax, Int(2 * call.pointee.typicalReplyMicroseconds))
        var now = sent
        while call.pointee.replySlot < 0 {
            let seen = try pollAll()
            if let failure = call.pointee.sendFailure { throw .fabric(failure) }
            if call.pointee.replySlot >= 0 { break }
            now = Endpoint.nowMicroseconds()
            if now >= deadlineMicroseconds {
                call.pointee.counters.timeouts += 1
                call.pointee.typicalReplyMicroseconds = Double(replySpinMicrosecondsMax)
                throw .timedOut(header.opcode, milliseconds: timeout)
            }
            if seen == 0 && now >= spinUntil {
                do throws(FabricError) {
                    try ep.wait(timeoutMilliseconds: Int32(min((deadlineMicroseconds - now + 999) / 1000, 100)))
                } catch { throw .fabric(error) }
            }
        }
        let latency = Double(Endpoint.nowMicroseconds() - sent)
        call.pointee.typicalReplyMicroseconds += (latency - call.pointee.typicalReplyMicroseconds) / 4
        let reply = call.pointee.replySlot
        defer { try? post(receive: reply) }
        let frame: Frame
        do throws(WireError) {
            frame = try Frame.decode(UnsafeRawBufferPointer(rebasing: receives.slot(reply)[0..<call.pointee.replyLength]))
        } catch { throw .wire(error) }
        lastReplyMapVersion = frame.header.mapVersion
        return try body(frame)
    }

    // MARK: - Concurrent calls

    /// How long a wait polls while a batch moves bulk data (see `callConcurrently`): 2 ms when
    /// this process has cores to spare, else the ordinary spin. With more client processes on
    /// the node than cores (an oversubscribed mpiexec), long polling takes the cores the
    /// engines need: HACC-IO with 4 ranks on 2 cores wrote 5–15 % slower with it.
    public static let bulkSpinMicroseconds: Int = {
        let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        let names: [String] = ["OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "PMI_LOCAL_SIZE"]
        let local = names.lazy.compactMap { (name: String) -> Int? in getenv(name).flatMap { Int(String(cString: $0)) } }.first ?? 1
        return local < cores ? 2_000 : Endpoint.spinMicroseconds
    }()

    /// Sends every call — as many at once as there are send and receive buffers — and hands
    /// each call's reply frame (or its error: a timeout, a failed send) to `body` as it arrives,
    /// with the call's index. Returns when every call has been answered or has failed; throws
    /// only when the endpoint itself fails. The frame is valid only inside `body`.
    /// `movesBulk`: the servers will pull from or push to our registered memory, which on tcp
    /// moves only while we poll, so poll longer before sleeping (as DAOS clients poll) — unless
    /// every server moves it by cross-memory attach (`RPCLink.localBulk`).
    /// `preparing` runs just before a call is posted the first time (calls go out in order): the
    /// caller may still fill memory a later call's bulk names while earlier calls are served.
    public func callConcurrently(_ calls: [RPCCall], timeoutMilliseconds: Int? = nil, movesBulk: Bool = false,
                                 preparing: ((Int) -> Void)? = nil,
                                 _ body: (Int, Result<Frame, RPCError>) -> Void) throws(RPCError) {
        guard !calls.isEmpty else { return }
        let call = state
        let timeout = timeoutMilliseconds ?? self.timeoutMilliseconds
        let deadline = rpcNowMilliseconds() + timeout
        let inFlightMax = min(receives.count, sends.count)
        // Servers that attach to our memory need no progress from us to move it.
        let fabricBulk = movesBulk && calls.contains { !$0.link.localBulk }
        // Refilled in place: a call allocates nothing here once the arrays have grown.
        call.pointee.batchIDs.removeAll(keepingCapacity: true)
        call.pointee.batchIDs.append(contentsOf: repeatElement(0, count: calls.count))
        call.pointee.batchSendSlots.removeAll(keepingCapacity: true)
        call.pointee.batchSendSlots.append(contentsOf: repeatElement(-1, count: calls.count))
        call.pointee.batchReplies.removeAll(keepingCapacity: true)
        call.pointee.batchSendFailures.removeAll(keepingCapacity: true)
        defer {
            // Replies that come after we gave up are stale; their slots are reposted by absorb.
            call.pointee.batchIDs.removeAll(keepingCapacity: true)
            call.pointee.batchSendSlots.removeAll(keepingCapacity: true)
        }
        if ep.postTimeoutMilliseconds != timeout { ep.postTimeoutMilliseconds = max(1, timeout) }
        // Calls go out in order from `next`. A post that meets -FI_EAGAIN (queues full, or a
        // connection still being set up) waits in `retry` and goes again after progress, so
        // one slow peer does not hold back the calls to the others.
        var next = 0
        var retry: [Int] = []
        var inFlight = 0
        var finished = 0
        var lastProgress = Endpoint.nowMicroseconds()
        while finished < calls.count {
            // Post while there is room: the retries first, then calls not tried yet.
            var stillWaiting: [Int] = []
            var candidates = retry[...]
            while inFlight < inFlightMax, let slot = sendBusy.firstIndex(of: false) {
                let index: Int
                if let first = candidates.popFirst() {
                    index = first
                } else if next < calls.count {
                    index = next
                    next += 1
                    preparing?(index)
                } else {
                    break
                }
                switch post(calls[index], index, slot: slot) {
                case .posted: inFlight += 1
                case .later: stillWaiting.append(index)
                case .failed(let error):
                    body(index, .failure(error))
                    finished += 1
                }
            }
            retry = stillWaiting + candidates
            // Hand over what arrived.
            while let failure = call.pointee.batchSendFailures.popLast() {
                body(failure.call, .failure(.fabric(failure.error)))
                inFlight -= 1
                finished += 1
            }
            if !call.pointee.batchReplies.isEmpty {
                swap(&call.pointee.handingOver, &call.pointee.batchReplies)
                defer { call.pointee.handingOver.removeAll(keepingCapacity: true) }
                for reply in call.pointee.handingOver {
                    let bytes = UnsafeRawBufferPointer(rebasing: receives.slot(reply.slot)[0..<reply.length])
                    do throws(WireError) {
                        let frame = try Frame.decode(bytes)
                        if frame.header.mapVersion > lastReplyMapVersion { lastReplyMapVersion = frame.header.mapVersion }
                        body(reply.call, .success(frame))
                    } catch {
                        body(reply.call, .failure(.wire(error)))
                    }
                    // Posted again by the next poll, off the path of this reply: the caller
                    // has its answer one fi_recv sooner.
                    repost[call.pointee.repostCount] = reply.slot
                    call.pointee.repostCount += 1
                    inFlight -= 1
                    finished += 1
                }
                continue
            }
            if finished == calls.count { break }
            let now = rpcNowMilliseconds()
            if now >= deadline {
                let waiting = Set(retry)
                for index in 0..<calls.count where call.pointee.batchIDs[index] != 0 || index >= next || waiting.contains(index) {
                    call.pointee.batchIDs[index] = 0
                    call.pointee.counters.timeouts += 1
                    body(index, .failure(.timedOut(calls[index].opcode, milliseconds: timeout)))
                    finished += 1
                }
                break
            }
            if try pollAll() == 0 && call.pointee.batchReplies.isEmpty && call.pointee.batchSendFailures.isEmpty {
                // As in a single call: on providers without a wait object, poll for about a
                // reply's time before sleeping (a sleep there is a coarse backoff).
                let spinning = !ep.blocksInProvider
                    && Endpoint.nowMicroseconds() - lastProgress < min(replySpinMicrosecondsMax, Int(2 * call.pointee.typicalReplyMicroseconds))
                if !spinning {
                    // With posts still waiting, come back soon: their connections progress
                    // only while we poll.
                    let wait = retry.isEmpty ? min(deadline - now, 100) : 1
                    let spin = fabricBulk ? Self.bulkSpinMicroseconds : Endpoint.spinMicroseconds
                    do throws(FabricError) { try ep.wait(timeoutMilliseconds: Int32(wait), spinMicroseconds: spin) } catch { throw .fabric(error) }
                }
            } else {
                lastProgress = Endpoint.nowMicroseconds()
            }
        }
    }

    private enum PostOutcome {
        case posted
        /// The provider cannot take it now; try again after progress.
        case later
        case failed(RPCError)
    }

    /// Encodes call `index` of a batch into send `slot` and offers it to the provider once.
    private func post(_ spec: RPCCall, _ index: Int, slot: Int) -> PostOutcome {
        let call = state
        call.pointee.sequence &+= 1
        let header = FrameHeader(opcode: spec.opcode, rpcID: RPCAddress.rpcID(peer: spec.link.peerIndex, sequence: call.pointee.sequence),
                                 poolHandle: spec.poolHandle, containerHandle: spec.containerHandle, mapVersion: mapVersion,
                                 target: spec.target, epoch: spec.epoch)
        let buffer = sends.slot(slot)
        let length: Int
        do throws(WireError) {
            length = try Frame.encode(header: header, message: spec.request, into: buffer, scratch: &call.pointee.scratch)
        } catch { return .failed(.wire(error)) }
        do throws(FabricError) {
            guard try ep.trySend(UnsafeRawBufferPointer(rebasing: buffer[0..<length]), region: sends.region, to: spec.link.peer,
                                 token: RPCToken.send | UInt64(slot)) else { return .later }
        } catch { return .failed(.fabric(error)) }
        call.pointee.counters.calls += 1
        sendBusy[slot] = true
        call.pointee.batchIDs[index] = header.rpcID.rawValue
        call.pointee.batchSendSlots[index] = slot
        return .posted
    }

    private func freeSendSlot(deadline: Int) throws(RPCError) -> Int? {
        while true {
            if let slot = sendBusy.firstIndex(of: false) { return slot }
            if try pollAll() > 0 { continue }
            let remaining = deadline - rpcNowMilliseconds()
            if remaining <= 0 { return nil }
            do throws(FabricError) { try ep.wait(timeoutMilliseconds: Int32(min(remaining, 100))) } catch { throw .fabric(error) }
        }
    }

    private func post(receive slot: Int) throws(RPCError) {
        do throws(FabricError) { try receives.postReceive(slot, on: ep) } catch { throw .fabric(error) }
    }

    @discardableResult
    private func pollAll() throws(RPCError) -> Int {
        let seen: Int
        do throws(FabricError) {
            seen = try ep.poll(max: 16) { absorb($0) }
        } catch { throw .fabric(error) }
        while state.pointee.repostCount > 0 {
            state.pointee.repostCount -= 1
            try post(receive: repost[state.pointee.repostCount])
        }
        return seen
    }

    private func absorb(_ completion: Completion) {
        let call = state
        let index = RPCToken.index(completion.token)
        switch RPCToken.kind(completion.token) {
        case RPCToken.receive:
            guard completion.error == nil else {
                call.pointee.counters.failedReceives += 1
                repost[call.pointee.repostCount] = index
                call.pointee.repostCount += 1
                return
            }
            // The RPC id is only a routing hint here; `Frame.decode` checks the whole frame.
            let frame = receives.slot(index)
            let id = completion.length >= WireLimits.headerBytes
                ? UInt64(littleEndian: frame.loadUnaligned(fromByteOffset: 16, as: UInt64.self)) : 0
            if call.pointee.replySlot < 0 && call.pointee.awaited != 0 && id == call.pointee.awaited {
                call.pointee.replySlot = index
                call.pointee.replyLength = completion.length
            } else if id != 0, let batchCall = call.pointee.batchIDs.firstIndex(of: id) {
                call.pointee.batchIDs[batchCall] = 0
                call.pointee.batchReplies.append((batchCall, index, completion.length))
            } else {
                call.pointee.counters.staleReplies += 1
                repost[call.pointee.repostCount] = index
                call.pointee.repostCount += 1
            }
        case RPCToken.send:
            sendBusy[index] = false
            if let error = completion.error, index == call.pointee.awaitedSend { call.pointee.sendFailure = error }
            if let batchCall = call.pointee.batchSendSlots.firstIndex(of: index) {
                call.pointee.batchSendSlots[batchCall] = -1
                if let error = completion.error, call.pointee.batchIDs[batchCall] != 0 {
                    call.pointee.batchIDs[batchCall] = 0
                    call.pointee.batchSendFailures.append((batchCall, error))
                }
            }
        default:
            break
        }
    }
}

/// A server a client has said hello to: its address in our address vector and our index there.
public struct RPCLink: Hashable, Sendable {
    public let peer: FabricPeer
    public let peerIndex: UInt32
    /// The server moves our bulk by cross-memory attach (`LocalBulk`), not over the fabric.
    public let localBulk: Bool

    public init(peer: FabricPeer, peerIndex: UInt32, localBulk: Bool = false) {
        self.peer = peer
        self.peerIndex = peerIndex
        self.localBulk = localBulk
    }
}

/// One request of a `callConcurrently` batch.
public struct RPCCall {
    public var link: RPCLink
    public var opcode: Opcode
    public var request: any WireMessage
    public var target: TargetIndex
    public var poolHandle: HandleCookie
    public var containerHandle: HandleCookie
    public var epoch: Epoch

    public init(link: RPCLink, opcode: Opcode, request: any WireMessage, target: TargetIndex = .serviceThread,
                poolHandle: HandleCookie = .none, containerHandle: HandleCookie = .none, epoch: Epoch = Epoch(0)) {
        self.link = link
        self.opcode = opcode
        self.request = request
        self.target = target
        self.poolHandle = poolHandle
        self.containerHandle = containerHandle
        self.epoch = epoch
    }
}
