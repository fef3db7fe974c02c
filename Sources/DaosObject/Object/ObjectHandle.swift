/// An open object (DAOS's `daos_obj_open`): its ID, class and layout, and the multi-level
/// key-value operations every other API (flat KV, arrays, DaosFS) is built on. A dkey picks a
/// redundancy group by hash; the class decides what each member of the group receives:
/// - no redundancy / replication: every available member gets the same update at the same
///   epoch (acknowledged when every healthy replica has it); a fetch reads one member and moves
///   to the next if that one does not answer;
/// - erasure code: see `ObjectHandle+Erasure.swift`.
/// A stale pool map (the engine says so, or a reply shows a newer version) is refreshed and the
/// operation redone from placement.
public final class ObjectHandle {
    public let id: ObjectID
    public let io: ObjectIO
    public let redundancy: Redundancy
    /// Tries per operation when the map changes under it.
    static let mapRefreshesMax = 3
    /// The layout under the placement of `version` (placing an object allocates and hashes:
    /// a measurable share of a 4 KiB fetch when done per operation).
    private var cachedLayout: (version: UInt32, layout: ObjectLayout)?
    /// Whether the last fetch rebuilt lost erasure-coded cells: its values then list no holes
    /// for them (whether those records were ever written is not known), so a caller that needs
    /// exact holes (DaosFS's short reads) must ask the size instead.
    public internal(set) var lastFetchRebuilt = false

    public init(_ id: ObjectID, in io: ObjectIO) throws(ClientError) {
        guard let redundancy = Redundancy(rawValue: id.redundancyCode), id.type != nil else {
            throw .invalidArgument("object ID \(id) carries no known class or type")
        }
        guard id.groupCount >= 1 else { throw .invalidArgument("object ID \(id) has no redundancy groups") }
        self.id = id
        self.io = io
        self.redundancy = redundancy
    }

    public var isErasureCoded: Bool {
        if case .erasure = redundancy.scheme { true } else { false }
    }

    /// The object's layout under the pool map we hold now.
    var layout: ObjectLayout {
        let placement = io.placement
        if let cachedLayout, cachedLayout.version == placement.version { return cachedLayout.layout }
        let layout = placement.layout(of: id)
        cachedLayout = (placement.version, layout)
        return layout
    }

    /// The members (shard indices and locations) of the group `dkey` hashes to.
    func group(for dkey: WireKey, in layout: ObjectLayout) -> [(shard: Int, location: ShardLocation)] {
        let index = layout.groupIndex(forDistributionKeyHash: dkey.distributionHash)
        let first = index * layout.groupSize
        return (0..<layout.groupSize).map { (first + $0, layout.shards[first + $0]) }
    }

    /// The available members of a group, original shards first: a fallback holds only what was
    /// written since it took over.
    func readOrder(_ members: [(shard: Int, location: ShardLocation)]) -> [(shard: Int, location: ShardLocation)] {
        if members.allSatisfy({ $0.location.isAvailable && !$0.location.isFallback }) { return members }
        return members.filter { $0.location.isAvailable && !$0.location.isFallback }
            + members.filter { $0.location.isAvailable && $0.location.isFallback }
    }

    // MARK: - Update and fetch

    /// Writes the values `iods` describe under `dkey`, their data back to back in `data`, all at
    /// one epoch (picked from the client's HLC unless given); returns it.
    @discardableResult
    /// With a `condition` (e.g. `.dkeyInsert`: only if the dkey holds nothing yet) the first
    /// available member decides: it gets the conditional update, and only when it accepted do
    /// the other members get the same values at the same epoch (DAOS's leader decides too).
    public func update(dkey: WireKey, iods: [IODescriptor], data: UnsafeRawBufferPointer, epoch: Epoch? = nil,
                       condition: UpdateCondition = .none) throws(ClientError) -> Epoch {
        if condition != .none {
            guard !isErasureCoded else { throw .invalidArgument("conditional updates of erasure-coded objects are not supported") }
            try Self.check(dkey: dkey, iods: iods)
            return try Self.restartingWithFreshEpochs(io.clock) { (fresh) throws(ClientError) in
                try conditionalUpdate(dkey: dkey, iods: iods, data: data, epoch: epoch ?? fresh, condition: condition)
            }
        }
        try Self.check(dkey: dkey, iods: iods)
        let total = try Self.dataBytes(iods)
        guard UInt64(data.count) == total else {
            throw .invalidArgument("update data is \(data.count) bytes, the descriptors describe \(total)")
        }
        guard epoch == nil else { return try update(dkey: dkey, iods: iods, data: data, at: epoch!) }
        return try Self.restartingWithFreshEpochs(io.clock) { (fresh) throws(ClientError) in
            try update(dkey: dkey, iods: iods, data: data, at: fresh)
        }
    }

