// object-io-child: a client process for the multi-process object tests. Writes (or verifies)
// `count` dkeys of one object with data derived from a seed, so another process can check
// every acknowledged update without being told the bytes.
//
//     object-io-child write|verify <system file> <pool> <container> <class> <oid lo> <seed> <count>
//
// `write` prints "ack <i>" after each acknowledged update; an update that fails (an engine
// died and is not excluded yet) is retried for up to 60 s. `verify` exits 0 when every dkey
// reads back byte-exact, else prints the first mismatch and exits 1.
import DaosObject
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("object-io-child: \(message)\n".utf8))
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count == 9, let lo = UInt64(arguments[6]), let seed = UInt64(arguments[7]), let count = Int(arguments[8]) else {
    fail("usage: object-io-child write|verify <system file> <pool> <container> <class> <oid lo> <seed> <count>")
}
let mode = arguments[1]
/// One unbuffered line: the parent watches the output file while we run.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

/// The bytes of dkey `index`: a single value and an array extent, sizes and contents from the seed.
func payload(_ index: Int) -> (iods: [IODescriptor], data: [UInt8]) {
    var random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
    let single = 1 + Int(random.next() % 100)
    let records = 1 + Int(random.next() % 20_000)
    let start = random.next() % 10_000
    var data = [UInt8](repeating: 0, count: single + records)
    for i in data.indices { data[i] = UInt8(truncatingIfNeeded: random.next()) }
    return ([IODescriptor(akey: .bytes([1]), value: .single(sizeBytes: UInt64(single))),
             IODescriptor(akey: .bytes([2]), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: start, count: UInt64(records))]))],
            data)
}

do {
    let system = try DaosSystem(systemFile: arguments[2])
    let pool = try PoolConnection(system: system, pool: arguments[3])
    let container = try pool.openContainer(arguments[4])
    let io = try ObjectIO(container: container)
    io.timeoutMilliseconds = 2_000
    let objectClass = try ObjectClass(parsing: arguments[5])
    guard case .count(let groups) = objectClass.groups else { fail("give a group count in \(arguments[5])") }
    let object = try ObjectHandle(ObjectID(lo: lo, type: .dkeyUInt64, redundancy: objectClass.redundancy, groups: UInt16(groups)), in: io)
    for index in 0..<count {
        let (iods, data) = payload(index)
        if mode == "write" {
            let deadline = Date().addingTimeInterval(60)
            while true {
                do {
                    try data.withUnsafeBytes { _ = try object.update(dkey: .uint64(UInt64(index)), iods: iods, data: $0) }
                    say("ack \(index)")
                    break
                } catch {
                    if Date() > deadline { fail("update of dkey \(index) kept failing: \(error)") }
                    usleep(200_000)
                    try? pool.refreshMap()
                }
            }
        } else {
            var back = [UInt8](repeating: 0xEE, count: data.count)
            _ = try back.withUnsafeMutableBytes { try object.fetch(dkey: .uint64(UInt64(index)), iods: iods, into: $0) }
            if back != data { fail("dkey \(index) of \(arguments[5]) object \(lo) reads back different bytes") }
        }
    }
    if mode == "verify" { say("verified \(count)") }
} catch {
    fail("\(error)")
}
