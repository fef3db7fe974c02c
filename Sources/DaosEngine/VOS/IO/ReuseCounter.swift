// The target's reuse counter, in a small shared file (`reuse.gen`) that local clients read:
// a client that copied a located fetch's bytes out of `blob.data` itself (LocatedData) checks
// afterwards that the counter did not move, i.e. that no freed blob space was handed out again
// since the engine named those bytes (a seqlock whose writer never waits).
//
// Invariants:
//  1. The counter only grows, across restarts too: each open starts above the value it finds,
//     so a span named by an earlier incarnation of the engine never validates.
//  2. It advances before any freed blob byte changes: VOSTarget advances it right after an
//     allocation that raised the allocator's `reuses`, and the data is written (pwrite, or a
//     pull into the mapping) only after that store; a hole punched in freed space advances it
//     first too.
//     x86 keeps stores in order; the syscalls are opaque calls the compiler cannot hoist the
//     store past.
//  3. The file is 4 KiB and never shrinks; readers pread its first 8 bytes (little-endian).

import Glibc

final class ReuseCounter {
    static let fileName = "reuse.gen"
    private let file: PosixFile
    private let word: UnsafeMutablePointer<UInt64>
    /// The value a located reply carries.
    private(set) var generation: UInt64

    init(directory: String) throws(VOSError) {
        let path = directory + "/" + Self.fileName
        file = try PosixFile.open(path, create: true)
        if try file.size() < 4096 { try file.allocateBlocks(at: 0, length: 4096) }
        let mapping = try file.mapShared(length: 4096)
        word = mapping.bindMemory(to: UInt64.self, capacity: 1)
        // A new incarnation: above anything an earlier one published.
        generation = UInt64(littleEndian: word.pointee) &+ 1
        word.pointee = generation.littleEndian
    }

    deinit {
        PosixFile.unmap(UnsafeMutableRawPointer(word), length: 4096)
        file.close()
    }

    /// Advances the counter, before freed blob space is written again or given back to the
    /// file system (its bytes read as zeros afterwards).
    func advance() {
        generation &+= 1
        word.pointee = generation.littleEndian
    }
}
