/// The outcome carried in a reply header. Values follow DAOS's `-DER_*` numbers (sign
/// dropped) wherever DAOS has the same error, so logs and tools read alike; the few DAOS lacks
/// live at 2900 and up. A struct over a raw value rather than an enum: a peer running a newer
/// protocol may send a code we do not know, and that must decode (and print) rather than fail.
public struct WireStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let success = WireStatus(rawValue: 0)
    /// DER_NO_PERM: the handle or credential does not allow this.
    public static let noPermission = WireStatus(rawValue: 1001)
    /// DER_NO_HDL: the pool or container handle cookie is unknown (or was closed).
    public static let noHandle = WireStatus(rawValue: 1002)
    /// DER_INVAL: a well-formed request with an argument the service refuses.
    public static let invalidArgument = WireStatus(rawValue: 1003)
    /// DER_EXIST: e.g. a pool or container label already taken.
    public static let exists = WireStatus(rawValue: 1004)
    /// DER_NONEXIST: no such pool, container, snapshot or object.
    public static let nonexistent = WireStatus(rawValue: 1005)
    /// DER_UNREACH: the engine that owns this could not be reached.
    public static let unreachable = WireStatus(rawValue: 1006)
    /// DER_NOSPACE: a target is out of space.
    public static let noSpace = WireStatus(rawValue: 1007)
    /// DER_NOSYS: the receiver knows the opcode but does not implement it (yet).
    public static let unsupported = WireStatus(rawValue: 1010)
    /// DER_TIMEDOUT.
    public static let timedOut = WireStatus(rawValue: 1011)
    /// DER_BUSY: e.g. destroying a pool that still has connections.
    public static let busy = WireStatus(rawValue: 1012)
    /// DER_AGAIN: transient; retry the same request.
    public static let tryAgain = WireStatus(rawValue: 1013)
    /// DER_PROTO: the frame could not be decoded, or speaks another protocol version.
    public static let protocolError = WireStatus(rawValue: 1014)
    /// DER_TRUNC: the caller's buffer is too small for the reply's data.
    public static let truncated = WireStatus(rawValue: 1016)
    /// DER_CANCELED.
    public static let canceled = WireStatus(rawValue: 1018)
    /// DER_IO: storage failed underneath.
    public static let ioError = WireStatus(rawValue: 2001)
    /// DER_STALE: the sender's pool map is older than the receiver's; refresh and retry.
    public static let staleMap = WireStatus(rawValue: 2007)
    /// DER_TX_RESTART: the update's epoch is older than the target accepts (its stripes may be
    /// aggregated already); retry with a fresh epoch.
    public static let restart = WireStatus(rawValue: 2013)
    /// DER_NOTLEADER: this engine does not run the service; the error reply names a hint.
    public static let notLeader = WireStatus(rawValue: 2008)
    /// DER_KEY2BIG: a key longer than the engine stores.
    public static let keyTooBig = WireStatus(rawValue: 2250)
    /// DER_REC2BIG: a value or record larger than the engine stores.
    public static let recordTooBig = WireStatus(rawValue: 2251)
    /// The engine is starting and not serving yet.
    public static let notReady = WireStatus(rawValue: 2900)
    /// The engine is stopping: it finishes in-flight RPCs and refuses new ones.
    public static let shutdown = WireStatus(rawValue: 2901)
    /// Data failed its checksum (VOS record, or a bulk transfer).
    public static let checksumMismatch = WireStatus(rawValue: 2902)
    /// More fault domains failed than the container's redundancy factor allows (DAOS DER_RF).
    public static let redundancyExceeded = WireStatus(rawValue: 2903)

    /// Every status this version knows, for tests and tools.
    public static let known: [WireStatus] = [
        .success, .noPermission, .noHandle, .invalidArgument, .exists, .nonexistent, .unreachable,
        .noSpace, .unsupported, .timedOut, .busy, .tryAgain, .protocolError, .truncated, .canceled,
        .ioError, .staleMap, .notLeader, .keyTooBig, .recordTooBig, .notReady, .shutdown,
        .checksumMismatch, .redundancyExceeded, .restart,
    ]

    public var isSuccess: Bool { self == .success }

    /// The DAOS-style name, e.g. `DER_NONEXIST`.
    public var name: String { Self.texts[rawValue]?.name ?? "DER_UNKNOWN(\(rawValue))" }

    /// One line for a human, e.g. for `dmg` to print after "ERROR:".
    public var description: String { Self.texts[rawValue]?.text ?? "unknown error \(rawValue)" }

    private static let texts: [UInt32: (name: String, text: String)] = [
        0: ("DER_SUCCESS", "success"),
        1001: ("DER_NO_PERM", "operation not permitted"),
        1002: ("DER_NO_HDL", "invalid handle"),
        1003: ("DER_INVAL", "invalid parameters"),
        1004: ("DER_EXIST", "entity already exists"),
        1005: ("DER_NONEXIST", "the specified entity does not exist"),
        1006: ("DER_UNREACH", "unreachable node"),
        1007: ("DER_NOSPACE", "no space on storage target"),
        1010: ("DER_NOSYS", "function not implemented"),
        1011: ("DER_TIMEDOUT", "time out"),
        1012: ("DER_BUSY", "device or resource busy"),
        1013: ("DER_AGAIN", "try again"),
        1014: ("DER_PROTO", "incompatible protocol or malformed message"),
        1016: ("DER_TRUNC", "buffer too short, larger buffer needed"),
        1018: ("DER_CANCELED", "operation canceled"),
        2001: ("DER_IO", "generic I/O error"),
        2007: ("DER_STALE", "stale pool map version"),
        2008: ("DER_NOTLEADER", "not service leader"),
        2013: ("DER_TX_RESTART", "epoch too old for this target, restart with a new one"),
        2250: ("DER_KEY2BIG", "key is too large"),
        2251: ("DER_REC2BIG", "record is too large"),
        2900: ("DER_NOT_READY", "engine is not ready"),
        2901: ("DER_SHUTDOWN", "engine is shutting down"),
        2902: ("DER_CSUM", "checksum error"),
        2903: ("DER_RF", "failures exceed redundancy factor"),
    ]
}
