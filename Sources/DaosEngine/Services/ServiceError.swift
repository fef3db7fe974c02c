import DaosObject

/// What the pool and container services refuse, each with the wire status a client sees and a
/// one-line reason the CLIs print as they are.
public enum ServiceError: Error, Equatable, CustomStringConvertible {
    case noSuchPool(String)
    case noSuchContainer(String)
    case noSuchHandle(HandleCookie)
    case noSuchSnapshot(Epoch)
    case labelTaken(String)
    case invalidLabel(String)
    case invalidProperty(String)
    case poolBusy(label: String, handles: Int)
    case containerBusy(label: String, handles: Int)
    case noSpace(requested: UInt64, available: UInt64)
    case invalidRanks(String)
    case readOnlyHandle
    case storage(String)
    case unsupported(Opcode)

    public var status: WireStatus {
        switch self {
        case .noSuchPool, .noSuchContainer, .noSuchSnapshot: return .nonexistent
        case .noSuchHandle: return .noHandle
        case .labelTaken: return .exists
        case .invalidLabel, .invalidProperty, .invalidRanks: return .invalidArgument
        case .poolBusy, .containerBusy: return .busy
        case .noSpace: return .noSpace
        case .readOnlyHandle: return .noPermission
        case .storage: return .ioError
        case .unsupported: return .unsupported
        }
    }

    public var description: String {
        switch self {
        case .noSuchPool(let name): return "pool '\(name)' does not exist"
        case .noSuchContainer(let name): return "container '\(name)' does not exist"
        case .noSuchHandle(let cookie): return "no open handle \(cookie)"
        case .noSuchSnapshot(let epoch): return "no snapshot at epoch \(epoch)"
        case .labelTaken(let label): return "label '\(label)' is already in use"
        case .invalidLabel(let reason): return "invalid label: \(reason)"
        case .invalidProperty(let reason): return "invalid property: \(reason)"
        case .poolBusy(let label, let handles):
            return "pool '\(label)' has \(handles) open handle(s); disconnect them or use --force"
        case .containerBusy(let label, let handles):
            return "container '\(label)' has \(handles) open handle(s); close them or use --force"
        case .noSpace(let requested, let available):
            return "not enough space: \(requested) bytes requested per target, \(available) available"
        case .invalidRanks(let reason): return "invalid ranks: \(reason)"
        case .readOnlyHandle: return "the handle was opened read-only"
        case .storage(let reason): return "service storage failed: \(reason)"
        case .unsupported(let opcode): return "the pool and container services do not handle \(opcode)"
        }
    }
}

/// Labels follow DAOS's rule: 1–127 characters of letters, digits, '.', '_', '-' and ':', and
/// not something that parses as a UUID (so a name is never ambiguous).
enum LabelRule {
    static let lengthMax = 127

    static func check(_ label: String) throws(ServiceError) {
        guard !label.isEmpty, label.utf8.count <= lengthMax else {
            throw .invalidLabel("'\(label)' must be 1 to \(lengthMax) characters")
        }
        let allowed = label.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || ".-_:".unicodeScalars.contains($0))
        }
        guard allowed else { throw .invalidLabel("'\(label)' may hold only letters, digits and . _ - :") }
        guard WireUUID(label) == nil else { throw .invalidLabel("'\(label)' looks like a UUID") }
    }
}
