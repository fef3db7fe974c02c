import CMPI
import DaosFS

/// One `daos:` file opened by this process: what `MPI_File_open` set up and what the later
/// calls change (view, pointers, hints, atomicity, error handler).
///
/// Invariants: `communicator` is our duplicate of the open's communicator (our collectives never
/// match the program's messages); `individualPosition` is in stream bytes of `view` (a
/// multiple of the etype size except after a short read); at most one split collective is
/// pending; the store objects are touched only under `Store.shared.run`.
final class OpenFile: @unchecked Sendable {
    let handle: MPI_File
    let fortranHandle: MPI_Fint
    /// The name as the program gave it, and where it resolved.
    let name: String
    let location: DaosFileName
    let communicator: MPI_Comm
    let rank: Int32
    let size: Int32
    let amode: FileAmode
    let mount: Mount
    let data: DaosFile
    let sharedPointer: SharedPointer

    var hints: Hints
    var view = FileView.initial()
    var individualPosition: Int64 = 0
    var atomic = false
    var errorHandler: MPI_Errhandler?
    /// True while `errorHandler` holds a reference taken by `PMPI_File_get_errhandler`.
    var errorHandlerRetained = false
    var pendingSplit: SplitCollective?

    init(handle: MPI_File, fortranHandle: MPI_Fint, name: String, location: DaosFileName, communicator: MPI_Comm, amode: FileAmode,
         mount: Mount, data: DaosFile, sharedPointer: SharedPointer, hints: Hints) throws(MPIIOError) {
        self.handle = handle
        self.fortranHandle = fortranHandle
        self.name = name
        self.location = location
        self.communicator = communicator
        self.amode = amode
        self.mount = mount
        self.data = data
        self.sharedPointer = sharedPointer
        self.hints = hints
        var rank: Int32 = 0
        var size: Int32 = 0
        try mpiCall("MPI_Comm_rank", PMPI_Comm_rank(communicator, &rank))
        try mpiCall("MPI_Comm_size", PMPI_Comm_size(communicator, &size))
        self.rank = rank
        self.size = size
    }

    /// Raises `error` on this file through its error handler; returns the code to return.
    func raise(_ error: MPIIOError) -> Int32 {
        let code = ErrorCodes.code(for: error)
        return ErrorHandlers.raise(code, handler: errorHandler, file: handle, comm: communicator, message: "\(name): \(error.message)")
    }
}

/// A split collective begun and not yet ended (MPI-3.1 §13.4.5): the operation already ran in
/// `_begin`; `_end` reports its status.
struct SplitCollective {
    enum Kind: String {
        case readAtAll = "MPI_File_read_at_all"
        case writeAtAll = "MPI_File_write_at_all"
        case readAll = "MPI_File_read_all"
        case writeAll = "MPI_File_write_all"
        case readOrdered = "MPI_File_read_ordered"
        case writeOrdered = "MPI_File_write_ordered"
    }

    let kind: Kind
    let buffer: UnsafeRawPointer?
    let bytes: Int64
}
