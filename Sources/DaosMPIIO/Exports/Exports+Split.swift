import CMPI

// Exported C symbols: split collective data access (MPI-3.1 §13.4.5).
// Each function is exported twice, as MPI_File_x for C programs and as PMPI_File_x for
// OpenMPI's Fortran bindings (which call the PMPI_ names); both run the same Swift body.

@_cdecl("MPI_File_read_at_all_begin")
public func mpiFileReadAtAllBegin(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                           _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.readAtAllBegin(fh, offset, buf, count, datatype)
}

@_cdecl("PMPI_File_read_at_all_begin")
public func pmpiFileReadAtAllBegin(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                            _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.readAtAllBegin(fh, offset, buf, count, datatype)
}

@_cdecl("MPI_File_read_at_all_end")
public func mpiFileReadAtAllEnd(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .readAtAll, buf, status, forward: { RealMPI.readAtAllEnd(fh, buf, status) })
}

@_cdecl("PMPI_File_read_at_all_end")
public func pmpiFileReadAtAllEnd(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?,
                          _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .readAtAll, buf, status, forward: { RealMPI.readAtAllEnd(fh, buf, status) })
}

@_cdecl("MPI_File_write_at_all_begin")
public func mpiFileWriteAtAllBegin(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeRawPointer?, _ count: Int32,
                            _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.writeAtAllBegin(fh, offset, buf, count, datatype)
}

@_cdecl("PMPI_File_write_at_all_begin")
public func pmpiFileWriteAtAllBegin(_ fh: MPI_File?, _ offset: MPI_Offset, _ buf: UnsafeRawPointer?, _ count: Int32,
                             _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.writeAtAllBegin(fh, offset, buf, count, datatype)
}

@_cdecl("MPI_File_write_at_all_end")
public func mpiFileWriteAtAllEnd(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .writeAtAll, buf, status, forward: { RealMPI.writeAtAllEnd(fh, buf, status) })
}

@_cdecl("PMPI_File_write_at_all_end")
public func pmpiFileWriteAtAllEnd(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .writeAtAll, buf, status, forward: { RealMPI.writeAtAllEnd(fh, buf, status) })
}

@_cdecl("MPI_File_read_all_begin")
public func mpiFileReadAllBegin(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.readAllBegin(fh, buf, count, datatype)
}

@_cdecl("PMPI_File_read_all_begin")
public func pmpiFileReadAllBegin(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.readAllBegin(fh, buf, count, datatype)
}

@_cdecl("MPI_File_read_all_end")
public func mpiFileReadAllEnd(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .readAll, buf, status, forward: { RealMPI.readAllEnd(fh, buf, status) })
}

@_cdecl("PMPI_File_read_all_end")
public func pmpiFileReadAllEnd(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .readAll, buf, status, forward: { RealMPI.readAllEnd(fh, buf, status) })
}

@_cdecl("MPI_File_write_all_begin")
public func mpiFileWriteAllBegin(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.writeAllBegin(fh, buf, count, datatype)
}

@_cdecl("PMPI_File_write_all_begin")
public func pmpiFileWriteAllBegin(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.writeAllBegin(fh, buf, count, datatype)
}

@_cdecl("MPI_File_write_all_end")
public func mpiFileWriteAllEnd(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .writeAll, buf, status, forward: { RealMPI.writeAllEnd(fh, buf, status) })
}

@_cdecl("PMPI_File_write_all_end")
public func pmpiFileWriteAllEnd(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .writeAll, buf, status, forward: { RealMPI.writeAllEnd(fh, buf, status) })
}

@_cdecl("MPI_File_read_ordered_begin")
public func mpiFileReadOrderedBegin(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                             _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.readOrderedBegin(fh, buf, count, datatype)
}

@_cdecl("PMPI_File_read_ordered_begin")
public func pmpiFileReadOrderedBegin(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?, _ count: Int32,
                              _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.readOrderedBegin(fh, buf, count, datatype)
}

@_cdecl("MPI_File_read_ordered_end")
public func mpiFileReadOrderedEnd(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?,
                           _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .readOrdered, buf, status, forward: { RealMPI.readOrderedEnd(fh, buf, status) })
}

@_cdecl("PMPI_File_read_ordered_end")
public func pmpiFileReadOrderedEnd(_ fh: MPI_File?, _ buf: UnsafeMutableRawPointer?,
                            _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .readOrdered, buf, status, forward: { RealMPI.readOrderedEnd(fh, buf, status) })
}

@_cdecl("MPI_File_write_ordered_begin")
public func mpiFileWriteOrderedBegin(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.writeOrderedBegin(fh, buf, count, datatype)
}

@_cdecl("PMPI_File_write_ordered_begin")
public func pmpiFileWriteOrderedBegin(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ count: Int32, _ datatype: MPI_Datatype?) -> Int32 {
    Interposer.writeOrderedBegin(fh, buf, count, datatype)
}

@_cdecl("MPI_File_write_ordered_end")
public func mpiFileWriteOrderedEnd(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .writeOrdered, buf, status, forward: { RealMPI.writeOrderedEnd(fh, buf, status) })
}

@_cdecl("PMPI_File_write_ordered_end")
public func pmpiFileWriteOrderedEnd(_ fh: MPI_File?, _ buf: UnsafeRawPointer?, _ status: UnsafeMutablePointer<MPI_Status>?) -> Int32 {
    Interposer.end(fh, .writeOrdered, buf, status, forward: { RealMPI.writeOrderedEnd(fh, buf, status) })
}
