import CMPI

/// The point-to-point messages of one two-phase round: nonblocking sends and receives on the
/// file's own communicator, their buffers owned until the round is over, all waited at once.
///
/// One tag serves every round: between two ranks at most one message goes each way per round,
/// both ends agree which rounds carry one and take their rounds in increasing order, and MPI
/// does not let messages of one sender, tag and communicator overtake each other, so each
/// receive matches the message of its round.
final class RoundMessages {
    static let tag: Int32 = 0xDA05
    private let communicator: MPI_Comm
    private var requests: [MPI_Request?] = []
    private var buffers: [UnsafeMutableRawPointer] = []

    init(_ communicator: MPI_Comm) {
        self.communicator = communicator
    }

    deinit {
        for buffer in buffers { buffer.deallocate() }
    }

    /// A buffer of `bytes` that lives as long as the round.
    func buffer(_ bytes: Int64) -> UnsafeMutableRawPointer {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Int(max(bytes, 1)), alignment: 16)
        buffers.append(buffer)
        return buffer
    }

    func send(_ buffer: UnsafeRawPointer, bytes: Int64, to rank: Int32) throws(MPIIOError) {
        var request: MPI_Request? = nil
        try mpiCall("MPI_Isend", PMPI_Isend(buffer, Int32(bytes), swift_MPI_BYTE(), rank, Self.tag, communicator, &request))
        requests.append(request)
    }

    func receive(_ buffer: UnsafeMutableRawPointer, bytes: Int64, from rank: Int32) throws(MPIIOError) {
        var request: MPI_Request? = nil
        try mpiCall("MPI_Irecv", PMPI_Irecv(buffer, Int32(bytes), swift_MPI_BYTE(), rank, Self.tag, communicator, &request))
        requests.append(request)
    }

    /// Waits for every send and receive posted so far.
    func wait() throws(MPIIOError) {
        guard !requests.isEmpty else { return }
        try mpiCall("MPI_Waitall", PMPI_Waitall(Int32(requests.count), &requests, swift_MPI_STATUSES_IGNORE()))
        requests.removeAll()
    }
}
