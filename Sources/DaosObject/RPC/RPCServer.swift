import Glibc

/// A request as a handler sees it: the decoded header and the payload, still in the server's
/// registered receive buffer — valid only until the handler returns.
public struct RPCRequest {
    public let header: FrameHeader
    public let payload: UnsafeRawBufferPointer
    /// Who sent it (see `RPCAddress`); bulk transfers and the reply go there.
    public let peerIndex: UInt32
    public let peer: FabricPeer

    var frame: Frame { Frame(header: header, payload: payload) }

    /// Decodes the payload as `M`. A failure thrown out of the handler is answered with a
    /// `protocolError` reply.
    public func message<M: WireMessage>(as type: M.Type) throws(WireError) -> M { try frame.message(as: type) }

    /// Decodes the payload as the opcode's request type.
    public func message() throws(WireError) -> any WireMessage { try frame.message() }
}

/// What a handler answers: a status, the message (an `ErrorReply` for failures) and the epoch
/// for the reply header.
public struct RPCReply {
    public var status: WireStatus
    public var message: any WireMessage
    public var epoch: Epoch

    public init(status: WireStatus, message: any WireMessage, epoch: Epoch = Epoch(0)) {
        self.status = status
        self.message = message
        self.epoch = epoch
    }

    public static func success(_ message: some WireMessage, epoch: Epoch = Epoch(0)) -> RPCReply {
        RPCReply(status: .success, message: message, epoch: epoch)
    }

    /// `epoch`, when given, is the server's clock: a `restart` carries it so the client's next
    /// epoch is newer than whatever made the server refuse.
    public static func failure(_ status: WireStatus, _ detail: String, leaderHint: UInt32 = ErrorReply.noLeaderHint,
                               epoch: Epoch = Epoch(0)) -> RPCReply {
        precondition(!status.isSuccess, "a failure reply needs a failure status")
        return RPCReply(status: status, message: ErrorReply(detail: detail, leaderHint: leaderHint), epoch: epoch)
    }
}

/// The server side of the RPC layer on one endpoint, driven by the thread that owns it
/// (an engine target or service thread): receive into pre-posted registered buffers, decode,
/// call the handler, send the reply from a registered send buffer, re-post. Handlers move bulk
/// data with `pull` / `push`, which complete before the handler returns (so before the reply).
///
/// Bad input never traps: a frame whose header fails its checks or CRC is dropped and
/// counted; one whose header passed but whose opcode or payload did not decode gets a
/// `protocolError` reply when its RPC id names a known peer (else it is dropped and counted).
public final class RPCServer {
    public struct Counters: Sendable, Equatable {
        /// Requests handed to the handler (hellos not included).
        public var requests = 0
        public var hellos = 0
        /// Replies posted, protocol-error replies included.
        public var replies = 0
        /// Frames answered with a `protocolError` reply.
        public var protocolErrors = 0
        /// Frames dropped unanswered: bad header or CRC, a reply sent to us, an unknown peer
        /// index, an unusable hello, a failed receive.
        public var droppedFrames = 0
        /// Of the dropped frames, those naming a peer index we never assigned.
        public var unknownPeers = 0
        /// Handlers that threw (answered with an `ErrorReply`).
        public var handlerFailures = 0
        /// Replies that could not be sent (no send buffer before the deadline, post failure).
        public var sendFailures = 0
        public var bytesPulled: UInt64 = 0
        public var bytesPushed: UInt64 = 0
        /// Pulls and pushes done by cross-memory attach (`LocalBulk`), not the fabric.
        public var localTransfers = 0
        /// Proofs of locality accepted and refused.
        public var localProofs = 0
        public var localRefusals = 0
    }

    public let domain: FabricDomain
    private var endpointStorage: Endpoint?
    /// The endpoint without reference counting or exclusivity checks on the hot path; kept
    /// alive by `endpointStorage` until deinit.
    private unowned(unsafe) let ep: Endpoint
    public var endpoint: Endpoint { ep }
    public var counters: Counters { st.pointee.counters }
    /// Sent in every reply header.
    public var mapVersion: UInt32 = 0
    /// How long a bulk transfer, or a wait for a free send buffer, may take.
    public var bulkTimeoutMilliseconds = 10_000
    /// Bulk transfers are split into RMA operations of at most this many bytes.
    public var rmaChunkBytes = 1 << 20
    /// Whether a client may prove it is this very process (tests run clients beside servers).
    /// Off by default: our own memory holds the challenge too (its copy, the hello reply's send
    /// buffer), so a client naming our pid and such an address would pass, and its descriptors
    /// would then aim our transfers at our own memory.
    public var attachesOwnProcess = false

