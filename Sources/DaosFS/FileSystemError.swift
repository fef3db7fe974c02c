#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DaosObject

/// Why a DaosFS call failed. Each case is one POSIX errno (libdfs's error model: errno at the
/// API, DAOS statuses translated once, here); the text says which path or argument it was about,
/// so a CLI prints it as one line and the MPI-IO driver maps `errno` to an MPI error class.
public enum FileSystemError: Error, Equatable, CustomStringConvertible {
    /// ENOENT: a path component does not exist.
    case noEntry(String)
    /// EEXIST: the name is taken (exclusive create, mkdir).
    case exists(String)
    /// ENOTDIR: a component used as a directory is a file.
    case notDirectory(String)
    /// EISDIR: a file operation on a directory.
    case isDirectory(String)
    /// ENOTEMPTY: removing or replacing a directory that has entries.
    case notEmpty(String)
    /// EINVAL: an argument DaosFS refuses (flags, extents, chunk size, renaming into itself…).
    case invalidArgument(String)
    /// ENAMETOOLONG: a name over 255 bytes or a path over 4,096.
    case nameTooLong(String)
    /// EACCES: the mode bits do not grant the caller this access.
    case permissionDenied(String)
    /// EBADF: the handle was not opened for this (a write through a read-only handle).
    case badHandle(String)
    /// EROFS: the container was opened read-only.
    case readOnlyFileSystem(String)
    /// EFBIG: an offset or size past the largest file DaosFS addresses.
    case fileTooLarge(String)
    /// ENOSPC: a target is out of space.
    case noSpace(String)
    /// EIO: storage or transport failed, or stored metadata does not decode.
    case io(String)

    /// The POSIX errno value of this platform.
    public var errno: Int32 {
        switch self {
        case .noEntry: ENOENT
        case .exists: EEXIST
        case .notDirectory: ENOTDIR
        case .isDirectory: EISDIR
        case .notEmpty: ENOTEMPTY
        case .invalidArgument: EINVAL
        case .nameTooLong: ENAMETOOLONG
        case .permissionDenied: EACCES
        case .badHandle: EBADF
        case .readOnlyFileSystem: EROFS
        case .fileTooLarge: EFBIG
        case .noSpace: ENOSPC
        case .io: EIO
        }
    }

    /// The errno's symbolic name, for messages and JSON reports.
    public var errnoName: String {
        switch self {
        case .noEntry: "ENOENT"
        case .exists: "EEXIST"
        case .notDirectory: "ENOTDIR"
        case .isDirectory: "EISDIR"
        case .notEmpty: "ENOTEMPTY"
        case .invalidArgument: "EINVAL"
        case .nameTooLong: "ENAMETOOLONG"
        case .permissionDenied: "EACCES"
        case .badHandle: "EBADF"
        case .readOnlyFileSystem: "EROFS"
        case .fileTooLarge: "EFBIG"
        case .noSpace: "ENOSPC"
        case .io: "EIO"
        }
    }

    public var detail: String {
        switch self {
        case .noEntry(let text), .exists(let text), .notDirectory(let text), .isDirectory(let text),
             .notEmpty(let text), .invalidArgument(let text), .nameTooLong(let text), .permissionDenied(let text),
             .badHandle(let text), .readOnlyFileSystem(let text), .fileTooLarge(let text), .noSpace(let text),
             .io(let text):
            text
        }
    }

    public var description: String { "\(detail) (\(errnoName))" }

    /// Translates a client-layer failure while doing `what`: a status with a POSIX meaning keeps
    /// it; transport failures, lost redundancy and storage errors are EIO.
    init(_ error: ClientError, while what: String) {
        let text = "\(what): \(error)"
        switch error.status {
        case .noSpace: self = .noSpace(text)
        case .noPermission: self = .permissionDenied(text)
        case .invalidArgument: self = .invalidArgument(text)
        case .keyTooBig: self = .nameTooLong(text)
        case .exists: self = .exists(text)
        default: self = .io(text)
        }
    }

    /// Stored metadata that does not decode: the namespace is damaged, never the caller's fault.
    init(damaged what: String, _ error: DecodeError) {
        self = .io("\(what) is damaged: \(error)")
    }
}

/// Runs a client-layer call, translating its failure (typed throws keep the mapping in one place).
@inline(__always)
func client<T>(_ what: @autoclosure () -> String, _ body: () throws(ClientError) -> T) throws(FileSystemError) -> T {
    do throws(ClientError) { return try body() } catch { throw FileSystemError(error, while: what()) }
}
