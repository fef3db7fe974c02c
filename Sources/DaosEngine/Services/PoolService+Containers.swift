import DaosObject

/// An open container: which container, through which pool handle, how.
public struct ContainerHandle: Sendable, Equatable {
    public var cookie: HandleCookie
    public var poolHandle: HandleCookie
    public var pool: WireUUID
    public var container: WireUUID
    public var mode: AccessMode
}

/// Property rules the container service enforces (DAOS's, see research/daos-architecture.md §1.5, §3.1).
enum ContainerRules {
    static let cellSizeMin: UInt32 = 4 << 10
    static let cellSizeMax: UInt32 = 1 << 20
    static let chunkSizeDefault: UInt64 = 1 << 20
    static let chunkSizeMax: UInt64 = 1 << 30

    static func checkCellSize(_ bytes: UInt32) throws(ServiceError) {
        guard bytes >= cellSizeMin, bytes <= cellSizeMax, bytes % cellSizeMin == 0 else {
            throw .invalidProperty("ec_cell_sz:\(bytes) must be a multiple of 4 KiB from 4 KiB to 1 MiB")
        }
    }

    /// A class the pool can place and that survives `rd_fac` failures.
    static func check(_ oclass: ObjectClass, redundancyFactor: UInt8, domains: Int, role: String) throws(ServiceError) {
        guard oclass.groupSize <= domains else {
            throw .invalidProperty("\(role) class \(oclass) needs \(oclass.groupSize) fault domains, the pool has \(domains)")
        }
        guard oclass.redundancy.faultTolerance >= Int(redundancyFactor) else {
            throw .invalidProperty("\(role) class \(oclass) tolerates \(oclass.redundancy.faultTolerance) failure(s), rd_fac is \(redundancyFactor)")
        }
    }
}

extension PoolService {
    public func containers(pool name: String) throws(ServiceError) -> [ContainerRecord] {
        try pool(name).containers
    }

    /// A container by label or UUID.
    public func container(pool name: String, _ container: String) throws(ServiceError) -> ContainerRecord {
        let pool = try pool(name)
        return try pool.containers[index(of: container, in: pool)]
    }

    func index(of container: String, in pool: PoolRecord) throws(ServiceError) -> Int {
        let uuid = WireUUID(container)
        guard let index = pool.containers.firstIndex(where: { $0.uuid == uuid || $0.label == container }) else {
            throw .noSuchContainer(container)
        }
        return index
    }

    /// Creates a container. Unset properties take the pool's defaults; object classes default
    /// from `rd_fac` and the number of fault domains (DAOS's table); everything is validated
    /// against the pool before anything is written.
    public func createContainer(pool name: String, label: String, properties: [ContainerProperty] = [])
        throws(ServiceError) -> ContainerRecord {
        var pool = try pool(name)
        try LabelRule.check(label)
        guard !pool.containers.contains(where: { $0.label == label }) else { throw .labelTaken(label) }
        let domains = pool.faultDomainCount
        var record = ContainerRecord(
            uuid: WireUUID.random(using: &random), label: label, type: .none, redundancyFactor: pool.redundancyFactor,
            checksum: .off, ecCellSizeBytes: pool.ecCellSizeBytes, fileObjectClass: ObjectClass(redundancy: .none, groups: .max),
            directoryObjectClass: ObjectClass(redundancy: .none, groups: .count(1)), chunkSizeBytes: ContainerRules.chunkSizeDefault,
            owner: pool.owner, group: pool.group, snapshots: [], nextObjectID: 1)
        var fileClass: ObjectClass?
        var directoryClass: ObjectClass?
        for property in properties {
            switch property {
            case .fileObjectClass(let oclass): fileClass = oclass
            case .directoryObjectClass(let oclass): directoryClass = oclass
            case .label(let text) where text != label:
                throw .invalidProperty("label given twice ('\(label)', '\(text)')")
            default: try apply(property, to: &record, domains: domains)
            }
        }
        let rf = Int(record.redundancyFactor)
        do {
            record.fileObjectClass = try fileClass ?? ObjectClass.defaultClass(for: .byteArray, redundancyFactor: rf, domains: domains)
            record.directoryObjectClass = try directoryClass
                ?? ObjectClass.defaultClass(for: .multiHashed, redundancyFactor: rf, domains: domains)
        } catch {
            throw .invalidProperty("\(error)")
        }
        try ContainerRules.check(record.fileObjectClass, redundancyFactor: record.redundancyFactor, domains: domains, role: "file")
        try ContainerRules.check(record.directoryObjectClass, redundancyFactor: record.redundancyFactor, domains: domains, role: "directory")
        pool.containers.append(record)
        try save(pool)
        return record
    }

