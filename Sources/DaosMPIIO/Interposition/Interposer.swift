import CMPI

/// The bodies behind the exported `MPI_File_*` / `PMPI_File_*` symbols (`Exports/`). Every
/// function that takes an `MPI_File` asks the registry first: a handle that is not ours goes
/// to the MPI library unchanged, ours runs here, and a handle of ours used after close is
/// refused with MPI_ERR_FILE (OpenMPI would dereference it).
enum Interposer {
    /// Runs `body` on our file, or `forward`s a foreign handle. The body returns the bytes it
    /// moved (for the report); its error goes through the file's error handler.
    @inline(__always)
    static func onFile(_ handle: MPI_File?, _ kind: Report.Kind, forward: () -> Int32,
                       _ body: (OpenFile) throws(MPIIOError) -> Int64) -> Int32 {
        switch FileRegistry.shared.lookup(handle) {
        case .foreign:
            return forward()
        case .closed:
            return ErrorCodes.code(for: .file("the file handle was closed (MPI_File_close sets it to MPI_FILE_NULL)"))
        case .open(let file):
            let start = Report.now()
            do throws(MPIIOError) {
                let bytes = try body(file)
                Report.record(kind, since: start, bytes: bytes)
                return MPI_SUCCESS
            } catch {
                return file.raise(error)
            }
        }
    }

    /// An error of a call with no file yet (open, delete): MPI_FILE_NULL's handler decides.
    static func raiseWithoutFile(_ error: MPIIOError, name: String, comm: MPI_Comm?) -> Int32 {
        let code = ErrorCodes.code(for: error)
        var handler = ErrorHandlers.defaultForNewFiles()
        defer { if handler != nil { _ = PMPI_Errhandler_free(&handler) } }
        return ErrorHandlers.raise(code, handler: handler, file: swift_MPI_FILE_NULL(), comm: comm, message: "\(name): \(error.message)")
    }

    // MARK: - Collective helpers

    /// A barrier whose waiting sleeps (`swift_MPI_wait_napping`): a rank that is done waits at
    /// close while the engines still move the other ranks' data, and OpenMPI's own barrier
    /// yield-spun a third of both cores away in a 4-rank HACC-IO write phase on 2 cores.
    static func quietBarrier(_ communicator: MPI_Comm) throws(MPIIOError) {
        try quietly("MPI_Ibarrier") { PMPI_Ibarrier(communicator, &$0) }
    }

    /// Starts a nonblocking collective with `start` and waits for it as `quietBarrier` does.
    static func quietly(_ name: String, _ start: (inout MPI_Request?) -> Int32) throws(MPIIOError) {
        var request: MPI_Request? = nil
        try mpiCall(name, start(&request))
        try mpiCall("MPI_Test", swift_MPI_wait_napping(&request))
    }

    /// Fails on every rank unless `value` is the same on every rank of the file.
    static func requireSame(_ value: Int64, _ what: String, _ file: OpenFile) throws(MPIIOError) {
        var mine: [Int64] = [value, -value]
        var maxima: [Int64] = [0, 0]
        try mpiCall("MPI_Allreduce", PMPI_Allreduce(&mine, &maxima, 2, swift_MPI_INT64_T(), swift_MPI_MAX(), file.communicator))
        guard maxima[0] == value, -maxima[1] == value else { throw .notSame("\(what) differs between ranks") }
    }

    /// Runs `body` on rank 0 and gives its outcome to every rank: rank 0's error is thrown on
    /// all of them, and rank 0's returned value is returned everywhere.
    static func onRoot(_ file: OpenFile, _ body: () throws(MPIIOError) -> Int64) throws(MPIIOError) -> Int64 {
        var header: [Int64] = [Int64(MPI_SUCCESS), 0, 0]
        var message: [UInt8] = []
        if file.rank == 0 {
            do throws(MPIIOError) {
                header[1] = try body()
            } catch {
                message = Array(error.message.utf8)
                header = [Int64(error.errorClass), 0, Int64(message.count)]
            }
        }
        try mpiCall("MPI_Bcast", PMPI_Bcast(&header, 3, swift_MPI_INT64_T(), 0, file.communicator))
        guard header[0] != MPI_SUCCESS else { return header[1] }
        if file.rank != 0 { message = [UInt8](repeating: 0, count: Int(header[2])) }
        if header[2] > 0 {
            try mpiCall("MPI_Bcast", PMPI_Bcast(&message, Int32(header[2]), swift_MPI_BYTE(), 0, file.communicator))
        }
        throw MPIIOError(Int32(header[0]), String(decoding: message, as: UTF8.self))
    }

    /// Bytes of `count` items of `datatype`.
    static func bytes(_ count: Int32, _ datatype: MPI_Datatype?) throws(MPIIOError) -> Int64 {
        guard count >= 0 else { throw .count("count \(count) is negative") }
        return try TypeCache.flat(datatype).size * Int64(count)
    }
}
