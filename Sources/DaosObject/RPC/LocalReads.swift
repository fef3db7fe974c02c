import Glibc
import Synchronization

/// Fetches from engines on this host, answered with where the bytes lie (`LocatedData`) rather
/// than pushed: this process preads them out of the target's `blob.data` itself, as it would
/// read any local file, and the engine spends nothing on the copy. On a node whose cores the
/// engines and the ranks share, that copy is most of a read's cost.
///
/// The engine names spans of data it will not move; only reusing freed blob space overwrites
/// such bytes, and the target advances the counter in `reuse.gen` before it writes any reused
/// byte. So a copy is good when the counter still holds the reply's value after it (a seqlock
/// read). A copy that is not (the counter moved, the files cannot be opened here, they are not
/// the files the engine named) is not used: the caller fetches again with a push.
///
/// An engine answers this way only to a client that proved it shares the host (`LocalBulk`)
/// and asked for it. `DAOS_LOCAL_READS=0` turns it off (as `DAOS_LOCAL_BULK=0` does).
public enum LocalReads {
    public static let enabled: Bool = {
        guard LocalBulk.enabled else { return false }
        guard let value = getenv("DAOS_LOCAL_READS") else { return true }
        return String(cString: value) != "0"
    }()

    /// A target's files, opened read-only once per process.
    private struct Files {
        let blob: Int32
        let counter: Int32
    }

    private static let opened = Mutex<[TargetFiles.Identity: Files]>([:])

    enum Outcome {
        case copied
        /// The counter moved: fetch again with a push (the next located reply may do).
        case stale
        /// This process cannot read the target's files (another user's, another host's, gone):
        /// ask that target for pushes from now on.
        case unreadable
    }

    /// Copies `located` into the memory `descriptor` names in this process (its segments in
    /// order, from `localAddress`) and checks that no byte was reused meanwhile. Unless
    /// `.copied`, nothing of it may be used (the window may hold part of a copy).
    static func copy(_ located: LocatedData, into descriptor: BulkDescriptor) -> Outcome {
        guard descriptor.localAddress != 0, located.byteCount <= descriptor.byteCount,
              let files = files(located) else { return .unreadable }
        var spans = located.spans.makeIterator()
        var span = spans.next()
        var spanDone: UInt64 = 0
        let segments = descriptor.segments.isEmpty ? [BulkDescriptor.Segment(offset: 0, length: descriptor.length)] : descriptor.segments
        for segment in segments {
            var segmentDone: UInt64 = 0
            while segmentDone < segment.length, let current = span {
                let count = min(segment.length - segmentDone, current.byteCount - spanDone)
                guard let target = UnsafeMutableRawPointer(bitPattern: UInt(descriptor.localAddress + segment.offset + segmentDone)) else {
                    return .unreadable
                }
                if current.isHole {
                    target.initializeMemory(as: UInt8.self, repeating: 0, count: Int(count))
                } else if !read(files.blob, into: target, count: Int(count), at: current.blobOffset + spanDone) {
                    // Past the file's end: not the file (or the engine) we think.
                    return .unreadable
                }
                segmentDone += count
                spanDone += count
                if spanDone == current.byteCount {
                    span = spans.next()
                    spanDone = 0
                }
            }
            if span == nil { break }
        }
        guard span == nil else { return .unreadable }
        var generation: UInt64 = 0
        guard withUnsafeMutableBytes(of: &generation, { read(files.counter, into: $0.baseAddress!, count: 8, at: 0) }) else {
            return .unreadable
        }
        return UInt64(littleEndian: generation) == located.generation ? .copied : .stale
    }

    /// The target's files, opened on first use of a blob file (a recreated one is another).
    /// Nil when they cannot be opened here, or the blob there is not the one named. Files once
    /// opened stay open: another thread may be reading them.
    private static func files(_ located: LocatedData) -> Files? {
        let identity = TargetFiles.Identity(device: located.device, inode: located.inode)
        return opened.withLock { opened -> Files? in
            if let files = opened[identity] { return files }
            let blob = TargetFiles.open(located.directory, TargetFiles.blobFileName, flags: O_RDONLY)
            guard blob >= 0 else { return nil }
            let counter = TargetFiles.open(located.directory, TargetFiles.counterFileName, flags: O_RDONLY)
            guard counter >= 0, TargetFiles.isFile(blob, identity) else {
                close(blob)
                if counter >= 0 { close(counter) }
                return nil
            }
            let files = Files(blob: blob, counter: counter)
            opened[identity] = files
            return files
        }
    }

    /// `count` bytes of the file at `offset`, whole, or false.
    private static func read(_ file: Int32, into target: UnsafeMutableRawPointer, count: Int, at offset: UInt64) -> Bool {
        // An offset no file can have (a reply's span may name anything below 2^64) reads nothing.
        guard let start = off_t(exactly: offset), start <= off_t.max - off_t(count) else { return false }
        var done = 0
        while done < count {
            let got = pread(file, target + done, count - done, start + off_t(done))
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { return false }
            done += got
        }
        return true
    }
}
