import ArgumentParser
import DaosObject
import Foundation

/// Object I/O from one client process to a real 3-engine system on this host (started here in
/// a scratch state directory and stopped at the end): 4 KiB fetch/update latency and rate,
/// 1 MiB update/fetch bandwidth, per class and provider, next to the raw libfabric round trip
/// and RMA bandwidth measured in the same run (`daos-bench net`'s baseline).
struct ObjectBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "obj", abstract: "Object update/fetch latency and bandwidth against a 3-engine system, next to raw fabric figures.")

    @Option(help: "Providers, comma-separated.") var providers = "tcp;ofi_rxm,shm"
    @Option(help: "Object classes, comma-separated.") var classes = "S1,RP_2G1,EC_2P1G1"
    @Option(help: "4 KiB operations per measurement.") var smallOps = 4000
    @Option(help: "1 MiB operations per measurement.") var largeOps = 200
    @Option(help: "First engine port (three engines, 10 ports apart).") var basePort = 33000
    @Option(help: "Where the engines keep their targets: tmpfs measures the data path, a disk directory adds the disk's write-back.")
    var storage = "/dev/shm"

    func run() throws {
        print("engine storage: \(storage) (page-cache durability)")
        print("provider     class      4K upd p50/p99 µs   4K fetch p50/p99 µs  4K upd/s  4K fetch/s  1M upd GB/s  1M fetch GB/s")
        var baselines: [String] = []
        // Engines on this host move bulk by cross-memory attach (RPC/README.md): its raw copy
        // rate is the baseline of the 1 MiB figures then, next to the fabric's.
        let rawLocal = LocalBulk.enabled ? try Self.rawLocalReadGigabytesPerSecond() : nil
        if let rawLocal { baselines.append("local bulk: raw 1 MiB process_vm_readv \(format(rawLocal)) GB/s") }
        for provider in providers.split(separator: ",").map(String.init) {
            let domain = try FabricDomain(provider: provider, node: provider == "shm" ? nil : "127.0.0.1")
            let raw = try RawFabricBaseline(domain: domain, iterations: 20_000, bulkBytes: 1 << 20).run()
            baselines.append("\(provider): raw RTT \(format(raw.roundTripMicroseconds)) µs, raw RMA read \(format(raw.readGigabytesPerSecond)) GB/s")
            let system = try ScratchSystem(provider: provider, basePort: basePort, storage: storage)
            defer { system.stop() }
            let client = try DaosSystem(systemFile: system.systemFile)
            _ = try client.createPool(label: "bench", sizeBytes: 6 << 30)
            let pool = try PoolConnection(system: client, pool: "bench")
            _ = try pool.createContainer(label: "bench", type: .none)
            let container = try pool.openContainer("bench")
            let io = try ObjectIO(container: container)
            for name in classes.split(separator: ",").map(String.init) {
                let objectClass = try ObjectClass(parsing: name)
                guard case .count(let groups) = objectClass.groups else { throw ValidationError("\(name): give a group count") }
                let id = ObjectID(lo: try container.allocateObjectIDs(1), type: .dkeyUInt64, redundancy: objectClass.redundancy,
                                  groups: UInt16(groups))
                let object = try ObjectHandle(id, in: io)
                let result = try ObjectMeasurement(object: object, smallOps: smallOps, largeOps: largeOps).run()
                print(pad(provider, 13) + pad(name, 11)
                      + pad("\(format(result.updateP50, decimals: 1))/\(format(result.updateP99, decimals: 1))", 20)
                      + pad("\(format(result.fetchP50, decimals: 1))/\(format(result.fetchP99, decimals: 1))", 21)
                      + pad(format(result.updatesPerSecond, decimals: 0), 10) + pad(format(result.fetchesPerSecond, decimals: 0), 12)
                      + pad(format(result.updateGigabytesPerSecond), 13) + format(result.fetchGigabytesPerSecond))
                print(pad("", 24) + "ratios: 4K fetch p50 / raw RTT \(format(result.fetchP50 / raw.roundTripMicroseconds)), "
                      + "1M update / raw RMA \(format(result.updateGigabytesPerSecond / raw.readGigabytesPerSecond)), "
                      + "1M fetch / raw RMA \(format(result.fetchGigabytesPerSecond / raw.readGigabytesPerSecond))"
                      + (rawLocal.map { ", 1M update / raw local \(format(result.updateGigabytesPerSecond / $0)), "
                                        + "1M fetch / raw local \(format(result.fetchGigabytesPerSecond / $0))" } ?? ""))
            }
            try container.close()
            try pool.disconnect()
        }
        baselines.append("storage: raw 1 MiB pwrite of new data into \(storage): \(format(try Self.rawWriteGigabytesPerSecond(in: storage))) GB/s")
        baselines.forEach { print($0) }
    }

    /// Raw cross-memory attach: 1 MiB `process_vm_readv`s between two warm buffers of this
    /// process, 2,000 of them, as an engine pulls a local client's bulk.
    static func rawLocalReadGigabytesPerSecond() throws -> Double {
        let source = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 4096)
        let target = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 4096)
        defer { source.deallocate(); target.deallocate() }
        source.initializeMemory(as: UInt8.self, repeating: 0x5A)
        target.initializeMemory(as: UInt8.self, repeating: 0)
        let address = UInt64(UInt(bitPattern: source.baseAddress!))
        let start = monotonicSeconds()
        for _ in 0..<2000 {
            if let failure = LocalBulk.read(pid: getpid(), address: address, into: target) {
                throw ValidationError("process_vm_readv failed: errno \(failure)")
            }
        }
        return Double(2000 << 20) / (monotonicSeconds() - start) / 1e9
    }

    /// The engines' floor for updates: 1 MiB pwrites of new data (fresh page-cache pages, as
    /// a growing VOS blob gets) into a file in `directory`, 1 GiB in all. On a VM whose guest
    /// memory is backed lazily, memory never touched before is far slower to fill than reused
    /// memory, so this figure depends on what ran before; it is printed next to the updates.
    static func rawWriteGigabytesPerSecond(in directory: String) throws -> Double {
        let path = directory + "/daos-bench-raw-\(getpid())"
        let fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
        guard fd >= 0 else { throw ValidationError("cannot create \(path)") }
        defer { close(fd); unlink(path) }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 4096)
        defer { block.deallocate() }
        block.initializeMemory(as: UInt8.self, repeating: 0x5A)
        let start = monotonicSeconds()
        for index in 0..<1024 {
            guard pwrite(fd, block.baseAddress, block.count, off_t(index << 20)) == block.count else { throw ValidationError("pwrite failed") }
        }
        return Double(1024 << 20) / (monotonicSeconds() - start) / 1e9
    }
}

