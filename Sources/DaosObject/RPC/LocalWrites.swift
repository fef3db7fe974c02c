import Glibc
import Synchronization

/// Updates to engines on this host, written into the target's `blob.data` by this process:
/// the target reserves blob space (`placementReserve`), we pwrite the values there as we would
/// write any local file, and the update names the space (`UpdateData.placed`). The engine then
/// copies nothing. Without it a large update crosses the engine twice (a cross-memory pull into
/// staging, a pwrite out of it) on cores the ranks share with the engines.
///
/// A reservation is ours alone until the update that claims it arrives or it expires
/// (`PlacementReserveReply.lifetimeSeconds`); we write only within `writableSeconds` of asking,
/// so never into space given back and handed out again. Data written and never claimed is
/// space the target takes back; nothing references it.
///
/// An engine reserves only for a client that proved it shares the host (`LocalBulk`).
/// `DAOS_LOCAL_WRITES=0` turns it off (as `DAOS_LOCAL_BULK=0` does).
public enum LocalWrites {
    public static let enabled: Bool = {
        guard LocalBulk.enabled else { return false }
        guard let value = getenv("DAOS_LOCAL_WRITES") else { return true }
        return String(cString: value) != "0"
    }()

    /// Values below this go by bulk: the engine refuses smaller placements
    /// (`TargetService.inPlaceBytesMin`), and a round trip more costs what a copy that small does.
    public static let bytesMin: UInt64 = 64 << 10

    /// Blob files opened for writing, once per process, by identity; they stay open.
    private static let opened = Mutex<[TargetFiles.Identity: Int32]>([:])

    enum Outcome {
        case written
        /// This process cannot write the target's blob file (another user's, another host's,
        /// gone): send that target's data by bulk from now on.
        case unwritable
        /// A write failed (the file system is full, say): send this data by bulk.
        case failed
    }

    /// Writes the bytes `descriptor` names in this process's memory (its segments in order,
    /// from `localAddress`) at `blobOffset` of the blob file `reply` names.
    static func write(_ descriptor: BulkDescriptor, to reply: PlacementReserveReply, at blobOffset: UInt64) -> Outcome {
        guard descriptor.localAddress != 0, let file = file(reply) else { return .unwritable }
        guard let start = off_t(exactly: blobOffset), start <= off_t.max - off_t(clamping: descriptor.byteCount) else { return .failed }
        let segments = descriptor.segments.isEmpty ? [BulkDescriptor.Segment(offset: 0, length: descriptor.length)] : descriptor.segments
        var at = start
        for segment in segments {
            guard let source = UnsafeRawPointer(bitPattern: UInt(descriptor.localAddress + segment.offset)) else { return .failed }
            var done = 0
            let count = Int(segment.length)
            while done < count {
                let wrote = pwrite(file, source + done, count - done, at + off_t(done))
                if wrote < 0 && errno == EINTR { continue }
                guard wrote > 0 else { return .failed }
                done += wrote
            }
            at += off_t(count)
        }
        return .written
    }

    /// The target's blob file, opened on first use (a recreated one is another). Nil when it
    /// cannot be opened for writing here, or the file there is not the one named.
    private static func file(_ reply: PlacementReserveReply) -> Int32? {
        let identity = TargetFiles.Identity(device: reply.device, inode: reply.inode)
        return opened.withLock { opened -> Int32? in
            if let file = opened[identity] { return file }
            let file = TargetFiles.open(reply.directory, TargetFiles.blobFileName, flags: O_WRONLY)
            guard file >= 0 else { return nil }
            guard TargetFiles.isFile(file, identity) else {
                close(file)
                return nil
            }
            opened[identity] = file
            return file
        }
    }
}
