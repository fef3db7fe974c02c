import DaosObject
import Glibc
import Testing

/// The RPC layer over real libfabric endpoints on loopback, for every provider: an engine-like
/// server on its own thread (as in `daos_engine`), a client driving progress on the test thread.
@Suite(.serialized) struct RPCTests {
    static let providers = ["tcp;ofi_rxm", "shm", "sockets"]
    static let bulkBytes = 1 << 20

    static func domain(_ provider: String) throws -> FabricDomain {
        try FabricDomain(provider: provider, node: provider == "shm" ? nil : "127.0.0.1")
    }

    /// The bytes a fetch pushes: a pattern the client can check byte for byte.
    static func pattern(_ i: Int) -> UInt8 { UInt8(truncatingIfNeeded: i &* 31 &+ i >> 9 &+ 11) }

    /// The test engine: `noop` echoes; `objectUpdate` pulls the bulk and answers with its CRC-32C
    /// as the epoch; `objectFetch` pushes `pattern` into the client's buffer; anything else fails.
    static func handle(_ request: RPCRequest, server: RPCServer) throws -> RPCReply {
        switch request.header.opcode {
        case .noop:
            return .success(try request.message(as: NoopMessage.self))
        case .objectUpdate:
            let update = try request.message(as: ObjectUpdateRequest.self)
            guard let bulk = update.bulkDescriptor else { return .failure(.invalidArgument, "inline update") }
            let pulled = try server.pull(bulk, for: request)
            return .success(EpochReply(epoch: Epoch(UInt64(CRC.crc32c(UnsafeRawBufferPointer(pulled))))))
        case .objectFetch:
            let fetch = try request.message(as: ObjectFetchRequest.self)
            guard let bulk = fetch.bulk else { return .failure(.invalidArgument, "inline fetch") }
            let count = Int(bulk.byteCount)
            for i in 0..<count { server.bulkBuffer[i] = pattern(i) }
            try server.push(UnsafeRawBufferPointer(rebasing: server.bulkBuffer[0..<count]), to: bulk, for: request)
            return .success(ObjectFetchReply(values: [FetchedValue(sizeBytes: 1)], data: .pushed(byteCount: UInt64(count))))
        default:
            return .failure(.unsupported, "test engine does not serve \(request.header.opcode)")
        }
    }

    /// A server on its own OS thread, serving until `stop()`.
    final class TestServer: Sendable {
        let name = Shared<[UInt8]>()
        let stopFlag = Shared<Bool>()
        let counters = Shared<RPCServer.Counters>()
        let failure = Shared<String>()
        /// Set to keep the stopped server's endpoint open until `release()`.
        let holdFlag = Shared<Bool>()
        let releaseFlag = Shared<Bool>()
        let thread: OSThread

        init(domain: FabricDomain, holdEndpointAfterStop: Bool = false, attachesOwnProcess: Bool = true,
             receiveBuffers: Int = 32) throws {
            let name = self.name, stopFlag = self.stopFlag, counters = self.counters, failure = self.failure
            let releaseFlag = self.releaseFlag
            thread = OSThread {
                do {
                    let server = try RPCServer(domain: domain, receiveBuffers: receiveBuffers)
                    server.attachesOwnProcess = attachesOwnProcess
                    name.set(try server.name())
                    try server.serve(until: { stopFlag.get() == true }, waitMilliseconds: 20) { request in
                        try RPCTests.handle(request, server: server)
                    }
                    counters.set(server.counters)
                    while holdEndpointAfterStop && releaseFlag.get() != true { usleep(1000) }
                } catch {
                    failure.set("\(error)")
                    if name.get() == nil { name.set([]) }
                }
            }
            var published: [UInt8]? = nil
            while published == nil { published = name.get(); if published == nil { usleep(500) } }
            if let message = failure.get() { throw RPCError.unexpectedReply("server failed to start: \(message)") }
        }

        /// Stops serving, joins the thread (the server and its endpoint are gone afterwards).
        @discardableResult
        func stop() -> RPCServer.Counters? {
            stopFlag.set(true)
            releaseFlag.set(true)
            thread.join()
            return counters.get()
        }

        /// Stops serving but keeps the endpoint open (an engine that hangs rather than exits).
        func stopServing() {
            stopFlag.set(true)
            while counters.get() == nil && failure.get() == nil { usleep(500) }
        }
    }

