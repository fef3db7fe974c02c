import CFabric
import DaosObject
import Glibc

/// The simulated fabric of one world: RDM endpoints addressed by name, messages delivered after
/// a seeded latency (so concurrent messages reorder), RMA against registered memory with bounds
/// and key checks, and faults — partitions between nodes, frozen (crashed) groups whose
/// endpoints swallow everything. Reliable like RDM: nothing is lost unless a fault says so.
public final class SimulatedNetwork: FabricSimulator, @unchecked Sendable {
    // @unchecked: touched only by the world's baton holder.
    unowned let world: SimulatedWorld
    var endpointsByName: [[UInt8]: NetworkEndpoint] = [:]
    private var nextEndpoint = 0
    private struct Region {
        var base: UnsafeMutableRawPointer
        var count: Int
        var node: String
        var group: Int
    }
    private var regions: [UInt64: Region] = [:]
    private var nextKey: UInt64 = 1
    /// Node pairs that cannot reach each other (stored both ways).
    private var cuts: Set<[String]> = []
    /// One-way latency range in µs, and the transfer rate in bytes per µs.
    public var latencyMicroseconds = 5...60
    public var bytesPerMicrosecond = 2_000
    public private(set) var delivered = 0
    public private(set) var dropped = 0

    private enum Event {
        case deliver(bytes: [UInt8], from: NetworkEndpoint, to: [UInt8])
        case complete(NetworkEndpoint, Completion)
    }
    /// Pending events by (time, sequence); kept sorted, drained from the front.
    private var events: [(time: Int, sequence: Int, event: Event)] = []
    private var eventsHead = 0
    private var sequence = 0

    init(world: SimulatedWorld) { self.world = world }

    // MARK: - Faults

    public func partition(_ a: String, _ b: String) {
        cuts.insert([a, b])
        cuts.insert([b, a])
    }

    public func heal(_ a: String, _ b: String) {
        cuts.remove([a, b])
        cuts.remove([b, a])
    }

    func reachable(_ from: NetworkEndpoint, _ toNode: String, group: Int) -> Bool {
        !from.isClosed && !world.frozenGroups.contains(group) && !world.frozenGroups.contains(from.group)
            && !cuts.contains([from.node, toNode])
    }

    // MARK: - FabricSimulator

    public func openEndpoint(node: String?, service: String?) throws(FabricError) -> any SimulatedEndpoint {
        let owner = world.current
        let ownerNode = owner?.node ?? "controller"
        nextEndpoint += 1
        let name: [UInt8]
        if let node, let service {
            name = Array("sim/\(node):\(service)".utf8)
            if let holder = endpointsByName[name], !holder.isClosed, !world.frozenGroups.contains(holder.group) {
                throw FabricError("fi_endpoint", code: -Int32(EADDRINUSE))
            }
        } else {
            name = Array("sim/\(ownerNode)/\(nextEndpoint)".utf8)
        }
        let endpoint = NetworkEndpoint(network: self, name: name, node: ownerNode, group: owner?.group ?? 0)
        endpointsByName[name] = endpoint
        return endpoint
    }

    public func register(_ buffer: UnsafeMutableRawBufferPointer) -> UInt64 {
        defer { nextKey += 1 }
        regions[nextKey] = Region(base: buffer.baseAddress!, count: buffer.count, node: world.current?.node ?? "controller",
                                  group: world.current?.group ?? 0)
        return nextKey
    }

    public func unregister(key: UInt64) { regions[key] = nil }

    // MARK: - Operations (called by NetworkEndpoint)

    func latency(bytes: Int) -> Int {
        let spread = UInt64(latencyMicroseconds.upperBound - latencyMicroseconds.lowerBound + 1)
        return latencyMicroseconds.lowerBound + Int(world.random.next() % spread) + bytes / bytesPerMicrosecond
    }

    func send(_ bytes: UnsafeRawBufferPointer, from endpoint: NetworkEndpoint, to name: [UInt8]) {
        schedule(at: world.now + latency(bytes: bytes.count), .deliver(bytes: Array(bytes), from: endpoint, to: name))
    }

