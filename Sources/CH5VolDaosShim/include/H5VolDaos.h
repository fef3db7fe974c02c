#ifndef H5VOLDAOS_H
#define H5VOLDAOS_H
/*
 * The "daos" HDF5 VOL connector of swift-daos (libH5VolDaos.so).
 *
 * Select it with HDF5_VOL_CONNECTOR="daos pool=<label>" and HDF5_PLUGIN_PATH=<dir of the .so>,
 * or link the library and call H5Pset_fapl_daos. An HDF5 file is a DAOS container of type HDF5
 * in the pool; the container's label is derived from the file name.
 *
 * Environment: DAOS_POOL (pool label or UUID, wins over the FAPL), DAOS_SYSTEM_FILE (the system
 * file daos_server writes), HDF5_DAOS_OBJ_CLASS (default object class, e.g. S1, SX, RP_2G1),
 * HDF5_DAOS_CHUNK_TARGET_SIZE (bytes per automatic chunk of a contiguous dataset; default 1 MiB).
 */
#include <hdf5.h>

#ifdef __cplusplus
extern "C" {
#endif

#define H5_DAOS_CONNECTOR_NAME "daos"
#define H5_DAOS_CONNECTOR_VALUE ((H5VL_class_value_t)4004)

/* Sets the connector on a FAPL. pool: label or UUID (NULL: DAOS_POOL); sys_file: the system file
 * (NULL: DAOS_SYSTEM_FILE or the per-user default). */
herr_t H5Pset_fapl_daos(hid_t fapl_id, const char *pool, const char *sys_file);

/* Object class ("S1", "SX", "RP_2G1", "EC_2P1G1"...) for new objects: on a FAPL the file's
 * default, on a group/dataset/datatype creation list that object's class. */
herr_t H5daos_set_object_class(hid_t plist_id, const char *object_class);
/* Copies the class name set on plist_id into buf (size bytes, NUL-terminated); returns its
 * length, 0 when none is set, negative on error. */
ssize_t H5daos_get_object_class(hid_t plist_id, char *buf, size_t size);

/* With is_independent true on a FAPL, every rank performs its own metadata writes (no rank-0
 * write and broadcast); each rank may then create objects on its own. */
herr_t H5daos_set_all_ind_metadata_ops(hid_t accpl_id, hbool_t is_independent);
herr_t H5daos_get_all_ind_metadata_ops(hid_t accpl_id, hbool_t *is_independent);

#ifdef __cplusplus
}
#endif
#endif
