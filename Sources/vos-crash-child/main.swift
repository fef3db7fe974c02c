// vos-crash-child <directory> <seed> <first-update> <sync|page-cache> <checkpoint-every>
//
// Opens the VOS target in <directory> (recovering it), then runs the CrashWorkload updates
// from <first-update> on, forever, writing "<i>\n" to stdout once update i is acknowledged
// (sync mode: after waitDurable, with up to 8 updates in flight so they share fdatasyncs).
// Every <checkpoint-every> updates it checkpoints. The parent SIGKILLs it at a random moment.
import DaosEngine
import Glibc

func fail(_ message: String) -> Never {
    var line = Array("vos-crash-child: \(message)\n".utf8)
    _ = line.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count == 6, let seed = UInt64(arguments[2]), let first = UInt64(arguments[3]),
    let checkpointEvery = UInt64(arguments[5]), checkpointEvery > 0
else {
    fail("usage: vos-crash-child <directory> <seed> <first-update> <sync|page-cache> <checkpoint-every>")
}
let durability: Durability = arguments[4] == "sync" ? .sync : .pageCache

func report(_ index: UInt64) {
    // One write(2) per line: the parent must never see half a number from a killed child.
    var line = Array("\(index)\n".utf8)
    _ = line.withUnsafeMutableBytes { write(1, $0.baseAddress, $0.count) }
}

do {
    let target = try VOSTarget.open(directory: arguments[1], options: .init(durability: durability))
    if first == 0 {
        // The container may have survived an earlier kill even when no update did.
        do throws(VOSError) {
            try target.createContainer(CrashWorkload.container)
        } catch .containerExists {
        }
    }
    let workload = CrashWorkload(seed: seed)
    var inFlight: [(index: UInt64, sequence: LogSequence)] = []
    var i = first
    while true {
        let update = workload.update(i)
        let sequence = try target.update(
            container: CrashWorkload.container, object: CrashWorkload.object,
            dkey: update.dkey, epoch: update.epoch, akeys: update.akeys)
        inFlight.append((i, sequence))
        if durability == .pageCache || inFlight.count >= 8 {
            let oldest = inFlight.removeFirst()
            try target.waitDurable(oldest.sequence)
            report(oldest.index)
        }
        i += 1
        if i % checkpointEvery == 0 {
            try target.checkpoint()
            for pending in inFlight { report(pending.index) }
            inFlight.removeAll()
        }
    }
} catch {
    fail("\(error)")
}
