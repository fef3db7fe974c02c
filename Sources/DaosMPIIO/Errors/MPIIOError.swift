import CMPI

/// A failed MPI-IO call on a `daos:` file: the MPI error class it belongs to and a sentence
/// saying what failed. `ErrorCodes` turns it into an error code whose `MPI_Error_string` is the
/// sentence and whose `MPI_Error_class` is the class.
struct MPIIOError: Error, CustomStringConvertible {
    let errorClass: Int32
    let message: String

    init(_ errorClass: Int32, _ message: String) {
        precondition(errorClass != MPI_SUCCESS, "an error needs a class other than MPI_SUCCESS")
        self.errorClass = errorClass
        self.message = message
    }

    var description: String { message }

    static func amode(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_AMODE(), text) }
    static func noSuchFile(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_NO_SUCH_FILE(), text) }
    static func fileExists(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_FILE_EXISTS(), text) }
    static func badFile(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_BAD_FILE(), text) }
    static func readOnly(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_READ_ONLY(), text) }
    static func access(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_ACCESS(), text) }
    static func noSpace(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_NO_SPACE(), text) }
    static func io(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_IO(), text) }
    static func unsupportedDatarep(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_UNSUPPORTED_DATAREP(), text) }
    static func unsupportedOperation(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_UNSUPPORTED_OPERATION(), text) }
    static func notSame(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_NOT_SAME(), text) }
    static func argument(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_ARG(), text) }
    static func count(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_COUNT(), text) }
    static func type(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_TYPE(), text) }
    static func comm(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_COMM(), text) }
    static func file(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_FILE(), text) }
    static func request(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_REQUEST(), text) }
    static func other(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_OTHER(), text) }

    /// An MPI call the driver made failed with `code`: its class, and its text after ours.
    static func mpi(_ call: String, _ code: Int32) -> MPIIOError {
        var errorClass: Int32 = swift_MPI_ERR_INTERN()
        _ = PMPI_Error_class(code, &errorClass)
        var text = [CChar](repeating: 0, count: Int(swift_MPI_MAX_ERROR_STRING()) + 1)
        var length: Int32 = 0
        _ = PMPI_Error_string(code, &text, &length)
        let detail = String(decoding: text.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return MPIIOError(errorClass == MPI_SUCCESS ? swift_MPI_ERR_INTERN() : errorClass, "\(call) failed: \(detail)")
    }
}

/// Runs an MPI call the driver makes for itself; a failure becomes an `MPIIOError`.
@inline(__always)
func mpiCall(_ what: @autoclosure () -> String, _ code: Int32) throws(MPIIOError) {
    guard code == MPI_SUCCESS else { throw MPIIOError.mpi(what(), code) }
}
