import DaosObject

/// Where the pool and container services keep their state: one VOS target of the service
/// rank's storage, one container reserved for the services, one object whose dkeys are pool
/// UUIDs, each holding the whole encoded `PoolRecord` as a single value. Writing a pool record
/// is one VOS update, so a change is all or nothing across a crash; `sync` durability makes it
/// survive power loss too.
public final class ServiceStore {
    static let container = ContainerID(hi: 0x5E_5E_5E_5E, lo: 1)
    static let object = ObjectID(hi: 0, lo: 1)
    static let recordKey = Key.lexical("record")

    let target: VOSTarget
    private let clock: HybridLogicalClock

    /// Opens (recovering) or creates the store in `directory`.
    public init(directory: String, durability: Durability = .sync, clock: HybridLogicalClock = HybridLogicalClock(),
                log: (@Sendable (String) -> Void)? = VOSTarget.Options.standardError) throws(ServiceError) {
        do {
            target = try VOSTarget.open(directory: directory, options: .init(durability: durability, log: log))
        } catch {
            throw .storage("\(error)")
        }
        self.clock = clock
        if (try? target.listDkeys(container: Self.container, object: Self.object, epoch: .latest)) == nil {
            do { try target.waitDurable(try target.createContainer(Self.container)) } catch { throw .storage("\(error)") }
        }
    }

    public func close() { target.close() }

    public func loadPools() throws(ServiceError) -> [PoolRecord] {
        var pools: [PoolRecord] = []
        var anchor: VOSAnchor? = nil
        do {
            repeat {
                let page = try target.listDkeys(container: Self.container, object: Self.object, epoch: .latest, anchor: anchor)
                for dkey in page.keys {
                    guard let bytes = try target.fetchSingle(
                        container: Self.container, object: Self.object, dkey: dkey, akey: Self.recordKey, epoch: .latest)
                    else { continue }
                    do { pools.append(try PoolRecord(decoding: bytes)) } catch {
                        throw ServiceError.storage("pool record \(dkey): \(error)")
                    }
                }
                anchor = page.next
            } while anchor != nil
        } catch let error as ServiceError {
            throw error
        } catch {
            throw .storage("\(error)")
        }
        return pools
    }

    /// Writes a pool's record and returns once it is durable.
    public func save(_ pool: PoolRecord) throws(ServiceError) {
        do {
            let sequence = try target.update(
                container: Self.container, object: Self.object, dkey: Self.key(pool.uuid), epoch: clock.now(),
                akeys: [AkeyUpdate(akey: Self.recordKey, value: .single(pool.encoded()))])
            try target.waitDurable(sequence)
        } catch {
            throw .storage("\(error)")
        }
    }

    public func remove(_ uuid: WireUUID) throws(ServiceError) {
        do {
            let sequence = try target.punch(
                container: Self.container, object: Self.object, .dkey(Self.key(uuid)), epoch: clock.now())
            try target.waitDurable(sequence)
        } catch {
            throw .storage("\(error)")
        }
    }

    static func key(_ uuid: WireUUID) -> Key { .hashed(uuid.bytes) }
}
