import CMPI

// Exported C symbols: data access with the individual file pointer (MPI-3.1 §13.4.3).
// Each function is exported twice, as MPI_File_x for C programs and as PMPI_File_x for
// OpenMPI's Fortran bindings (which call the PMPI_ names); both run the same Swift body.

@_cdecl("MPI_File_read")
public func mpiFileRead(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                 _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.read(.read, fh, buf, count, datatype, status, forward: RealMPI.read)
}

@_cdecl("PMPI_File_read")
public func pmpiFileRead(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                  _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.read(.read, fh, buf, count, datatype, status, forward: RealMPI.read)
}

@_cdecl("MPI_File_read_all")
public func mpiFileReadAll(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                    _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.read(.readCollective, fh, buf, count, datatype, status, forward: RealMPI.readAll)
}

@_cdecl("PMPI_File_read_all")
public func pmpiFileReadAll(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                     _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.read(.readCollective, fh, buf, count, datatype, status, forward: RealMPI.readAll)
}

@_cdecl("MPI_File_write")
public func mpiFileWrite(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                  _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.write(.write, fh, buf, count, datatype, status, forward: RealMPI.write)
}

@_cdecl("PMPI_File_write")
public func pmpiFileWrite(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                   _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.write(.write, fh, buf, count, datatype, status, forward: RealMPI.write)
}

@_cdecl("MPI_File_write_all")
public func mpiFileWriteAll(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                     _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.write(.writeCollective, fh, buf, count, datatype, status, forward: RealMPI.writeAll)
}

@_cdecl("PMPI_File_write_all")
public func pmpiFileWriteAll(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                      _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.write(.writeCollective, fh, buf, count, datatype, status, forward: RealMPI.writeAll)
}

@_cdecl("MPI_File_iread")
public func mpiFileIread(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                  _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iread(fh, buf, count, datatype, request, forward: RealMPI.iread)
}

@_cdecl("PMPI_File_iread")
public func pmpiFileIread(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                   _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iread(fh, buf, count, datatype, request, forward: RealMPI.iread)
}

@_cdecl("MPI_File_iwrite")
public func mpiFileIwrite(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                   _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iwrite(fh, buf, count, datatype, request, forward: RealMPI.iwrite)
}

@_cdecl("PMPI_File_iwrite")
public func pmpiFileIwrite(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                    _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iwrite(fh, buf, count, datatype, request, forward: RealMPI.iwrite)
}

@_cdecl("MPI_File_iread_all")
public func mpiFileIreadAll(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                     _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iread(fh, buf, count, datatype, request, forward: RealMPI.ireadAll)
}

@_cdecl("PMPI_File_iread_all")
public func pmpiFileIreadAll(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                      _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iread(fh, buf, count, datatype, request, forward: RealMPI.ireadAll)
}

@_cdecl("MPI_File_iwrite_all")
public func mpiFileIwriteAll(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                      _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iwrite(fh, buf, count, datatype, request, forward: RealMPI.iwriteAll)
}

@_cdecl("PMPI_File_iwrite_all")
public func pmpiFileIwriteAll(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                       _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iwrite(fh, buf, count, datatype, request, forward: RealMPI.iwriteAll)
}
