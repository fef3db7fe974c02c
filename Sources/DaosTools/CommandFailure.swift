import DaosFS
import DaosObject

/// Why a `dmg` or `daos` command failed: the one line it prints after `ERROR: <tool>:` and the
/// DAOS status its `-j` output reports (negated, as DAOS does). Every error the tools can meet
/// (client, control socket, argument) becomes one of these, so no command can fail with more
/// than one line or with a stack.
public struct CommandFailure: Error, Equatable, CustomStringConvertible {
    public var reason: String
    public var status: WireStatus

    /// DER_MISC, for failures DAOS has no closer code for.
    public static let miscellaneous = WireStatus(rawValue: 1025)

    public init(reason: String, status: WireStatus) {
        // One line whatever the source says: a newline would split the error into two.
        self.reason = String(reason.map { $0.isNewline ? " " : $0 })
        self.status = status
    }

    public init(_ error: ClientError) {
        self.init(reason: error.description, status: error.status)
    }

    public init(_ error: ToolError) {
        switch error {
        case .badArgument(let reason): self.init(reason: reason, status: .invalidArgument)
        case .failed(let reason): self.init(reason: reason, status: Self.miscellaneous)
        }
    }

    public init(_ error: ControlError) {
        let status: WireStatus
        switch error {
        case .notRunning: status = .unreachable
        case .malformed: status = .protocolError
        case .refused: status = .invalidArgument
        case .io: status = .ioError
        }
        self.init(reason: error.description, status: status)
    }

    /// A DaosFS error keeps its errno name in the text (`… (ENOENT)`); the status is the closest
    /// DER code this system carries (DER_MISC when there is none, as for ENOTEMPTY).
    public init(_ error: FileSystemError) {
        let status: WireStatus
        switch error {
        case .noEntry: status = .nonexistent
        case .exists: status = .exists
        case .notDirectory, .isDirectory, .invalidArgument, .nameTooLong, .fileTooLarge: status = .invalidArgument
        case .permissionDenied, .readOnlyFileSystem: status = .noPermission
        case .badHandle: status = .noHandle
        case .noSpace: status = .noSpace
        case .notEmpty: status = Self.miscellaneous
        case .io: status = .ioError
        }
        self.init(reason: error.description, status: status)
    }

    public var description: String { reason }
}

// Adapters from each layer's typed error to `CommandFailure`, so an operation reads as a list
// of calls: `let pools = try client { try system.listPools() }`.

func client<T>(_ call: () throws(ClientError) -> T) throws(CommandFailure) -> T {
    do throws(ClientError) { return try call() } catch { throw CommandFailure(error) }
}

func control<T>(_ call: () throws(ControlError) -> T) throws(CommandFailure) -> T {
    do throws(ControlError) { return try call() } catch { throw CommandFailure(error) }
}

func fileSystem<T>(_ call: () throws(FileSystemError) -> T) throws(CommandFailure) -> T {
    do throws(FileSystemError) { return try call() } catch { throw CommandFailure(error) }
}

func argument<T>(_ call: () throws(ToolError) -> T) throws(CommandFailure) -> T {
    do throws(ToolError) { return try call() } catch { throw CommandFailure(error) }
}
