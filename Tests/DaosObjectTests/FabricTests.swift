import DaosObject
import Glibc
import Synchronization
import Testing

/// Real libfabric endpoints on loopback for every provider the project supports: messages,
/// RMA read and write into registered memory, and errors that carry fi_strerror text.
/// The "engine" side runs on its own thread, as it does in `daos_engine`.
@Suite(.serialized) struct FabricTests {
    static let providers = ["tcp;ofi_rxm", "shm", "sockets"]

    static func domain(_ provider: String) throws -> FabricDomain {
        try FabricDomain(provider: provider, node: provider == "shm" ? nil : "127.0.0.1")
    }

    /// Completions polled while waiting for another kind, per endpoint: a poll can return the
    /// peer's reply together with our send's completion, and dropping it would hang the next wait.
    static let stash = Mutex<[ObjectIdentifier: [Completion]]>([:])

    /// Waits on one endpoint until a completion of `kind` arrives; returns it.
    static func next(_ kind: Completion.Kind, on endpoint: Endpoint) throws -> Completion {
        let key = ObjectIdentifier(endpoint)
        var found: Completion? = stash.withLock { stash in
            guard let index = stash[key]?.firstIndex(where: { $0.kind == kind }) else { return nil }
            return stash[key]!.remove(at: index)
        }
        var waits = 0
        while found == nil {
            var others: [Completion] = []
            let seen = try endpoint.poll { if $0.kind == kind && found == nil { found = $0 } else { others.append($0) } }
            if !others.isEmpty { stash.withLock { $0[key, default: []] += others } }
            if seen == 0 {
                try endpoint.wait(timeoutMilliseconds: 50)
                waits += 1
                if waits > 400 { throw FabricError("test wait", code: 110) }
            }
        }
        if let error = found!.error { throw error }
        return found!
    }

    /// Engine side: receives a bulk descriptor, pulls the client's bytes, pushes 4 KiB back
    /// (at offset 4096 of the client's buffer), then replies with the pulled bytes' checksum.
    static func engine(domain: FabricDomain, name: Shared<[UInt8]>, client: Shared<[UInt8]>, size: Int) throws {
        let endpoint = try Endpoint(domain: domain)
        name.set(try endpoint.name())
        var clientName: [UInt8]? = nil
        while clientName == nil { clientName = client.get(); if clientName == nil { usleep(1000) } }
        let peer = try endpoint.insert(clientName!)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 64)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        let region = try MemoryRegion(domain: domain, buffer: buffer)
        try endpoint.postReceive(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<64]), region: region, token: 1)
        #expect(try next(.receive, on: endpoint).length == 24)
        let remote = RemoteMemory(address: buffer.load(fromByteOffset: 0, as: UInt64.self),
                                  length: buffer.load(fromByteOffset: 8, as: UInt64.self),
                                  key: buffer.load(fromByteOffset: 16, as: UInt64.self))
        let pulled = UnsafeMutableRawBufferPointer(rebasing: buffer[64..<64 + Int(remote.length)])
        try endpoint.read(into: pulled, region: region, from: remote, peer: peer, token: 2)
        _ = try next(.read, on: endpoint)
        let push = UnsafeMutableRawBufferPointer(rebasing: buffer[64..<64 + 4096])
        for i in 0..<4096 { push[i] = push[i] ^ 0xFF }
        try endpoint.write(UnsafeRawBufferPointer(push), region: region,
                           to: RemoteMemory(address: remote.address + 4096, length: 4096, key: remote.key), peer: peer, token: 3)
        _ = try next(.write, on: endpoint)
        buffer.storeBytes(of: CRC.crc32c(UnsafeRawBufferPointer(rebasing: buffer[64 + 4096..<64 + Int(remote.length)])),
                          toByteOffset: 0, as: UInt32.self)
        try endpoint.send(UnsafeRawBufferPointer(rebasing: buffer[0..<4]), region: region, to: peer, token: 4)
        _ = try next(.send, on: endpoint)
    }

    @Test(arguments: providers)
    func messagesAndRMA(provider: String) throws {
        let domain = try Self.domain(provider)
        let client = try Endpoint(domain: domain)
        let size = 1 << 20
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size + 128, alignment: 64)
        defer { buffer.deallocate() }
        for i in 0..<size { buffer[i] = UInt8(truncatingIfNeeded: i &* 7 &+ 3) }
        let original = Array(buffer[0..<size])
        let region = try MemoryRegion(domain: domain, buffer: buffer)

        let engineName = Shared<[UInt8]>()
        let engineError = Shared<String>()
        let clientName = Shared<[UInt8]>()
        let engineThread = OSThread {
            do { try Self.engine(domain: domain, name: engineName, client: clientName, size: size + 64) } catch {
                engineError.set("\(error)")
                if engineName.get() == nil { engineName.set([]) }
            }
        }
        var name: [UInt8]? = nil
        while name == nil { name = engineName.get(); if name == nil { usleep(1000) } }
        #expect(name?.isEmpty == false)
        let engine = try client.insert(name!)
        clientName.set(try client.name())

        let inbox = UnsafeMutableRawBufferPointer(rebasing: buffer[size + 64..<size + 128])
        try client.postReceive(inbox, region: region, token: 1)
        let remote = region.remote(offset: 0, length: size)
        let message = UnsafeMutableRawBufferPointer(rebasing: buffer[size..<size + 24])
        message.storeBytes(of: remote.address, toByteOffset: 0, as: UInt64.self)
        message.storeBytes(of: remote.length, toByteOffset: 8, as: UInt64.self)
        message.storeBytes(of: remote.key, toByteOffset: 16, as: UInt64.self)
        defer { engineThread.join() }
        try client.send(UnsafeRawBufferPointer(message), region: region, to: engine, token: 2)
        _ = try Self.next(.send, on: client)
        #expect(try Self.next(.receive, on: client).length == 4)
        engineThread.join()
        #expect(engineError.get() == nil)

        // The engine pulled every byte (its checksum of the untouched tail matches) ...
        let tail = original[4096...]
        #expect(inbox.load(as: UInt32.self) == tail.withUnsafeBytes { CRC.crc32c($0) })
        // ... and its push landed in our buffer, exactly 4 KiB at offset 4096.
        #expect(buffer[0..<4096].elementsEqual(original[0..<4096]))
        #expect(buffer[4096..<8192].elementsEqual(original[4096..<8192].map { $0 ^ 0xFF }))
        #expect(buffer[8192..<size].elementsEqual(original[8192...]))
    }

    @Test func unknownProviderFailsWithLibfabricText() {
        do {
            _ = try FabricDomain(provider: "no-such-provider")
            Issue.record("opened a provider that does not exist")
        } catch {
            #expect(error.description.hasPrefix("fi_getinfo: "))
            #expect(error.description.contains("No data available"))
        }
    }

    @Test func badAddressIsRefused() throws {
        let endpoint = try Endpoint(domain: try Self.domain("tcp;ofi_rxm"))
        #expect(throws: FabricError.self) { try endpoint.insert([1, 2, 3]) }
    }
}

/// A value handed between test threads.
final class Shared<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)
    func set(_ newValue: Value) { value.withLock { $0 = newValue } }
    func get() -> Value? { value.withLock { $0 } }
}
