import ArgumentParser
import DaosEngine
import DaosObject
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One VOS target's update and fetch rates next to raw pwrite/pread of the same bytes on the
/// same file system in the same run (page-cache mode), and next to pwrite+fdatasync (sync mode).
struct VOSBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vos", abstract: "VOS 4 KiB / 1 MiB update and fetch rates vs raw pwrite/pread.")

    @Option(help: "Directory on the file system to measure (a scratch subdirectory is made and removed).")
    var directory = NSTemporaryDirectory()
    @Option(help: "4 KiB operations per page-cache measurement.") var smallCount = 200_000
    @Option(help: "1 MiB operations per page-cache measurement.") var largeCount = 1024
    @Option(help: "4 KiB operations per sync-mode measurement.") var syncSmallCount = 2000
    @Option(help: "1 MiB operations per sync-mode measurement.") var syncLargeCount = 128
    @Option(help: "Updates in flight in sync mode (they share fdatasyncs: group commit).") var queueDepth = 32

    func run() throws {
        let scratch = directory + "/vos-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        print("VOS benchmark in \(scratch); raw = pwrite/pread of the same bytes to one file there")
        print(pad("measurement", 34) + pad("VOS", 16) + pad("raw", 16) + "VOS/raw")
        var bench = VOSBenchRunner(scratch: scratch)
        try bench.pageCache(size: 4096, count: smallCount)
        try bench.pageCache(size: 1 << 20, count: largeCount)
        try bench.sync(size: 4096, count: syncSmallCount, queueDepth: queueDepth)
        try bench.sync(size: 1 << 20, count: syncLargeCount, queueDepth: queueDepth)
    }
}

/// The measurements; each VOS figure is taken right next to its raw baseline.
struct VOSBenchRunner {
    let scratch: String
    var runs = 0
    static let container = ContainerID(hi: 0xBE, lo: 0xCC)
    static let object = ObjectID(hi: 1, lo: 1)

    init(scratch: String) { self.scratch = scratch }

    mutating func freshDirectory() throws -> String {
        runs += 1
        let path = scratch + "/run\(runs)"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Update i writes `size` bytes at dkey i / 256, record offset (i % 256) × size: sequential
    /// within a dkey, like a file's chunks. Fetch i reads them back.
    static func place(_ i: Int, size: Int) -> (Key, RecordExtent) {
        let perDkey = size >= 1 << 20 ? 1 : 256
        return (.uint64(UInt64(i / perDkey)), RecordExtent(start: UInt64((i % perDkey) * size), count: UInt64(size)))
    }

    /// Best of `rounds` alternating raw/VOS runs; dirty pages are flushed before each run so
    /// neither side pays for the other's writeback.
    mutating func pageCache(size: Int, count: Int, rounds: Int = 2) throws {
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 4096)
        defer { buffer.deallocate() }
        var best = (rawWrite: 0.0, rawRead: 0.0, update: 0.0, fetch: 0.0)
        var restart = ""
        for _ in 0..<rounds {
            Glibc.sync()
            let rawDir = try freshDirectory()
            let raw = RawFile(path: rawDir + "/raw.data")
            best.rawWrite = max(best.rawWrite, try timed(count) { i in raw.pwrite(payload, at: i * size) })
            best.rawRead = max(best.rawRead, try timed(count) { i in raw.pread(buffer, at: i * size) })
            raw.close()
            try? FileManager.default.removeItem(atPath: rawDir)

            Glibc.sync()
            let dir = try freshDirectory()
            let target = try VOSTarget.open(directory: dir, options: .init(durability: .pageCache, log: nil))
            try target.createContainer(Self.container)
            best.update = max(
                best.update,
                try timed(count) { i in
                    let (dkey, extent) = Self.place(i, size: size)
                    try target.update(
                        container: Self.container, object: Self.object, dkey: dkey, epoch: Epoch(UInt64(i + 1)),
                        akeys: [
                            AkeyUpdate(
                                akey: .lexical("data"),
                                value: .array(
                                    recordSize: 1,
                                    writes: [
                                        ArrayWrite(extent: extent, data: payload)
                                    ]))
                        ])
                })
            best.fetch = max(
                best.fetch,
                try timed(count) { i in
                    let (dkey, extent) = Self.place(i, size: size)
                    let holes = try target.fetchArray(
                        container: Self.container, object: Self.object, dkey: dkey,
                        akey: .lexical("data"), extent: extent, recordSize: 1, epoch: .latest,
                        into: buffer)
                    precondition(holes.isEmpty, "benchmark fetch found a hole")
                })
            precondition(Array(buffer) == payload, "benchmark fetch returned other bytes")
            target.close()
            if restart.isEmpty { restart = try measureRestart(dir) }
            try? FileManager.default.removeItem(atPath: dir)
        }
        report("page-cache update \(label(size))", vos: best.update, raw: best.rawWrite, size: size)
        report("page-cache fetch  \(label(size))", vos: best.fetch, raw: best.rawRead, size: size)
        print("  restart after the \(label(size)) updates: \(restart)")
    }

