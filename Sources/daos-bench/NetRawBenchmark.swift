import DaosObject
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The transport's physical limit on this machine: libfabric ping-pong and RMA read straight on
/// endpoints, with no protocol of ours on top. A server thread echoes messages and pulls bulk.
struct RawFabricBaseline {
    let domain: FabricDomain
    let iterations: Int
    let bulkBytes: Int

    struct Result {
        var roundTripMicroseconds: Double
        var readGigabytesPerSecond: Double
    }

    /// Names exchanged between the two threads before they talk over the fabric.
    final class Rendezvous: Sendable {
        let serverName = Mutex<[UInt8]?>(nil)
        let clientName = Mutex<[UInt8]?>(nil)
        func await(_ slot: borrowing Mutex<[UInt8]?>) -> [UInt8] {
            while true {
                if let value = slot.withLock({ $0 }) { return value }
                usleep(100)
            }
        }
    }

    func run() throws -> Result {
        let rendezvous = Rendezvous()
        let domain = self.domain
        let iterations = self.iterations
        let bulkBytes = self.bulkBytes
        let serverResult = Mutex<Result?>(nil)
        let serverError = Mutex<String?>(nil)
        let server = OSThread {
            do {
                let seconds = try Self.serve(domain: domain, rendezvous: rendezvous, iterations: iterations, bulkBytes: bulkBytes)
                serverResult.withLock { $0 = Result(roundTripMicroseconds: 0, readGigabytesPerSecond: Double(bulkBytes) * Double(iterations / 10) / seconds / 1e9) }
            } catch {
                serverError.withLock { $0 = "\(error)" }
            }
        }
        let roundTrip = try Self.ping(domain: domain, rendezvous: rendezvous, iterations: iterations, bulkBytes: bulkBytes)
        server.join()
        if let message = serverError.withLock({ $0 }) { throw BenchmarkError(message) }
        var result = serverResult.withLock { $0 }!
        result.roundTripMicroseconds = roundTrip
        return result
    }

    /// Client side: `iterations` 64-byte ping-pongs, then hands the server its bulk buffer.
    static func ping(domain: FabricDomain, rendezvous: Rendezvous, iterations: Int, bulkBytes: Int) throws -> Double {
        let endpoint = try Endpoint(domain: domain)
        rendezvous.clientName.withLock { $0 = try? endpoint.name() }
        let server = try endpoint.insert(rendezvous.await(rendezvous.serverName))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bulkBytes + 128, alignment: 64)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 7)
        let region = try MemoryRegion(domain: domain, buffer: buffer)
        let message = UnsafeMutableRawBufferPointer(rebasing: buffer[bulkBytes..<bulkBytes + 64])
        let reply = UnsafeMutableRawBufferPointer(rebasing: buffer[bulkBytes + 64..<bulkBytes + 128])
        var start = 0.0
        for i in 0..<(iterations + 100) {
            if i == 100 { start = monotonicSeconds() }  // first 100 warm the connection
            try endpoint.postReceive(reply, region: region, token: 1)
            try endpoint.send(UnsafeRawBufferPointer(message), region: region, to: server, token: 2)
            try waitFor(endpoint, kinds: [.send, .receive])
        }
        let roundTrip = (monotonicSeconds() - start) / Double(iterations) * 1e6
        // Hand over the bulk descriptor (24 bytes) and wait for the server's "done".
        let remote = region.remote(offset: 0, length: bulkBytes)
        message.storeBytes(of: remote.address, toByteOffset: 0, as: UInt64.self)
        message.storeBytes(of: remote.length, toByteOffset: 8, as: UInt64.self)
        message.storeBytes(of: remote.key, toByteOffset: 16, as: UInt64.self)
        try endpoint.postReceive(reply, region: region, token: 1)
        try endpoint.send(UnsafeRawBufferPointer(rebasing: message[0..<24]), region: region, to: server, token: 2)
        try waitFor(endpoint, kinds: [.send, .receive])
        return roundTrip
    }

    /// Server side: echoes pings, then pulls the client's buffer iterations/10 times.
    static func serve(domain: FabricDomain, rendezvous: Rendezvous, iterations: Int, bulkBytes: Int) throws -> Double {
        let endpoint = try Endpoint(domain: domain)
        rendezvous.serverName.withLock { $0 = try? endpoint.name() }
        let client = try endpoint.insert(rendezvous.await(rendezvous.clientName))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bulkBytes + 128, alignment: 64)
        defer { buffer.deallocate() }
        let region = try MemoryRegion(domain: domain, buffer: buffer)
        let inbox = UnsafeMutableRawBufferPointer(rebasing: buffer[bulkBytes..<bulkBytes + 64])
        let outbox = UnsafeMutableRawBufferPointer(rebasing: buffer[bulkBytes + 64..<bulkBytes + 128])
        for _ in 0..<(iterations + 100) {
            try endpoint.postReceive(inbox, region: region, token: 1)
            try waitFor(endpoint, kinds: [.receive])
            try endpoint.send(UnsafeRawBufferPointer(outbox), region: region, to: client, token: 2)
            try waitFor(endpoint, kinds: [.send])
        }
        try endpoint.postReceive(inbox, region: region, token: 1)
        try waitFor(endpoint, kinds: [.receive])
        let remote = RemoteMemory(address: inbox.load(fromByteOffset: 0, as: UInt64.self),
                                  length: inbox.load(fromByteOffset: 8, as: UInt64.self),
                                  key: inbox.load(fromByteOffset: 16, as: UInt64.self))
        let target = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bulkBytes])
        let reads = max(1, iterations / 10)
        try endpoint.read(into: target, region: region, from: remote, peer: client, token: 3)
        try waitFor(endpoint, kinds: [.read])
        let start = monotonicSeconds()
        for _ in 0..<reads {
            try endpoint.read(into: target, region: region, from: remote, peer: client, token: 3)
            try waitFor(endpoint, kinds: [.read])
        }
        let seconds = monotonicSeconds() - start
        try endpoint.send(UnsafeRawBufferPointer(outbox), region: region, to: client, token: 2)
        try waitFor(endpoint, kinds: [.send])
        return seconds
    }

    /// Waits until one completion of each kind in `kinds` has arrived.
    static func waitFor(_ endpoint: Endpoint, kinds: [Completion.Kind]) throws {
        var pending = kinds
        while !pending.isEmpty {
            var failure: FabricError?
            let seen = try endpoint.poll { completion in
                if let error = completion.error { failure = error }
                if let i = pending.firstIndex(of: completion.kind) { pending.remove(at: i) }
            }
            if let failure { throw failure }
            if seen == 0 && !pending.isEmpty { try endpoint.wait(timeoutMilliseconds: 100) }
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
