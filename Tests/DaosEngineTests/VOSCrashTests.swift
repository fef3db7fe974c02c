import DaosObject
import Foundation
import Glibc
import Testing
import vos_crash_child

@testable import DaosEngine

/// The crash test: `vos-crash-child` runs CrashWorkload updates and prints each acknowledged one;
/// this test SIGKILLs it at a random moment, reopens the store and checks that
///  - every acknowledged update is fully readable,
///  - the updates that survived form a prefix of the stream (WAL order), and
///  - no update is partly visible (its akeys are all there or none is).
/// Each seed is killed several times in a row, the child resuming after the verified prefix, so
/// kills also land inside recovery and inside checkpoints. Seeds run on a few threads at once:
/// a child spends most of its life in process start-up, not on the CPU.
@Suite struct VOSCrashTests {
    static let killsPerSeed = 3
    static let workers = 4

    @Test func sigkillLosesNoAcknowledgedUpdate() throws {
        let child = try Self.childPath()
        let plan =
            (UInt64(1)...30).map { (Durability.pageCache, $0) } + (UInt64(101)...130).map { (Durability.sync, $0) }
        let tally = CrashTally()
        let group = DispatchGroup()
        for _ in 0..<Self.workers {
            group.enter()
            Thread {
                defer { group.leave() }
                while let (durability, seed) = tally.take(from: plan) {
                    do {
                        try Self.run(seed: seed, durability: durability, child: child, tally: tally)
                    } catch {
                        tally.fail("seed \(seed): \(error)")
                    }
                }
            }.start()
        }
        group.wait()
        let result = tally.snapshot()
        print(
            "vos crash test: \(result.seeds) seeds (\(plan.count / 2) page-cache, \(plan.count / 2) sync), "
                + "\(result.killPoints) SIGKILL points (\(result.earlyKills) during start-up/recovery), "
                + "\(result.acknowledged) acknowledged updates verified, "
                + "\(result.survivedBeyondAck) unacknowledged updates survived whole")
        #expect(result.failures.isEmpty, "\(result.failures.prefix(10))")
        #expect(result.seeds >= 50)
        #expect(result.acknowledged > 1000)
    }

    static func run(seed: UInt64, durability: Durability, child: String, tally: CrashTally) throws {
        var rng = SplitMix64(seed: seed &* 7919)
        try withTemporaryDirectory { dir in
            var next: UInt64 = 0
            for _ in 0..<Self.killsPerSeed {
                let killEarly = rng.chance(20)
                let delayMs = killEarly ? rng.below(300) : rng.below(80)
                let acks = try Self.runAndKill(
                    child, dir: dir, seed: seed, first: next, durability: durability,
                    checkpointEvery: 40 + UInt64(rng.below(120)), delayMs: delayMs,
                    killEarly: killEarly, tally: tally)
                let prefix = try Self.verify(
                    dir: dir, seed: seed, acknowledged: acks, verifiedBefore: next, tally: tally)
                tally.killed(
                    acknowledged: acks.count, survivedBeyondAck: Int(prefix - (acks.max().map { $0 + 1 } ?? next)),
                    early: killEarly)
                next = prefix
            }
        }
        tally.seedDone()
    }

    static func childPath() throws -> String {
        let me = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("vos-crash-child").path
    }

