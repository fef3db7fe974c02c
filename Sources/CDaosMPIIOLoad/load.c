/* Runs when libDaosMPIIO.so is loaded (LD_PRELOAD, or linked before -lmpi): the only hook an
 * interposer has before the program's first MPI call. The work is in Swift
 * (DaosMPIIO/Interposition/LoadTime.swift). */
#include "CDaosMPIIOLoad.h"

void swift_daos_mpiio_loaded(void);

__attribute__((constructor)) static void daos_mpiio_at_load(void)
{
    swift_daos_mpiio_loaded();
}
