import CMPI

/// The data-access calls (MPI-3.1 §13.4) on our files, by positioning: explicit offsets,
/// individual file pointer. Collective (`_all`) calls go through `Collective` (two-phase
/// aggregation by the `romio_cb_*` hints); nonblocking ones, collective ones included, run at
/// once as independent accesses and hand back a completed generalized request.
extension Interposer {
    /// Where an access starts, in stream bytes of the view, and whether it moves the pointer.
    enum Position {
        case explicit(MPI_Offset)
        case individual
    }

    /// One access: checks, moves the data, advances the individual pointer, fills `status`.
    /// `collective`: every rank of the file makes this call (`_all`, split `_begin`); a
    /// `refusal` is this rank's error found before the access, raised after the collective steps.
    static func access(_ file: OpenFile, _ direction: Transfer.Direction, _ position: Position, _ buffer: UnsafeRawPointer?,
                       _ count: Int32, _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?,
                       collective: Bool = false, refusal: MPIIOError? = nil) throws(MPIIOError) -> Int64 {
        var start: Int64 = 0
        let prepared = Result { () throws(MPIIOError) -> Transfer.Request in
            if let refusal { throw refusal }
            start = try streamStart(file, position)
            return try Transfer.request(file, direction, position: start, buffer: buffer, count: count, datatype: datatype)
        }
        // Atomic mode moves each rank's write as one version of its own (see the README).
        let bytes = collective && !file.atomic ? try Collective.run(file, direction, prepared)
                                               : try Transfer.run(file, direction, prepared.get())
        if case .individual = position { file.individualPosition = start + bytes }
        StatusFill.set(status, bytes: bytes)
        return bytes
    }

    /// Where an access starts, in stream bytes of the view.
    private static func streamStart(_ file: OpenFile, _ position: Position) throws(MPIIOError) -> Int64 {
        guard !file.amode.sequential else {
            throw .unsupportedOperation("explicit offsets and individual file pointers on a file opened MPI_MODE_SEQUENTIAL")
        }
        switch position {
        case .explicit(let offset):
            guard offset >= 0 else { throw .argument("negative offset \(offset)") }
            return offset * file.view.etypeSize
        case .individual:
            return file.individualPosition
        }
    }

    /// A nonblocking access: the same, then a completed request.
    static func start(_ file: OpenFile, _ direction: Transfer.Direction, _ position: Position, _ buffer: UnsafeRawPointer?,
                      _ count: Int32, _ datatype: MPI_Datatype?, _ request: UnsafeMutablePointer<MPI_Request?>?) throws(MPIIOError) -> Int64 {
        guard let request else { throw .argument("NULL request pointer") }
        let bytes = try access(file, direction, position, buffer, count, datatype, nil)
        request.pointee = try GeneralizedRequest.completed(bytes: bytes)
        return bytes
    }

    // MARK: - Explicit offsets

    static func readAt(_ kind: Report.Kind, _ handle: MPI_File?, _ offset: MPI_Offset, _ buffer: UnsafeMutableRawPointer?, _ count: Int32,
                       _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?, forward: RealMPI.ReadAt) -> Int32 {
        onFile(handle, kind, forward: { forward(handle, offset, buffer, count, datatype, status) }) { (file) throws(MPIIOError) -> Int64 in
            try access(file, .read, .explicit(offset), buffer, count, datatype, status, collective: kind.isCollective)
        }
    }

    static func writeAt(_ kind: Report.Kind, _ handle: MPI_File?, _ offset: MPI_Offset, _ buffer: UnsafeRawPointer?, _ count: Int32,
                        _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?, forward: RealMPI.WriteAt) -> Int32 {
        onFile(handle, kind, forward: { forward(handle, offset, buffer, count, datatype, status) }) { (file) throws(MPIIOError) -> Int64 in
            try access(file, .write, .explicit(offset), buffer, count, datatype, status, collective: kind.isCollective)
        }
    }

    static func ireadAt(_ handle: MPI_File?, _ offset: MPI_Offset, _ buffer: UnsafeMutableRawPointer?, _ count: Int32,
                        _ datatype: MPI_Datatype?, _ request: UnsafeMutablePointer<MPI_Request?>?, forward: RealMPI.IReadAt) -> Int32 {
        onFile(handle, .readNonblocking, forward: { forward(handle, offset, buffer, count, datatype, request) }) {
            (file) throws(MPIIOError) -> Int64 in
            try start(file, .read, .explicit(offset), buffer, count, datatype, request)
        }
    }

    static func iwriteAt(_ handle: MPI_File?, _ offset: MPI_Offset, _ buffer: UnsafeRawPointer?, _ count: Int32,
                         _ datatype: MPI_Datatype?, _ request: UnsafeMutablePointer<MPI_Request?>?, forward: RealMPI.IWriteAt) -> Int32 {
        onFile(handle, .writeNonblocking, forward: { forward(handle, offset, buffer, count, datatype, request) }) {
            (file) throws(MPIIOError) -> Int64 in
            try start(file, .write, .explicit(offset), buffer, count, datatype, request)
        }
    }

    // MARK: - Individual file pointer

    static func read(_ kind: Report.Kind, _ handle: MPI_File?, _ buffer: UnsafeMutableRawPointer?, _ count: Int32,
                     _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?, forward: RealMPI.Read) -> Int32 {
        onFile(handle, kind, forward: { forward(handle, buffer, count, datatype, status) }) { (file) throws(MPIIOError) -> Int64 in
            try access(file, .read, .individual, buffer, count, datatype, status, collective: kind.isCollective)
        }
    }

    static func write(_ kind: Report.Kind, _ handle: MPI_File?, _ buffer: UnsafeRawPointer?, _ count: Int32,
                      _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?, forward: RealMPI.Write) -> Int32 {
        onFile(handle, kind, forward: { forward(handle, buffer, count, datatype, status) }) { (file) throws(MPIIOError) -> Int64 in
            try access(file, .write, .individual, buffer, count, datatype, status, collective: kind.isCollective)
        }
    }

    static func iread(_ handle: MPI_File?, _ buffer: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                      _ request: UnsafeMutablePointer<MPI_Request?>?, forward: RealMPI.IRead) -> Int32 {
        onFile(handle, .readNonblocking, forward: { forward(handle, buffer, count, datatype, request) }) { (file) throws(MPIIOError) -> Int64 in
            try start(file, .read, .individual, buffer, count, datatype, request)
        }
    }

    static func iwrite(_ handle: MPI_File?, _ buffer: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                       _ request: UnsafeMutablePointer<MPI_Request?>?, forward: RealMPI.IWrite) -> Int32 {
        onFile(handle, .writeNonblocking, forward: { forward(handle, buffer, count, datatype, request) }) { (file) throws(MPIIOError) -> Int64 in
            try start(file, .write, .individual, buffer, count, datatype, request)
        }
    }
}