/// The timed loops for one object.
struct ObjectMeasurement {
    let object: ObjectHandle
    let smallOps: Int
    let largeOps: Int

    struct Result {
        var updateP50 = 0.0, updateP99 = 0.0, fetchP50 = 0.0, fetchP99 = 0.0
        var updatesPerSecond = 0.0, fetchesPerSecond = 0.0
        var updateGigabytesPerSecond = 0.0, fetchGigabytesPerSecond = 0.0
    }

    func run() throws -> Result {
        var result = Result()
        let akey = WireKey.bytes([0])
        let small = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        let large = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 4096)
        defer { small.deallocate(); large.deallocate() }
        for i in 0..<small.count { small[i] = UInt8(truncatingIfNeeded: i &* 31) }
        for i in 0..<large.count { large[i] = UInt8(truncatingIfNeeded: i &* 17) }
        let smallIOD = [IODescriptor(akey: akey, value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: 4096)]))]
        let largeIOD = [IODescriptor(akey: akey, value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: 1 << 20)]))]
        let dkeys = 64

        var latencies: [Double] = []
        latencies.reserveCapacity(smallOps)
        var start = monotonicSeconds()
        for op in 0..<smallOps {
            let began = monotonicSeconds()
            try object.update(dkey: .uint64(UInt64(op % dkeys)), iods: smallIOD, data: UnsafeRawBufferPointer(small))
            latencies.append((monotonicSeconds() - began) * 1e6)
        }
        result.updatesPerSecond = Double(smallOps) / (monotonicSeconds() - start)
        (result.updateP50, result.updateP99) = Self.percentiles(&latencies)

        latencies.removeAll(keepingCapacity: true)
        start = monotonicSeconds()
        for op in 0..<smallOps {
            let began = monotonicSeconds()
            _ = try object.fetch(dkey: .uint64(UInt64(op % dkeys)), iods: smallIOD, into: small)
            latencies.append((monotonicSeconds() - began) * 1e6)
        }
        result.fetchesPerSecond = Double(smallOps) / (monotonicSeconds() - start)
        (result.fetchP50, result.fetchP99) = Self.percentiles(&latencies)

        start = monotonicSeconds()
        for op in 0..<largeOps {
            try object.update(dkey: .uint64(UInt64(1000 + op % dkeys)), iods: largeIOD, data: UnsafeRawBufferPointer(large))
        }
        result.updateGigabytesPerSecond = Double(largeOps) * Double(1 << 20) / (monotonicSeconds() - start) / 1e9
        start = monotonicSeconds()
        for op in 0..<largeOps {
            _ = try object.fetch(dkey: .uint64(UInt64(1000 + op % dkeys)), iods: largeIOD, into: large)
        }
        result.fetchGigabytesPerSecond = Double(largeOps) * Double(1 << 20) / (monotonicSeconds() - start) / 1e9
        return result
    }

    static func percentiles(_ values: inout [Double]) -> (Double, Double) {
        values.sort()
        guard !values.isEmpty else { return (0, 0) }
        return (values[values.count / 2], values[min(values.count - 1, values.count * 99 / 100)])
    }
}

/// A 3-engine system in a scratch directory, started with the `daos_server` next to us.
final class ScratchSystem {
    let directory: String
    var systemFile: String { directory + "/system" }
    let server: String

    init(provider: String, basePort: Int, storage: String) throws {
        directory = storage + "/daos-bench-\(getpid())-\(provider.prefix(3))"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var yaml = "name: bench\nprovider: \"\(provider)\"\nstate_dir: \(directory)\nservice_rank: 0\nengines:\n"
        for rank in 0..<3 {
            yaml += "  - rank: \(rank)\n    targets: 4\n    storage: \(directory)/engine\(rank)\n    fabric_iface_addr: 127.0.0.1\n"
                + "    fabric_iface_port: \(basePort + rank * 10)\n    durability: page-cache\n    capacity_per_target: 2GiB\n"
        }
        try yaml.write(toFile: directory + "/daos_server.yml", atomically: true, encoding: .utf8)
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        server = URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("daos_server").path
        try run(["start", "--config", directory + "/daos_server.yml"])
    }

    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: server)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["DAOS_SYSTEM_FILE"] = systemFile
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ValidationError("daos_server \(arguments[0]) failed; see \(directory)/daos_server.log") }
    }

    func stop() {
        try? run(["stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }
}
