import CMPI

// Exported C symbols: open, close, delete, sizes, hints, atomicity, sync (MPI-3.1 §13.2, §13.5, §13.6).
// Each function is exported twice, as MPI_File_x for C programs and as PMPI_File_x for
// OpenMPI's Fortran bindings (which call the PMPI_ names); both run the same Swift body.

@_cdecl("MPI_File_open")
public func mpiFileOpen(_ comm: MPI_Comm?, _ filename: UnsafePointer<CChar>?, _ amode: Int32, _ info: MPI_Info?,
                 _ fh: UnsafeMutablePointer<MPI_File?>?) -> Int32 {
    Interposer.open(comm, filename, amode, info, fh)
}

@_cdecl("PMPI_File_open")
public func pmpiFileOpen(_ comm: MPI_Comm?, _ filename: UnsafePointer<CChar>?, _ amode: Int32, _ info: MPI_Info?,
                  _ fh: UnsafeMutablePointer<MPI_File?>?) -> Int32 {
    Interposer.open(comm, filename, amode, info, fh)
}

@_cdecl("MPI_File_close")
public func mpiFileClose(_ fh: UnsafeMutablePointer<MPI_File?>?) -> Int32 { Interposer.close(fh) }

@_cdecl("PMPI_File_close")
public func pmpiFileClose(_ fh: UnsafeMutablePointer<MPI_File?>?) -> Int32 { Interposer.close(fh) }

@_cdecl("MPI_File_delete")
public func mpiFileDelete(_ filename: UnsafePointer<CChar>?, _ info: MPI_Info?) -> Int32 { Interposer.delete(filename, info) }

@_cdecl("PMPI_File_delete")
public func pmpiFileDelete(_ filename: UnsafePointer<CChar>?, _ info: MPI_Info?) -> Int32 { Interposer.delete(filename, info) }

@_cdecl("MPI_File_set_size")
public func mpiFileSetSize(_ fh: MPI_File?, _ size: MPI_Offset) -> Int32 { Interposer.setSize(fh, size) }

@_cdecl("PMPI_File_set_size")
public func pmpiFileSetSize(_ fh: MPI_File?, _ size: MPI_Offset) -> Int32 { Interposer.setSize(fh, size) }

@_cdecl("MPI_File_preallocate")
public func mpiFilePreallocate(_ fh: MPI_File?, _ size: MPI_Offset) -> Int32 { Interposer.preallocate(fh, size) }

@_cdecl("PMPI_File_preallocate")
public func pmpiFilePreallocate(_ fh: MPI_File?, _ size: MPI_Offset) -> Int32 { Interposer.preallocate(fh, size) }

@_cdecl("MPI_File_get_size")
public func mpiFileGetSize(_ fh: MPI_File?, _ size: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
    Interposer.getSize(fh, size)
}

@_cdecl("PMPI_File_get_size")
public func pmpiFileGetSize(_ fh: MPI_File?, _ size: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
    Interposer.getSize(fh, size)
}

@_cdecl("MPI_File_get_group")
public func mpiFileGetGroup(_ fh: MPI_File?, _ group: UnsafeMutablePointer<MPI_Group?>?) -> Int32 {
    Interposer.getGroup(fh, group)
}

@_cdecl("PMPI_File_get_group")
public func pmpiFileGetGroup(_ fh: MPI_File?, _ group: UnsafeMutablePointer<MPI_Group?>?) -> Int32 {
    Interposer.getGroup(fh, group)
}

@_cdecl("MPI_File_get_amode")
public func mpiFileGetAmode(_ fh: MPI_File?, _ amode: UnsafeMutablePointer<Int32>?) -> Int32 { Interposer.getAmode(fh, amode) }

@_cdecl("PMPI_File_get_amode")
public func pmpiFileGetAmode(_ fh: MPI_File?, _ amode: UnsafeMutablePointer<Int32>?) -> Int32 {
    Interposer.getAmode(fh, amode)
}

@_cdecl("MPI_File_set_info")
public func mpiFileSetInfo(_ fh: MPI_File?, _ info: MPI_Info?) -> Int32 { Interposer.setInfo(fh, info) }

@_cdecl("PMPI_File_set_info")
public func pmpiFileSetInfo(_ fh: MPI_File?, _ info: MPI_Info?) -> Int32 { Interposer.setInfo(fh, info) }

@_cdecl("MPI_File_get_info")
public func mpiFileGetInfo(_ fh: MPI_File?, _ info: UnsafeMutablePointer<MPI_Info?>?) -> Int32 { Interposer.getInfo(fh, info) }

@_cdecl("PMPI_File_get_info")
public func pmpiFileGetInfo(_ fh: MPI_File?, _ info: UnsafeMutablePointer<MPI_Info?>?) -> Int32 {
    Interposer.getInfo(fh, info)
}

@_cdecl("MPI_File_set_atomicity")
public func mpiFileSetAtomicity(_ fh: MPI_File?, _ flag: Int32) -> Int32 { Interposer.setAtomicity(fh, flag) }

@_cdecl("PMPI_File_set_atomicity")
public func pmpiFileSetAtomicity(_ fh: MPI_File?, _ flag: Int32) -> Int32 { Interposer.setAtomicity(fh, flag) }

@_cdecl("MPI_File_get_atomicity")
public func mpiFileGetAtomicity(_ fh: MPI_File?, _ flag: UnsafeMutablePointer<Int32>?) -> Int32 {
    Interposer.getAtomicity(fh, flag)
}

@_cdecl("PMPI_File_get_atomicity")
public func pmpiFileGetAtomicity(_ fh: MPI_File?, _ flag: UnsafeMutablePointer<Int32>?) -> Int32 {
    Interposer.getAtomicity(fh, flag)
}

@_cdecl("MPI_File_sync")
public func mpiFileSync(_ fh: MPI_File?) -> Int32 { Interposer.sync(fh) }

@_cdecl("PMPI_File_sync")
public func pmpiFileSync(_ fh: MPI_File?) -> Int32 { Interposer.sync(fh) }
