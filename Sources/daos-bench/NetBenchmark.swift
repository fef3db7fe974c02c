import ArgumentParser
import DaosObject
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Transport figures per provider, measured between two threads of this process on loopback:
/// the raw libfabric round trip and 1 MiB RMA read (the physical limit), then the same through
/// our RPC layer — a no-op RPC round trip and a 1 MiB bulk-pull RPC — and their ratios.
struct NetBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "net", abstract: "Raw libfabric ping-pong and RMA bandwidth per provider, next to no-op and bulk-pull RPCs.")

    @Option(help: "Providers, comma-separated.") var providers = "tcp;ofi_rxm,shm,sockets"
    @Option(help: "Ping-pong round trips and no-op RPCs (RMA reads and bulk RPCs: a tenth of this).") var iterations = 20_000
    @Option(help: "Bulk transfer size in KiB.") var bulkKiB = 1024
    @Option(help: "Rounds per provider, alternating raw and RPC; each figure is its best round (the host is shared and noisy).")
    var rounds = 5

    func run() throws {
        print("provider       raw RTT µs  RPC RTT µs  RTT ratio   raw RMA GB/s  RPC bulk GB/s  bulk ratio   (\(bulkKiB) KiB bulk)")
        for provider in providers.split(separator: ",").map(String.init) {
            let domain = try FabricDomain(provider: provider, node: provider == "shm" ? nil : "127.0.0.1")
            var raw = RawFabricBaseline.Result(roundTripMicroseconds: .infinity, readGigabytesPerSecond: 0)
            var rpc = RPCMeasurement.Result(roundTripMicroseconds: .infinity, bulkGigabytesPerSecond: 0)
            for _ in 0..<max(1, rounds) {
                let rawRound = try RawFabricBaseline(domain: domain, iterations: iterations, bulkBytes: bulkKiB * 1024).run()
                let rpcRound = try RPCMeasurement(domain: domain, iterations: iterations, bulkBytes: bulkKiB * 1024).run()
                raw.roundTripMicroseconds = min(raw.roundTripMicroseconds, rawRound.roundTripMicroseconds)
                raw.readGigabytesPerSecond = max(raw.readGigabytesPerSecond, rawRound.readGigabytesPerSecond)
                rpc.roundTripMicroseconds = min(rpc.roundTripMicroseconds, rpcRound.roundTripMicroseconds)
                rpc.bulkGigabytesPerSecond = max(rpc.bulkGigabytesPerSecond, rpcRound.bulkGigabytesPerSecond)
            }
            let latencyRatio = rpc.roundTripMicroseconds / raw.roundTripMicroseconds
            let bandwidthRatio = rpc.bulkGigabytesPerSecond / raw.readGigabytesPerSecond
            print(pad(provider, 15) + pad(format(raw.roundTripMicroseconds), 12) + pad(format(rpc.roundTripMicroseconds), 12)
                  + pad(format(latencyRatio) + (latencyRatio <= 1.5 ? "" : " !"), 12)
                  + pad(format(raw.readGigabytesPerSecond), 14) + pad(format(rpc.bulkGigabytesPerSecond), 15)
                  + format(bandwidthRatio) + (bandwidthRatio >= 0.8 ? "" : " !"))
        }
        print("best of \(rounds) alternating rounds; targets: RPC RTT ≤ 1.5 × raw RTT, bulk-pull RPC ≥ 0.8 × raw RMA read (\"!\" marks a miss)")
    }
}

/// The same sizes through the RPC layer: an `RPCServer` on its own thread whose handler echoes
/// no-ops and, for `objectUpdate` with a bulk descriptor, pulls the client's registered buffer
/// into its own registered buffer before replying; an `RPCClient` on this thread timing calls.
struct RPCMeasurement {
    let domain: FabricDomain
    let iterations: Int
    let bulkBytes: Int

    struct Result {
        var roundTripMicroseconds: Double
        var bulkGigabytesPerSecond: Double
    }

    func run() throws -> Result {
        let serverName = Mutex<[UInt8]?>(nil)
        let serverError = Mutex<String?>(nil)
        let stop = Atomic<Bool>(false)
        let domain = self.domain
        let bulkBytes = self.bulkBytes
        let server = OSThread {
            do {
                let server = try RPCServer(domain: domain, bulkBufferBytes: bulkBytes)
                serverName.withLock { $0 = try? server.name() }
                try server.serve(until: { stop.load(ordering: .relaxed) }) { request in
                    switch request.header.opcode {
                    case .noop:
                        return .success(try request.message(as: NoopMessage.self))
                    case .objectUpdate:
                        let update = try request.message(as: ObjectUpdateRequest.self)
                        guard let bulk = update.bulkDescriptor else { return .failure(.invalidArgument, "inline update") }
                        try server.pull(bulk, for: request)
                        return .success(EpochReply(epoch: Epoch(1)))
                    default:
                        return .failure(.unsupported, "not served by the benchmark")
                    }
                }
            } catch {
                serverError.withLock { $0 = "\(error)" }
                serverName.withLock { if $0 == nil { $0 = [] } }
            }
        }
        defer {
            stop.store(true, ordering: .relaxed)
            server.join()
        }
        var name: [UInt8]? = nil
        while name == nil { name = serverName.withLock { $0 }; if name == nil { usleep(100) } }
        if let message = serverError.withLock({ $0 }) { throw BenchmarkError("RPC server: \(message)") }

        let client = try RPCClient(domain: domain)
        try client.connect(to: name!)
        let noop = NoopMessage()
        for _ in 0..<100 { _ = try client.call(.noop, noop, expecting: NoopMessage.self) }  // warm the connection
        var start = monotonicSeconds()
        for _ in 0..<iterations { _ = try client.call(.noop, noop, expecting: NoopMessage.self) }
        let roundTrip = (monotonicSeconds() - start) / Double(iterations) * 1e6

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bulkBytes, alignment: 4096)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 7)
        let region = try client.register(buffer)
        let update = ObjectUpdateRequest(
            oid: ObjectID(hi: 0, lo: 1), shard: 0, dkey: .uint64(0),
            iods: [IODescriptor(akey: .uint64(0), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: UInt64(bulkBytes))]))],
            data: .bulk(region.bulkDescriptor()))
        let calls = max(1, iterations / 10)
        for _ in 0..<5 { _ = try client.call(.objectUpdate, update, expecting: EpochReply.self) }
        start = monotonicSeconds()
        for _ in 0..<calls { _ = try client.call(.objectUpdate, update, expecting: EpochReply.self) }
        let seconds = monotonicSeconds() - start
        return Result(roundTripMicroseconds: roundTrip, bulkGigabytesPerSecond: Double(bulkBytes) * Double(calls) / seconds / 1e9)
    }
}

