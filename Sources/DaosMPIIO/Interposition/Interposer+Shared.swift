import CMPI

/// Shared file pointer calls (MPI-3.1 §13.4.4). An independent access reserves its range with
/// one atomic fetch-and-add on the pointer (`SharedPointer`), then moves its data like an
/// explicit-offset access. An ordered (collective) access gathers every rank's size, rank 0
/// reserves the total at once, and each rank takes its slice in rank order.
extension Interposer {
    static func sharedAccess(_ file: OpenFile, _ direction: Transfer.Direction, _ buffer: UnsafeRawPointer?, _ count: Int32,
                             _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?) throws(MPIIOError) -> Int64 {
        let etypes = try etypeCount(file, count, datatype)
        let first = try file.sharedPointer.fetchAndAdd(etypes)
        return try explicitAt(file, direction, etype: first, buffer, count, datatype, status)
    }

    static func orderedAccess(_ file: OpenFile, _ direction: Transfer.Direction, _ buffer: UnsafeRawPointer?, _ count: Int32,
                              _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?) throws(MPIIOError) -> Int64 {
        let etypes = try etypeCount(file, count, datatype)
        var mine = etypes
        var all = [Int64](repeating: 0, count: Int(file.size))
        try mpiCall("MPI_Allgather", PMPI_Allgather(&mine, 1, swift_MPI_INT64_T(), &all, 1, swift_MPI_INT64_T(), file.communicator))
        let before = all[..<Int(file.rank)].reduce(0, +)
        let total = all.reduce(0, +)
        var base: Int64 = file.rank == 0 ? try file.sharedPointer.fetchAndAdd(total) : 0
        try mpiCall("MPI_Bcast", PMPI_Bcast(&base, 1, swift_MPI_INT64_T(), 0, file.communicator))
        return try explicitAt(file, direction, etype: base + before, buffer, count, datatype, status)
    }

    /// A data access at an etype offset that bypasses the SEQUENTIAL check (shared pointers are
    /// what sequential files are for).
    private static func explicitAt(_ file: OpenFile, _ direction: Transfer.Direction, etype: Int64, _ buffer: UnsafeRawPointer?,
                                   _ count: Int32, _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?)
        throws(MPIIOError) -> Int64 {
        let bytes = try Transfer.run(file, direction, position: etype * file.view.etypeSize, buffer: buffer, count: count, datatype: datatype)
        StatusFill.set(status, bytes: bytes)
        return bytes
    }

    private static func etypeCount(_ file: OpenFile, _ count: Int32, _ datatype: MPI_Datatype?) throws(MPIIOError) -> Int64 {
        let total = try bytes(count, datatype)
        guard total % file.view.etypeSize == 0 else {
            throw .argument("\(total) bytes are not a whole number of \(file.view.etypeSize)-byte etypes")
        }
        return total / file.view.etypeSize
    }

    static func readShared(_ handle: MPI_File?, _ buffer: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                           _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
        onFile(handle, .readShared, forward: { RealMPI.readShared(handle, buffer, count, datatype, status) }) {
            (file) throws(MPIIOError) -> Int64 in try sharedAccess(file, .read, buffer, count, datatype, status)
        }
    }

    static func writeShared(_ handle: MPI_File?, _ buffer: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                            _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
        onFile(handle, .writeShared, forward: { RealMPI.writeShared(handle, buffer, count, datatype, status) }) {
            (file) throws(MPIIOError) -> Int64 in try sharedAccess(file, .write, buffer, count, datatype, status)
        }
    }

    static func ireadShared(_ handle: MPI_File?, _ buffer: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                            _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
        onFile(handle, .readShared, forward: { RealMPI.ireadShared(handle, buffer, count, datatype, request) }) {
            (file) throws(MPIIOError) -> Int64 in
            guard let request else { throw .argument("NULL request pointer") }
            let bytes = try sharedAccess(file, .read, buffer, count, datatype, nil)
            request.pointee = try GeneralizedRequest.completed(bytes: bytes)
            return bytes
        }
    }

    static func iwriteShared(_ handle: MPI_File?, _ buffer: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                             _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
        onFile(handle, .writeShared, forward: { RealMPI.iwriteShared(handle, buffer, count, datatype, request) }) {
            (file) throws(MPIIOError) -> Int64 in
            guard let request else { throw .argument("NULL request pointer") }
            let bytes = try sharedAccess(file, .write, buffer, count, datatype, nil)
            request.pointee = try GeneralizedRequest.completed(bytes: bytes)
            return bytes
        }
    }

    static func readOrdered(_ handle: MPI_File?, _ buffer: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                            _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
        onFile(handle, .readOrdered, forward: { RealMPI.readOrdered(handle, buffer, count, datatype, status) }) {
            (file) throws(MPIIOError) -> Int64 in try orderedAccess(file, .read, buffer, count, datatype, status)
        }
    }

    static func writeOrdered(_ handle: MPI_File?, _ buffer: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                             _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
        onFile(handle, .writeOrdered, forward: { RealMPI.writeOrdered(handle, buffer, count, datatype, status) }) {
            (file) throws(MPIIOError) -> Int64 in try orderedAccess(file, .write, buffer, count, datatype, status)
        }
    }

    /// Collective: every rank gives the same offset and whence; rank 0 moves the pointer.
    static func seekShared(_ handle: MPI_File?, _ offset: MPI_Offset, _ whence: Int32) -> Int32 {
        onFile(handle, .seek, forward: { RealMPI.seekShared(handle, offset, whence) }) { (file) throws(MPIIOError) -> Int64 in
            try requireSame(offset, "the offset of MPI_File_seek_shared", file)
            try requireSame(Int64(whence), "the whence of MPI_File_seek_shared", file)
            _ = try onRoot(file) { () throws(MPIIOError) -> Int64 in
                let current = whence == swift_MPI_SEEK_CUR() ? try file.sharedPointer.fetchAndAdd(0) : 0
                try file.sharedPointer.store(try seekTarget(file, offset: offset, whence: whence, current: current))
                return 0
            }
            return 0
        }
    }

    static func getPositionShared(_ handle: MPI_File?, _ offset: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
        onFile(handle, .query, forward: { RealMPI.getPositionShared(handle, offset) }) { (file) throws(MPIIOError) -> Int64 in
            offset?.pointee = try file.sharedPointer.fetchAndAdd(0)
            return 0
        }
    }
}
