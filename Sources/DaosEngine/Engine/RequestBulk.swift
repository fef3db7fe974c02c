import DaosObject
import Glibc

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

    func gathers(to descriptor: BulkDescriptor) -> Bool { server.attaches(request, descriptor) }

    func sharesHost(localKey: UInt64) -> Bool { server.sharesHost(request, localKey: localKey) }

    func pushGathered(_ spans: [ArraySpan], bytes: Int, to descriptor: BulkDescriptor) throws(RPCError) -> Bool {
        let zeros = Self.zeros
        var pieces = 0
        for span in spans { pieces += span.bytes == nil ? (span.count + zeros.count - 1) / zeros.count : 1 }
        guard pieces <= LocalBulk.iovecsPerCallMax else { return false }
        return try withUnsafeTemporaryAllocation(of: iovec.self, capacity: pieces) { (iovecs) throws(RPCError) -> Bool in
            var next = 0
            for span in spans {
                if let start = span.bytes {
                    iovecs[next] = iovec(iov_base: UnsafeMutableRawPointer(mutating: start), iov_len: span.count)
                    next += 1
                    continue
                }
                var left = span.count
                while left > 0 {
                    let part = min(left, zeros.count)
                    iovecs[next] = iovec(iov_base: UnsafeMutableRawPointer(mutating: zeros.baseAddress!), iov_len: part)
                    next += 1
                    left -= part
                }
            }
            return try server.pushGathered(UnsafeBufferPointer(rebasing: iovecs[0..<next]), bytes: bytes, to: descriptor, for: request)
        }
    }

    /// What holes read as: 1 MiB of never-written anonymous memory (the kernel's zero page).
    nonisolated(unsafe) private static let zeros: UnsafeRawBufferPointer = {
        let count = 1 << 20
        let memory = mmap(nil, count, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        precondition(memory != MAP_FAILED, "mmap of the zero source failed")
        return UnsafeRawBufferPointer(start: memory, count: count)
    }()
}