    private let receives: RegisteredSlots
    private let sends: RegisteredSlots

    /// The mutable state of the request path, behind a pointer: class properties pay a dynamic
    /// exclusivity check per access, a measurable share of a 2 µs shm round trip.
    private struct ServeState {
        var counters = Counters()
        var scratch = ByteWriter(capacity: 1024)
        var freeSends: [Int] = []
        /// Received frames waiting for the handler: (slot, length). Never longer than the slots.
        var ready: [(slot: Int, length: Int)] = []
        var readyHead = 0
        /// Receive slots to post again (after a failed receive).
        var repost: [Int] = []
        var bulkSerial: UInt64 = 0
        var bulkOutstanding = 0
        var bulkFailure: FabricError?
        /// Per peer index, what local bulk knows of the peer.
        var localPeers: [LocalPeer] = []
    }

    /// A peer as local bulk (`LocalBulk`) sees it.
    private struct LocalPeer {
        /// The pid it proved it runs as on this host (its bulk moves by cross-memory attach),
        /// else 0.
        var pid: Int32 = 0
        /// Its process's secret from the proof: descriptors must carry it.
        var key: UInt64 = 0
        /// The challenge of its last hello, until a proof uses it.
        var challenge: (UInt64, UInt64) = (0, 0)
    }
    private let st: UnsafeMutablePointer<ServeState>
    private var peers: [FabricPeer] = []
    private var peerIndexByAddress: [[UInt8]: UInt32] = [:]
    public let peersMax: Int
    /// A registered buffer handlers may pull into and push from.
    public let bulkBuffer: UnsafeMutableRawBufferPointer
    private var bulkRegionStorage: MemoryRegion?
    public var bulkRegion: MemoryRegion { bulkRegionStorage! }

    /// - Parameters:
    ///   - receiveBuffers: frames that can arrive before the handler catches up.
    ///   - sendBuffers: replies that can be in flight at once.
    ///   - bulkBufferBytes: size of `bulkBuffer`.
    /// `warmingUp`: the endpoint first sends itself a message (`Endpoint.warmUpSends`), so that
    /// the first client's first call does not pay the provider's set-up of our replies. A
    /// warm-up that fails costs nothing but that: its message can only land in its own buffer.
    public init(domain: FabricDomain, receiveBuffers: Int = 32, sendBuffers: Int = 16,
                bulkBufferBytes: Int = 4 << 20, peersMax: Int = 1 << 16, warmingUp: Bool = false) throws(FabricError) {
        self.domain = domain
        self.peersMax = peersMax
        let endpoint = try Endpoint(domain: domain, depth: max(512, 2 * (receiveBuffers + sendBuffers)))
        if warmingUp { try? endpoint.warmUpSends() }
        receives = try RegisteredSlots(domain: domain, count: receiveBuffers, slotBytes: WireLimits.frameBytesMax)
        sends = try RegisteredSlots(domain: domain, count: sendBuffers, slotBytes: WireLimits.frameBytesMax)
        bulkBuffer = .allocate(byteCount: max(bulkBufferBytes, 64), alignment: 4096)
        bulkBuffer.initializeMemory(as: UInt8.self, repeating: 0)
        do throws(FabricError) {
            bulkRegionStorage = try MemoryRegion(domain: domain, buffer: bulkBuffer)
        } catch {
            bulkBuffer.deallocate()
            receives.release()
            sends.release()
            throw error
        }
        st = .allocate(capacity: 1)
        st.initialize(to: ServeState())
        st.pointee.freeSends = Array((0..<sendBuffers).reversed())
        st.pointee.ready.reserveCapacity(receiveBuffers)
        st.pointee.repost.reserveCapacity(receiveBuffers)
        endpointStorage = endpoint
        ep = endpoint
        for slot in 0..<receiveBuffers {
            try receives.postReceive(slot, on: endpoint)
        }
    }

