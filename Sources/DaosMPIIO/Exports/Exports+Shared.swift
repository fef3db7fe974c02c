import CMPI

// Exported C symbols: data access with the shared file pointer (MPI-3.1 §13.4.4).
// Each function is exported twice, as MPI_File_x for C programs and as PMPI_File_x for
// OpenMPI's Fortran bindings (which call the PMPI_ names); both run the same Swift body.

@_cdecl("MPI_File_read_shared")
public func mpiFileReadShared(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                       _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.readShared(fh, buf, count, datatype, status)
}

@_cdecl("PMPI_File_read_shared")
public func pmpiFileReadShared(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                        _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.readShared(fh, buf, count, datatype, status)
}

@_cdecl("MPI_File_write_shared")
public func mpiFileWriteShared(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                        _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.writeShared(fh, buf, count, datatype, status)
}

@_cdecl("PMPI_File_write_shared")
public func pmpiFileWriteShared(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                         _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.writeShared(fh, buf, count, datatype, status)
}

@_cdecl("MPI_File_iread_shared")
public func mpiFileIreadShared(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                        _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.ireadShared(fh, buf, count, datatype, request)
}

@_cdecl("PMPI_File_iread_shared")
public func pmpiFileIreadShared(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                         _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.ireadShared(fh, buf, count, datatype, request)
}

@_cdecl("MPI_File_iwrite_shared")
public func mpiFileIwriteShared(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                         _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iwriteShared(fh, buf, count, datatype, request)
}

@_cdecl("PMPI_File_iwrite_shared")
public func pmpiFileIwriteShared(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                          _ request: UnsafeMutablePointer<MPI_Request?>?) -> Int32 {
    Interposer.iwriteShared(fh, buf, count, datatype, request)
}

@_cdecl("MPI_File_read_ordered")
public func mpiFileReadOrdered(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                        _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.readOrdered(fh, buf, count, datatype, status)
}

@_cdecl("PMPI_File_read_ordered")
public func pmpiFileReadOrdered(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                         _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.readOrdered(fh, buf, count, datatype, status)
}

@_cdecl("MPI_File_write_ordered")
public func mpiFileWriteOrdered(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                         _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.writeOrdered(fh, buf, count, datatype, status)
}

@_cdecl("PMPI_File_write_ordered")
public func pmpiFileWriteOrdered(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?,
                          _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.writeOrdered(fh, buf, count, datatype, status)
}
