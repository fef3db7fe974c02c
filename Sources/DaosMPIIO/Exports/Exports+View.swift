import CMPI

// Exported C symbols: file views, offsets and pointer positioning (MPI-3.1 §13.3, §13.4.3, §13.4.4).
// Each function is exported twice, as MPI_File_x for C programs and as PMPI_File_x for
// OpenMPI's Fortran bindings (which call the PMPI_ names); both run the same Swift body.

@_cdecl("MPI_File_set_view")
public func mpiFileSetView(_ fh: MPI_File?, _ disp: MPI_Offset, _ etype: MPI_Datatype?, _ filetype: MPI_Datatype?,
                    _ datarep: UnsafePointer<CChar>?, _ info: MPI_Info?) -> Int32 {
    Interposer.setView(fh, disp, etype, filetype, datarep, info)
}

@_cdecl("PMPI_File_set_view")
public func pmpiFileSetView(_ fh: MPI_File?, _ disp: MPI_Offset, _ etype: MPI_Datatype?, _ filetype: MPI_Datatype?,
                     _ datarep: UnsafePointer<CChar>?, _ info: MPI_Info?) -> Int32 {
    Interposer.setView(fh, disp, etype, filetype, datarep, info)
}

@_cdecl("MPI_File_get_view")
public func mpiFileGetView(_ fh: MPI_File?, _ disp: UnsafeMutablePointer<MPI_Offset>?,
                    _ etype: UnsafeMutablePointer<MPI_Datatype?>?, _ filetype: UnsafeMutablePointer<MPI_Datatype?>?,
                    _ datarep: UnsafeMutablePointer<CChar>?) -> Int32 {
    Interposer.getView(fh, disp, etype, filetype, datarep)
}

@_cdecl("PMPI_File_get_view")
public func pmpiFileGetView(_ fh: MPI_File?, _ disp: UnsafeMutablePointer<MPI_Offset>?,
                     _ etype: UnsafeMutablePointer<MPI_Datatype?>?, _ filetype: UnsafeMutablePointer<MPI_Datatype?>?,
                     _ datarep: UnsafeMutablePointer<CChar>?) -> Int32 {
    Interposer.getView(fh, disp, etype, filetype, datarep)
}

@_cdecl("MPI_File_get_type_extent")
public func mpiFileGetTypeExtent(_ fh: MPI_File?, _ datatype: MPI_Datatype?, _ extent: UnsafeMutablePointer<MPI_Aint>?) -> Int32 {
    Interposer.getTypeExtent(fh, datatype, extent)
}

@_cdecl("PMPI_File_get_type_extent")
public func pmpiFileGetTypeExtent(_ fh: MPI_File?, _ datatype: MPI_Datatype?, _ extent: UnsafeMutablePointer<MPI_Aint>?) -> Int32 {
    Interposer.getTypeExtent(fh, datatype, extent)
}

@_cdecl("MPI_File_get_byte_offset")
public func mpiFileGetByteOffset(_ fh: MPI_File?, _ offset: MPI_Offset, _ disp: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
    Interposer.getByteOffset(fh, offset, disp)
}

@_cdecl("PMPI_File_get_byte_offset")
public func pmpiFileGetByteOffset(_ fh: MPI_File?, _ offset: MPI_Offset, _ disp: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
    Interposer.getByteOffset(fh, offset, disp)
}

@_cdecl("MPI_File_seek")
public func mpiFileSeek(_ fh: MPI_File?, _ offset: MPI_Offset, _ whence: Int32) -> Int32 {
    Interposer.seek(fh, offset, whence)
}

@_cdecl("PMPI_File_seek")
public func pmpiFileSeek(_ fh: MPI_File?, _ offset: MPI_Offset, _ whence: Int32) -> Int32 {
    Interposer.seek(fh, offset, whence)
}

@_cdecl("MPI_File_get_position")
public func mpiFileGetPosition(_ fh: MPI_File?, _ offset: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
    Interposer.getPosition(fh, offset)
}

@_cdecl("PMPI_File_get_position")
public func pmpiFileGetPosition(_ fh: MPI_File?, _ offset: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
    Interposer.getPosition(fh, offset)
}

@_cdecl("MPI_File_seek_shared")
public func mpiFileSeekShared(_ fh: MPI_File?, _ offset: MPI_Offset, _ whence: Int32) -> Int32 {
    Interposer.seekShared(fh, offset, whence)
}

@_cdecl("PMPI_File_seek_shared")
public func pmpiFileSeekShared(_ fh: MPI_File?, _ offset: MPI_Offset, _ whence: Int32) -> Int32 {
    Interposer.seekShared(fh, offset, whence)
}

@_cdecl("MPI_File_get_position_shared")
public func mpiFileGetPositionShared(_ fh: MPI_File?, _ offset: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
    Interposer.getPositionShared(fh, offset)
}

@_cdecl("PMPI_File_get_position_shared")
public func pmpiFileGetPositionShared(_ fh: MPI_File?, _ offset: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
    Interposer.getPositionShared(fh, offset)
}