    deinit {
        endpointStorage = nil  // closes the endpoint: nothing is posted into our memory any more
        receives.release()
        sends.release()
        bulkRegionStorage = nil
        bulkBuffer.deallocate()
        st.deinitialize(count: 1)
        st.deallocate()
    }

    /// The address clients connect to.
    public func name() throws(FabricError) -> [UInt8] { try ep.name() }

    public var peerCount: Int { peers.count }

    /// Serves until `shouldStop` returns true; it is checked at least every `waitMilliseconds`.
    public func serve(until shouldStop: () -> Bool, waitMilliseconds: Int32 = 50,
                      handler: (RPCRequest) throws -> RPCReply) throws(RPCError) {
        while !shouldStop() {
            try progress(timeoutMilliseconds: waitMilliseconds, handler: handler)
        }
    }

    /// One round: handles every frame that has arrived, waiting up to `timeoutMilliseconds`
    /// when none has. Returns the frames handled.
    @discardableResult
    public func progress(timeoutMilliseconds: Int32, handler: (RPCRequest) throws -> RPCReply) throws(RPCError) -> Int {
        if st.pointee.readyHead == st.pointee.ready.count {
            if try pollAll() == 0 && st.pointee.readyHead == st.pointee.ready.count {
                do throws(FabricError) { try ep.wait(timeoutMilliseconds: timeoutMilliseconds) } catch { throw .fabric(error) }
                try pollAll()
            }
        }
        var handled = 0
        while st.pointee.readyHead < st.pointee.ready.count {
            let next = st.pointee.ready[st.pointee.readyHead]
            st.pointee.readyHead += 1
            if st.pointee.readyHead == st.pointee.ready.count {
                st.pointee.ready.removeAll(keepingCapacity: true)
                st.pointee.readyHead = 0
            }
            handle(slot: next.slot, length: next.length, handler: handler)
            try post(receive: next.slot)
            handled += 1
        }
        return handled
    }

    // MARK: - Bulk

    /// RMA-reads the bytes `descriptor` names from the requesting client into `buffer` (default:
    /// `bulkBuffer`), segments in order; returns the filled prefix. `region` must cover a
    /// caller-supplied buffer on providers that need local registration.
    @discardableResult
    public func pull(_ descriptor: BulkDescriptor, for request: RPCRequest,
                     into buffer: UnsafeMutableRawBufferPointer? = nil, region: MemoryRegion? = nil) throws(RPCError) -> UnsafeMutableRawBufferPointer {
        let target = buffer ?? bulkBuffer
        let count = descriptor.byteCount
        guard count <= UInt64(target.count) else { throw .bulkTooLarge(needed: count, available: target.count) }
        let local = UnsafeMutableRawBufferPointer(rebasing: target[0..<Int(count)])
        try transfer(read: true, descriptor, local: UnsafeRawBufferPointer(local), region: buffer == nil ? bulkRegion : region,
                     request: request)
        st.pointee.counters.bytesPulled += count
        return local
    }

    /// RMA-writes `bytes` into the requesting client's memory that `descriptor` names,
    /// segments in order (`bytes` may be shorter than the descriptor, not longer). Bytes inside
    /// `bulkBuffer` need no `region`.
    public func push(_ bytes: UnsafeRawBufferPointer, region: MemoryRegion? = nil, to descriptor: BulkDescriptor,
                     for request: RPCRequest) throws(RPCError) {
        guard UInt64(bytes.count) <= descriptor.byteCount else {
            throw .bulkTooLarge(needed: UInt64(bytes.count), available: Int(clamping: descriptor.byteCount))
        }
        guard bytes.count > 0 else { return }
        let localRegion = region ?? (bulkRegion.contains(bytes.baseAddress!, count: bytes.count) ? bulkRegion : nil)
        try transfer(read: false, descriptor, local: bytes, region: localRegion, request: request)
        st.pointee.counters.bytesPushed += UInt64(bytes.count)
    }

    /// Whether `request`'s bulk can move by cross-memory attach (`LocalBulk`): its client
    /// proved it shares our host and the descriptor names its window's local address.
    public func attaches(_ request: RPCRequest, _ descriptor: BulkDescriptor) -> Bool {
        descriptor.localAddress != 0 && sharesHost(request, localKey: descriptor.localKey)
    }

