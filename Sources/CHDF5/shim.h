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

// --- Used by the VOL connector (H5VolDaos) ---
static inline hid_t swift_H5P_FILE_CREATE_DEFAULT(void) { return H5P_FILE_CREATE_DEFAULT; }
static inline hid_t swift_H5P_FILE_ACCESS_DEFAULT(void) { return H5P_FILE_ACCESS_DEFAULT; }
static inline hid_t swift_H5P_GROUP_CREATE(void) { return H5P_GROUP_CREATE; }
static inline hid_t swift_H5P_GROUP_CREATE_DEFAULT(void) { return H5P_GROUP_CREATE_DEFAULT; }
static inline hid_t swift_H5P_GROUP_ACCESS_DEFAULT(void) { return H5P_GROUP_ACCESS_DEFAULT; }
static inline hid_t swift_H5P_DATASET_CREATE_DEFAULT(void) { return H5P_DATASET_CREATE_DEFAULT; }
static inline hid_t swift_H5P_DATASET_ACCESS(void) { return H5P_DATASET_ACCESS; }
static inline hid_t swift_H5P_DATASET_ACCESS_DEFAULT(void) { return H5P_DATASET_ACCESS_DEFAULT; }
static inline hid_t swift_H5P_DATASET_XFER_DEFAULT(void) { return H5P_DATASET_XFER_DEFAULT; }
static inline hid_t swift_H5P_DATATYPE_CREATE(void) { return H5P_DATATYPE_CREATE; }
static inline hid_t swift_H5P_DATATYPE_CREATE_DEFAULT(void) { return H5P_DATATYPE_CREATE_DEFAULT; }
static inline hid_t swift_H5P_DATATYPE_ACCESS_DEFAULT(void) { return H5P_DATATYPE_ACCESS_DEFAULT; }
static inline hid_t swift_H5P_ATTRIBUTE_CREATE(void) { return H5P_ATTRIBUTE_CREATE; }
static inline hid_t swift_H5P_ATTRIBUTE_CREATE_DEFAULT(void) { return H5P_ATTRIBUTE_CREATE_DEFAULT; }
static inline hid_t swift_H5P_LINK_CREATE_DEFAULT(void) { return H5P_LINK_CREATE_DEFAULT; }
static inline hid_t swift_H5P_LINK_ACCESS_DEFAULT(void) { return H5P_LINK_ACCESS_DEFAULT; }
static inline hid_t swift_H5P_OBJECT_COPY_DEFAULT(void) { return H5P_OBJECT_COPY_DEFAULT; }
static inline hid_t swift_H5S_BLOCK(void) { return H5S_BLOCK; }
static inline hid_t swift_H5S_PLIST(void) { return H5S_PLIST; }
static inline hid_t swift_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t swift_H5T_STD_U8LE(void) { return H5T_STD_U8LE; }
static inline hid_t swift_H5T_STD_REF(void) { return H5T_STD_REF; }
static inline size_t swift_H5T_VARIABLE(void) { return H5T_VARIABLE; }
static inline hid_t swift_H5E_DEFAULT(void) { return H5E_DEFAULT; }

// H5Epush2 is variadic, which Swift cannot call: push one preformatted message.
static inline herr_t swift_H5Epush(hid_t cls, hid_t major, hid_t minor, const char *function,
                                   const char *message) {
    return H5Epush2(H5E_DEFAULT, "H5VolDaos", function, 0, cls, major, minor, "%s", message);
}
#endif
