import DaosEngine
import DaosObject
import Testing

@Suite struct ServerConfigTests {
    static let sample = """
        name: daos_server
        provider: tcp;ofi_rxm
        state_dir: /var/lib/swift-daos
        service_rank: 1
        engines:
          - rank: 0
            targets: 4
            storage: /var/lib/swift-daos/engine0
            fabric_iface_addr: 127.0.0.1
            fabric_iface_port: 31416
            durability: sync
            capacity_per_target: 8GiB
          - rank: 1
            targets: 16
            storage: /var/lib/swift-daos/engine1
            fabric_iface_port: 31516
            durability: page-cache
            provider: shm
        """

    @Test func parsesDAOSStyleFile() throws {
        let config = try ServerConfig(yaml: Self.sample)
        #expect(config.name == "daos_server" && config.provider == "tcp;ofi_rxm" && config.serviceRank == 1)
        #expect(config.engines.count == 2)
        #expect(config.engines[0] == ServerConfig.Engine(
            rank: 0, targets: 4, storage: "/var/lib/swift-daos/engine0", address: "127.0.0.1", port: 31416,
            durability: .sync, capacityBytesPerTarget: 8 << 30, provider: nil))
        #expect(config.engines[1].durability == .pageCache && config.engines[1].capacityBytesPerTarget == 4 << 30)
        #expect(config.engines[1].provider == "shm" && config.engines[1].address == "127.0.0.1")
    }

    @Test(arguments: [
        ("", "empty"),
        ("- a\n- b", "mapping"),
        ("state_dir: /x\nengines: []", "engines"),
        ("engines:\n  - rank: 0\n    targets: 4\n    storage: /a\n    fabric_iface_port: 1", "state_dir"),
        ("state_dir: /x\nengines:\n  - rank: 0\n    targets: 0\n    storage: /a\n    fabric_iface_port: 1", "targets"),
        ("state_dir: /x\nengines:\n  - rank: 0\n    targets: 65\n    storage: /a\n    fabric_iface_port: 1", "targets"),
        ("state_dir: /x\nengines:\n  - rank: 0\n    targets: 4\n    storage: /a\n    fabric_iface_port: 70000", "fabric_iface_port"),
        ("state_dir: /x\nengines:\n  - rank: 0\n    targets: 4\n    storage: /a\n    fabric_iface_port: 1\n    durability: fast", "durability"),
        ("state_dir: /x\nengines:\n  - rank: 0\n    targets: 4\n    storage: /a\n    fabric_iface_port: 1\n    capacity_per_target: 1MiB", "capacity_per_target"),
        ("state_dir: /x\nengines:\n  - rank: 0\n    targets: 4\n    storage: /a\n    fabric_iface_port: 1\n    colour: red", "colour"),
        ("state_dir: /x\nengines:\n  - rank: 0\n    targets: 4\n    storage: /a\n    fabric_iface_port: 1\n  - rank: 0\n    targets: 4\n    storage: /b\n    fabric_iface_port: 2", "twice"),
        ("state_dir: /x\nengines:\n  - rank: 0\n    targets: 4\n    storage: /a\n    fabric_iface_port: 1\n  - rank: 1\n    targets: 4\n    storage: /b\n    fabric_iface_port: 1", "two engines"),
        ("state_dir: /x\nengines:\n  - rank: 0\n    targets: 4\n    storage: /a\n    fabric_iface_port: 1\n  - rank: 1\n    targets: 4\n    storage: /b\n    fabric_iface_port: 5", "127.0.0.1:5 is used by two engines"),
        ("state_dir: /x\nservice_rank: 5\nengines:\n  - rank: 0\n    targets: 4\n    storage: /a\n    fabric_iface_port: 1", "service_rank"),
        ("state_dir: [unclosed", "YAML"),
    ])
    func badFilesNameTheProblem(yaml: String, mention: String) {
        do {
            _ = try ServerConfig(yaml: yaml)
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.description.contains(mention), "\(error.description)")
            #expect(error.description.hasPrefix("daos_server.yml: "))
        }
    }

    @Test func singleHostDefault() {
        let config = ServerConfig.singleHost(stateDirectory: "/tmp/x")
        #expect(config.engines.map(\.rank) == [0, 1, 2])
        #expect(config.engines.allSatisfy { $0.targets == 4 && $0.address == "127.0.0.1" })
        #expect(Set(config.engines.map(\.port)).count == 3)
    }

    @Test func yamlTextRoundTrips() throws {
        var config = ServerConfig.singleHost(stateDirectory: "/tmp/x y", basePort: 20000)
        config.engines[1].provider = "shm"
        config.engines[2].durability = .sync
        config.ecAggregationDelayMilliseconds = 1234
        #expect(try ServerConfig(yaml: config.yaml) == config)
    }

    @Test func sizes() {
        #expect(ByteSize.parse("4G") == 4 << 30)
        #expect(ByteSize.parse("4GiB") == 4 << 30)
        #expect(ByteSize.parse("4gb") == 4 << 30)
        #expect(ByteSize.parse(" 512MiB ") == 512 << 20)
        #expect(ByteSize.parse("1T") == 1 << 40)
        #expect(ByteSize.parse("123") == 123)
        #expect(ByteSize.parse("1.5G") == nil)
        #expect(ByteSize.parse("G") == nil)
        #expect(ByteSize.parse("-1G") == nil)
        #expect(ByteSize.parse("99999999999999T") == nil)
    }
}