    /// Runs an update at a fresh epoch, again with a newer one when a target refuses the epoch
    /// as too old (`DER_TX_RESTART`: a slow retry fell behind the targets' aggregation window).
    static func restartingWithFreshEpochs(_ clock: HybridLogicalClock, _ body: (Epoch) throws(ClientError) -> Epoch)
        throws(ClientError) -> Epoch {
        var attempt = 0
        while true {
            do {
                return try body(clock.now())
            } catch .failed(.restart, let detail) {
                attempt += 1
                if attempt >= 3 { throw .failed(.restart, detail: detail) }
            }
        }
    }

    private func conditionalUpdate(dkey: WireKey, iods: [IODescriptor], data: UnsafeRawBufferPointer, epoch: Epoch,
                                   condition: UpdateCondition) throws(ClientError) -> Epoch {
        let total = try Self.dataBytes(iods)
        guard UInt64(data.count) == total else {
            throw .invalidArgument("update data is \(data.count) bytes, the descriptors describe \(total)")
        }
        let payload = try UpdatePayload(data, io: io)
        func request(_ member: (shard: Int, location: ShardLocation), _ condition: UpdateCondition) -> ObjectIO.ShardRequest {
            .init(target: member.location.target, opcode: .objectUpdate,
                  message: ObjectUpdateRequest(oid: id, shard: UInt32(member.shard), condition: condition, dkey: dkey, iods: iods,
                                               data: payload.data),
                  epoch: epoch)
        }
        func members() -> [(shard: Int, location: ShardLocation)] { readOrder(group(for: dkey, in: layout)) }
        // The leader decides; once it accepted, the others follow unconditionally.
        var leader: (shard: Int, location: ShardLocation)?
        for _ in 0..<Self.mapRefreshesMax where leader == nil {
            guard let first = members().first else { throw .failed(.redundancyExceeded, detail: "no available shard for dkey \(dkey)") }
            let decided = io.send([request(first, condition)], expecting: EpochReply.self)
            if try io.refreshIfStale(decided) { continue }
            try Self.requireAll(decided, what: "conditional update of dkey \(dkey)")
            leader = first
        }
        guard let leader else { throw .failed(.staleMap, detail: "the pool map kept changing during the update of dkey \(dkey)") }
        for _ in 0..<Self.mapRefreshesMax {
            let rest = io.send(members().filter { $0.shard != leader.shard }.map { request($0, .none) }, expecting: EpochReply.self)
            if try io.refreshIfStale(rest) { continue }
            try Self.requireAll(rest, what: "update of dkey \(dkey)")
            return epoch
        }
        throw .failed(.staleMap, detail: "the pool map kept changing during the update of dkey \(dkey)")
    }

    private func update(dkey: WireKey, iods: [IODescriptor], data: UnsafeRawBufferPointer, at epoch: Epoch) throws(ClientError) -> Epoch {
        if isErasureCoded { return try updateErasure(dkey: dkey, iods: iods, data: data, epoch: epoch) }
        let payload = try UpdatePayload(data, io: io)
        for _ in 0..<Self.mapRefreshesMax {
            let members = group(for: dkey, in: layout).filter { $0.location.isAvailable }
            guard !members.isEmpty else { throw .failed(.redundancyExceeded, detail: "no available shard for dkey \(dkey)") }
            let requests = members.map {
                ObjectIO.ShardRequest(target: $0.location.target, opcode: .objectUpdate,
                                      message: ObjectUpdateRequest(oid: id, shard: UInt32($0.shard), dkey: dkey, iods: iods,
                                                                   data: payload.data),
                                      epoch: epoch)
            }
            let results = io.send(requests, expecting: EpochReply.self)
            if try io.refreshIfStale(results) { continue }
            try Self.requireAll(results, what: "update of dkey \(dkey)")
            return epoch
        }
        throw .failed(.staleMap, detail: "the pool map kept changing during the update of dkey \(dkey)")
    }

