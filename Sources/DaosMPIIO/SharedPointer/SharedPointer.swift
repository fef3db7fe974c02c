import CMPI

/// The shared file pointer of one open file (MPI-3.1 §13.4.4): one 64-bit counter of etypes
/// in an MPI window on the file's communicator, exposed by rank 0. A shared-pointer access
/// reserves its range with one atomic `MPI_Fetch_and_op` (add the etypes it moves, get the old
/// value) under a passive-target lock, so concurrent accesses from any ranks never overlap and
/// no rank has to take part in another's call.
final class SharedPointer {
    private let window: MPI_Win
    private static let owner: Int32 = 0

    /// Collective over `communicator`: allocates the window (8 bytes on rank 0), set to 0.
    init(communicator: MPI_Comm, rank: Int32) throws(MPIIOError) {
        var base: UnsafeMutablePointer<Int64>? = nil
        var window: MPI_Win? = nil
        let bytes = MPI_Aint(rank == Self.owner ? MemoryLayout<Int64>.size : 0)
        try mpiCall("MPI_Win_allocate (shared file pointer)",
                    PMPI_Win_allocate(bytes, Int32(MemoryLayout<Int64>.size), swift_MPI_INFO_NULL(), communicator, &base, &window))
        guard let window else { throw .other("MPI_Win_allocate returned no window") }
        self.window = window
        if rank == Self.owner {
            try mpiCall("MPI_Win_lock", PMPI_Win_lock(swift_MPI_LOCK_EXCLUSIVE(), Self.owner, 0, window))
            base?.pointee = 0
            try mpiCall("MPI_Win_unlock", PMPI_Win_unlock(Self.owner, window))
        }
        try mpiCall("MPI_Barrier", PMPI_Barrier(communicator))
    }

    /// Adds `etypes` and returns the value before (MPI_NO_OP with 0 only reads it).
    func fetchAndAdd(_ etypes: Int64) throws(MPIIOError) -> Int64 {
        var operand = etypes
        var old: Int64 = 0
        let operation = etypes == 0 ? swift_MPI_NO_OP() : swift_MPI_SUM()
        try mpiCall("MPI_Win_lock", PMPI_Win_lock(swift_MPI_LOCK_SHARED(), Self.owner, 0, window))
        let code = PMPI_Fetch_and_op(&operand, &old, swift_MPI_INT64_T(), Self.owner, 0, operation, window)
        try mpiCall("MPI_Win_unlock", PMPI_Win_unlock(Self.owner, window))
        try mpiCall("MPI_Fetch_and_op", code)
        return old
    }

    /// Sets the pointer (one rank calls it; the caller synchronises the others).
    func store(_ etypes: Int64) throws(MPIIOError) {
        var value = etypes
        var old: Int64 = 0
        try mpiCall("MPI_Win_lock", PMPI_Win_lock(swift_MPI_LOCK_EXCLUSIVE(), Self.owner, 0, window))
        let code = PMPI_Fetch_and_op(&value, &old, swift_MPI_INT64_T(), Self.owner, 0, swift_MPI_REPLACE(), window)
        try mpiCall("MPI_Win_unlock", PMPI_Win_unlock(Self.owner, window))
        try mpiCall("MPI_Fetch_and_op", code)
    }

    /// Collective: frees the window.
    func free() throws(MPIIOError) {
        var window: MPI_Win? = self.window
        try mpiCall("MPI_Win_free", PMPI_Win_free(&window))
    }
}