    /// `answersChallenges`: whether the client proves it is local (then the server attaches to
    /// its memory for bulk).
    static func connectedClient(_ domain: FabricDomain, to server: TestServer, answersChallenges: Bool = true) throws -> RPCClient {
        let client = try RPCClient(domain: domain)
        client.timeoutMilliseconds = 5000
        client.answersChallenges = answersChallenges
        try client.connect(to: server.name.get()!)
        return client
    }

    static let oid = ObjectID(hi: 0x0100_0002_0000_0003, lo: 0x10)
    static let iods = [IODescriptor(akey: .uint64(0), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: UInt64(bulkBytes))]))]

    @Test(arguments: providers)
    func noopRoundTrip(provider: String) throws {
        let domain = try Self.domain(provider)
        let server = try TestServer(domain: domain)
        defer { server.stop() }
        let client = try Self.connectedClient(domain, to: server)
        #expect(client.peerIndex == 0)
        for i in 0..<50 {
            let echo = try client.call(.noop, NoopMessage(bytes: [UInt8(i), 7]), expecting: NoopMessage.self)
            #expect(echo.bytes == [UInt8(i), 7])
        }
        let big = NoopMessage(bytes: (0..<NoopMessage.bytesMax).map { UInt8(truncatingIfNeeded: $0) })
        #expect(try client.call(.noop, big, expecting: NoopMessage.self) == big)
        // A handler's failure comes back as the server's status and detail.
        #expect {
            _ = try client.call(.engineQuery, EmptyMessage(), expecting: EngineQueryReply.self)
        } throws: { error in
            guard case RPCError.failed(let status, let detail, _) = error else { return false }
            return status == .unsupported && detail.contains("engineQuery")
        }
        let counters = server.stop()
        // Client and server share a process, so the client proves it is local (one more reply).
        let proofs = LocalBulk.enabled ? 1 : 0
        #expect(counters?.requests == 52 && counters?.replies == 53 + proofs && counters?.hellos == 1)
        #expect(counters?.localProofs == proofs && counters?.localRefusals == 0)
        #expect(counters?.droppedFrames == 0)
    }

    /// A client made ahead of use first sends itself a message (`Endpoint.warmUpSends`). It must
    /// land in the warm-up's own buffer: in one of the receives the client posts for replies it
    /// would be taken for a reply.
    @Test(arguments: providers)
    func warmedUpClientCallsAsAnyOther(provider: String) throws {
        let domain = try Self.domain(provider)
        let server = try TestServer(domain: domain)
        defer { server.stop() }
        let client = try RPCClient(domain: domain, warmingUp: true)
        client.timeoutMilliseconds = 5000
        try client.connect(to: server.name.get()!)
        for i in 0..<20 {
            #expect(try client.call(.noop, NoopMessage(bytes: [UInt8(i), 3]), expecting: NoopMessage.self).bytes == [UInt8(i), 3])
        }
        #expect(client.counters.staleReplies == 0 && client.counters.failedReceives == 0 && client.counters.timeouts == 0)
        #expect(server.stop()?.droppedFrames == 0)
    }

    /// Bulk both ways: by cross-memory attach when the client proved it shares the server's
    /// host (`local`), else by the fabric's RMA.
    @Test(arguments: providers, [true, false])
    func bulkPullAndPush(provider: String, local: Bool) throws {
        let domain = try Self.domain(provider)
        let server = try TestServer(domain: domain)
        defer { server.stop() }
        let client = try Self.connectedClient(domain, to: server, answersChallenges: local)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.bulkBytes, alignment: 4096)
        defer { buffer.deallocate() }
        for i in 0..<Self.bulkBytes { buffer[i] = UInt8(truncatingIfNeeded: i &* 7 &+ i >> 12) }
        let region = try client.register(buffer)

        // Update-like: the server pulls 1 MiB and answers with the checksum of what it got.
        let update = ObjectUpdateRequest(oid: Self.oid, shard: 0, dkey: .uint64(1), iods: Self.iods,
                                         data: .bulk(region.bulkDescriptor()))
        let expected = CRC.crc32c(UnsafeRawBufferPointer(buffer))
        for _ in 0..<3 {
            let reply = try client.call(.objectUpdate, update, expecting: EpochReply.self)
            #expect(reply.epoch.rawValue == UInt64(expected))
        }

        // Fetch-like: the server pushes 1 MiB into our registered buffer.
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        let fetch = ObjectFetchRequest(oid: Self.oid, shard: 0, dkey: .uint64(1), iods: Self.iods, bulk: region.bulkDescriptor())
        let reply = try client.call(.objectFetch, fetch, expecting: ObjectFetchReply.self)
        #expect(reply.data == .pushed(byteCount: UInt64(Self.bulkBytes)))
        var mismatches = 0
        for i in 0..<Self.bulkBytes where buffer[i] != Self.pattern(i) { mismatches += 1 }
        #expect(mismatches == 0)

        // Scatter-gather: two segments of the window, pulled in order.
        let half = Self.bulkBytes / 2
        let segmented = region.bulkDescriptor()
        let gather = segmented.with(segments: [.init(offset: UInt64(half), length: UInt64(half)), .init(offset: 0, length: UInt64(half))])
        let swapped = Array(buffer[half...]) + Array(buffer[..<half])
        let gathered = try client.call(.objectUpdate, ObjectUpdateRequest(oid: Self.oid, shard: 0, dkey: .uint64(1), iods: Self.iods,
                                                                           data: .bulk(gather)), expecting: EpochReply.self)
        #expect(gathered.epoch.rawValue == UInt64(swapped.withUnsafeBytes { CRC.crc32c($0) }))

        let counters = server.stop()
        #expect(counters?.bytesPulled == UInt64(4 * Self.bulkBytes))
        #expect(counters?.bytesPushed == UInt64(Self.bulkBytes))
        #expect(counters?.handlerFailures == 0)
        #expect(counters?.localTransfers == (local && LocalBulk.enabled ? 5 : 0))
    }

    /// Only a proof with the hello's challenge, at its address in the named process, makes a
    /// peer local: a wrong address, another process, a replayed proof are refused, and the
    /// peer's bulk keeps the fabric.
    @Test func localBulkNeedsTheChallenge() throws {
        guard LocalBulk.enabled else { return }
        let domain = try Self.domain("tcp;ofi_rxm")
        // A server that, as an engine, refuses to attach to its own process: the test's
        // client shares it, so even the genuine proof is refused.
        let engineLike = try TestServer(domain: domain, attachesOwnProcess: false)
        let honest = try RPCClient(domain: domain)
        honest.timeoutMilliseconds = 5000
        let link = try honest.link(to: engineLike.name.get()!)
        #expect(!link.localBulk)
        #expect(engineLike.stop()?.localRefusals == 1)

        let server = try TestServer(domain: domain)
        defer { server.stop() }
        let client = try Self.connectedClient(domain, to: server, answersChallenges: false)
        var guess: (UInt64, UInt64) = (1, 2)
        let guessAddress = withUnsafeMutableBytes(of: &guess) { UInt64(UInt(bitPattern: $0.baseAddress!)) }
        let forgeries = [LocalBulkProof(pid: 1, address: guessAddress, key: 7),  // another process
                         LocalBulkProof(pid: UInt32(getpid()), address: guessAddress, key: 7),  // not the challenge
                         LocalBulkProof(pid: UInt32(getpid()), address: 0, key: 7)]
        for forgery in forgeries {
            #expect {
                _ = try client.call(.localBulkProof, forgery, expecting: EmptyMessage.self)
            } throws: { error in
                guard case RPCError.failed(let status, let detail, _) = error else { return false }
                return status == .unsupported && detail.contains("local bulk refused")
            }
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 3)
        let region = try client.register(buffer)
        let iods = [IODescriptor(akey: .uint64(0), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: 4096)]))]
        let reply = try client.call(.objectUpdate, ObjectUpdateRequest(oid: Self.oid, shard: 0, dkey: .uint64(1), iods: iods,
                                                                        data: .bulk(region.bulkDescriptor())), expecting: EpochReply.self)
        #expect(reply.epoch.rawValue == UInt64(CRC.crc32c(UnsafeRawBufferPointer(buffer))))

        // A proven peer: a descriptor without this process's key (a request borrowing the
        // peer's index) moves over the fabric; with the key, by attach.
        let proven = try Self.connectedClient(domain, to: server)
        let provenRegion = try proven.register(buffer)
        var borrowed = provenRegion.bulkDescriptor()
        borrowed.localKey &+= 1
        for descriptor in [borrowed, provenRegion.bulkDescriptor()] {
            let answer = try proven.call(.objectUpdate, ObjectUpdateRequest(oid: Self.oid, shard: 0, dkey: .uint64(1), iods: iods,
                                                                            data: .bulk(descriptor)), expecting: EpochReply.self)
            #expect(answer.epoch == reply.epoch)
        }
        let counters = server.stop()
        #expect(counters?.localRefusals == 3 && counters?.localProofs == 1 && counters?.localTransfers == 1)
    }

    /// Frames sent raw through an endpoint: garbage and a bad CRC are dropped, a frame from a
    /// peer index never assigned is dropped, a bad payload behind a good CRC gets a
    /// protocol-error reply — and the server keeps serving.
    @Test(arguments: providers)
    func malformedFramesAreDroppedOrAnswered(provider: String) throws {
        let domain = try Self.domain(provider)
        let server = try TestServer(domain: domain)
        defer { server.stop() }
        let raw = try Endpoint(domain: domain)
        let peer = try raw.insert(server.name.get()!)
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * WireLimits.frameBytesMax, alignment: 64)
        defer { memory.deallocate() }
        memory.initializeMemory(as: UInt8.self, repeating: 0)
        let region = try MemoryRegion(domain: domain, buffer: memory)
        let outbox = UnsafeMutableRawBufferPointer(rebasing: memory[0..<WireLimits.frameBytesMax])
        let inbox = UnsafeMutableRawBufferPointer(rebasing: memory[WireLimits.frameBytesMax...])

        /// Waits for one completion of each kind; returns the receive's length, if any.
        func settle(_ kinds: [Completion.Kind]) throws -> Int {
            var pending = kinds
            var received = 0
            var waits = 0
            while !pending.isEmpty {
                var failure: FabricError?
                let seen = try raw.poll { completion in
                    if let error = completion.error { failure = error }
                    if completion.kind == .receive { received = completion.length }
                    if let i = pending.firstIndex(of: completion.kind) { pending.remove(at: i) }
                }
                if let failure { throw failure }
                if seen == 0 && !pending.isEmpty {
                    try raw.wait(timeoutMilliseconds: 50)
                    waits += 1
                    if waits > 100 { throw FabricError("test wait", code: 110) }
                }
            }
            return received
        }
        func send(_ bytes: [UInt8], expectingReply: Bool = false) throws -> Int {
            if expectingReply { try raw.postReceive(inbox, region: region, token: 2) }
            outbox.copyBytes(from: bytes)
            try raw.send(UnsafeRawBufferPointer(rebasing: outbox[0..<bytes.count]), region: region, to: peer, token: 1)
            return try settle(expectingReply ? [Completion.Kind.send, .receive] : [Completion.Kind.send])
        }
        func exchange(_ bytes: [UInt8]) throws -> Frame {
            let length = try send(bytes, expectingReply: true)
            return try Frame.decode(UnsafeRawBufferPointer(rebasing: inbox[0..<length]))
        }

        // Hello by hand, to learn a peer index for the frames below.
        let hello = try Frame.encoded(header: FrameHeader(opcode: .noop, rpcID: RPCAddress.rpcID(peer: RPCAddress.helloPeer, sequence: 1)),
                                      message: NoopMessage(bytes: try raw.name()))
        let welcome = try exchange(hello)
        let index = try RPCClient.decodeReply(welcome, as: NoopMessage.self).bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }

        // Dropped: garbage, a flipped CRC, a good frame from a peer index never assigned.
        var random = SplitMix64(seed: 42)
        _ = try send((0..<100).map { _ in UInt8(truncatingIfNeeded: random.next()) })
        var corrupted = try Frame.encoded(header: FrameHeader(opcode: .noop, rpcID: RPCAddress.rpcID(peer: index, sequence: 2)),
                                          message: NoopMessage(bytes: [1, 2, 3]))
        corrupted[60] ^= 0x01
        _ = try send(corrupted)
        _ = try send(try Frame.encoded(header: FrameHeader(opcode: .noop, rpcID: RPCAddress.rpcID(peer: 77, sequence: 3)),
                                   message: NoopMessage()))

        // Answered: a no-op whose length prefix lies, behind a valid CRC.
        let lying: [UInt8] = [10, 0, 0, 0, 0xAA, 0xBB]
        var frame = [UInt8](repeating: 0, count: 64 + lying.count)
        let badID = RPCAddress.rpcID(peer: index, sequence: 4)
        try frame.withUnsafeMutableBytes { buffer in
            try lying.withUnsafeBytes { payload in
                _ = try Frame.encode(header: FrameHeader(opcode: .noop, rpcID: badID), payload: payload, into: buffer)
            }
        }
        let refusal = try exchange(frame)
        #expect(refusal.header.opcode == .protocolError && refusal.header.rpcID == badID)
        #expect(refusal.header.status == .protocolError)
        #expect(throws: RPCError.self) { try RPCClient.decodeReply(refusal, as: NoopMessage.self) }

        // The server keeps serving, the raw peer and a proper client alike.
        let echo = try exchange(try Frame.encoded(header: FrameHeader(opcode: .noop, rpcID: RPCAddress.rpcID(peer: index, sequence: 5)),
                                                  message: NoopMessage(bytes: [9])))
        #expect(try RPCClient.decodeReply(echo, as: NoopMessage.self).bytes == [9])
        let client = try Self.connectedClient(domain, to: server)
        #expect(try client.call(.noop, NoopMessage(bytes: [5]), expecting: NoopMessage.self).bytes == [5])

        let counters = server.stop()
        #expect(counters?.droppedFrames == 3)
        #expect(counters?.unknownPeers == 1)
        #expect(counters?.protocolErrors == 1)
        #expect(counters?.hellos == 2)
        #expect(server.failure.get() == nil)
    }

    /// A server that stopped: calls fail with an error by their deadline instead of hanging.
    /// `closed`: its thread ended and its endpoint is closed (an engine that exited); else it
    /// stopped serving with the endpoint still open (an engine that hangs). shm only gets the
    /// second: in libfabric 1.17 an shm send to an endpoint closed *in the same process*
    /// crashes inside the provider (the peer's region is unmapped under the sender).
    @Test(arguments: [("tcp;ofi_rxm", true), ("tcp;ofi_rxm", false), ("shm", false), ("sockets", true), ("sockets", false)])
    func callToStoppedServerTimesOut(provider: String, closed: Bool) throws {
        let domain = try Self.domain(provider)
        let server = try TestServer(domain: domain, holdEndpointAfterStop: !closed)
        defer { server.stop() }
        let client = try Self.connectedClient(domain, to: server)
        #expect(try client.call(.noop, NoopMessage(), expecting: NoopMessage.self) == NoopMessage())
        if closed { server.stop() } else { server.stopServing() }
        for _ in 0..<2 {
            let clock = ContinuousClock()
            let started = clock.now
            #expect {
                _ = try client.call(.noop, NoopMessage(bytes: [1]), expecting: NoopMessage.self, timeoutMilliseconds: 300)
            } throws: { error in
                guard let error = error as? RPCError else { return false }
                switch error {
                case .timedOut(let opcode, let ms): return opcode == .noop && ms == 300
                case .fabric: return closed  // the provider noticed the peer is gone
                default: return false
                }
            }
            #expect(clock.now - started < .seconds(3))
        }
        if !closed { #expect(client.counters.timeouts == 2) }
    }

    /// One client, three servers: a batch goes out at once and each reply reaches its own call;
    /// a server that stops answering costs its calls a timeout and nothing else.
    @Test(arguments: ["tcp;ofi_rxm", "shm"])
    func concurrentCallsToSeveralServers(provider: String) throws {
        let domain = try Self.domain(provider)
        let servers = try (0..<3).map { _ in try TestServer(domain: domain, holdEndpointAfterStop: true) }
        defer { servers.forEach { $0.stop() } }
        let client = try RPCClient(domain: domain, receiveBuffers: 8, sendBuffers: 8)
        let links = try servers.map { try client.link(to: $0.name.get()!, timeoutMilliseconds: 5_000) }
        #expect(Set(links.map(\.peer)).count == 3)
        // More calls than buffers: they go out in waves.
        let calls = (0..<30).map { RPCCall(link: links[$0 % 3], opcode: .noop, request: NoopMessage(bytes: [UInt8($0), 0xAB])) }
        var answers = [[UInt8]?](repeating: nil, count: calls.count)
        try client.callConcurrently(calls, timeoutMilliseconds: 5_000) { index, outcome in
            if case .success(let frame) = outcome { answers[index] = try? RPCClient.decodeReply(frame, as: NoopMessage.self).bytes }
        }
        #expect(answers.enumerated().allSatisfy { $0.element == [UInt8($0.offset), 0xAB] })

        servers[1].stopServing()
        var failed: [Int] = []
        var answered: [Int] = []
        let started = Endpoint.nowMicroseconds()
        try client.callConcurrently(Array(calls.prefix(6)), timeoutMilliseconds: 300) { index, outcome in
            switch outcome {
            case .success: answered.append(index)
            case .failure(let error):
                if case .timedOut = error { failed.append(index) }
            }
        }
        #expect(failed.sorted() == [1, 4] && answered.sorted() == [0, 2, 3, 5])
        #expect(Endpoint.nowMicroseconds() - started < 2_000_000, "the batch waited far past its deadline")
    }

    /// Frames of every size up to the largest, from several clients at once to a server that
    /// has posted only two receives: most arrive before a receive waits for them. ofi_rxm's
    /// bounce buffers are smaller than our largest frames (`FabricDomain.setProviderDefaults`),
    /// so over tcp those go in segments; each frame must arrive whole.
    @Test(arguments: ["tcp;ofi_rxm", "shm", "sockets"])
    func largeFramesToABusyServerArriveWhole(provider: String) throws {
        let domain = try Self.domain(provider)
        let server = try TestServer(domain: domain, receiveBuffers: 2)
        defer { server.stop() }
        let clients = try (0..<3).map { _ in try Self.connectedClient(domain, to: server) }
        let sizes = [0, 1, 2_000, 2_100, 4_200, 8_191, 12_000, NoopMessage.bytesMax - 1, NoopMessage.bytesMax]
        for round in 0..<4 {
            for (c, client) in clients.enumerated() {
                let link = try client.link(to: try #require(server.name.get()))
                let calls = sizes.enumerated().map { i, size in
                    RPCCall(link: link, opcode: .noop,
                            request: NoopMessage(bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i &+ c &+ round) }))
                }
                var answered = 0
                try client.callConcurrently(calls, timeoutMilliseconds: 10_000) { index, outcome in
                    let sent = (calls[index].request as? NoopMessage)?.bytes
                    if case .success(let frame) = outcome, let echo = try? RPCClient.decodeReply(frame, as: NoopMessage.self),
                       echo.bytes == sent {
                        answered += 1
                    } else {
                        Issue.record("client \(c) call \(index) (\(sizes[index]) bytes): \(outcome)")
                    }
                }
                #expect(answered == sizes.count)
            }
        }
        #expect(server.stop()?.droppedFrames == 0)
    }

    /// Hellos to several servers at once: each server gets its own link (its calls reach it),
    /// and a server that does not answer fails only its own hello, by its deadline.
    @Test(arguments: ["tcp;ofi_rxm", "shm"])
    func linksToSeveralServersAtOnce(provider: String) throws {
        let domain = try Self.domain(provider)
        let servers = try (0..<4).map { _ in try TestServer(domain: domain, holdEndpointAfterStop: true) }
        defer { servers.forEach { $0.stop() } }
        servers[2].stopServing()
        let client = try RPCClient(domain: domain, receiveBuffers: 8, sendBuffers: 8)
        let started = Endpoint.nowMicroseconds()
        let results = client.link(toAll: try servers.map { try #require($0.name.get()) }, timeoutMilliseconds: 500)
        #expect(Endpoint.nowMicroseconds() - started < 3_000_000, "the hellos waited far past their deadline")
        #expect(results.count == 4)
        // Either the reply never comes (a timeout) or the provider cannot even deliver the
        // hello to an endpoint that makes no progress (its post times out).
        switch results[2] {
        case .failure(.timedOut(.noop, 500)): break
        case .failure(.fabric(let error)) where error.code == ETIMEDOUT: break
        default: Issue.record("the silent server's hello did not time out: \(results[2])")
        }
        let links = try [0, 1, 3].map { try results[$0].get() }
        #expect(Set(links.map(\.peer)).count == 3)
        #expect(links.allSatisfy { $0.localBulk == LocalBulk.enabled }, "every answering server took our proof")
        let calls = links.enumerated().map { RPCCall(link: $0.element, opcode: .noop, request: NoopMessage(bytes: [UInt8($0.offset), 7])) }
        var answers = [[UInt8]?](repeating: nil, count: calls.count)
        try client.callConcurrently(calls, timeoutMilliseconds: 5_000) { index, outcome in
            if case .success(let frame) = outcome { answers[index] = try? RPCClient.decodeReply(frame, as: NoopMessage.self).bytes }
        }
        #expect(answers == [[0, 7], [1, 7], [2, 7]])
    }

    @Test func callBeforeConnectFails() throws {
        let client = try RPCClient(domain: try Self.domain("shm"))
        #expect(throws: RPCError.self) { try client.call(.noop, NoopMessage(), expecting: NoopMessage.self) }
    }

    @Test func rpcIDsCarryThePeerIndex() {
        let id = RPCAddress.rpcID(peer: 0x1234, sequence: 0xABCD_EF01)
        #expect(id.rawValue == 0x0000_1234_ABCD_EF01)
        #expect(RPCAddress.peer(of: id) == 0x1234 && RPCAddress.sequence(of: id) == 0xABCD_EF01)
    }
}