    func complete(_ endpoint: NetworkEndpoint, _ completion: Completion, after microseconds: Int) {
        schedule(at: world.now + microseconds, .complete(endpoint, completion))
    }

    /// RMA between `endpoint`'s local buffer and the region `remote` names on the node `peer`
    /// points at: checked like a provider checks (key, bounds), copied now, completed after the
    /// transfer time.
    func rma(read: Bool, local: UnsafeMutableRawBufferPointer, remote: RemoteMemory, peer name: [UInt8],
             endpoint: NetworkEndpoint, token: UInt64) {
        let kind: Completion.Kind = read ? .read : .write
        let peerNode = endpointsByName[name]?.node ?? ""
        guard let region = regions[remote.key] else {
            return complete(endpoint, Completion(kind: kind, token: token, length: 0, error: FabricError("rma", code: -Int32(FI_EINVAL))),
                            after: latency(bytes: 0))
        }
        guard region.node == peerNode, reachable(endpoint, region.node, group: region.group) else {
            return complete(endpoint, Completion(kind: kind, token: token, length: 0, error: FabricError("rma", code: -Int32(FI_EIO))),
                            after: latency(bytes: 0) * 100)
        }
        let start = UInt(bitPattern: region.base)
        let address = UInt(remote.address)
        guard address >= start, UInt64(address - start) + UInt64(local.count) <= UInt64(region.count) else {
            return complete(endpoint, Completion(kind: kind, token: token, length: 0, error: FabricError("rma", code: -Int32(FI_EACCES))),
                            after: latency(bytes: 0))
        }
        let remoteBytes = UnsafeMutableRawPointer(bitPattern: address)!
        if local.count > 0 {
            if read {
                local.baseAddress!.copyMemory(from: remoteBytes, byteCount: local.count)
            } else {
                remoteBytes.copyMemory(from: local.baseAddress!, byteCount: local.count)
            }
        }
        world.mixTrace(world.now, read ? 1 : 2, local.count)
        complete(endpoint, Completion(kind: kind, token: token, length: local.count, error: nil), after: latency(bytes: local.count))
    }

    // MARK: - Events

    private func schedule(at time: Int, _ event: Event) {
        sequence += 1
        let item = (time: time, sequence: sequence, event: event)
        var low = eventsHead
        var high = events.count
        while low < high {
            let middle = (low + high) / 2
            let other = events[middle]
            if other.time < time || (other.time == time && other.sequence < sequence) { low = middle + 1 } else { high = middle }
        }
        events.insert(item, at: low)
    }

    var nextEventTime: Int? { eventsHead < events.count ? events[eventsHead].time : nil }

    /// Delivers every event due at the world's `now`.
    func deliverDue() {
        while eventsHead < events.count && events[eventsHead].time <= world.now {
            let (time, _, event) = events[eventsHead]
            eventsHead += 1
            switch event {
            case .deliver(let bytes, let from, let name):
                guard let destination = endpointsByName[name], reachable(from, destination.node, group: destination.group) else {
                    dropped += 1
                    world.mixTrace(time, 3, bytes.count, name.count)
                    continue
                }
                delivered += 1
                world.mixTrace(time, 4, bytes.count, name.count, from.address.count)
                destination.arrive(bytes)
            case .complete(let endpoint, let completion):
                endpoint.completions.append(completion)
            }
        }
        if eventsHead > 4096 && eventsHead * 2 > events.count {
            events.removeFirst(eventsHead)
            eventsHead = 0
        }
    }
}

/// One endpoint of the simulated network: an address vector, posted receives, messages that
/// arrived before a receive was posted, and a completion queue.
final class NetworkEndpoint: SimulatedEndpoint {
    unowned let network: SimulatedNetwork
    let address: [UInt8]
    let node: String
    let group: Int
    private(set) var isClosed = false
    private var peers: [[UInt8]] = []
    private var receives: [(buffer: UnsafeMutableRawBufferPointer, token: UInt64)] = []
    private var unexpected: [[UInt8]] = []
    var completions: [Completion] = []
    private var completionsHead = 0

