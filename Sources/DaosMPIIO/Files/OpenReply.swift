import CMPI
import DaosFS

/// What rank 0 broadcasts after opening: an error (class and message) or the location and the
/// serialized container and file handles. Sent as five 64-bit lengths, then the bytes.
struct OpenReply {
    var errorClass: Int32 = MPI_SUCCESS
    var message = ""
    var locationText: [UInt8] = []
    var fileSystem: [UInt8] = []
    var file: [UInt8] = []
    /// Rank 0's own result, never sent.
    var opened: (Mount, DaosFile)?

    init() {}

    init(error: MPIIOError) {
        errorClass = error.errorClass
        message = error.message
    }

    init(location: DaosFileName, fileSystem: [UInt8], file: [UInt8]) {
        locationText = Array("\(location.pool)\n\(location.container)\n\(location.path)".utf8)
        self.fileSystem = fileSystem
        self.file = file
    }

    func location() throws(MPIIOError) -> DaosFileName {
        let parts = String(decoding: locationText, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .io("the broadcast file location is damaged") }
        return try DaosFileName("daos://\(parts[0])/\(parts[1])\(parts[2])")
    }

    /// Rank 0 sends `reply`; every rank returns what rank 0 sent.
    static func broadcast(_ reply: OpenReply, comm: MPI_Comm) throws(MPIIOError) -> OpenReply {
        let messageBytes = Array(reply.message.utf8)
        var lengths: [Int64] = [Int64(reply.errorClass), Int64(messageBytes.count), Int64(reply.locationText.count),
                                Int64(reply.fileSystem.count), Int64(reply.file.count)]
        try mpiCall("MPI_Bcast", PMPI_Bcast(&lengths, 5, swift_MPI_INT64_T(), 0, comm))
        var payload = messageBytes + reply.locationText + reply.fileSystem + reply.file
        let total = Int(lengths[1] + lengths[2] + lengths[3] + lengths[4])
        if payload.count != total { payload = [UInt8](repeating: 0, count: total) }
        if total > 0 {
            guard total <= Int(Int32.max) else { throw .io("open reply of \(total) bytes") }
            try mpiCall("MPI_Bcast", PMPI_Bcast(&payload, Int32(total), swift_MPI_BYTE(), 0, comm))
        }
        var received = OpenReply()
        received.errorClass = Int32(lengths[0])
        var at = 0
        func take(_ count: Int64) -> [UInt8] {
            defer { at += Int(count) }
            return Array(payload[at..<(at + Int(count))])
        }
        received.message = String(decoding: take(lengths[1]), as: UTF8.self)
        received.locationText = take(lengths[2])
        received.fileSystem = take(lengths[3])
        received.file = take(lengths[4])
        return received
    }
}
