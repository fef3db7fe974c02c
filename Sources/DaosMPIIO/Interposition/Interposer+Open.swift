import CMPI
import DaosFS

extension Interposer {
    static func open(_ comm: MPI_Comm?, _ filename: UnsafePointer<CChar>?, _ amode: Int32, _ info: MPI_Info?,
                     _ handle: UnsafeMutablePointer<MPI_File?>?) -> Int32 {
        guard let filename, DaosFileName.isOurs(String(cString: filename)) else {
            return RealMPI.open(comm, filename, amode, info, handle)
        }
        let name = String(cString: filename)
        let start = Report.now()
        do throws(MPIIOError) {
            guard let comm, comm != swift_MPI_COMM_NULL() else { throw .comm("MPI_COMM_NULL") }
            guard let handle else { throw .argument("NULL file handle pointer") }
            let file = try Opening.open(comm, name: name, amode: amode, info: info)
            handle.pointee = file.handle
            Report.record(.open, since: start)
            return MPI_SUCCESS
        } catch {
            return raiseWithoutFile(error, name: name, comm: comm)
        }
    }

    static func close(_ handle: UnsafeMutablePointer<MPI_File?>?) -> Int32 {
        guard let handle else { return RealMPI.close(handle) }
        let result = onFile(handle.pointee, .close, forward: { RealMPI.close(handle) }) { (file) throws(MPIIOError) -> Int64 in
            try Closing.close(file)
            return 0
        }
        if case .closed = FileRegistry.shared.lookup(handle.pointee) { handle.pointee = swift_MPI_FILE_NULL() }
        return result
    }

    static func delete(_ filename: UnsafePointer<CChar>?, _ info: MPI_Info?) -> Int32 {
        guard let filename, DaosFileName.isOurs(String(cString: filename)) else { return RealMPI.delete(filename, info) }
        let name = String(cString: filename)
        let start = Report.now()
        Finalization.install()
        do throws(MPIIOError) {
            let location = try DaosFileName(name)
            let mount = try Store.shared.connect(location, create: false)
            try Store.shared.run { () throws(MPIIOError) in
                try store("delete \(name)") { () throws(FileSystemError) in try mount.fileSystem.remove(location.path) }
            }
            Report.record(.delete, since: start)
            return MPI_SUCCESS
        } catch {
            return raiseWithoutFile(error, name: name, comm: swift_MPI_COMM_SELF())
        }
    }
}

/// `MPI_File_close` (collective): frees the shared-pointer window (which synchronises the
/// ranks), removes the file on rank 0 for MPI_MODE_DELETE_ON_CLOSE after a barrier, and
/// releases what the open took. The handle stays known as closed.
enum Closing {
    static func close(_ file: OpenFile) throws(MPIIOError) {
        defer { FileRegistry.shared.markClosed(file) }
        var failure: MPIIOError?
        // Ranks reach close at different times; the window's free synchronises them, waiting
        // the way OpenMPI waits (a spin). Meet in a sleeping barrier first.
        do throws(MPIIOError) { try Interposer.quietBarrier(file.communicator) } catch { failure = error }
        do throws(MPIIOError) { try file.sharedPointer.free() } catch { failure = failure ?? error }
        if file.amode.deleteOnClose {
            do throws(MPIIOError) {
                try mpiCall("MPI_Barrier", PMPI_Barrier(file.communicator))
                _ = try Interposer.onRoot(file) { () throws(MPIIOError) -> Int64 in
                    try Store.shared.run { () throws(MPIIOError) in
                        try store("delete on close of \(file.name)") { () throws(FileSystemError) in
                            try file.mount.fileSystem.remove(file.location.path)
                        }
                    }
                    return 0
                }
            } catch {
                failure = failure ?? error
            }
        }
        ViewTypes.release(file.view)
        var communicator: MPI_Comm? = file.communicator
        _ = PMPI_Comm_free(&communicator)
        if file.errorHandlerRetained, var handler = file.errorHandler {
            var optional: MPI_Errhandler? = handler
            _ = PMPI_Errhandler_free(&optional)
            handler = swift_MPI_ERRORS_RETURN()
            file.errorHandler = handler
            file.errorHandlerRetained = false
        }
        if let failure { throw failure }
    }
}
