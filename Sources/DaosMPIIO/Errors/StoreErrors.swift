import CMPI
import DaosFS
import DaosObject

/// How store failures become MPI error classes: ROMIO's DAOS driver mapping (`ADIOI_DAOS_err`)
/// on DaosFS's errno-style errors.
extension MPIIOError {
    init(_ error: FileSystemError, _ what: String) {
        let text = "\(what): \(error)"
        switch error {
        case .noEntry: self = .noSuchFile(text)
        case .exists: self = .fileExists(text)
        case .notDirectory, .isDirectory, .nameTooLong: self = .badFile(text)
        case .permissionDenied: self = .access(text)
        case .readOnlyFileSystem, .badHandle: self = .readOnly(text)
        case .noSpace: self = .noSpace(text)
        case .invalidArgument: self = .argument(text)
        case .fileTooLarge: self = .argument(text)
        case .notEmpty, .io: self = .io(text)
        }
    }

    init(_ error: ClientError, _ what: String) {
        let text = "\(what): \(error)"
        switch error.status {
        case .nonexistent: self = .noSuchFile(text)
        case .exists: self = .fileExists(text)
        case .noPermission: self = .access(text)
        case .noSpace: self = .noSpace(text)
        case .invalidArgument: self = .argument(text)
        case .unsupported: self = .unsupportedOperation(text)
        default: self = .io(text)
        }
    }
}

/// Runs a DaosFS call; its failure becomes an `MPIIOError` about `what`.
@inline(__always)
func store<T>(_ what: @autoclosure () -> String, _ body: () throws(FileSystemError) -> T) throws(MPIIOError) -> T {
    do throws(FileSystemError) { return try body() } catch { throw MPIIOError(error, what()) }
}

/// Runs a client-layer call; its failure becomes an `MPIIOError` about `what`.
@inline(__always)
func client<T>(_ what: @autoclosure () -> String, _ body: () throws(ClientError) -> T) throws(MPIIOError) -> T {
    do throws(ClientError) { return try body() } catch { throw MPIIOError(error, what()) }
}
