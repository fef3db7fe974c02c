import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An epoch: a 64-bit hybrid logical clock value. Newer epochs win; 0 is never a valid epoch.
public struct Epoch: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64

    public init(_ rawValue: UInt64) { self.rawValue = rawValue }

    /// Reads at `latest` see every acknowledged write.
    public static let latest = Epoch(UInt64.max)

    public static func < (a: Epoch, b: Epoch) -> Bool { a.rawValue < b.rawValue }

    /// Physical part in nanoseconds since the HLC epoch (2021-01-01 UTC).
    public var physicalNanoseconds: UInt64 { (rawValue & ~HybridLogicalClock.logicalMask) / 16 }
    public var logical: UInt64 { rawValue & HybridLogicalClock.logicalMask }

    public var description: String { "0x" + String(rawValue, radix: 16) }
}

/// A time source in nanoseconds since the Unix epoch, injected so simulations control time.
public protocol PhysicalClock: Sendable {
    func nanosecondsSinceUnixEpoch() -> UInt64
}

public struct SystemClock: PhysicalClock {
    public init() {}

    public func nanosecondsSinceUnixEpoch() -> UInt64 {
        if let simulated = SimulationContext.current { return simulated.realtimeNanoseconds }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

/// Hybrid logical clock with DAOS's layout: units of 1/16 ns since 2021-01-01, the low 18 bits
/// a logical counter (physical resolution about 16 µs). `now()` never returns the same value
/// twice and never goes backwards, even when the physical clock does; `merge` folds in an epoch
/// seen from another node so causally later events get later epochs.
public final class HybridLogicalClock: Sendable {
    static let logicalMask: UInt64 = (1 << 18) - 1
    /// 2021-01-01T00:00:00Z in seconds since the Unix epoch.
    static let startSeconds: UInt64 = 1_609_459_200

    private let physical: any PhysicalClock
    private let last = Mutex<UInt64>(0)

    public init(physical: any PhysicalClock = SystemClock()) {
        self.physical = physical
    }

    func physicalEpoch() -> UInt64 {
        let ns = physical.nanosecondsSinceUnixEpoch() &- Self.startSeconds * 1_000_000_000
        return (ns &* 16) & ~Self.logicalMask
    }

    public func now() -> Epoch {
        let pt = physicalEpoch()
        return Epoch(last.withLock { last in
            last = max(last + 1, pt)
            return last
        })
    }

    /// Bits of the logical counter `now(distinctBy:)` gives to its tag.
    public static let tagBits = 12

    /// A `now()` whose low `tagBits` bits are `tag`: writers that pick different tags (the ranks
    /// of one MPI communicator) never pick the same epoch, even in the same instant, so two
    /// overlapping writes always have a newer one — what MPI-IO's atomic mode needs.
    public func now(distinctBy tag: UInt64) -> Epoch {
        let pt = physicalEpoch()
        let mask: UInt64 = (1 << UInt64(Self.tagBits)) - 1
        return Epoch(last.withLock { last in
            let next = max(last + 1, pt)
            var tagged = (next & ~mask) | (tag & mask)
            if tagged < next { tagged += mask + 1 }
            last = tagged
            return tagged
        })
    }

    /// The epoch of the physical time `nanoseconds` ago (logical part 0): what "older than that
    /// long" means for aggregation and for refusing stale updates.
    public func epoch(nanosecondsAgo nanoseconds: UInt64) -> Epoch {
        let pt = physicalEpoch()
        let back = nanoseconds &* 16
        return Epoch(pt > back ? (pt - back) & ~Self.logicalMask : 1)
    }

    /// How far ahead of the local physical clock a remote epoch may be (DAOS's HLC epsilon):
    /// a peer with a clock further ahead is refused rather than dragging every epoch forward.
    public static let driftMax: UInt64 = 1_000_000_000 * 16

    /// Folds in a remote epoch; returns the local clock's new value, later than both.
    @discardableResult
    public func merge(_ remote: Epoch) throws(ClockError) -> Epoch {
        let pt = physicalEpoch()
        guard remote.rawValue <= pt &+ Self.driftMax else { throw .remoteTooFarAhead(remote) }
        return Epoch(last.withLock { last in
            last = max(last + 1, remote.rawValue &+ 1, pt)
            return last
        })
    }
}

public enum ClockError: Error, Equatable, CustomStringConvertible {
    case remoteTooFarAhead(Epoch)

    public var description: String {
        switch self {
        case .remoteTooFarAhead(let epoch):
            return "remote epoch \(epoch) is more than 1 s ahead of the local clock"
        }
    }
}
