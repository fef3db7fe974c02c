#if canImport(Glibc)
import Glibc
#endif

/// A client's attachment to a running system: the system file, one fabric domain, and an RPC
/// client per engine it has talked to (created on first use). Calls to the pool/container
/// service retry on timeouts and lost connections, re-reading the system file first — an engine
/// that restarted may listen on a new address. Progress is driven by the calling thread; one
/// `DaosSystem` is used by one thread at a time.
public final class DaosSystem {
    public let path: String
    public private(set) var file: SystemFile
    public let domain: FabricDomain
    /// Per-call reply deadline.
    public var timeoutMilliseconds: Int
    /// Tries per service call before giving up with `.unreachable`.
    public var attempts = 3
    /// Deadline of the hello that opens a connection: a live engine answers it in well under a
    /// millisecond, and a dead one should not cost a CLI user `attempts` × the call timeout.
    public var helloTimeoutMilliseconds = 1_500
    private var clients: [UInt32: RPCClient] = [:]
    /// Object endpoints of closed containers, per pool (ObjectIO+Reuse.swift).
    var idleObjectEndpoints: [WireUUID: [IdleObjectEndpoint]] = [:]
    /// Endpoints made ready before first use (`DaosSystem+Prepared`); under `idleLock`.
    var spareObjectEndpoint: RPCClient?
    var spareServiceEndpoint: RPCClient?
    let idleLock = FabricLock()

