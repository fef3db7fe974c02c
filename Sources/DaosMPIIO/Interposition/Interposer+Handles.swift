import CMPI

/// Fortran handle conversion and file error handlers for our files.
extension Interposer {
    static func c2f(_ handle: MPI_File?) -> MPI_Fint {
        switch FileRegistry.shared.lookup(handle) {
        case .foreign: RealMPI.c2f(handle)
        // A closed handle converts like MPI_FILE_NULL, which close stored in the program's variable.
        case .closed: RealMPI.c2f(swift_MPI_FILE_NULL())
        case .open(let file): file.fortranHandle
        }
    }

    static func f2c(_ fortran: MPI_Fint) -> MPI_File? {
        FileRegistry.shared.handle(fortran: fortran) ?? RealMPI.f2c(fortran)
    }

    /// OpenMPI makes the handler; we remember its function to call it on our handles.
    static func createErrhandler(_ function: UnsafeMutableRawPointer?, _ handler: UnsafeMutablePointer<MPI_Errhandler?>?) -> Int32 {
        let code = RealMPI.createErrhandler(function, handler)
        if code == MPI_SUCCESS, let handler { ErrorHandlers.remember(handler.pointee, function: function) }
        return code
    }

    static func setErrhandler(_ handle: MPI_File?, _ handler: MPI_Errhandler?) -> Int32 {
        onFile(handle, .query, forward: { RealMPI.setErrhandler(handle, handler) }) { (file) throws(MPIIOError) -> Int64 in
            guard let handler, handler != swift_MPI_ERRHANDLER_NULL() else { throw .argument("MPI_ERRHANDLER_NULL") }
            if file.errorHandlerRetained {
                var old = file.errorHandler
                _ = PMPI_Errhandler_free(&old)
                file.errorHandlerRetained = false
            }
            file.errorHandler = handler
            return 0
        }
    }

    static func getErrhandler(_ handle: MPI_File?, _ handler: UnsafeMutablePointer<MPI_Errhandler?>?) -> Int32 {
        onFile(handle, .query, forward: { RealMPI.getErrhandler(handle, handler) }) { (file) throws(MPIIOError) -> Int64 in
            handler?.pointee = file.errorHandler ?? swift_MPI_ERRORS_RETURN()
            return 0
        }
    }

    /// Invokes the file's handler with `code`; MPI_SUCCESS when the handler returns.
    static func callErrhandler(_ handle: MPI_File?, _ code: Int32) -> Int32 {
        switch FileRegistry.shared.lookup(handle) {
        case .foreign:
            return RealMPI.callErrhandler(handle, code)
        case .closed:
            return ErrorCodes.code(for: .file("the file handle was closed"))
        case .open(let file):
            _ = ErrorHandlers.raise(code, handler: file.errorHandler, file: file.handle, comm: file.communicator,
                                    message: "\(file.name): MPI_File_call_errhandler with error code \(code)")
            return MPI_SUCCESS
        }
    }
}
