#ifndef SWIFT_DAOS_CHDF5_SHIM_H
#define SWIFT_DAOS_CHDF5_SHIM_H
// HDF5 1.14.5 built with parallel support: H5public.h includes mpi.h, so this
// module's pkg-config entry (swift-daos-hdf5.pc, written by scripts/setup.sh)
// carries OpenMPI's include directory as well as HDF5's.
#include <hdf5.h>
#include <H5FDmpio.h>

// H5P_DEFAULT is a plain 0 but H5T_NATIVE_* and H5P_* classes are macros that
// call H5open() and read a global: Swift sees neither.
static inline hid_t swift_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t swift_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t swift_H5P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
static inline hid_t swift_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t swift_H5P_DATASET_XFER(void) { return H5P_DATASET_XFER; }
static inline hid_t swift_H5T_NATIVE_INT(void) { return H5T_NATIVE_INT; }
static inline hid_t swift_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t swift_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t swift_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t swift_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t swift_H5S_ALL(void) { return H5S_ALL; }
static inline unsigned swift_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned swift_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline unsigned swift_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned swift_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
#endif