    /// Reopens the store twice: replaying the whole WAL, then from a fresh checkpoint.
    func measureRestart(_ dir: String) throws -> String {
        let replayed = try VOSTarget.open(directory: dir, options: .init(durability: .pageCache, log: nil))
        let replay = replayed.recovery
        try replayed.checkpoint()
        replayed.close()
        let loaded = try VOSTarget.open(directory: dir, options: .init(durability: .pageCache, log: nil))
        let checkpoint = loaded.recovery
        loaded.close()
        let replayMs = format(replay.seconds * 1e3, decimals: 1)
        let loadMs = format(checkpoint.seconds * 1e3, decimals: 1)
        return "WAL replay of \(replay.walRecordsReplayed) records \(replayMs) ms; "
            + "checkpoint load (\(checkpoint.checkpointBytes >> 20) MiB) \(loadMs) ms"
    }

    /// Sync mode at queue depth 1 and `queueDepth`. Each VOS row sits next to two raw baselines:
    /// pwrite+fdatasync per op (what one synchronous writer gets), and the same bytes with one
    /// fdatasync per `depth` pwrites (raw group commit, the best a file can do at that depth).
    mutating func sync(size: Int, count: Int, queueDepth: Int) throws {
        let payload = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) }
        for depth in [1, queueDepth] {
            let rawBefore = try rawSync(payload: payload, count: count, depth: depth)
            Glibc.sync()
            let dir = try freshDirectory()
            let target = try VOSTarget.open(directory: dir, options: .init(durability: .sync, log: nil))
            try target.createContainer(Self.container)
            try target.flush()
            var inFlight: [LogSequence] = []
            inFlight.reserveCapacity(depth)
            let update = try timed(count) { i in
                let (dkey, extent) = Self.place(i, size: size)
                let write = ArrayWrite(extent: extent, data: payload)
                let sequence = try target.update(
                    container: Self.container, object: Self.object, dkey: dkey, epoch: Epoch(UInt64(i + 2)),
                    akeys: [AkeyUpdate(akey: .lexical("data"), value: .array(recordSize: 1, writes: [write]))])
                inFlight.append(sequence)
                if inFlight.count >= depth { try target.waitDurable(inFlight.removeFirst()) }
                if i == count - 1 { try target.waitDurable(sequence) }
            }
            target.close()
            try? FileManager.default.removeItem(atPath: dir)
            // The raw side runs before and after the VOS side and keeps its better figure.
            let raw = max(rawBefore, try rawSync(payload: payload, count: count, depth: depth))
            report(
                "sync update \(label(size)) depth \(depth)", vos: update, raw: raw, size: size,
                rawLabel: depth == 1 ? "pwrite+fdatasync per op" : "\(depth) pwrites+1 fdatasync")
        }
    }

    /// Raw pwrite of `count` payloads with one fdatasync per `depth` of them; operations/s.
    mutating func rawSync(payload: [UInt8], count: Int, depth: Int) throws -> Double {
        Glibc.sync()
        let rawDir = try freshDirectory()
        let raw = RawFile(path: rawDir + "/raw.data")
        defer {
            raw.close()
            try? FileManager.default.removeItem(atPath: rawDir)
        }
        return try timed(count) { i in
            raw.pwrite(payload, at: i * payload.count)
            if (i + 1) % depth == 0 || i == count - 1 { raw.fdatasync() }
        }
    }

    /// Runs `body(i)` for i in 0..<count; returns operations per second.
    func timed(_ count: Int, _ body: (Int) throws -> Void) throws -> Double {
        let start = monotonicSeconds()
        for i in 0..<count { try body(i) }
        return Double(count) / (monotonicSeconds() - start)
    }

    func label(_ size: Int) -> String { size >= 1 << 20 ? "\(size >> 20) MiB" : "\(size >> 10) KiB" }

    func report(_ name: String, vos: Double, raw: Double, size: Int, rawLabel: String = "") {
        func figure(_ rate: Double) -> String {
            size >= 1 << 20 ? format(rate * Double(size) / 1e9) + " GB/s" : format(rate, decimals: 0) + " op/s"
        }
        print(
            pad(name, 34) + pad(figure(vos), 16) + pad(figure(raw), 16) + format(vos / raw)
                + (rawLabel.isEmpty ? "" : "  (raw = \(rawLabel))"))
    }
}

/// The raw baseline: one file, pwrite/pread/fdatasync with nothing else around them.
final class RawFile {
    let descriptor: Int32

    init(path: String) {
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        precondition(descriptor >= 0, "open \(path): errno \(errno)")
    }

    func pwrite(_ bytes: [UInt8], at offset: Int) {
        let written = bytes.withUnsafeBytes { Glibc.pwrite(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
        precondition(written == bytes.count, "pwrite: errno \(errno)")
    }

    func pread(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int) {
        let read = Glibc.pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
        precondition(read == buffer.count, "pread: errno \(errno)")
    }

    func fdatasync() { precondition(Glibc.fdatasync(descriptor) == 0, "fdatasync: errno \(errno)") }

    func close() { _ = Glibc.close(descriptor) }
}
