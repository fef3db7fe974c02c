import DaosObject
import Foundation
import Testing

/// A client on the engines' host writes large updates into the targets' blob files itself
/// (`LocalWrites`, ports 32000–32029): what it wrote reads back byte for byte — from this
/// process, from a process that never placed anything, and after the engines holding it were
/// killed with SIGKILL and started again (an acknowledged placed write is as durable as any).
/// The engines' storage must be on a disk file system for placements to happen (on tmpfs they
/// land large updates in place themselves and refuse).
@Suite(.serialized) struct LocalWritesSystemTests {
    typealias Written = ObjectRoundTripTests.Written

    /// Array-only updates of 64–300 KB (placed), and one of 8 KB (sent by bulk) per object.
    static func write(_ object: ObjectHandle, random: inout SplitMix64) throws -> [Written] {
        var written: [Written] = []
        for index in 0..<10 {
            let count = index == 0 ? 8_000 : 64 << 10 + Int(random.next() % 240_000)
            let iods = [IODescriptor(akey: .uint64(0), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: random.next() % 4096, count: UInt64(count))]))]
            var data = [UInt8](repeating: 0, count: count)
            for i in data.indices { data[i] = UInt8(truncatingIfNeeded: random.next()) }
            let dkey = WireKey.uint64(UInt64(index))
            try data.withUnsafeBytes { _ = try object.update(dkey: dkey, iods: iods, data: $0) }
            written.append(Written(id: object.id, dkey: dkey, iods: iods, data: data))
        }
        return written
    }

    static func verify(_ written: [Written], through io: ObjectIO, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for item in written {
            let object = try ObjectHandle(item.id, in: io)
            var back = [UInt8](repeating: 0xEE, count: item.data.count)
            _ = try back.withUnsafeMutableBytes { try object.fetch(dkey: item.dkey, iods: item.iods, into: $0) }
            #expect(back == item.data, "\(item.id) dkey \(item.dkey)", sourceLocation: sourceLocation)
        }
    }

    /// `stat -f -c %T`: the file system type's name.
    static func fileSystemType(_ path: String) throws -> String {
        let stat = Process()
        stat.executableURL = URL(fileURLWithPath: "/usr/bin/stat")
        stat.arguments = ["-f", "-c", "%T", path]
        let output = Pipe()
        stat.standardOutput = output
        try stat.run()
        stat.waitUntilExit()
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func placedWritesReadBackAndSurviveKilledEngines() throws {
        guard LocalWrites.enabled else { return }
        let system = try TestSystem(name: "local-writes", config: TestConfigs.threeEngines(provider: "tcp;ofi_rxm", basePort: 32000))
        defer { system.tearDown() }
        try system.start()
        let (_, _, container) = try system.tankAndContainer()
        let io = try ObjectIO(container: container)
        var random = SplitMix64(seed: 11)
        var written: [Written] = []
        for (redundancy, groups) in [(Redundancy.none, UInt16(4)), (.replicas2, 1), (.ec2P1, 1)] {
            let object = try ObjectHandle(ObjectID(lo: try container.allocateObjectIDs(1), type: .dkeyUInt64, redundancy: redundancy,
                                                   groups: groups), in: io)
            written += try Self.write(object, random: &random)
        }
        // Targets whose blob lives in memory land updates in place themselves and refuse.
        if try Self.fileSystemType(system.stateDirectory) == "tmpfs" {
            #expect(io.placedWrites == 0, "engines on tmpfs refuse placements")
        } else {
            #expect(io.placedWrites >= 27, "every large update (replicas and cells included) is placed: \(io.placedWrites)")
        }
        #expect(io.placedWritesFailed == 0)
        try Self.verify(written, through: io)
        try Self.verify(written, through: try ObjectIO(container: container))

        // SIGKILL ranks 1 and 2, start them again: every placed byte is still there, read by a
        // new client (this one's connections end with the killed engines).
        let socket = ControlChannel.socketPath(systemFile: system.systemFile)
        for status in try ControlChannel.send(.query, socket: socket) where status.rank != 0 { kill(status.pid, SIGKILL) }
        usleep(300_000)
        _ = try ControlChannel.send(.start(ranks: [1, 2]), socket: socket)
        let client = try DaosSystem(systemFile: system.systemFile)
        let reopened = try PoolConnection(system: client, pool: "tank").openContainer("c1")
        try Self.verify(written, through: try ObjectIO(container: reopened))
        try system.stop()
    }
}