    /// Reads the values `iods` describe under `dkey` at `epoch` into `buffer` (back to back, in
    /// descriptor order; holes are zero). Returns what each descriptor found.
    public func fetch(dkey: WireKey, iods: [IODescriptor], into buffer: UnsafeMutableRawBufferPointer, epoch: Epoch = .latest)
        throws(ClientError) -> [FetchedValue] {
        lastFetchRebuilt = false
        return try fetchOne(dkey: dkey, iods: iods, into: buffer, epoch: epoch)
    }

    /// `fetch(dkey:…)` within a larger fetch (`lastFetchRebuilt` keeps what earlier parts set).
    func fetchOne(dkey: WireKey, iods: [IODescriptor], into buffer: UnsafeMutableRawBufferPointer, epoch: Epoch)
        throws(ClientError) -> [FetchedValue] {
        try Self.check(dkey: dkey, iods: iods)
        let total = try Self.dataBytes(iods)
        guard UInt64(buffer.count) >= total else {
            throw .invalidArgument("fetch buffer is \(buffer.count) bytes, the descriptors need \(total)")
        }
        if isErasureCoded { return try fetchErasure(dkey: dkey, iods: iods, into: buffer, epoch: epoch) }
        return try fetchReplicated(dkey: dkey, iods: iods, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<Int(total)]), epoch: epoch)
    }

    /// Reads from one member of the group, moving on to the next when one does not answer.
    func fetchReplicated(dkey: WireKey, iods: [IODescriptor], into window: UnsafeMutableRawBufferPointer, epoch: Epoch)
        throws(ClientError) -> [FetchedValue] {
        let total = window.count
        let region = total > io.inlineBytesMax ? try io.register(window) : nil
        var reasons: [String] = []
        for _ in 0..<Self.mapRefreshesMax {
            let members = readOrder(group(for: dkey, in: layout))
            for member in members {
                let request = ObjectFetchRequest(oid: id, shard: UInt32(member.shard), dkey: dkey, iods: iods,
                                                 bulk: region?.bulkDescriptor())
                let result = io.send([.init(target: member.location.target, opcode: .objectFetch, message: request, epoch: epoch)],
                                     expecting: ObjectFetchReply.self)
                if try io.refreshIfStale(result) { break }
                switch result[0] {
                case .answered(let reply, _):
                    if case .inline(let bytes) = reply.data {
                        guard bytes.count <= window.count else { throw .rpc(.unexpectedReply("fetch returned \(bytes.count) bytes for \(total)")) }
                        window.copyBytes(from: bytes)
                    }
                    return reply.values
                case .unavailable(let why):
                    reasons.append("shard \(member.shard): \(why)")
                case .refused(let status, let detail):
                    throw .failed(status, detail: detail)
                }
            }
            if !reasons.isEmpty { break }
        }
        throw .failed(.redundancyExceeded, detail: "no shard of dkey \(dkey) answered: " + reasons.joined(separator: "; "))
    }

    // MARK: - Punch

    /// Punches the whole object, some dkeys, some akeys of a dkey, or array extents.
    @discardableResult
    public func punch(_ scope: PunchScope, epoch: Epoch? = nil) throws(ClientError) -> Epoch {
        if isErasureCoded, case .extents = scope {
            throw .invalidArgument("punching records of an erasure-coded array needs its record size: use punchArray(dkey:akey:extents:recordSize:)")
        }
        let epoch = epoch ?? io.clock.now()
        for _ in 0..<Self.mapRefreshesMax {
            let layout = self.layout
            var shards: [(shard: Int, location: ShardLocation)]
            switch scope {
            case .object:
                shards = layout.shards.enumerated().map { ($0.offset, $0.element) }
            case .dkeys(let keys):
                shards = []
                for key in keys { shards += group(for: key, in: layout) }
            case .akeys(let dkey, _), .extents(let dkey, _, _):
                shards = group(for: dkey, in: layout)
            }
            var seen = Set<Int>()
            shards = shards.filter { $0.location.isAvailable && seen.insert($0.shard).inserted }
            let requests = shards.map {
                ObjectIO.ShardRequest(target: $0.location.target, opcode: .objectPunch,
                                      message: ObjectPunchRequest(oid: id, shard: UInt32($0.shard),
                                                                  scope: shardScope(scope, shard: $0.shard, layout: layout)),
                                      epoch: epoch)
            }
            let results = io.send(requests, expecting: EpochReply.self)
            if try io.refreshIfStale(results) { continue }
            try Self.requireAll(results, what: "punch")
            return epoch
        }
        throw .failed(.staleMap, detail: "the pool map kept changing during a punch")
    }

    /// A dkey-level punch sent to one shard names only the dkeys of that shard's group.
    func shardScope(_ scope: PunchScope, shard: Int, layout: ObjectLayout) -> PunchScope {
        guard case .dkeys(let keys) = scope else { return scope }
        let group = shard / layout.groupSize
        return .dkeys(keys.filter { layout.groupIndex(forDistributionKeyHash: $0.distributionHash) == group })
    }

    /// One past the last record of array akey `akey` under `dkey` (nil: no records).
    public func maxRecordEnd(dkey: WireKey, akey: WireKey, epoch: Epoch = .latest) throws(ClientError) -> UInt64? {
        guard !isErasureCoded else {
            throw .invalidArgument("the size of an erasure-coded array needs its record size: use maxRecordEnd(dkey:akey:recordSize:)")
        }
        var reasons: [String] = []
        for _ in 0..<Self.mapRefreshesMax {
            for member in group(for: dkey, in: layout) where member.location.isAvailable {
                let result = io.send([.init(target: member.location.target, opcode: .objectQueryMax,
                                            message: ObjectQueryMaxRequest(oid: id, shard: UInt32(member.shard), query: .maxExtent(dkey: dkey, akey: akey)),
                                            epoch: epoch)], expecting: ObjectQueryMaxReply.self)
                if try io.refreshIfStale(result) { break }
                switch result[0] {
                case .answered(let reply, _): return reply.extent.map { $0.start + $0.count }
                case .unavailable(let why): reasons.append(why)
                case .refused(let status, let detail): throw .failed(status, detail: detail)
                }
            }
            if !reasons.isEmpty { break }
        }
        throw .failed(.redundancyExceeded, detail: "no shard of dkey \(dkey) answered: " + reasons.joined(separator: "; "))
    }

    // MARK: - Helpers

    static func check(dkey: WireKey, iods: [IODescriptor]) throws(ClientError) {
        guard dkey.isValid else { throw .invalidArgument("dkey \(dkey) is empty or too long") }
        guard !iods.isEmpty, iods.count <= WireLimits.iodsMax else { throw .invalidArgument("1…\(WireLimits.iodsMax) descriptors per call") }
        for iod in iods where !iod.akey.isValid { throw .invalidArgument("akey \(iod.akey) is empty or too long") }
    }

    static func dataBytes(_ iods: [IODescriptor]) throws(ClientError) -> UInt64 {
        var total: UInt64 = 0
        for iod in iods {
            guard let bytes = iod.value.dataBytes, case (let sum, false) = total.addingReportingOverflow(bytes) else {
                throw .invalidArgument("descriptor for akey \(iod.akey) describes more than 2^64 bytes")
            }
            total = sum
        }
        return total
    }

    static func requireAll<Reply>(_ results: [ObjectIO.ShardResult<Reply>], what: @autoclosure () -> String) throws(ClientError) {
        for result in results {
            switch result {
            case .answered: continue
            case .refused(let status, let detail): throw .failed(status, detail: detail)
            case .unavailable(let why): throw .failed(.unreachable, detail: "\(what()): a healthy shard did not answer: \(why)")
            }
        }
    }
}

/// Update data as a shard request carries it: inline when small, else the caller's buffer
/// registered for the engines to pull (no copy).
struct UpdatePayload {
    let data: UpdateData
    let region: MemoryRegion?

    init(_ bytes: UnsafeRawBufferPointer, io: ObjectIO) throws(ClientError) {
        if bytes.count <= io.inlineBytesMax {
            data = .inline(Array(bytes))
            region = nil
        } else {
            let registered = try io.register(UnsafeMutableRawBufferPointer(mutating: bytes))
            region = registered
            data = .bulk(registered.bulkDescriptor())
        }
    }
}