    /// Reads the system file at `path` (default: `DAOS_SYSTEM_FILE`, else the per-user state
    /// directory) and opens the fabric provider it names.
    /// `domain`, opened ahead for the provider the file names, is used instead of a new one;
    /// `serviceEndpoint`, made on it ahead (warmed up), serves the first service call.
    public init(systemFile path: String = SystemFile.defaultPath, timeoutMilliseconds: Int = 10_000,
                domain ready: FabricDomain? = nil, serviceEndpoint: RPCClient? = nil) throws(ClientError) {
        self.path = path
        do throws(SystemFileError) { file = try SystemFile.load(from: path) } catch { throw .system(error) }
        if let ready, ready.provider == file.provider {
            domain = ready
            spareServiceEndpoint = serviceEndpoint.flatMap { $0.domain === ready ? $0 : nil }
        } else {
            do throws(FabricError) { domain = try FabricDomain(provider: file.provider) } catch {
                throw .rpc(.fabric(error))
            }
        }
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public var serviceRank: UInt32 { file.serviceRank }

    // MARK: - Calls

    /// Calls the pool/container service; retries transport failures and `tryAgain`/`busy`
    /// answers, follows a `notLeader` hint. Service-side refusals throw `.failed` at once.
    public func serviceCall<Request: WireMessage, Reply: WireMessage>(
        _ opcode: Opcode, _ request: Request, expecting: Reply.Type, poolHandle: HandleCookie = .none,
        containerHandle: HandleCookie = .none, mapVersion: UInt32 = 0
    ) throws(ClientError) -> Reply {
        try engineCall(file.serviceRank, opcode, request, expecting: expecting, poolHandle: poolHandle,
                       containerHandle: containerHandle, mapVersion: mapVersion, followLeader: true)
    }

    /// Calls the service thread of the engine with `rank` (engine management: ping, query, stop).
    public func engineCall<Request: WireMessage, Reply: WireMessage>(
        _ rank: UInt32, _ opcode: Opcode, _ request: Request, expecting: Reply.Type, poolHandle: HandleCookie = .none,
        containerHandle: HandleCookie = .none, mapVersion: UInt32 = 0, followLeader: Bool = false,
        attempts: Int? = nil
    ) throws(ClientError) -> Reply {
        var rank = rank
        var lastError: RPCError = .notConnected
        for attempt in 0..<(attempts ?? self.attempts) {
            if attempt > 0 { backOff(attempt) }
            do throws(RPCError) {
                let client = try client(for: rank)
                client.mapVersion = mapVersion
                return try client.call(opcode, request, expecting: expecting, poolHandle: poolHandle,
                                       containerHandle: containerHandle, timeoutMilliseconds: timeoutMilliseconds)
            } catch {
                lastError = error
                switch error {
                case .failed(.notLeader, _, let hint?) where followLeader && file.engines.contains(where: { $0.rank == hint }):
                    rank = hint
                case .failed(.tryAgain, _, _), .failed(.busy, _, _):
                    continue
                case .failed, .refused, .wire, .bulkTooLarge, .unexpectedReply:
                    throw ClientError(error)
                case .timedOut, .fabric, .notConnected:
                    // The engine may have restarted (new address) or be gone: start over.
                    clients[rank] = nil
                    refreshSystemFile()
                }
            }
        }
        throw .unreachable(rank: rank, lastError)
    }

    /// The last map version the engine at `rank` reported in a reply header (0 if none yet).
    public func lastReplyMapVersion(rank: UInt32) -> UInt32 { clients[rank]?.lastReplyMapVersion ?? 0 }

    /// Registers `buffer` for the service connection's bulk transfers (e.g. a large pool map).
    func registerForService(_ buffer: UnsafeMutableRawBufferPointer) throws(ClientError) -> MemoryRegion {
        do throws(RPCError) { return try client(for: file.serviceRank).register(buffer) } catch { throw .rpc(error) }
    }

    private func client(for rank: UInt32) throws(RPCError) -> RPCClient {
        if let client = clients[rank] { return client }
        guard let engine = file.engines.first(where: { $0.rank == rank }) else {
            throw .unexpectedReply("rank \(rank) is not in the system file \(path)")
        }
        let client: RPCClient
        if let spare = takeSpareEndpoint(forObjects: false) {
            client = spare
        } else {
            do throws(FabricError) { client = try RPCClient(domain: domain) } catch { throw .fabric(error) }
        }
        client.timeoutMilliseconds = timeoutMilliseconds
        try client.connect(to: engine.address, timeoutMilliseconds: min(timeoutMilliseconds, helloTimeoutMilliseconds))
        clients[rank] = client
        return client
    }

    /// Re-reads the system file; true when it changed (an engine restarted on a new address).
    @discardableResult
    public func refreshSystemFile() -> Bool {
        guard let fresh = try? SystemFile.load(from: path), fresh != file else { return false }
        file = fresh
        return true
    }

    private func backOff(_ attempt: Int) {
        SimulationContext.sleep(microseconds: min(1_000_000, 50_000 << min(attempt, 5)))
    }

    // MARK: - Pools (dmg)

    public func createPool(label: String, sizeBytes: UInt64, rankCount: Int = 0, properties: [PoolProperty] = [])
        throws(ClientError) -> PoolCreateReply {
        try Names.checkLabel(label, what: "pool label")
        guard sizeBytes > 0 else { throw .invalidArgument("pool size must be larger than 0") }
        guard (0...WireLimits.ranksMax).contains(rankCount) else { throw .invalidArgument("--nranks \(rankCount)") }
        // Every target backs its share before the reply (as DAOS preallocates): allow minutes.
        let saved = timeoutMilliseconds
        timeoutMilliseconds = max(saved, 300_000)
        defer { timeoutMilliseconds = saved }
        return try serviceCall(.poolCreate, PoolCreateRequest(label: label, sizeBytes: sizeBytes, rankCount: UInt32(rankCount),
                                                               properties: properties), expecting: PoolCreateReply.self)
    }

    public func listPools() throws(ClientError) -> [PoolSummary] {
        var pools: [PoolSummary] = []
        var anchor = ListAnchor.start
        while true {
            let page = try serviceCall(.poolList, ListPageRequest(countMax: UInt32(WireLimits.listEntriesMax), anchor: anchor),
                                       expecting: PoolListReply.self)
            pools += page.pools
            guard let next = page.next, !page.pools.isEmpty else { return pools }
            anchor = next
        }
    }

    public func queryPool(_ name: String) throws(ClientError) -> PoolQueryReply {
        try Names.checkName(name, what: "pool")
        return try serviceCall(.poolQuery, PoolQueryRequest(name: name), expecting: PoolQueryReply.self)
    }

    public func destroyPool(_ name: String, force: Bool = false) throws(ClientError) {
        try Names.checkName(name, what: "pool")
        _ = try serviceCall(.poolDestroy, PoolDestroyRequest(name: name, force: force), expecting: EmptyMessage.self)
    }

    /// `dmg pool exclude|reintegrate|drain`: changes target states in the pool map; returns the
    /// new map version.
    public func changeTargets(_ opcode: Opcode, pool name: String, rank: UInt32, targetIndices: [UInt32] = [])
        throws(ClientError) -> UInt32 {
        guard [.poolExclude, .poolReintegrate, .poolDrain].contains(opcode) else {
            throw .invalidArgument("\(opcode) does not change target states")
        }
        try Names.checkName(name, what: "pool")
        guard targetIndices.count <= WireLimits.targetIndicesMax else { throw .invalidArgument("too many target indices") }
        return try serviceCall(opcode, PoolTargetsRequest(name: name, rank: rank, targetIndices: targetIndices),
                               expecting: PoolTargetsReply.self).mapVersion
    }

    // MARK: - Engines

    public func ping(rank: UInt32, attempts: Int = 1) throws(ClientError) -> PingReply {
        try engineCall(rank, .enginePing, EmptyMessage(), expecting: PingReply.self, attempts: attempts)
    }

    public func queryEngine(rank: UInt32, attempts: Int = 1) throws(ClientError) -> EngineQueryReply {
        try engineCall(rank, .engineQuery, EmptyMessage(), expecting: EngineQueryReply.self, attempts: attempts)
    }
}

/// Name checks done before a request is built (the message initializers trap on oversize names).
enum Names {
    static func checkName(_ name: String, what: String) throws(ClientError) {
        guard !name.isEmpty else { throw .invalidArgument("\(what) name is empty") }
        guard name.utf8.count <= WireLimits.nameBytesMax else {
            throw .invalidArgument("\(what) name is longer than \(WireLimits.nameBytesMax) bytes")
        }
    }

    static func checkLabel(_ label: String, what: String) throws(ClientError) {
        guard !label.isEmpty else { throw .invalidArgument("\(what) is empty") }
        guard label.utf8.count <= WireLimits.labelBytesMax else {
            throw .invalidArgument("\(what) is longer than \(WireLimits.labelBytesMax) bytes")
        }
    }
}
