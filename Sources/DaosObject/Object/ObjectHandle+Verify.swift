extension ObjectHandle {
    /// Every available replica's copy of the small values `iods` describe under `dkey`, one
    /// byte array per replica in shard order (in the spirit of DAOS's `daos_obj_verify`: replicas
    /// that disagree show up as different arrays). Replicated and single-shard classes only, and
    /// values that fit inline in a reply.
    public func replicaValues(dkey: WireKey, iods: [IODescriptor]) throws(ClientError) -> [[UInt8]] {
        guard !isErasureCoded else { throw .invalidArgument("replica values of an erasure-coded object: its cells differ by design") }
        try Self.check(dkey: dkey, iods: iods)
        let total = try Self.dataBytes(iods)
        guard total <= UInt64(io.inlineBytesMax) else {
            throw .invalidArgument("replica values of \(total) bytes exceed an inline reply (\(io.inlineBytesMax))")
        }
        for _ in 0..<Self.mapRefreshesMax {
            let members = group(for: dkey, in: layout).filter { $0.location.isAvailable }
            let results = io.send(members.map {
                ObjectIO.ShardRequest(target: $0.location.target, opcode: .objectFetch,
                                      message: ObjectFetchRequest(oid: id, shard: UInt32($0.shard), dkey: dkey, iods: iods, bulk: nil),
                                      epoch: .latest)
            }, expecting: ObjectFetchReply.self)
            if try io.refreshIfStale(results) { continue }
            try Self.requireAll(results, what: "replica fetch of dkey \(dkey)")
            return results.map { result in
                guard case .answered(let reply, _) = result, case .inline(let bytes) = reply.data else { return [] }
                return bytes
            }
        }
        throw .failed(.staleMap, detail: "the pool map kept changing during the replica fetch of dkey \(dkey)")
    }
}
