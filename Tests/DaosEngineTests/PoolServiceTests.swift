import DaosObject
import Testing

@testable import DaosEngine

/// The pool and container services on a real service store: DAOS's rules, and everything
/// surviving a restart of the service.
@Suite struct PoolServiceTests {
    /// The single-host default: 3 engines × 4 targets on one node, 1 GiB per target.
    static let singleHost = (0..<3).map {
        PoolService.Engine(rank: UInt32($0), node: 0, targets: 4, capacityBytesPerTarget: 1 << 30)
    }

    static func service(_ directory: String, engines: [PoolService.Engine] = singleHost) throws -> PoolService {
        try PoolService(engines: engines, store: ServiceStore(directory: directory, durability: .pageCache), seed: 1)
    }

    static func failure(_ body: () throws -> Void) -> ServiceError? {
        do { try body() } catch let error as ServiceError { return error } catch { return nil }
        return nil
    }

    @Test func poolsAndContainersSurviveARestart() throws {
        try withTemporaryDirectory { dir in
            var created: PoolRecord
            var container: ContainerRecord
            do {
                let service = try Self.service(dir)
                created = try service.createPool(label: "tank", sizeBytes: 4 << 30)
                #expect(created.bytesPerTarget == (4 << 30) / 12)
                #expect(created.map.targets.count == 12)
                #expect(created.faultDomainLevel == .engine)
                #expect(created.redundancyFactor == 2)
                container = try service.createContainer(
                    pool: "tank", label: "c1", properties: [.layoutType(.posix), .redundancyFactor(1)])
                #expect(container.fileObjectClass.description == "EC_2P1GX")
                #expect(container.directoryObjectClass.description == "RP_2G1")
                #expect(try service.allocateObjectIDs(pool: "tank", "c1", count: 100) == 1)
                let snapshot = try service.createSnapshot(pool: "tank", "c1")
                #expect(try service.container(pool: "tank", "c1").snapshots == [snapshot])
                try service.setState(.down, pool: "tank", rank: 2)
                service.store.close()
            }
            let reopened = try Self.service(dir)
            let pool = try reopened.pool("tank")
            #expect(pool.uuid == created.uuid)
            #expect(pool.map.version == created.map.version + 1)
            #expect(pool.map.engines[2].state == .down)
            #expect(try reopened.pool(created.uuid.description).label == "tank")
            var again = try reopened.container(pool: "tank", container.uuid.description)
            #expect(again.label == "c1" && again.type == .posix && again.snapshots.count == 1)
            #expect(try reopened.allocateObjectIDs(pool: "tank", "c1", count: 5) == 101)
            again = try reopened.container(pool: "tank", "c1")
            #expect(again.nextObjectID == 106)
        }
    }