    /// Whether `request`'s client proved it shares our host with `localKey` (`LocalBulk`).
    public func sharesHost(_ request: RPCRequest, localKey: UInt64) -> Bool {
        let index = Int(request.peerIndex)
        guard index < st.pointee.localPeers.count else { return false }
        let peer = st.pointee.localPeers[index]
        return peer.pid != 0 && localKey == peer.key
    }

    /// Moves `request`'s bulk with `move` (given the client's pid) when the client can be
    /// attached (`attaches`); true when done. A bad address is the client's mistake and fails
    /// the RPC; any other failure (the permission to attach is gone) returns false and sends
    /// this and later transfers of the peer over the fabric.
    private func attached(_ request: RPCRequest, _ descriptor: BulkDescriptor, read: Bool,
                          _ move: (Int32) -> Int32?) throws(RPCError) -> Bool {
        guard attaches(request, descriptor) else { return false }
        let index = Int(request.peerIndex)
        guard let failure = move(st.pointee.localPeers[index].pid) else {
            st.pointee.counters.localTransfers += 1
            return true
        }
        if LocalBulk.isBadAddress(failure) {
            throw .fabric(FabricError(read ? "process_vm_readv" : "process_vm_writev", code: failure))
        }
        st.pointee.localPeers[index].pid = 0
        return false
    }

    /// Writes `pieces` (`bytes` in all, at most `LocalBulk.iovecsPerCallMax`) in order into the
    /// client's memory `descriptor` names, by cross-memory attach: a gather straight from where
    /// the data lives. Returns false, having moved nothing the client may rely on, when the
    /// client cannot be attached (see `attaches`); push a copy then.
    public func pushGathered(_ pieces: UnsafeBufferPointer<iovec>, bytes: Int, to descriptor: BulkDescriptor,
                             for request: RPCRequest) throws(RPCError) -> Bool {
        guard attaches(request, descriptor), pieces.count <= LocalBulk.iovecsPerCallMax else { return false }
        guard UInt64(bytes) <= descriptor.byteCount else {
            throw .bulkTooLarge(needed: UInt64(bytes), available: Int(clamping: descriptor.byteCount))
        }
        let moved = try attached(request, descriptor, read: false) { pid in
            LocalBulk.transfer(read: false, pid: pid, local: pieces, bytes: bytes, remote: descriptor)
        }
        if moved { st.pointee.counters.bytesPushed += UInt64(bytes) }
        return moved
    }

    private func transfer(read: Bool, _ descriptor: BulkDescriptor, local: UnsafeRawBufferPointer, region: MemoryRegion?,
                          request: RPCRequest) throws(RPCError) {
        if try attached(request, descriptor, read: read, { LocalBulk.transfer(read: read, pid: $0, local: local, remote: descriptor) }) {
            return
        }
        st.pointee.bulkSerial &+= 1
        st.pointee.bulkOutstanding = 0
        st.pointee.bulkFailure = nil
        let token = RPCToken.bulk | (st.pointee.bulkSerial & ~RPCToken.kindMask)
        let deadline = rpcNowMilliseconds() + bulkTimeoutMilliseconds
        var done = 0
        func post(offset: UInt64, length: UInt64) throws(RPCError) {
            var moved: UInt64 = 0
            while moved < length && done < local.count {
                let chunk = Int(min(length - moved, UInt64(rmaChunkBytes), UInt64(local.count - done)))
                let remote = RemoteMemory(address: descriptor.address &+ offset &+ moved, length: UInt64(chunk), key: descriptor.rkey)
                let piece = UnsafeRawBufferPointer(rebasing: local[done..<done + chunk])
                do throws(FabricError) {
                    if read {
                        try ep.read(into: UnsafeMutableRawBufferPointer(mutating: piece), region: region, from: remote,
                                          peer: request.peer, token: token)
                    } else {
                        try ep.write(piece, region: region, to: remote, peer: request.peer, token: token)
                    }
                } catch { throw .fabric(error) }
                st.pointee.bulkOutstanding += 1
                moved += UInt64(chunk)
                done += chunk
            }
        }
        if descriptor.segments.isEmpty {
            try post(offset: 0, length: descriptor.length)
        } else {
            for segment in descriptor.segments { try post(offset: segment.offset, length: segment.length) }
        }
        guard try waitUntil(deadline: deadline, { st.pointee.bulkOutstanding == 0 }) else {
            st.pointee.bulkSerial &+= 1  // late completions of this transfer are ignored
            throw .timedOut(request.header.opcode, milliseconds: bulkTimeoutMilliseconds)
        }
        if let failure = st.pointee.bulkFailure { throw .fabric(failure) }
    }

