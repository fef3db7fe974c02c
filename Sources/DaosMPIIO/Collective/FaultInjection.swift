/// A test hook: with `DAOS_MPIIO_FAIL_AGGREGATOR=R` in its environment, the rank whose rank in
/// the file's communicator is R fails every two-phase I/O it does as an aggregator with
/// MPI_ERR_IO (its exchanges go on). The collective test uses it to show that an aggregator's
/// failure reaches exactly the ranks it served, with its class, and that nobody waits forever.
enum FaultInjection {
    static let aggregatorVariable = "DAOS_MPIIO_FAIL_AGGREGATOR"

    static func aggregatorIO(_ file: OpenFile) throws(MPIIOError) {
        guard let value = Diagnostics.environment(aggregatorVariable), Int32(value) == file.rank else { return }
        throw .io("injected aggregator failure (\(aggregatorVariable)=\(value))")
    }
}