    /// Runs the child, SIGKILLs it `delayMs` after its first acknowledgement (or after its start,
    /// for early kills), returns the indices it acknowledged.
    static func runAndKill(
        _ child: String, dir: String, seed: UInt64, first: UInt64, durability: Durability,
        checkpointEvery: UInt64, delayMs: Int, killEarly: Bool, tally: CrashTally
    ) throws -> [UInt64] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: child)
        process.arguments = [
            dir, "\(seed)", "\(first)", durability == .sync ? "sync" : "page-cache", "\(checkpointEvery)",
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var head: [UInt8] = []
        if !killEarly { head = readFirstLine(output.fileHandleForReading.fileDescriptor, timeoutMs: 10_000) }
        usleep(UInt32(delayMs * 1000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let text = String(decoding: head + output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderrText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        if process.terminationReason != .uncaughtSignal {
            tally.fail("seed \(seed): child exited by itself: \(stderrText)")
        }
        // A line without its newline was cut by the kill: it was never reported.
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().compactMap { UInt64($0) }
    }

    /// Reads from `fd` until a newline arrives (or EOF / timeout); returns the bytes read.
    static func readFirstLine(_ fd: Int32, timeoutMs: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while !bytes.contains(UInt8(ascii: "\n")) {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, timeoutMs) > 0 else { break }
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, 256) }
            guard n > 0 else { break }
            bytes += chunk[0..<n]
        }
        return bytes
    }

    /// Reopens the store and returns the length of the surviving prefix of the update stream.
    static func verify(
        dir: String, seed: UInt64, acknowledged: [UInt64], verifiedBefore: UInt64,
        tally: CrashTally
    ) throws -> UInt64 {
        let target = try VOSTarget.open(directory: dir, options: .init(durability: .pageCache, log: nil))
        defer { target.close() }
        let workload = CrashWorkload(seed: seed)
        guard target.index.containers[CrashWorkload.container] != nil else {
            if !acknowledged.isEmpty || verifiedBefore > 0 { tally.fail("seed \(seed): container lost") }
            return 0
        }
        var prefix: UInt64 = 0
        while try applied(target, workload, prefix) == .all { prefix += 1 }
        if prefix < verifiedBefore {
            tally.fail("seed \(seed): update \(prefix) was verified before and is lost now")
        }
        if let last = acknowledged.max(), last >= prefix {
            tally.fail("seed \(seed): acknowledged update \(last) lost (prefix \(prefix))")
        }
        for i in prefix..<(prefix + 16) where try applied(target, workload, i) != .none {
            tally.fail("seed \(seed): update \(i) partly visible or beyond a gap (prefix \(prefix))")
        }
        return prefix
    }

    enum Applied { case all, none, partial }

    static func applied(_ target: VOSTarget, _ workload: CrashWorkload, _ i: UInt64) throws -> Applied {
        let update = workload.update(i)
        var matches = 0
        for akey in update.akeys {
            switch akey.value {
            case .single(let value):
                let got = try target.fetchSingle(
                    container: CrashWorkload.container, object: CrashWorkload.object,
                    dkey: update.dkey, akey: akey.akey, epoch: update.epoch)
                if got == value { matches += 1 }
            case .array(let recordSize, let writes):
                let got = try target.fetchArray(
                    container: CrashWorkload.container, object: CrashWorkload.object,
                    dkey: update.dkey, akey: akey.akey, extents: [writes[0].extent],
                    recordSize: recordSize, epoch: update.epoch)[0]
                if got.bytes == writes[0].data && got.holes.isEmpty { matches += 1 }
            }
        }
        return matches == update.akeys.count ? .all : (matches == 0 ? .none : .partial)
    }
}

/// Counters and failures shared by the crash test's worker threads.
final class CrashTally: @unchecked Sendable {
    struct Snapshot {
        var next = 0
        var seeds = 0
        var killPoints = 0
        var earlyKills = 0
        var acknowledged = 0
        var survivedBeyondAck = 0
        var failures: [String] = []
    }

    private let lock = NSLock()
    private var state = Snapshot()

    func take<T>(from plan: [T]) -> T? {
        lock.withLock {
            guard state.next < plan.count else { return nil }
            state.next += 1
            return plan[state.next - 1]
        }
    }

    func killed(acknowledged: Int, survivedBeyondAck: Int, early: Bool) {
        lock.withLock {
            state.killPoints += 1
            state.earlyKills += early ? 1 : 0
            state.acknowledged += acknowledged
            state.survivedBeyondAck += survivedBeyondAck
        }
    }

    func seedDone() { lock.withLock { state.seeds += 1 } }
    func fail(_ message: String) { lock.withLock { state.failures.append(message) } }
    func snapshot() -> Snapshot { lock.withLock { state } }
}
