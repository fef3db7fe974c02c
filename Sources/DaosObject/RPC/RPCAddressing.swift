/// The addressing convention of the RPC layer (RDM receives do not name their sender, and we
/// do not ask providers for FI_SOURCE):
///
/// 1. A client's first request is a hello: opcode `noop`, RPC id with peer index
///    `RPCAddress.helloPeer` (0xFFFFFFFF) in its high half, payload = the client's fabric
///    address (`Endpoint.name()`) as the no-op's bytes.
/// 2. The server inserts that address into its address vector, assigns it a peer index (the
///    same index again if the address said hello before) and replies with a no-op whose bytes
///    are the index, 4 bytes little-endian.
/// 3. Every later request carries `rpcID = peerIndex << 32 | sequence`; the server replies to
///    the peer the index names. A frame naming an unknown index is dropped and counted.
public enum RPCAddress {
    /// The peer index of a hello: the sender has none yet.
    public static let helloPeer: UInt32 = 0xFFFF_FFFF

    public static func rpcID(peer: UInt32, sequence: UInt32) -> RPCID {
        RPCID(UInt64(peer) << 32 | UInt64(sequence))
    }

    public static func peer(of id: RPCID) -> UInt32 { UInt32(truncatingIfNeeded: id.rawValue >> 32) }
    public static func sequence(of id: RPCID) -> UInt32 { UInt32(truncatingIfNeeded: id.rawValue) }
}

extension MemoryRegion {
    /// The descriptor that lets a server pull from / push into `length` bytes at `offset`.
    public func bulkDescriptor(offset: Int = 0, length: Int? = nil) -> BulkDescriptor {
        let remote = remote(offset: offset, length: length)
        return BulkDescriptor(address: remote.address, length: remote.length, rkey: remote.key,
                              localAddress: UInt64(UInt(bitPattern: buffer.baseAddress! + offset)), localKey: LocalBulk.processKey)
    }
}

/// Fixed-size slots in one registered allocation: the receive and send buffers of the RPC
/// layer. Owned by one thread; the allocation lives until the owner is gone (see `release`).
final class RegisteredSlots {
    let slotBytes: Int
    let count: Int
    let memory: UnsafeMutableRawBufferPointer
    private(set) var region: MemoryRegion?

    init(domain: FabricDomain, count: Int, slotBytes: Int) throws(FabricError) {
        precondition(count > 0 && slotBytes > 0)
        self.count = count
        self.slotBytes = slotBytes
        memory = .allocate(byteCount: count * slotBytes, alignment: 64)
        memory.initializeMemory(as: UInt8.self, repeating: 0)
        do throws(FabricError) {
            region = try MemoryRegion(domain: domain, buffer: memory)
        } catch {
            memory.deallocate()
            throw error
        }
    }

    func slot(_ index: Int) -> UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(rebasing: memory[index * slotBytes..<(index + 1) * slotBytes])
    }

    /// Posts slot `index` as a receive buffer on `endpoint`, tagged so its completion finds it.
    func postReceive(_ index: Int, on endpoint: Endpoint) throws(FabricError) {
        try endpoint.postReceive(slot(index), region: region, token: RPCToken.receive | UInt64(index))
    }

    /// Deregisters and frees; call only after the endpoint that posted these slots is closed.
    func release() {
        region = nil
        memory.deallocate()
    }
}

/// Completion tokens: the high byte says what the operation was for, the rest is its slot.
enum RPCToken {
    static let receive: UInt64 = 1 << 56
    static let send: UInt64 = 2 << 56
    static let bulk: UInt64 = 3 << 56
    static let kindMask: UInt64 = 0xFF << 56

    static func kind(_ token: UInt64) -> UInt64 { token & kindMask }
    static func index(_ token: UInt64) -> Int { Int(truncatingIfNeeded: token & ~kindMask) }
}

/// Milliseconds on the monotonic clock, for deadlines.
func rpcNowMilliseconds() -> Int { Endpoint.nowMicroseconds() / 1000 }
