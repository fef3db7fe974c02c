import CMPI

/// Nonblocking file operations as generalized requests (MPI-3.1 §12.2), ROMIO's "fake" way: the
/// I/O runs at once in the `MPI_File_i*` call, then the request is started and completed, so
/// `MPI_Wait`, `MPI_Test` and friends return at once with the status our query callback fills.
/// (OpenMPI 4.1 has no public extended generalized requests to make progress with.)
enum GeneralizedRequest {
    private final class State {
        let bytes: Int64
        init(bytes: Int64) { self.bytes = bytes }
    }

    /// A completed request whose status reports `bytes`.
    static func completed(bytes: Int64) throws(MPIIOError) -> MPI_Request? {
        let state = Unmanaged.passRetained(State(bytes: bytes))
        var request: MPI_Request? = nil
        let started = PMPI_Grequest_start(
            { extra, status in
                guard let extra else { return MPI_SUCCESS }
                StatusFill.set(status, bytes: Unmanaged<State>.fromOpaque(extra).takeUnretainedValue().bytes)
                return MPI_SUCCESS
            },
            { extra in
                if let extra { Unmanaged<State>.fromOpaque(extra).release() }
                return MPI_SUCCESS
            },
            { _, _ in MPI_SUCCESS },
            state.toOpaque(), &request)
        guard started == MPI_SUCCESS else {
            state.release()
            throw .mpi("MPI_Grequest_start", started)
        }
        try mpiCall("MPI_Grequest_complete", PMPI_Grequest_complete(request))
        return request
    }
}
