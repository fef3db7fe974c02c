import CFabric

extension Endpoint {
    /// Sends one small message to this endpoint itself and receives it, so that what the
    /// provider allocates at an endpoint's first send is allocated now rather than inside the
    /// first call to a server. With tcp;ofi_rxm that is the pool of transmit bounce buffers:
    /// 1024 buffers of `FI_OFI_RXM_BUFFER_SIZE` (16 KiB), 17 MB allocated and cleared on the
    /// first `fi_send`. On a VM that backs memory lazily that took 8–10 ms inside the first
    /// call (measured: a first hello 12 ms, a later one to a new engine target about 3 ms).
    ///
    /// Call it before any receive is posted: the message must land in the buffer posted here,
    /// not in one of the caller's. Leaves a connection to itself in the address vector. On a
    /// failure the endpoint is not one to use, and its 128-byte buffer stays allocated: the
    /// provider may still hold the posted receive.
    public func warmUpSends(timeoutMilliseconds: Int32 = 2_000) throws(FabricError) {
        // Only ofi_rxm keeps such pools; shm and sockets have nothing to set up this way.
        guard domain.simulator == nil, domain.provider.contains("ofi_rxm") else { return }
        let bytes = 64
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * bytes, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        let region = domain.localRegistration ? try MemoryRegion(domain: domain, buffer: buffer) : nil
        let message = UnsafeRawBufferPointer(rebasing: buffer[0..<bytes])
        let landing = UnsafeMutableRawBufferPointer(rebasing: buffer[bytes..<2 * bytes])
        let receiveToken: UInt64 = 1
        let sendToken: UInt64 = 2
        try postReceive(landing, region: region, token: receiveToken)
        try send(message, region: region, to: try insert(try name()), token: sendToken)
        var pending: Set<UInt64> = [receiveToken, sendToken]
        let deadline = Self.nowMicroseconds() + Int(timeoutMilliseconds) * 1000
        while !pending.isEmpty {
            var failure: FabricError?
            try poll { completion in
                pending.remove(completion.token)
                if let error = completion.error { failure = error }
            }
            if let failure { throw failure }
            if pending.isEmpty { break }
            guard Self.nowMicroseconds() < deadline else { throw FabricError("warm-up send to self", code: Int32(FI_ETIMEDOUT)) }
            try wait(timeoutMilliseconds: 10)
        }
        buffer.deallocate()
    }
}