    // MARK: - Frames

    private func handle(slot: Int, length: Int, handler: (RPCRequest) throws -> RPCReply) {
        let bytes = UnsafeRawBufferPointer(receives.slot(slot)).prefix(length)
        let frame: Frame
        do throws(WireError) {
            frame = try Frame.decode(UnsafeRawBufferPointer(rebasing: bytes))
        } catch {
            answer(error)
            return
        }
        let header = frame.header
        guard !header.flags.contains(.reply) else {
            st.pointee.counters.droppedFrames += 1
            return
        }
        let index = RPCAddress.peer(of: header.rpcID)
        if index == RPCAddress.helloPeer {
            hello(frame)
            return
        }
        guard let peer = knownPeer(index) else { return }
        if header.opcode == .localBulkProof {
            proveLocal(frame, index: Int(index), peer: peer)
            return
        }
        st.pointee.counters.requests += 1
        let request = RPCRequest(header: header, payload: frame.payload, peerIndex: index, peer: peer)
        var reply: RPCReply
        do {
            reply = try handler(request)
        } catch let error as WireError {
            answer(error)
            return
        } catch let error as RPCError {
            st.pointee.counters.handlerFailures += 1
            reply = .failure(error.wireStatus, error.description)
        } catch {
            st.pointee.counters.handlerFailures += 1
            reply = .failure(.ioError, "\(error)")
        }
        send(header.reply(status: reply.status, mapVersion: mapVersion, epoch: reply.epoch), reply.message, to: peer)
    }

    private func knownPeer(_ index: UInt32) -> FabricPeer? {
        guard Int(index) < peers.count else {
            st.pointee.counters.droppedFrames += 1
            st.pointee.counters.unknownPeers += 1
            return nil
        }
        return peers[Int(index)]
    }

    /// A frame that did not decode: a protocol-error reply if its header was trustworthy and
    /// names a known peer, else dropped.
    private func answer(_ error: WireError) {
        guard let (header, message) = error.protocolErrorReply(mapVersion: mapVersion) else {
            st.pointee.counters.droppedFrames += 1
            return
        }
        let index = RPCAddress.peer(of: header.rpcID)
        guard index != RPCAddress.helloPeer else {
            st.pointee.counters.droppedFrames += 1  // a broken hello: we do not know where it came from
            return
        }
        guard let peer = knownPeer(index) else { return }
        st.pointee.counters.protocolErrors += 1
        send(header, message, to: peer)
    }

    private func hello(_ frame: Frame) {
        guard frame.header.opcode == .noop, let message = try? frame.message(as: NoopMessage.self), !message.bytes.isEmpty else {
            st.pointee.counters.droppedFrames += 1
            return
        }
        let index: UInt32
        if let known = peerIndexByAddress[message.bytes] {
            index = known
        } else {
            guard peers.count < peersMax, let peer = try? ep.insert(message.bytes) else {
                st.pointee.counters.droppedFrames += 1
                return
            }
            index = UInt32(peers.count)
            peers.append(peer)
            peerIndexByAddress[message.bytes] = index
            st.pointee.localPeers.append(LocalPeer())
        }
        st.pointee.counters.hellos += 1
        var answer = withUnsafeBytes(of: index.littleEndian, Array.init)
        st.pointee.localPeers[Int(index)] = LocalPeer()
        if offersLocalBulk {
            let challenge = LocalBulk.newChallenge()
            st.pointee.localPeers[Int(index)].challenge = challenge
            withUnsafeBytes(of: challenge) { answer += $0 }
        }
        send(frame.header.reply(status: .success, mapVersion: mapVersion), NoopMessage(bytes: answer), to: peers[Int(index)])
    }

    /// Whether hellos offer a challenge for local bulk (never in a simulated fabric).
    private var offersLocalBulk: Bool { LocalBulk.enabled && domain.simulator == nil }

