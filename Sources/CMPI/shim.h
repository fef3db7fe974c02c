#ifndef SWIFT_DAOS_CMPI_SHIM_H
#define SWIFT_DAOS_CMPI_SHIM_H
// OpenMPI's predefined handles are macros over addresses of global structs
// (MPI_COMM_WORLD = &ompi_mpi_comm_world): Swift cannot import them, so they
// are re-exported as static inline getters. Integer constants that are plain
// literals (MPI_MODE_*, MPI_SEEK_*, MPI_ERR_*) import by themselves; they get
// getters too so the MPI-IO driver reads every constant one way and typed Int32.
#include <mpi.h>

static inline MPI_Comm swift_MPI_COMM_WORLD(void) { return MPI_COMM_WORLD; }
static inline MPI_Comm swift_MPI_COMM_SELF(void) { return MPI_COMM_SELF; }
static inline MPI_Comm swift_MPI_COMM_NULL(void) { return MPI_COMM_NULL; }
static inline MPI_Datatype swift_MPI_BYTE(void) { return MPI_BYTE; }
static inline MPI_Datatype swift_MPI_CHAR(void) { return MPI_CHAR; }
static inline MPI_Datatype swift_MPI_INT(void) { return MPI_INT; }
static inline MPI_Datatype swift_MPI_LONG_LONG(void) { return MPI_LONG_LONG; }
static inline MPI_Datatype swift_MPI_UINT64_T(void) { return MPI_UINT64_T; }
static inline MPI_Datatype swift_MPI_INT64_T(void) { return MPI_INT64_T; }
static inline MPI_Datatype swift_MPI_DOUBLE(void) { return MPI_DOUBLE; }
static inline MPI_Datatype swift_MPI_DATATYPE_NULL(void) { return MPI_DATATYPE_NULL; }
static inline MPI_Op swift_MPI_SUM(void) { return MPI_SUM; }
static inline MPI_Op swift_MPI_MAX(void) { return MPI_MAX; }
static inline MPI_Op swift_MPI_MIN(void) { return MPI_MIN; }
static inline MPI_Op swift_MPI_BOR(void) { return MPI_BOR; }
static inline MPI_Op swift_MPI_REPLACE(void) { return MPI_REPLACE; }
static inline MPI_Op swift_MPI_NO_OP(void) { return MPI_NO_OP; }
static inline MPI_Info swift_MPI_INFO_NULL(void) { return MPI_INFO_NULL; }
static inline MPI_File swift_MPI_FILE_NULL(void) { return MPI_FILE_NULL; }
static inline MPI_Group swift_MPI_GROUP_NULL(void) { return MPI_GROUP_NULL; }
static inline MPI_Win swift_MPI_WIN_NULL(void) { return MPI_WIN_NULL; }
static inline MPI_Errhandler swift_MPI_ERRORS_RETURN(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Errhandler swift_MPI_ERRORS_ARE_FATAL(void) { return MPI_ERRORS_ARE_FATAL; }
static inline MPI_Errhandler swift_MPI_ERRHANDLER_NULL(void) { return MPI_ERRHANDLER_NULL; }
static inline MPI_Request swift_MPI_REQUEST_NULL(void) { return MPI_REQUEST_NULL; }
static inline MPI_Status *swift_MPI_STATUS_IGNORE(void) { return MPI_STATUS_IGNORE; }
static inline MPI_Status *swift_MPI_STATUSES_IGNORE(void) { return MPI_STATUSES_IGNORE; }
static inline MPI_Fint swift_MPI_File_c2f_null(void) { return 0; }

// File access modes (MPI-3.1 §13.2.1).
static inline int swift_MPI_MODE_RDONLY(void) { return MPI_MODE_RDONLY; }
static inline int swift_MPI_MODE_RDWR(void) { return MPI_MODE_RDWR; }
static inline int swift_MPI_MODE_WRONLY(void) { return MPI_MODE_WRONLY; }
static inline int swift_MPI_MODE_CREATE(void) { return MPI_MODE_CREATE; }
static inline int swift_MPI_MODE_EXCL(void) { return MPI_MODE_EXCL; }
static inline int swift_MPI_MODE_DELETE_ON_CLOSE(void) { return MPI_MODE_DELETE_ON_CLOSE; }
static inline int swift_MPI_MODE_UNIQUE_OPEN(void) { return MPI_MODE_UNIQUE_OPEN; }
static inline int swift_MPI_MODE_SEQUENTIAL(void) { return MPI_MODE_SEQUENTIAL; }
static inline int swift_MPI_MODE_APPEND(void) { return MPI_MODE_APPEND; }
static inline int swift_MPI_MODE_NOCHECK(void) { return MPI_MODE_NOCHECK; }
static inline int swift_MPI_SEEK_SET(void) { return MPI_SEEK_SET; }
static inline int swift_MPI_SEEK_CUR(void) { return MPI_SEEK_CUR; }
static inline int swift_MPI_SEEK_END(void) { return MPI_SEEK_END; }
static inline MPI_Offset swift_MPI_DISPLACEMENT_CURRENT(void) { return MPI_DISPLACEMENT_CURRENT; }
static inline int swift_MPI_MAX_DATAREP_STRING(void) { return MPI_MAX_DATAREP_STRING; }
static inline int swift_MPI_MAX_ERROR_STRING(void) { return MPI_MAX_ERROR_STRING; }
static inline int swift_MPI_MAX_INFO_VAL(void) { return MPI_MAX_INFO_VAL; }
static inline int swift_MPI_MAX_INFO_KEY(void) { return MPI_MAX_INFO_KEY; }
static inline int swift_MPI_KEYVAL_INVALID(void) { return MPI_KEYVAL_INVALID; }
static inline int swift_MPI_UNDEFINED(void) { return MPI_UNDEFINED; }
static inline int swift_MPI_LOCK_EXCLUSIVE(void) { return MPI_LOCK_EXCLUSIVE; }
static inline int swift_MPI_LOCK_SHARED(void) { return MPI_LOCK_SHARED; }
static inline int swift_MPI_COMM_TYPE_SHARED(void) { return MPI_COMM_TYPE_SHARED; }

// Error classes the driver returns (MPI-3.1 §8.4 and §13.7).
static inline int swift_MPI_SUCCESS(void) { return MPI_SUCCESS; }
static inline int swift_MPI_ERR_FILE(void) { return MPI_ERR_FILE; }
static inline int swift_MPI_ERR_AMODE(void) { return MPI_ERR_AMODE; }
static inline int swift_MPI_ERR_NO_SUCH_FILE(void) { return MPI_ERR_NO_SUCH_FILE; }
static inline int swift_MPI_ERR_FILE_EXISTS(void) { return MPI_ERR_FILE_EXISTS; }
static inline int swift_MPI_ERR_BAD_FILE(void) { return MPI_ERR_BAD_FILE; }
static inline int swift_MPI_ERR_READ_ONLY(void) { return MPI_ERR_READ_ONLY; }
static inline int swift_MPI_ERR_ACCESS(void) { return MPI_ERR_ACCESS; }
static inline int swift_MPI_ERR_NO_SPACE(void) { return MPI_ERR_NO_SPACE; }
static inline int swift_MPI_ERR_QUOTA(void) { return MPI_ERR_QUOTA; }
static inline int swift_MPI_ERR_IO(void) { return MPI_ERR_IO; }
static inline int swift_MPI_ERR_FILE_IN_USE(void) { return MPI_ERR_FILE_IN_USE; }
static inline int swift_MPI_ERR_DUP_DATAREP(void) { return MPI_ERR_DUP_DATAREP; }
static inline int swift_MPI_ERR_CONVERSION(void) { return MPI_ERR_CONVERSION; }
static inline int swift_MPI_ERR_UNSUPPORTED_DATAREP(void) { return MPI_ERR_UNSUPPORTED_DATAREP; }
static inline int swift_MPI_ERR_UNSUPPORTED_OPERATION(void) { return MPI_ERR_UNSUPPORTED_OPERATION; }
static inline int swift_MPI_ERR_NOT_SAME(void) { return MPI_ERR_NOT_SAME; }
static inline int swift_MPI_ERR_ARG(void) { return MPI_ERR_ARG; }
static inline int swift_MPI_ERR_COUNT(void) { return MPI_ERR_COUNT; }
static inline int swift_MPI_ERR_TYPE(void) { return MPI_ERR_TYPE; }
static inline int swift_MPI_ERR_COMM(void) { return MPI_ERR_COMM; }
static inline int swift_MPI_ERR_INFO(void) { return MPI_ERR_INFO; }
static inline int swift_MPI_ERR_BUFFER(void) { return MPI_ERR_BUFFER; }
static inline int swift_MPI_ERR_NO_MEM(void) { return MPI_ERR_NO_MEM; }
static inline int swift_MPI_ERR_INTERN(void) { return MPI_ERR_INTERN; }
static inline int swift_MPI_ERR_OTHER(void) { return MPI_ERR_OTHER; }
static inline int swift_MPI_ERR_REQUEST(void) { return MPI_ERR_REQUEST; }
static inline int swift_MPI_ERR_LASTCODE(void) { return MPI_ERR_LASTCODE; }

// Datatype decoding (MPI-3.1 §4.1.13).
static inline int swift_MPI_COMBINER_NAMED(void) { return MPI_COMBINER_NAMED; }
static inline int swift_MPI_COMBINER_DUP(void) { return MPI_COMBINER_DUP; }
static inline int swift_MPI_COMBINER_CONTIGUOUS(void) { return MPI_COMBINER_CONTIGUOUS; }
static inline int swift_MPI_COMBINER_VECTOR(void) { return MPI_COMBINER_VECTOR; }
static inline int swift_MPI_COMBINER_HVECTOR(void) { return MPI_COMBINER_HVECTOR; }
static inline int swift_MPI_COMBINER_HVECTOR_INTEGER(void) { return OMPI_WAS_MPI_COMBINER_HVECTOR_INTEGER; /* MPI-1 Fortran; kept for ABI */ }
static inline int swift_MPI_COMBINER_INDEXED(void) { return MPI_COMBINER_INDEXED; }
static inline int swift_MPI_COMBINER_HINDEXED(void) { return MPI_COMBINER_HINDEXED; }
static inline int swift_MPI_COMBINER_HINDEXED_INTEGER(void) { return OMPI_WAS_MPI_COMBINER_HINDEXED_INTEGER; }
static inline int swift_MPI_COMBINER_INDEXED_BLOCK(void) { return MPI_COMBINER_INDEXED_BLOCK; }
static inline int swift_MPI_COMBINER_HINDEXED_BLOCK(void) { return MPI_COMBINER_HINDEXED_BLOCK; }
static inline int swift_MPI_COMBINER_STRUCT(void) { return MPI_COMBINER_STRUCT; }
static inline int swift_MPI_COMBINER_STRUCT_INTEGER(void) { return OMPI_WAS_MPI_COMBINER_STRUCT_INTEGER; }
static inline int swift_MPI_COMBINER_SUBARRAY(void) { return MPI_COMBINER_SUBARRAY; }
static inline int swift_MPI_COMBINER_DARRAY(void) { return MPI_COMBINER_DARRAY; }
static inline int swift_MPI_COMBINER_F90_REAL(void) { return MPI_COMBINER_F90_REAL; }
static inline int swift_MPI_COMBINER_F90_COMPLEX(void) { return MPI_COMBINER_F90_COMPLEX; }
static inline int swift_MPI_COMBINER_F90_INTEGER(void) { return MPI_COMBINER_F90_INTEGER; }
static inline int swift_MPI_COMBINER_RESIZED(void) { return MPI_COMBINER_RESIZED; }
static inline int swift_MPI_ORDER_C(void) { return MPI_ORDER_C; }
static inline int swift_MPI_ORDER_FORTRAN(void) { return MPI_ORDER_FORTRAN; }
static inline int swift_MPI_DISTRIBUTE_BLOCK(void) { return MPI_DISTRIBUTE_BLOCK; }
static inline int swift_MPI_DISTRIBUTE_CYCLIC(void) { return MPI_DISTRIBUTE_CYCLIC; }
static inline int swift_MPI_DISTRIBUTE_NONE(void) { return MPI_DISTRIBUTE_NONE; }
static inline int swift_MPI_DISTRIBUTE_DFLT_DARG(void) { return MPI_DISTRIBUTE_DFLT_DARG; }

// A file error handler is variadic in C (`void fn(MPI_File *, int *, ...)`), a type Swift
// cannot call: the driver keeps it as an opaque pointer and calls it through this shim, so
// the C compiler sets up the variadic call.
static inline void swift_MPI_call_file_errhandler(void *function, MPI_File *file, int *code) {
    ((MPI_File_errhandler_function *)function)(file, code);
}

// Completes a nonblocking request sleeping between tests (20 µs, doubling to 200 µs) instead
// of waiting the way OpenMPI's blocking calls do: they yield-spin when ranks outnumber cores,
// and a rank waiting for the others (which wait for the engines) then takes the cores the
// engines need. Used by both plugins for every collective a rank may wait long in.
#include <unistd.h>
static inline int swift_MPI_wait_napping(MPI_Request *request) {
    useconds_t pause = 20;
    for (;;) {
        int done = 0;
        int status = PMPI_Test(request, &done, MPI_STATUS_IGNORE);
        if (status != MPI_SUCCESS || done) return status;
        usleep(pause);
        pause = pause >= 100 ? 200 : pause * 2;
    }
}
#endif
