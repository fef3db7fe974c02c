import DaosObject

/// `BulkTransfer` for the request a target thread is serving: RMA between the client's
/// registered buffer and the target's staging memory. Providers that need local registration
/// get it: small transfers bounce through the server's registered bulk buffer, large ones
/// register the staging memory for the duration of the transfer.
struct RequestBulk: BulkTransfer {
    let server: RPCServer
    let request: RPCRequest

    func pull(_ descriptor: BulkDescriptor, into buffer: UnsafeMutableRawBufferPointer) throws(RPCError) {
        guard server.domain.localRegistration else {
            try server.pull(descriptor, for: request, into: buffer)
            return
        }
        if buffer.count <= server.bulkBuffer.count {
            let landed = try server.pull(descriptor, for: request)
            buffer.copyMemory(from: UnsafeRawBufferPointer(landed))
        } else {
            let region: MemoryRegion
            do throws(FabricError) { region = try MemoryRegion(domain: server.domain, buffer: buffer) } catch { throw .fabric(error) }
            try server.pull(descriptor, for: request, into: buffer, region: region)
        }
    }

    func push(_ bytes: UnsafeRawBufferPointer, to descriptor: BulkDescriptor) throws(RPCError) {
        guard server.domain.localRegistration else {
            try server.push(bytes, to: descriptor, for: request)
            return
        }
        if bytes.count <= server.bulkBuffer.count {
            server.bulkBuffer.copyMemory(from: bytes)
            try server.push(UnsafeRawBufferPointer(rebasing: server.bulkBuffer[0..<bytes.count]), to: descriptor, for: request)
        } else {
            let region: MemoryRegion
            do throws(FabricError) {
                region = try MemoryRegion(domain: server.domain, buffer: UnsafeMutableRawBufferPointer(mutating: bytes))
            } catch { throw .fabric(error) }
            try server.push(bytes, region: region, to: descriptor, for: request)
        }
    }
}