    /// A `localBulkProof`: if the challenge of the peer's hello is where it says, in the
    /// process it names, its bulk moves by cross-memory attach from now on.
    private func proveLocal(_ frame: Frame, index: Int, peer: FabricPeer) {
        let proof: LocalBulkProof
        do throws(WireError) { proof = try frame.message(as: LocalBulkProof.self) } catch {
            answer(error)
            return
        }
        let challenge = st.pointee.localPeers[index].challenge
        let reply: RPCReply
        let ownProcess = proof.pid == UInt32(getpid())
        if offersLocalBulk, challenge != (0, 0), proof.key != 0, !ownProcess || attachesOwnProcess,
           LocalBulk.verify(pid: proof.pid, address: proof.address, challenge: challenge) {
            st.pointee.localPeers[index].pid = Int32(proof.pid)
            st.pointee.localPeers[index].key = proof.key
            st.pointee.counters.localProofs += 1
            reply = .success(EmptyMessage())
        } else {
            st.pointee.counters.localRefusals += 1
            reply = .failure(.unsupported, "local bulk refused: the challenge is not readable in process \(proof.pid)")
        }
        st.pointee.localPeers[index].challenge = (0, 0)  // one proof per hello
        send(frame.header.reply(status: reply.status, mapVersion: mapVersion), reply.message, to: peer)
    }

    private func send(_ header: FrameHeader, _ message: some WireMessage, to peer: FabricPeer) {
        do {
            if st.pointee.freeSends.isEmpty {
                let deadline = rpcNowMilliseconds() + bulkTimeoutMilliseconds
                guard try waitUntil(deadline: deadline, { !st.pointee.freeSends.isEmpty }) else {
                    st.pointee.counters.sendFailures += 1
                    return
                }
            }
            let slot = st.pointee.freeSends.removeLast()
            let buffer = sends.slot(slot)
            let length: Int
            do throws(WireError) {
                length = try Frame.encode(header: header, message: message, into: buffer, scratch: &st.pointee.scratch)
            } catch {
                var failure = header
                failure.status = .invalidArgument
                length = try Frame.encode(header: failure, message: ErrorReply(detail: "reply does not fit a frame: \(error)"),
                                          into: buffer, scratch: &st.pointee.scratch)
            }
            do throws(FabricError) {
                try ep.send(UnsafeRawBufferPointer(rebasing: buffer[0..<length]), region: sends.region, to: peer,
                                  token: RPCToken.send | UInt64(slot))
            } catch {
                st.pointee.freeSends.append(slot)
                throw error
            }
            st.pointee.counters.replies += 1
        } catch {
            st.pointee.counters.sendFailures += 1
        }
    }

    // MARK: - Completions

    private func post(receive slot: Int) throws(RPCError) {
        do throws(FabricError) { try receives.postReceive(slot, on: ep) } catch { throw .fabric(error) }
    }

    @discardableResult
    private func pollAll() throws(RPCError) -> Int {
        let seen: Int
        do throws(FabricError) {
            seen = try ep.poll(max: 64) { absorb($0) }
        } catch { throw .fabric(error) }
        while let slot = st.pointee.repost.popLast() { try post(receive: slot) }
        return seen
    }

    private func absorb(_ completion: Completion) {
        let index = RPCToken.index(completion.token)
        switch RPCToken.kind(completion.token) {
        case RPCToken.receive:
            if completion.error != nil {
                st.pointee.counters.droppedFrames += 1
                st.pointee.repost.append(index)
            } else {
                st.pointee.ready.append((index, completion.length))
            }
        case RPCToken.send:
            if completion.error != nil { st.pointee.counters.sendFailures += 1 }
            st.pointee.freeSends.append(index)
        case RPCToken.bulk:
            guard UInt64(index) == st.pointee.bulkSerial & ~RPCToken.kindMask, st.pointee.bulkOutstanding > 0 else { return }
            st.pointee.bulkOutstanding -= 1
            if let error = completion.error, st.pointee.bulkFailure == nil { st.pointee.bulkFailure = error }
        default:
            break
        }
    }

    /// Drives progress (keeping received frames for later) until `done` or the deadline.
    private func waitUntil(deadline: Int, _ done: () -> Bool) throws(RPCError) -> Bool {
        while !done() {
            if try pollAll() > 0 { continue }
            let remaining = deadline - rpcNowMilliseconds()
            if remaining <= 0 { return done() }
            do throws(FabricError) {
                try ep.wait(timeoutMilliseconds: Int32(min(remaining, 100)))
            } catch { throw .fabric(error) }
        }
        return true
    }
}
