/* The load-time constructor of libDaosMPIIO.so has no API; this header only names the module. */
#ifndef C_DAOS_MPIIO_LOAD_H
#define C_DAOS_MPIIO_LOAD_H
#endif