    private func apply(_ property: ContainerProperty, to record: inout ContainerRecord, domains: Int) throws(ServiceError) {
        switch property {
        case .label(let label): record.label = label
        case .layoutType(let type): record.type = type
        case .redundancyFactor(let factor):
            guard factor <= ContainerProperty.redundancyFactorMax else { throw .invalidProperty("rd_fac:\(factor) is out of range 0…4") }
            guard Int(factor) < domains else {
                throw .invalidProperty("rd_fac:\(factor) needs \(Int(factor) + 1) fault domains, the pool has \(domains)")
            }
            record.redundancyFactor = factor
        case .checksum(let kind): record.checksum = kind
        case .ecCellSizeBytes(let bytes):
            try ContainerRules.checkCellSize(bytes)
            record.ecCellSizeBytes = bytes
        case .fileObjectClass(let oclass): record.fileObjectClass = oclass
        case .directoryObjectClass(let oclass): record.directoryObjectClass = oclass
        case .chunkSizeBytes(let bytes):
            guard bytes > 0, bytes <= ContainerRules.chunkSizeMax else {
                throw .invalidProperty("chunk_size:\(bytes) must be from 1 byte to 1 GiB")
            }
            record.chunkSizeBytes = bytes
        case .owner(let owner): record.owner = owner
        case .group(let group): record.group = group
        }
    }

    /// Changes properties after create. The layout type and `rd_fac` are immutable (objects
    /// already written depend on them); classes are checked as at create.
    public func setContainerProperties(pool name: String, _ container: String, _ properties: [ContainerProperty])
        throws(ServiceError) -> ContainerRecord {
        var pool = try pool(name)
        let index = try index(of: container, in: pool)
        var record = pool.containers[index]
        let domains = pool.faultDomainCount
        for property in properties {
            switch property {
            case .layoutType, .redundancyFactor:
                throw .invalidProperty("\(property.tag) cannot be changed after the container is created")
            case .label(let label) where label != record.label:
                try LabelRule.check(label)
                guard !pool.containers.contains(where: { $0.label == label }) else { throw .labelTaken(label) }
                record.label = label
            default:
                try apply(property, to: &record, domains: domains)
            }
        }
        try ContainerRules.check(record.fileObjectClass, redundancyFactor: record.redundancyFactor, domains: domains, role: "file")
        try ContainerRules.check(record.directoryObjectClass, redundancyFactor: record.redundancyFactor, domains: domains, role: "directory")
        pool.containers[index] = record
        try save(pool)
        return record
    }

    public func destroyContainer(pool name: String, _ container: String, force: Bool = false) throws(ServiceError) {
        var pool = try pool(name)
        let index = try index(of: container, in: pool)
        let uuid = pool.containers[index].uuid
        let open = containerHandles.values.filter { $0.container == uuid }
        guard open.isEmpty || force else { throw .containerBusy(label: pool.containers[index].label, handles: open.count) }
        pool.containers.remove(at: index)
        try save(pool)
        containerHandles = containerHandles.filter { $0.value.container != uuid }
    }

    // MARK: - Open / close

    public func openContainer(poolHandle: HandleCookie, _ container: String, mode: AccessMode)
        throws(ServiceError) -> (ContainerHandle, ContainerRecord) {
        let parent = try handle(poolHandle)
        guard parent.mode != .readOnly || mode == .readOnly else { throw .readOnlyHandle }
        guard let pool = poolsByUUID[parent.pool] else { throw .noSuchPool(parent.pool.description) }
        let record = pool.containers[try index(of: container, in: pool)]
        let handle = ContainerHandle(cookie: newCookie(), poolHandle: poolHandle, pool: pool.uuid,
                                     container: record.uuid, mode: mode)
        containerHandles[handle.cookie] = handle
        return (handle, record)
    }

    public func closeContainer(_ cookie: HandleCookie) throws(ServiceError) {
        guard containerHandles.removeValue(forKey: cookie) != nil else { throw .noSuchHandle(cookie) }
    }

    // MARK: - Snapshots and OIDs

    /// Records a snapshot at the current HLC epoch and returns it.
    public func createSnapshot(pool name: String, _ container: String) throws(ServiceError) -> Epoch {
        var pool = try pool(name)
        let index = try index(of: container, in: pool)
        let epoch = clock.now()
        pool.containers[index].snapshots.append(epoch)
        try save(pool)
        return epoch
    }

    public func destroySnapshot(pool name: String, _ container: String, epoch: Epoch) throws(ServiceError) {
        var pool = try pool(name)
        let index = try index(of: container, in: pool)
        guard let position = pool.containers[index].snapshots.firstIndex(of: epoch) else { throw .noSuchSnapshot(epoch) }
        pool.containers[index].snapshots.remove(at: position)
        try save(pool)
    }

    /// Hands out `count` consecutive OID `lo` values; returns the first. Durable before it
    /// returns, so no value is ever handed out twice, even across a restart.
    public func allocateObjectIDs(pool name: String, _ container: String, count: UInt64) throws(ServiceError) -> UInt64 {
        guard count > 0, count <= 1 << 32 else { throw .invalidProperty("OID range of \(count) (1…2^32)") }
        var pool = try pool(name)
        let index = try index(of: container, in: pool)
        let first = pool.containers[index].nextObjectID
        guard first <= UInt64.max - count else { throw .noSpace(requested: count, available: UInt64.max - first) }
        pool.containers[index].nextObjectID = first + count
        try save(pool)
        return first
    }
}
