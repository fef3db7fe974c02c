import CMPI

// Exported C symbols: Fortran handle conversion and file error handlers (MPI-3.1 §17.2.4, §8.3.4).
// Each function is exported twice, as MPI_File_x for C programs and as PMPI_File_x for
// OpenMPI's Fortran bindings (which call the PMPI_ names); both run the same Swift body.

@_cdecl("MPI_File_c2f")
public func mpiFileC2f(_ fh: MPI_File?) -> MPI_Fint { Interposer.c2f(fh) }

@_cdecl("PMPI_File_c2f")
public func pmpiFileC2f(_ fh: MPI_File?) -> MPI_Fint { Interposer.c2f(fh) }

@_cdecl("MPI_File_f2c")
public func mpiFileF2c(_ fortran: MPI_Fint) -> MPI_File? { Interposer.f2c(fortran) }

@_cdecl("PMPI_File_f2c")
public func pmpiFileF2c(_ fortran: MPI_Fint) -> MPI_File? { Interposer.f2c(fortran) }

@_cdecl("MPI_File_create_errhandler")
public func mpiFileCreateErrhandler(_ function: UnsafeMutableRawPointer?, _ handler: UnsafeMutablePointer<MPI_Errhandler?>?) -> Int32 {
    Interposer.createErrhandler(function, handler)
}

@_cdecl("PMPI_File_create_errhandler")
public func pmpiFileCreateErrhandler(_ function: UnsafeMutableRawPointer?, _ handler: UnsafeMutablePointer<MPI_Errhandler?>?) -> Int32 {
    Interposer.createErrhandler(function, handler)
}

@_cdecl("MPI_File_set_errhandler")
public func mpiFileSetErrhandler(_ fh: MPI_File?, _ handler: MPI_Errhandler?) -> Int32 {
    Interposer.setErrhandler(fh, handler)
}

@_cdecl("PMPI_File_set_errhandler")
public func pmpiFileSetErrhandler(_ fh: MPI_File?, _ handler: MPI_Errhandler?) -> Int32 {
    Interposer.setErrhandler(fh, handler)
}

@_cdecl("MPI_File_get_errhandler")
public func mpiFileGetErrhandler(_ fh: MPI_File?, _ handler: UnsafeMutablePointer<MPI_Errhandler?>?) -> Int32 {
    Interposer.getErrhandler(fh, handler)
}

@_cdecl("PMPI_File_get_errhandler")
public func pmpiFileGetErrhandler(_ fh: MPI_File?, _ handler: UnsafeMutablePointer<MPI_Errhandler?>?) -> Int32 {
    Interposer.getErrhandler(fh, handler)
}

@_cdecl("MPI_File_call_errhandler")
public func mpiFileCallErrhandler(_ fh: MPI_File?, _ code: Int32) -> Int32 { Interposer.callErrhandler(fh, code) }

@_cdecl("PMPI_File_call_errhandler")
public func pmpiFileCallErrhandler(_ fh: MPI_File?, _ code: Int32) -> Int32 { Interposer.callErrhandler(fh, code) }
