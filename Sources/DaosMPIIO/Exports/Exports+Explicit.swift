import CMPI

// Exported C symbols: data access at explicit offsets (MPI-3.1 §13.4.2).
// Each function is exported twice, as MPI_File_x for C programs and as PMPI_File_x for
// OpenMPI's Fortran bindings (which call the PMPI_ names); both run the same Swift body.

@_cdecl("MPI_File_read_at")
public func mpiFileReadAt(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                   _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.readAt(.read, fh, offset, buf, count, datatype, status, forward: RealMPI.readAt)
}

@_cdecl("PMPI_File_read_at")
public func pmpiFileReadAt(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                    _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.readAt(.read, fh, offset, buf, count, datatype, status, forward: RealMPI.readAt)
}

@_cdecl("MPI_File_read_at_all")
public func mpiFileReadAtAll(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                      _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.readAt(.readCollective, fh, offset, buf, count, datatype, status, forward: RealMPI.readAtAll)
}

@_cdecl("PMPI_File_read_at_all")
public func pmpiFileReadAtAll(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                       _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.readAt(.readCollective, fh, offset, buf, count, datatype, status, forward: RealMPI.readAtAll)
}

@_cdecl("MPI_File_write_at")
public func mpiFileWriteAt(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeRawPointer?, _ count: Int32,
                    _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.writeAt(.write, fh, offset, buf, count, datatype, status, forward: RealMPI.writeAt)
}

@_cdecl("PMPI_File_write_at")
public func pmpiFileWriteAt(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeRawPointer?, _ count: Int32,
                     _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.writeAt(.write, fh, offset, buf, count, datatype, status, forward: RealMPI.writeAt)
}

@_cdecl("MPI_File_write_at_all")
public func mpiFileWriteAtAll(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeRawPointer?, _ count: Int32,
                       _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.writeAt(.writeCollective, fh, offset, buf, count, datatype, status, forward: RealMPI.writeAtAll)
}

@_cdecl("PMPI_File_write_at_all")
public func pmpiFileWriteAtAll(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeRawPointer?, _ count: Int32,
                        _ datatype: MPI_Datatype?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.writeAt(.writeCollective, fh, offset, buf, count, datatype, status, forward: RealMPI.writeAtAll)
}

@_cdecl("MPI_File_iread_at")
public func mpiFileIreadAt(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                    _ datatype: MPI_Datatype?, _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.ireadAt(fh, offset, buf, count, datatype, request, forward: RealMPI.ireadAt)
}

@_cdecl("PMPI_File_iread_at")
public func pmpiFileIreadAt(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                     _ datatype: MPI_Datatype?, _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.ireadAt(fh, offset, buf, count, datatype, request, forward: RealMPI.ireadAt)
}

@_cdecl("MPI_File_iwrite_at")
public func mpiFileIwriteAt(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeRawPointer?, _ count: Int32,
                     _ datatype: MPI_Datatype?, _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iwriteAt(fh, offset, buf, count, datatype, request, forward: RealMPI.iwriteAt)
}

@_cdecl("PMPI_File_iwrite_at")
public func pmpiFileIwriteAt(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeRawPointer?, _ count: Int32,
                      _ datatype: MPI_Datatype?, _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iwriteAt(fh, offset, buf, count, datatype, request, forward: RealMPI.iwriteAt)
}

@_cdecl("MPI_File_iread_at_all")
public func mpiFileIreadAtAll(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                       _ datatype: MPI_Datatype?, _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.ireadAt(fh, offset, buf, count, datatype, request, forward: RealMPI.ireadAtAll)
}

@_cdecl("PMPI_File_iread_at_all")
public func pmpiFileIreadAtAll(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                        _ datatype: MPI_Datatype?, _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.ireadAt(fh, offset, buf, count, datatype, request, forward: RealMPI.ireadAtAll)
}

@_cdecl("MPI_File_iwrite_at_all")
public func mpiFileIwriteAtAll(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeRawPointer?, _ count: Int32,
                        _ datatype: MPI_Datatype?, _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iwriteAt(fh, offset, buf, count, datatype, request, forward: RealMPI.iwriteAtAll)
}

@_cdecl("PMPI_File_iwrite_at_all")
public func pmpiFileIwriteAtAll(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeRawPointer?, _ count: Int32,
                         _ datatype: MPI_Datatype?, _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iwriteAt(fh, offset, buf, count, datatype, request, forward: RealMPI.iwriteAtAll)
}
