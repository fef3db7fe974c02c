import DaosObject
import Foundation
import Testing

/// The client connection layer against a real system: three engines started by `daos_server`,
/// this process as the client.
@Suite(.serialized) struct ClientLayerTests {
    @Test func poolsContainersHandlesAndRestart() throws {
        let system = try TestSystem(name: "client", config: TestConfigs.threeEngines(provider: "tcp;ofi_rxm", basePort: 32100))
        defer { system.tearDown() }
        try system.start()

        let client = try DaosSystem(systemFile: system.systemFile)
        let created = try client.createPool(label: "tank", sizeBytes: 1 << 30)
        #expect(created.storageRanks == [0, 1, 2] && created.totalBytes > 0)
        #expect(try client.listPools().map(\.label) == ["tank"])
        #expect(throws: ClientError.self) { try client.createPool(label: "tank", sizeBytes: 1 << 30) }

        let pool = try PoolConnection(system: client, pool: "tank")
        #expect(pool.uuid == created.uuid && pool.label == "tank")
        #expect(pool.map.engines.count == 3 && pool.map.targets.count == 6)
        let uuid = try pool.createContainer(label: "c1", type: .posix, properties: [.redundancyFactor(1)])
        let container = try pool.openContainer("c1")
        #expect(container.uuid == uuid && container.type == .posix)
        #expect(try container.getProperties([.redundancyFactor]) == [.redundancyFactor(1)])
        let first = try container.allocateObjectIDs(100)
        let second = try container.allocateObjectIDs(100)
        #expect(second >= first + 100)

        // Another process adopts the handles (global2local) and works without connecting.
        let other = try DaosSystem(systemFile: system.systemFile)
        let adoptedPool = try PoolConnection(system: other, global: pool.global())
        let adopted = try ContainerConnection(pool: adoptedPool, global: container.global())
        #expect(try adopted.allocateObjectIDs(1) >= second + 100)
        #expect(try adopted.query().label == "c1")

        let snapshot = try container.createSnapshot()
        #expect(try container.listSnapshots().map(\.epoch) == [snapshot])
        try container.destroySnapshots(snapshot, snapshot)
        #expect(try container.listSnapshots().isEmpty)

        // A map change made by someone else: the next call on our handle refreshes the map.
        let before = pool.map.version
        let version = try other.changeTargets(.poolExclude, pool: "tank", rank: 2)
        #expect(version > before)
        #expect(try pool.query().targetsDisabled == 2)
        #expect(pool.map.version == version)
        _ = try other.changeTargets(.poolReintegrate, pool: "tank", rank: 2)

        // Unknown pool: the service's answer, not a transport error.
        do {
            _ = try PoolConnection(system: client, pool: "nope")
            Issue.record("connected to a pool that does not exist")
        } catch {
            #expect(error.status == .nonexistent, "\(error)")
        }

        // Restart the service rank: pools and containers are still there; handles are not.
        _ = try ControlChannel.send(.stop(ranks: [0], force: false), socket: ControlChannel.socketPath(systemFile: system.systemFile))
        let restarted = try ControlChannel.send(.start(ranks: [0]), socket: ControlChannel.socketPath(systemFile: system.systemFile))
        #expect(restarted.map(\.state) == [.joined])
        #expect(try client.listPools().map(\.label) == ["tank"])
        let again = try PoolConnection(system: client, pool: "tank")
        #expect(try again.listContainers().map(\.label) == ["c1"])
        do {
            _ = try container.query()
            Issue.record("a container handle survived a service restart")
        } catch {
            #expect(error.status == .noHandle, "\(error)")
        }
        try again.disconnect()
        try client.destroyPool("tank", force: true)
        #expect(try client.listPools().isEmpty)
        try system.stop()
    }
}

enum TestConfigs {
    /// Three engines with two targets each on 127.0.0.1, page-cache durability.
    static func threeEngines(provider: String, basePort: Int) -> String {
        var text = "name: daos_server\nprovider: \"\(provider)\"\nstate_dir: STATE\nservice_rank: 0\nengines:\n"
        for rank in 0..<3 {
            text += """
                  - rank: \(rank)
                    targets: 2
                    storage: STATE/engine\(rank)
                    fabric_iface_addr: 127.0.0.1
                    fabric_iface_port: \(basePort + rank * 10)
                    durability: page-cache
                    capacity_per_target: 1GiB

                """
        }
        return text
    }
}
