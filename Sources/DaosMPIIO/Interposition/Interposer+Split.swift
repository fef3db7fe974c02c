import CMPI

/// Split collectives (MPI-3.1 §13.4.5): `_begin` does the whole access (a collective one, as
/// the matching `_all` call), `_end` reports its status. One split collective may be pending per
/// file; `_end` must match its `_begin`.
extension Interposer {
    /// `body` gets the refusal of a `_begin` made while another is pending: it still takes part
    /// in the collective (the other ranks are in it) and throws the refusal after.
    static func begin(_ handle: MPI_File?, _ kind: SplitCollective.Kind, _ report: Report.Kind, _ buffer: UnsafeRawPointer?,
                      forward: () -> Int32, _ body: (OpenFile, MPIIOError?) throws(MPIIOError) -> Int64) -> Int32 {
        onFile(handle, report, forward: forward) { (file) throws(MPIIOError) -> Int64 in
            let refusal = file.pendingSplit.map { MPIIOError.other("\(kind.rawValue)_begin while \($0.kind.rawValue)_begin is not yet ended") }
            let bytes = try body(file, refusal)
            file.pendingSplit = SplitCollective(kind: kind, buffer: buffer, bytes: bytes)
            return bytes
        }
    }

    static func end(_ handle: MPI_File?, _ kind: SplitCollective.Kind, _ buffer: UnsafeRawPointer?,
                    _ status: UnsafeMutablePointer<MPI_Status>?, forward: () -> Int32) -> Int32 {
        onFile(handle, .query, forward: forward) { (file) throws(MPIIOError) -> Int64 in
            guard let pending = file.pendingSplit else { throw .other("\(kind.rawValue)_end without \(kind.rawValue)_begin") }
            guard pending.kind == kind else {
                throw .other("\(kind.rawValue)_end while \(pending.kind.rawValue)_begin is pending")
            }
            guard pending.buffer == buffer else { throw .buffer("\(kind.rawValue)_end with another buffer than its _begin") }
            file.pendingSplit = nil
            StatusFill.set(status, bytes: pending.bytes)
            return 0
        }
    }
}

extension MPIIOError {
    static func buffer(_ text: String) -> MPIIOError { MPIIOError(swift_MPI_ERR_BUFFER(), text) }
}

extension Interposer {
    static func readAtAllBegin(_ handle: MPI_File?, _ offset: MPI_Offset, _ buffer: UnsafeMutableRawPointer?, _ count: Int32,
                               _ datatype: MPI_Datatype?) -> Int32 {
        begin(handle, .readAtAll, .readCollective, buffer, forward: { RealMPI.readAtAllBegin(handle, offset, buffer, count, datatype) }) {
            (file, refusal) throws(MPIIOError) -> Int64 in
            try access(file, .read, .explicit(offset), buffer, count, datatype, nil, collective: true, refusal: refusal)
        }
    }

    static func writeAtAllBegin(_ handle: MPI_File?, _ offset: MPI_Offset, _ buffer: UnsafeRawPointer?, _ count: Int32,
                                _ datatype: MPI_Datatype?) -> Int32 {
        begin(handle, .writeAtAll, .writeCollective, buffer, forward: { RealMPI.writeAtAllBegin(handle, offset, buffer, count, datatype) }) {
            (file, refusal) throws(MPIIOError) -> Int64 in
            try access(file, .write, .explicit(offset), buffer, count, datatype, nil, collective: true, refusal: refusal)
        }
    }

    static func readAllBegin(_ handle: MPI_File?, _ buffer: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?) -> Int32 {
        begin(handle, .readAll, .readCollective, buffer, forward: { RealMPI.readAllBegin(handle, buffer, count, datatype) }) {
            (file, refusal) throws(MPIIOError) -> Int64 in
            try access(file, .read, .individual, buffer, count, datatype, nil, collective: true, refusal: refusal)
        }
    }

    static func writeAllBegin(_ handle: MPI_File?, _ buffer: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?) -> Int32 {
        begin(handle, .writeAll, .writeCollective, buffer, forward: { RealMPI.writeAllBegin(handle, buffer, count, datatype) }) {
            (file, refusal) throws(MPIIOError) -> Int64 in
            try access(file, .write, .individual, buffer, count, datatype, nil, collective: true, refusal: refusal)
        }
    }

    static func readOrderedBegin(_ handle: MPI_File?, _ buffer: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?) -> Int32 {
        begin(handle, .readOrdered, .readOrdered, buffer, forward: { RealMPI.readOrderedBegin(handle, buffer, count, datatype) }) {
            (file, refusal) throws(MPIIOError) -> Int64 in
            if let refusal { throw refusal }
            return try orderedAccess(file, .read, buffer, count, datatype, nil)
        }
    }

    static func writeOrderedBegin(_ handle: MPI_File?, _ buffer: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?) -> Int32 {
        begin(handle, .writeOrdered, .writeOrdered, buffer, forward: { RealMPI.writeOrderedBegin(handle, buffer, count, datatype) }) {
            (file, refusal) throws(MPIIOError) -> Int64 in
            if let refusal { throw refusal }
            return try orderedAccess(file, .write, buffer, count, datatype, nil)
        }
    }
}