    init(network: SimulatedNetwork, name: [UInt8], node: String, group: Int) {
        self.network = network
        self.address = name
        self.node = node
        self.group = group
    }

    var hasCompletions: Bool { completionsHead < completions.count }

    func name() -> [UInt8] { address }

    func insert(_ address: [UInt8]) throws(FabricError) -> UInt64 {
        guard !address.isEmpty, address.count <= 256 else { throw FabricError("fi_av_insert", code: -Int32(FI_EINVAL)) }
        peers.append(address)
        return UInt64(peers.count - 1)
    }

    private func peer(_ index: UInt64) throws(FabricError) -> [UInt8] {
        guard index < UInt64(peers.count) else { throw FabricError("fi_send", code: -Int32(FI_EINVAL)) }
        return peers[Int(index)]
    }

    func postReceive(_ buffer: UnsafeMutableRawBufferPointer, token: UInt64) throws(FabricError) {
        if !unexpected.isEmpty {
            deliver(unexpected.removeFirst(), into: buffer, token: token)
        } else {
            receives.append((buffer, token))
        }
    }

    func arrive(_ bytes: [UInt8]) {
        guard !isClosed else { return }
        if receives.isEmpty {
            unexpected.append(bytes)
        } else {
            let receive = receives.removeFirst()
            deliver(bytes, into: receive.buffer, token: receive.token)
        }
    }

    private func deliver(_ bytes: [UInt8], into buffer: UnsafeMutableRawBufferPointer, token: UInt64) {
        guard bytes.count <= buffer.count else {
            completions.append(Completion(kind: .receive, token: token, length: 0, error: FabricError("fi_recv", code: -Int32(FI_ETRUNC))))
            return
        }
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
        completions.append(Completion(kind: .receive, token: token, length: bytes.count, error: nil))
    }

    func send(_ bytes: UnsafeRawBufferPointer, to peer: UInt64, token: UInt64) throws(FabricError) {
        network.send(bytes, from: self, to: try self.peer(peer))
        completions.append(Completion(kind: .send, token: token, length: 0, error: nil))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, from remote: RemoteMemory, peer: UInt64, token: UInt64) throws(FabricError) {
        network.rma(read: true, local: buffer, remote: remote, peer: try self.peer(peer), endpoint: self, token: token)
    }

    func write(_ bytes: UnsafeRawBufferPointer, to remote: RemoteMemory, peer: UInt64, token: UInt64) throws(FabricError) {
        network.rma(read: false, local: UnsafeMutableRawBufferPointer(mutating: bytes), remote: remote, peer: try self.peer(peer),
                    endpoint: self, token: token)
    }

    func poll(max: Int, _ handler: (Completion) -> Void) -> Int {
        var delivered = 0
        while delivered < max && completionsHead < completions.count {
            let completion = completions[completionsHead]
            completionsHead += 1
            delivered += 1
            handler(completion)
        }
        if completionsHead == completions.count {
            completions.removeAll(keepingCapacity: true)
            completionsHead = 0
        }
        return delivered
    }

    func wait(timeoutMilliseconds: Int32) throws(FabricError) {
        let world = network.world
        guard let actor = world.current else { preconditionFailure("a simulated endpoint waited outside a simulated thread") }
        if actor.terminated { throw FabricError("simulation", code: -Int32(FI_ECANCELED)) }
        guard !hasCompletions, timeoutMilliseconds != 0 else { return }
        let deadline = timeoutMilliseconds < 0 ? Int.max : world.now + Int(timeoutMilliseconds) * 1000
        actor.state = .waiting(self, deadline: deadline)
        world.yield(actor)
        if actor.terminated { throw FabricError("simulation", code: -Int32(FI_ECANCELED)) }
    }

    func close() {
        isClosed = true
        receives.removeAll()
        unexpected.removeAll()
        if network.endpointsByName[address] === self { network.endpointsByName[address] = nil }
    }
}