    @Test func poolCreateRules() throws {
        try withTemporaryDirectory { dir in
            let service = try Self.service(dir)
            _ = try service.createPool(label: "tank", sizeBytes: 1 << 30, rankCount: 2)
            #expect(try service.pool("tank").ranks == [0, 1])
            #expect(Self.failure { _ = try service.createPool(label: "tank", sizeBytes: 1 << 30) } == .labelTaken("tank"))
            #expect(Self.failure { _ = try service.createPool(label: "bad label", sizeBytes: 1 << 30) }?.status == .invalidArgument)
            #expect(Self.failure { _ = try service.createPool(label: "12345678-1234-1234-1234-123456789abc", sizeBytes: 1 << 30) }?.status == .invalidArgument)
            #expect(Self.failure { _ = try service.createPool(label: "small", sizeBytes: 1 << 20) }?.status == .invalidArgument)
            #expect(Self.failure { _ = try service.createPool(label: "many", sizeBytes: 1 << 30, rankCount: 4) }?.status == .invalidArgument)
            // Ranks 0 and 1 have 1 GiB − 128 MiB left per target; 12 GiB over 12 targets does not fit.
            #expect(Self.failure { _ = try service.createPool(label: "huge", sizeBytes: 12 << 30) }?.status == .noSpace)
            #expect(Self.failure { _ = try service.pool("nope") } == .noSuchPool("nope"))
            #expect(Self.failure {
                _ = try service.createPool(label: "rf", sizeBytes: 1 << 30, properties: [.redundancyFactor(3)])
            }?.status == .invalidArgument)
        }
    }

    @Test func containerPropertiesAreValidatedAgainstThePool() throws {
        try withTemporaryDirectory { dir in
            let service = try Self.service(dir)
            _ = try service.createPool(label: "tank", sizeBytes: 1 << 30)
            func refused(_ properties: [ContainerProperty]) -> Bool {
                Self.failure { _ = try service.createContainer(pool: "tank", label: "x", properties: properties) }?.status
                    == .invalidArgument
            }
            #expect(refused([.redundancyFactor(3)]))  // 3 engines: rd_fac ≤ 2
            #expect(refused([.fileObjectClass(try ObjectClass(parsing: "EC_4P2G1"))]))  // 6 domains needed
            #expect(refused([.redundancyFactor(1), .fileObjectClass(try ObjectClass(parsing: "SX"))]))  // no protection
            #expect(refused([.ecCellSizeBytes(5000)]))
            #expect(refused([.ecCellSizeBytes(2 << 20)]))
            #expect(refused([.chunkSizeBytes(0)]))
            let c = try service.createContainer(pool: "tank", label: "c", properties: [
                .redundancyFactor(1), .checksum(.crc32), .ecCellSizeBytes(65536), .chunkSizeBytes(4 << 20),
                .fileObjectClass(try ObjectClass(parsing: "EC_2P1G1")), .directoryObjectClass(try ObjectClass(parsing: "RP_3G1")),
            ])
            #expect(c.properties.contains(.checksum(.crc32)) && c.ecCellSizeBytes == 65536 && c.chunkSizeBytes == 4 << 20)
            #expect(Self.failure { _ = try service.createContainer(pool: "tank", label: "c") } == .labelTaken("c"))
            #expect(Self.failure { _ = try service.setContainerProperties(pool: "tank", "c", [.redundancyFactor(0)]) }?.status
                    == .invalidArgument)
            let renamed = try service.setContainerProperties(pool: "tank", "c", [.label("d"), .chunkSizeBytes(1 << 20)])
            #expect(renamed.label == "d" && renamed.chunkSizeBytes == 1 << 20)
            #expect(Self.failure { _ = try service.container(pool: "tank", "c") } == .noSuchContainer("c"))
        }
    }

    @Test func handlesGuardDestroyAndCarryTheMode() throws {
        try withTemporaryDirectory { dir in
            let service = try Self.service(dir)
            _ = try service.createPool(label: "tank", sizeBytes: 1 << 30)
            _ = try service.createContainer(pool: "tank", label: "c")
            let (poolHandle, _) = try service.connect("tank", mode: .readOnly)
            #expect(Self.failure { _ = try service.openContainer(poolHandle: poolHandle.cookie, "c", mode: .readWrite) } == .readOnlyHandle)
            let (containerHandle, record) = try service.openContainer(poolHandle: poolHandle.cookie, "c", mode: .readOnly)
            #expect(record.label == "c")
            #expect(Self.failure { try service.destroyContainer(pool: "tank", "c") }?.status == .busy)
            #expect(Self.failure { try service.destroyPool("tank") } == .poolBusy(label: "tank", handles: 1))
            try service.closeContainer(containerHandle.cookie)
            #expect(Self.failure { try service.closeContainer(containerHandle.cookie) } == .noSuchHandle(containerHandle.cookie))
            try service.destroyContainer(pool: "tank", "c")
            try service.destroyPool("tank", force: true)
            #expect(Self.failure { try service.disconnect(poolHandle.cookie) } == .noSuchHandle(poolHandle.cookie))
            #expect(service.pools.isEmpty)
            // The space is free again.
            _ = try service.createPool(label: "tank2", sizeBytes: 12 << 30)
        }
    }

    @Test func snapshotsAndMapChanges() throws {
        try withTemporaryDirectory { dir in
            let engines = (0..<6).map {
                PoolService.Engine(rank: UInt32($0), node: $0 / 2, targets: 2, capacityBytesPerTarget: 1 << 30)
            }
            let service = try Self.service(dir, engines: engines)
            let pool = try service.createPool(label: "wide", sizeBytes: 1 << 30)
            #expect(pool.faultDomainLevel == .node && pool.faultDomainCount == 3)
            _ = try service.createContainer(pool: "wide", label: "c")
            let first = try service.createSnapshot(pool: "wide", "c")
            let second = try service.createSnapshot(pool: "wide", "c")
            #expect(second > first)
            try service.destroySnapshot(pool: "wide", "c", epoch: first)
            #expect(try service.container(pool: "wide", "c").snapshots == [second])
            #expect(Self.failure { try service.destroySnapshot(pool: "wide", "c", epoch: first) } == .noSuchSnapshot(first))
            let map = try service.setState(.down, pool: "wide", rank: 3, targetIndices: [1])
            #expect(map.targets[7].state == .down && map.targets[6].state == .upIn)
            #expect(Self.failure { try service.setState(.down, pool: "wide", rank: 9) }?.status == .invalidArgument)
            #expect(Self.failure { try service.setState(.upIn, pool: "wide", rank: 0) } == nil)  // already UPIN: no-op
            #expect(Self.failure { try service.setState(.up, pool: "wide", rank: 0) }?.status == .invalidArgument)
        }
    }
}
