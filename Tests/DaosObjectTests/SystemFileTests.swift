import DaosObject
import Testing

@Suite struct SystemFileTests {
    static let sample = SystemFile(name: "daos_server", provider: "tcp;ofi_rxm", serviceRank: 1, engines: [
        .init(rank: 0, targets: 2, address: [2, 0, 0x7A, 0x69, 127, 0, 0, 1], targetAddresses: [[1, 2], [3, 4]]),
        .init(rank: 1, targets: 16, address: Array(0..<32)),
    ])

    @Test func roundTrips() throws {
        #expect(try SystemFile(parsing: Self.sample.text) == Self.sample)
        #expect(Self.sample.text.contains("engine 0 targets 2 address 02007a697f000001\ntarget 0 0 address 0102\ntarget 0 1 address 0304\n"))
    }

    @Test(arguments: [
        ("", "version"),
        ("version 2\nname a\nprovider p\nservice_rank 0\nengine 0 targets 4 address 00", "version"),
        ("version 1\nprovider p\nservice_rank 0\nengine 0 targets 4 address 00", "missing"),
        ("version 1\nname a\nprovider p\nservice_rank 0", "no engines"),
        ("version 1\nname a\nprovider p\nservice_rank 3\nengine 0 targets 4 address 00", "service_rank 3"),
        ("version 1\nname a\nprovider p\nservice_rank 0\nengine 0 targets 4 address 0", "line 5"),
        ("version 1\nname a\nprovider p\nservice_rank 0\nengine 0 targets 4 address zz", "line 5"),
        ("version 1\nname a\nprovider p\nservice_rank 0\nengine 0 targets 0 address 00", "targets"),
        ("version 1\nname a\nprovider p\nservice_rank 0\nengine 0 targets 4 address 00\nengine 0 targets 4 address 00", "not a new rank"),
        ("version 1\nname a\nprovider p\nservice_rank x\nengine 0 targets 4 address 00", "service_rank"),
        ("version 1\nbogus line here", "unknown line"),
        ("version 1\nname a\nprovider p\nservice_rank 0\ntarget 0 0 address 00\nengine 0 targets 2 address 00", "does not follow"),
        ("version 1\nname a\nprovider p\nservice_rank 0\nengine 0 targets 2 address 00\ntarget 0 1 address 00", "not the next"),
        ("version 1\nname a\nprovider p\nservice_rank 0\nengine 0 targets 2 address 00\ntarget 0 0 address 00", "1 of its 2"),
    ])
    func badFilesNameTheProblem(text: String, mention: String) {
        do {
            _ = try SystemFile(parsing: text)
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(mention), "\(error.description)")
        }
    }

    @Test func missingFileSaysWhatToDo() {
        do {
            _ = try SystemFile.load(from: "/nonexistent/swift-daos/system")
            Issue.record("loaded a file that does not exist")
        } catch {
            #expect(error.description.contains("No such file") && error.description.contains("DAOS_SYSTEM_FILE"))
        }
    }

    @Test func randomInputNeverTraps() {
        var random = SplitMix64(seed: 99)
        let valid = Array(Self.sample.text.utf8)
        for _ in 0..<2000 {
            var bytes = valid
            for _ in 0..<random.below(8) + 1 { bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next()) }
            _ = try? SystemFile(parsing: String(decoding: bytes, as: UTF8.self))
        }
    }
}
