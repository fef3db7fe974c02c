import CHDF5
import CMPI

/// The ranks that share a file: the communicator of the FAPL (`H5Pset_fapl_mpio` or
/// `H5Pset_mpi_params`), or just this process. MPI is touched only when a file is created or
/// opened with a communicator — never at plugin load — so serial programs that never call
/// `MPI_Init` work, and a communicator of one rank takes no MPI path at all.
///
/// Collective metadata writes: rank 0 performs them and broadcasts the outcome (`rootPerforms`),
/// which also orders them before any rank's next step. Raw data is independent per rank.
final class Communicator {
    /// The duplicated communicator (freed on deinit); nil when alone.
    private let communicator: MPI_Comm?
    let rank: Int
    let size: Int

    /// This process alone.
    init() {
        communicator = nil
        rank = 0
        size = 1
    }

    /// The FAPL's communicator, if it has one and MPI is running.
    init(fapl: hid_t) throws(VolError) {
        var initialized: Int32 = 0
        var finalized: Int32 = 0
        MPI_Initialized(&initialized)
        MPI_Finalized(&finalized)
        var comm: MPI_Comm? = swift_MPI_COMM_NULL()
        var info: MPI_Info? = swift_MPI_INFO_NULL()
        guard initialized != 0, finalized == 0, H5Pget_mpi_params(fapl, &comm, &info) >= 0 else {
            communicator = nil
            rank = 0
            size = 1
            return
        }
        if info != swift_MPI_INFO_NULL() { MPI_Info_free(&info) }
        guard let comm, comm != swift_MPI_COMM_NULL() else {
            communicator = nil
            rank = 0
            size = 1
            return
        }
        var rank: Int32 = 0
        var size: Int32 = 1
        MPI_Comm_rank(comm, &rank)
        MPI_Comm_size(comm, &size)
        precondition(size >= 1, "a communicator has ranks")
        precondition(rank >= 0 && rank < size, "rank inside the communicator")
        self.communicator = comm
        self.rank = Int(rank)
        self.size = Int(size)
    }

    deinit {
        var finalized: Int32 = 0
        MPI_Finalized(&finalized)
        if communicator != nil, finalized == 0 {
            var comm = communicator
            MPI_Comm_free(&comm)
        }
    }

    var isParallel: Bool { size > 1 }
    var isRoot: Bool { rank == 0 }

    /// Runs `body` on rank 0 only; every rank gets its bytes, or throws its error.
    func rootPerforms(_ body: () throws(VolError) -> [UInt8]) throws(VolError) -> [UInt8] {
        guard let comm = communicator, size > 1 else { return try body() }
        var outcome: Result<[UInt8], VolError> = .success([])
        if rank == 0 {
            do throws(VolError) { outcome = .success(try body()) } catch { outcome = .failure(error) }
        }
        var header: [UInt64] = [0, 0]
        if case .success(let bytes) = outcome { header = [0, UInt64(bytes.count)] }
        if case .failure(let error) = outcome { header = [1, UInt64(error.message.utf8.count)] }
        try broadcast(&header, comm)
        var payload: [UInt8]
        switch outcome {
        case .success(let bytes): payload = rank == 0 ? bytes : [UInt8](repeating: 0, count: Int(header[1]))
        case .failure(let error): payload = rank == 0 ? Array(error.message.utf8) : [UInt8](repeating: 0, count: Int(header[1]))
        }
        if !payload.isEmpty { try broadcast(&payload, comm) }
        guard header[0] == 0 else { throw VolError(String(decoding: payload, as: UTF8.self)) }
        return payload
    }

    /// Rank 0's bytes on every rank.
    func broadcastFromRoot(_ bytes: [UInt8]) throws(VolError) -> [UInt8] {
        try rootPerforms { () throws(VolError) in bytes }
    }

    /// True on every rank if `ok` is true on every rank (a collective check).
    func allAgree(_ ok: Bool) throws(VolError) -> Bool {
        guard let comm = communicator, size > 1 else { return ok }
        let flags = UnsafeMutablePointer<Int32>.allocate(capacity: 2)
        defer { flags.deallocate() }
        flags[0] = ok ? 1 : 0
        flags[1] = 0
        let status = Self.quietly { MPI_Iallreduce(flags, flags + 1, 1, swift_MPI_INT(), swift_MPI_MIN(), comm, &$0) }
        guard status == 0 else { throw VolError("MPI_Iallreduce failed (\(status))") }
        return flags[1] == 1
    }

    /// Waits for every rank (nothing once MPI is finalized: a late close at exit).
    func barrier() {
        guard let comm = communicator, size > 1 else { return }
        var finalized: Int32 = 0
        MPI_Finalized(&finalized)
        guard finalized == 0 else { return }
        _ = Self.quietly { MPI_Ibarrier(comm, &$0) }
    }

    private func broadcast<T>(_ values: inout [T], _ comm: MPI_Comm) throws(VolError) {
        let bytes = values.count * MemoryLayout<T>.stride
        precondition(bytes <= Int(Int32.max), "broadcast of \(bytes) bytes")
        // The buffer stays pinned until the broadcast completes: the wait is inside.
        let status = values.withUnsafeMutableBytes { raw in
            Self.quietly { MPI_Ibcast(raw.baseAddress, Int32(bytes), swift_MPI_BYTE(), 0, comm, &$0) }
        }
        guard status == 0 else { throw VolError("MPI_Ibcast failed (\(status))") }
    }

    /// Starts a nonblocking collective and completes it sleeping between tests
    /// (`swift_MPI_wait_napping`): ranks wait here while rank 0 writes metadata, or the slower
    /// ranks their data, through the engines, which need the cores a spinning wait takes.
    /// Returns the first failing call's status.
    private static func quietly(_ start: (inout MPI_Request?) -> Int32) -> Int32 {
        var request: MPI_Request? = nil
        let started = start(&request)
        guard started == 0 else { return started }
        return swift_MPI_wait_napping(&request)
    }
}
