#if canImport(Glibc)
import Glibc
#endif
import CMPI
import Synchronization

/// What this process did to `daos:` files, printed at MPI_Finalize when DAOS_MPIIO_REPORT=1:
/// per kind of operation, how many calls, how many bytes they moved and how long they took.
/// `cb_write`/`cb_read` count the two-phase rounds in which this rank, as an aggregator, wrote
/// or read for the others (bytes: what it moved for them; not added to the total, which counts
/// each call's own bytes).
enum Report {
    enum Kind: Int, CaseIterable {
        case open, close, delete, size, view, info, sync, seek, query
        case read, write, readCollective, writeCollective, readNonblocking, writeNonblocking
        case readShared, writeShared, readOrdered, writeOrdered
        case aggregatedRead, aggregatedWrite

        /// The kinds of the blocking collective calls (`_all`).
        var isCollective: Bool { self == .readCollective || self == .writeCollective }

        var name: String {
            switch self {
            case .open: "open"
            case .close: "close"
            case .delete: "delete"
            case .size: "size"
            case .view: "view"
            case .info: "info"
            case .sync: "sync"
            case .seek: "seek"
            case .query: "query"
            case .read: "read"
            case .write: "write"
            case .readCollective: "read_all"
            case .writeCollective: "write_all"
            case .readNonblocking: "iread"
            case .writeNonblocking: "iwrite"
            case .readShared: "read_shared"
            case .writeShared: "write_shared"
            case .readOrdered: "read_ordered"
            case .writeOrdered: "write_ordered"
            case .aggregatedRead: "cb_read"
            case .aggregatedWrite: "cb_write"
            }
        }
    }

    private struct Tally {
        var calls = 0
        var bytes: Int64 = 0
        var nanoseconds: UInt64 = 0
    }

    private static let tallies = Mutex([Tally](repeating: Tally(), count: Kind.allCases.count))

    static var enabled: Bool {
        guard let value = Diagnostics.environment("DAOS_MPIIO_REPORT") else { return false }
        return !value.isEmpty && value != "0"
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    static func record(_ kind: Kind, since start: UInt64, bytes: Int64 = 0) {
        let elapsed = now() &- start
        tallies.withLock { tallies in
            tallies[kind.rawValue].calls += 1
            tallies[kind.rawValue].bytes += bytes
            tallies[kind.rawValue].nanoseconds += elapsed
        }
    }

    /// One line per rank: `DaosMPIIO report rank R: open 2 (0.012 s) write 9 (1234 B, 0.3 s) …`.
    static func print() {
        var worldRank: Int32 = -1
        _ = PMPI_Comm_rank(swift_MPI_COMM_WORLD(), &worldRank)
        let snapshot = tallies.withLock { $0 }
        var parts: [String] = []
        for kind in Kind.allCases where snapshot[kind.rawValue].calls > 0 {
            let tally = snapshot[kind.rawValue]
            let seconds = formatSeconds(tally.nanoseconds)
            let bytes = tally.bytes > 0 ? "\(tally.bytes) B, " : ""
            parts.append("\(kind.name) \(tally.calls) (\(bytes)\(seconds) s)")
        }
        let moved = Kind.allCases.filter { $0 != .aggregatedRead && $0 != .aggregatedWrite }
            .reduce(Int64(0)) { $0 + snapshot[$1.rawValue].bytes }
        Diagnostics.line("DaosMPIIO report rank \(worldRank): \(parts.isEmpty ? "no daos: operations" : parts.joined(separator: " ")); total \(moved) B")
    }

    private static func formatSeconds(_ nanoseconds: UInt64) -> String {
        let micro = nanoseconds / 1_000
        let whole = micro / 1_000_000
        let fraction = String(micro % 1_000_000)
        return "\(whole)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}
