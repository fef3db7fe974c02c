#if canImport(Glibc)
import Glibc
#endif
import CMPI
import Synchronization

/// File error handlers for `daos:` files (MPI-3.1 §13.7).
///
/// OpenMPI cannot invoke a handler on a handle it does not know, so the driver does it: user
/// handlers are remembered when `MPI_File_create_errhandler` makes them (handler → C function),
/// and an error on one of our files calls that function with our handle. `MPI_ERRORS_RETURN`
/// returns the code; `MPI_ERRORS_ARE_FATAL` prints the message and aborts the file's
/// communicator. Errors in `MPI_File_open` and `MPI_File_delete` go to the handler of
/// `MPI_FILE_NULL`, which stays OpenMPI's (set and read through it).
enum ErrorHandlers {
    /// Handlers created by the program: `MPI_Errhandler` → the C function (opaque: variadic),
    /// both kept as addresses.
    private static let created = Mutex<[UInt: UInt]>([:])

    static func remember(_ handler: MPI_Errhandler?, function: UnsafeMutableRawPointer?) {
        guard let handler, let function else { return }
        created.withLock { $0[address(handler)] = UInt(bitPattern: function) }
    }

    static func function(of handler: MPI_Errhandler?) -> UnsafeMutableRawPointer? {
        guard let handler else { return nil }
        return created.withLock { $0[address(handler)] }.flatMap { UnsafeMutableRawPointer(bitPattern: $0) }
    }

    private static func address(_ handler: MPI_Errhandler) -> UInt { UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(handler))) }

    /// The handler new files start with: the one set on `MPI_FILE_NULL` (OpenMPI's default is
    /// MPI_ERRORS_RETURN). `PMPI_File_get_errhandler` takes a reference; the file drops it at close.
    static func defaultForNewFiles() -> MPI_Errhandler? {
        var handler: MPI_Errhandler? = nil
        guard RealMPI.getErrhandler(swift_MPI_FILE_NULL(), &handler) == MPI_SUCCESS else { return swift_MPI_ERRORS_RETURN() }
        return handler
    }

    /// Applies `handler` to the error `code` raised on `file` (our handle, or MPI_FILE_NULL):
    /// returns the code for the caller to return, unless the handler aborts.
    static func raise(_ code: Int32, handler: MPI_Errhandler?, file: MPI_File?, comm: MPI_Comm?, message: String) -> Int32 {
        precondition(code != MPI_SUCCESS, "only errors reach a handler")
        if handler == nil || handler == swift_MPI_ERRORS_RETURN() { return code }
        if handler == swift_MPI_ERRORS_ARE_FATAL() {
            Diagnostics.line("DaosMPIIO: MPI_ERRORS_ARE_FATAL: \(message)")
            _ = PMPI_Abort(comm ?? swift_MPI_COMM_WORLD(), code)
            abort()
        }
        guard let function = function(of: handler) else {
            // Made by someone we did not see (a language binding calling OpenMPI's internals):
            // we cannot call it on our handle, so the error is returned, as ERRORS_RETURN does.
            Diagnostics.warning("an error handler not created through MPI_File_create_errhandler; returning \(message)")
            return code
        }
        var handle = file
        var value = code
        swift_MPI_call_file_errhandler(function, &handle, &value)
        return code
    }
}
