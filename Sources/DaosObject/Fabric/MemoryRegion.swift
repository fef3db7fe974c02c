import CFabric

/// Where a peer's registered memory is, as sent on the wire in a bulk descriptor.
public struct RemoteMemory: Hashable, Sendable {
    /// Virtual address, or offset into the registration when the provider uses offsets.
    public var address: UInt64
    public var length: UInt64
    public var key: UInt64

    public init(address: UInt64, length: UInt64, key: UInt64) {
        self.address = address
        self.length = length
        self.key = key
    }
}

/// A registered buffer: local sends/receives/RMA from it need its descriptor; peers reach it
/// with RMA through `remote`. The buffer is the caller's and must outlive the registration.
public final class MemoryRegion: @unchecked Sendable {
    // @unchecked: immutable after init; fi_mr handles are thread-safe on a FI_THREAD_SAFE domain.
    /// Nil in a simulated domain, which keys the buffer itself.
    let region: UnsafeMutablePointer<fid_mr>!
    private let simulatedKey: UInt64
    public let buffer: UnsafeMutableRawBufferPointer
    let virtualAddressing: Bool
    let owner: FabricDomain

    public init(domain: FabricDomain, buffer: UnsafeMutableRawBufferPointer) throws(FabricError) {
        precondition(buffer.baseAddress != nil && buffer.count > 0, "cannot register an empty buffer")
        self.buffer = buffer
        self.virtualAddressing = domain.virtualAddressing
        self.owner = domain
        if let simulator = domain.simulator {
            region = nil
            simulatedKey = simulator.register(buffer)
            return
        }
        simulatedKey = 0
        let access = swift_FI_SEND() | swift_FI_RECV() | swift_FI_READ() | swift_FI_WRITE()
            | swift_FI_REMOTE_READ() | swift_FI_REMOTE_WRITE()
        var region: UnsafeMutablePointer<fid_mr>?
        let key = domain.providerKeys ? 0 : domain.requestedKey()
        try fabricCheck("fi_mr_reg", fi_mr_reg(domain.domain, buffer.baseAddress, buffer.count, access, 0, key, 0, &region, nil))
        self.region = region!
    }

    deinit {
        if let simulator = owner.simulator {
            simulator.unregister(key: simulatedKey)
        } else {
            fi_close(&region.pointee.fid)
        }
    }

    public var key: UInt64 { region == nil ? simulatedKey : fi_mr_key(region) }
    var descriptor: UnsafeMutableRawPointer? { region == nil ? nil : fi_mr_desc(region) }

    /// The descriptor a peer needs to reach `length` bytes at `offset` of this region.
    public func remote(offset: Int = 0, length: Int? = nil) -> RemoteMemory {
        let base = virtualAddressing ? UInt64(UInt(bitPattern: buffer.baseAddress!)) : 0
        return RemoteMemory(address: base + UInt64(offset), length: UInt64(length ?? buffer.count - offset), key: key)
    }

    /// Whether `pointer..<pointer+count` lies inside this registration.
    public func contains(_ pointer: UnsafeRawPointer, count: Int) -> Bool {
        let start = UnsafeRawPointer(buffer.baseAddress!)
        return pointer >= start && pointer + count <= start + buffer.count
    }
}
