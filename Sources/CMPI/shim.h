#ifndef SWIFT_DAOS_CMPI_SHIM_H
#define SWIFT_DAOS_CMPI_SHIM_H
// OpenMPI's predefined handles are macros over addresses of global structs
// (MPI_COMM_WORLD = &ompi_mpi_comm_world): Swift cannot import them, so they
// are re-exported as static inline getters.
#include <mpi.h>

static inline MPI_Comm swift_MPI_COMM_WORLD(void) { return MPI_COMM_WORLD; }
static inline MPI_Comm swift_MPI_COMM_SELF(void) { return MPI_COMM_SELF; }
static inline MPI_Comm swift_MPI_COMM_NULL(void) { return MPI_COMM_NULL; }
static inline MPI_Datatype swift_MPI_BYTE(void) { return MPI_BYTE; }
static inline MPI_Datatype swift_MPI_CHAR(void) { return MPI_CHAR; }
static inline MPI_Datatype swift_MPI_INT(void) { return MPI_INT; }
static inline MPI_Datatype swift_MPI_LONG_LONG(void) { return MPI_LONG_LONG; }
static inline MPI_Datatype swift_MPI_UINT64_T(void) { return MPI_UINT64_T; }
static inline MPI_Datatype swift_MPI_DOUBLE(void) { return MPI_DOUBLE; }
static inline MPI_Datatype swift_MPI_DATATYPE_NULL(void) { return MPI_DATATYPE_NULL; }
static inline MPI_Op swift_MPI_SUM(void) { return MPI_SUM; }
static inline MPI_Op swift_MPI_MAX(void) { return MPI_MAX; }
static inline MPI_Op swift_MPI_MIN(void) { return MPI_MIN; }
static inline MPI_Info swift_MPI_INFO_NULL(void) { return MPI_INFO_NULL; }
static inline MPI_File swift_MPI_FILE_NULL(void) { return MPI_FILE_NULL; }
static inline MPI_Errhandler swift_MPI_ERRORS_RETURN(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Request swift_MPI_REQUEST_NULL(void) { return MPI_REQUEST_NULL; }
static inline MPI_Status *swift_MPI_STATUS_IGNORE(void) { return MPI_STATUS_IGNORE; }
#endif
