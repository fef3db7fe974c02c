/*
 * The connector's H5VL_class_t (HDF5 1.14, H5VL_VERSION 3) and the two symbols HDF5's plugin
 * loader looks for. Every callback is implemented in Swift (@_cdecl "h5vd_*"); this file only
 * lays out the table, so its layout is the C compiler's, never guessed. The public C API
 * (H5VolDaos.h) is forwarded to Swift the same way.
 */
#include "H5VolDaos.h"
#include "H5VolDaosShim.h"

#include <H5PLextern.h>
#include <H5VLconnector.h>

/* --- Swift entry points (Sources/H5VolDaos/Glue) --- */
extern herr_t h5vd_initialize(hid_t vipl_id);
extern herr_t h5vd_terminate(void);
extern uint64_t h5vd_capability_flags(void);

extern void *h5vd_info_copy(const void *info);
extern herr_t h5vd_info_cmp(int *cmp_value, const void *info1, const void *info2);
extern herr_t h5vd_info_free(void *info);
extern herr_t h5vd_info_to_str(const void *info, char **str);
extern herr_t h5vd_info_from_str(const char *str, void **info);

extern void *h5vd_attr_create(void *obj, const H5VL_loc_params_t *loc, const char *name, hid_t type_id,
                              hid_t space_id, hid_t acpl_id, hid_t aapl_id, hid_t dxpl_id, void **req);
extern void *h5vd_attr_open(void *obj, const H5VL_loc_params_t *loc, const char *name, hid_t aapl_id,
                            hid_t dxpl_id, void **req);
extern herr_t h5vd_attr_read(void *attr, hid_t mem_type_id, void *buf, hid_t dxpl_id, void **req);
extern herr_t h5vd_attr_write(void *attr, hid_t mem_type_id, const void *buf, hid_t dxpl_id, void **req);
extern herr_t h5vd_attr_get(void *obj, H5VL_attr_get_args_t *args, hid_t dxpl_id, void **req);
extern herr_t h5vd_attr_specific(void *obj, const H5VL_loc_params_t *loc, H5VL_attr_specific_args_t *args,
                                 hid_t dxpl_id, void **req);
extern herr_t h5vd_attr_close(void *attr, hid_t dxpl_id, void **req);

extern void *h5vd_dataset_create(void *obj, const H5VL_loc_params_t *loc, const char *name, hid_t lcpl_id,
                                 hid_t type_id, hid_t space_id, hid_t dcpl_id, hid_t dapl_id, hid_t dxpl_id,
                                 void **req);
extern void *h5vd_dataset_open(void *obj, const H5VL_loc_params_t *loc, const char *name, hid_t dapl_id,
                               hid_t dxpl_id, void **req);
extern herr_t h5vd_dataset_read(size_t count, void *dset[], hid_t mem_type_id[], hid_t mem_space_id[],
                                hid_t file_space_id[], hid_t dxpl_id, void *buf[], void **req);
extern herr_t h5vd_dataset_write(size_t count, void *dset[], hid_t mem_type_id[], hid_t mem_space_id[],
                                 hid_t file_space_id[], hid_t dxpl_id, const void *buf[], void **req);
extern herr_t h5vd_dataset_get(void *dset, H5VL_dataset_get_args_t *args, hid_t dxpl_id, void **req);
extern herr_t h5vd_dataset_specific(void *dset, H5VL_dataset_specific_args_t *args, hid_t dxpl_id, void **req);
extern herr_t h5vd_dataset_close(void *dset, hid_t dxpl_id, void **req);

extern void *h5vd_datatype_commit(void *obj, const H5VL_loc_params_t *loc, const char *name, hid_t type_id,
                                  hid_t lcpl_id, hid_t tcpl_id, hid_t tapl_id, hid_t dxpl_id, void **req);
extern void *h5vd_datatype_open(void *obj, const H5VL_loc_params_t *loc, const char *name, hid_t tapl_id,
                                hid_t dxpl_id, void **req);
extern herr_t h5vd_datatype_get(void *dt, H5VL_datatype_get_args_t *args, hid_t dxpl_id, void **req);
extern herr_t h5vd_datatype_specific(void *dt, H5VL_datatype_specific_args_t *args, hid_t dxpl_id, void **req);
extern herr_t h5vd_datatype_close(void *dt, hid_t dxpl_id, void **req);

extern void *h5vd_file_create(const char *name, unsigned flags, hid_t fcpl_id, hid_t fapl_id, hid_t dxpl_id,
                              void **req);
extern void *h5vd_file_open(const char *name, unsigned flags, hid_t fapl_id, hid_t dxpl_id, void **req);
extern herr_t h5vd_file_get(void *file, H5VL_file_get_args_t *args, hid_t dxpl_id, void **req);
extern herr_t h5vd_file_specific(void *file, H5VL_file_specific_args_t *args, hid_t dxpl_id, void **req);
extern herr_t h5vd_file_optional(void *file, H5VL_optional_args_t *args, hid_t dxpl_id, void **req);
extern herr_t h5vd_file_close(void *file, hid_t dxpl_id, void **req);

extern void *h5vd_group_create(void *obj, const H5VL_loc_params_t *loc, const char *name, hid_t lcpl_id,
                               hid_t gcpl_id, hid_t gapl_id, hid_t dxpl_id, void **req);
extern void *h5vd_group_open(void *obj, const H5VL_loc_params_t *loc, const char *name, hid_t gapl_id,
                             hid_t dxpl_id, void **req);
extern herr_t h5vd_group_get(void *obj, H5VL_group_get_args_t *args, hid_t dxpl_id, void **req);
extern herr_t h5vd_group_specific(void *obj, H5VL_group_specific_args_t *args, hid_t dxpl_id, void **req);
extern herr_t h5vd_group_optional(void *obj, H5VL_optional_args_t *args, hid_t dxpl_id, void **req);
extern herr_t h5vd_group_close(void *grp, hid_t dxpl_id, void **req);

extern herr_t h5vd_link_create(H5VL_link_create_args_t *args, void *obj, const H5VL_loc_params_t *loc,
                               hid_t lcpl_id, hid_t lapl_id, hid_t dxpl_id, void **req);
extern herr_t h5vd_link_copy(void *src_obj, const H5VL_loc_params_t *loc1, void *dst_obj,
                             const H5VL_loc_params_t *loc2, hid_t lcpl_id, hid_t lapl_id, hid_t dxpl_id, void **req);
extern herr_t h5vd_link_move(void *src_obj, const H5VL_loc_params_t *loc1, void *dst_obj,
                             const H5VL_loc_params_t *loc2, hid_t lcpl_id, hid_t lapl_id, hid_t dxpl_id, void **req);
extern herr_t h5vd_link_get(void *obj, const H5VL_loc_params_t *loc, H5VL_link_get_args_t *args, hid_t dxpl_id,
                            void **req);
extern herr_t h5vd_link_specific(void *obj, const H5VL_loc_params_t *loc, H5VL_link_specific_args_t *args,
                                 hid_t dxpl_id, void **req);

extern void *h5vd_object_open(void *obj, const H5VL_loc_params_t *loc, H5I_type_t *opened_type, hid_t dxpl_id,
                              void **req);
extern herr_t h5vd_object_copy(void *src_obj, const H5VL_loc_params_t *src_loc, const char *src_name,
                               void *dst_obj, const H5VL_loc_params_t *dst_loc, const char *dst_name,
                               hid_t ocpypl_id, hid_t lcpl_id, hid_t dxpl_id, void **req);
extern herr_t h5vd_object_get(void *obj, const H5VL_loc_params_t *loc, H5VL_object_get_args_t *args,
                              hid_t dxpl_id, void **req);
extern herr_t h5vd_object_specific(void *obj, const H5VL_loc_params_t *loc, H5VL_object_specific_args_t *args,
                                   hid_t dxpl_id, void **req);
extern herr_t h5vd_object_optional(void *obj, const H5VL_loc_params_t *loc, H5VL_optional_args_t *args,
                                   hid_t dxpl_id, void **req);

extern herr_t h5vd_introspect_get_conn_cls(void *obj, H5VL_get_conn_lvl_t lvl, const H5VL_class_t **conn_cls);
extern herr_t h5vd_introspect_get_cap_flags(const void *info, uint64_t *cap_flags);
extern herr_t h5vd_introspect_opt_query(void *obj, H5VL_subclass_t cls, int opt_type, uint64_t *flags);

extern herr_t h5vd_blob_put(void *obj, const void *buf, size_t size, void *blob_id, void *ctx);
extern herr_t h5vd_blob_get(void *obj, const void *blob_id, void *buf, size_t size, void *ctx);
extern herr_t h5vd_blob_specific(void *obj, void *blob_id, H5VL_blob_specific_args_t *args);

extern herr_t h5vd_token_cmp(void *obj, const H5O_token_t *token1, const H5O_token_t *token2, int *cmp_value);
extern herr_t h5vd_token_to_str(void *obj, H5I_type_t obj_type, const H5O_token_t *token, char **token_str);
extern herr_t h5vd_token_from_str(void *obj, H5I_type_t obj_type, const char *token_str, H5O_token_t *token);

extern herr_t h5vd_api_set_fapl_daos(hid_t fapl_id, const char *pool, const char *sys_file);
extern herr_t h5vd_api_set_object_class(hid_t plist_id, const char *object_class);
extern ssize_t h5vd_api_get_object_class(hid_t plist_id, char *buf, size_t size);
extern herr_t h5vd_api_set_all_ind_metadata_ops(hid_t accpl_id, hbool_t is_independent);
extern herr_t h5vd_api_get_all_ind_metadata_ops(hid_t accpl_id, hbool_t *is_independent);

/* --- The class table --- */
static H5VL_class_t h5vd_class_table = {
    H5VL_VERSION,            /* version: 3 in HDF5 1.14 */
    H5_DAOS_CONNECTOR_VALUE, /* value */
    H5_DAOS_CONNECTOR_NAME,  /* name */
    1,                       /* connector version */
    0,                       /* capability flags: filled in by h5vd_class() from Swift */
    h5vd_initialize,
    h5vd_terminate,
    {
        /* info: an opaque, reference-counted configuration (pool, system file, class) */
        sizeof(void *),
        h5vd_info_copy,
        h5vd_info_cmp,
        h5vd_info_free,
        h5vd_info_to_str,
        h5vd_info_from_str,
    },
    {NULL, NULL, NULL, NULL, NULL}, /* wrap: terminal connector */
    {
        h5vd_attr_create,
        h5vd_attr_open,
        h5vd_attr_read,
        h5vd_attr_write,
        h5vd_attr_get,
        h5vd_attr_specific,
        NULL, /* optional */
        h5vd_attr_close,
    },
    {
        h5vd_dataset_create,
        h5vd_dataset_open,
        h5vd_dataset_read,
        h5vd_dataset_write,
        h5vd_dataset_get,
        h5vd_dataset_specific,
        NULL, /* optional */
        h5vd_dataset_close,
    },
    {
        h5vd_datatype_commit,
        h5vd_datatype_open,
        h5vd_datatype_get,
        h5vd_datatype_specific,
        NULL, /* optional */
        h5vd_datatype_close,
    },
    {
        h5vd_file_create,
        h5vd_file_open,
        h5vd_file_get,
        h5vd_file_specific,
        h5vd_file_optional,
        h5vd_file_close,
    },
    {
        h5vd_group_create,
        h5vd_group_open,
        h5vd_group_get,
        h5vd_group_specific,
        h5vd_group_optional,
        h5vd_group_close,
    },
    {
        h5vd_link_create,
        h5vd_link_copy,
        h5vd_link_move,
        h5vd_link_get,
        h5vd_link_specific,
        NULL, /* optional */
    },
    {
        h5vd_object_open,
        h5vd_object_copy,
        h5vd_object_get,
        h5vd_object_specific,
        h5vd_object_optional,
    },
    {
        h5vd_introspect_get_conn_cls,
        h5vd_introspect_get_cap_flags,
        h5vd_introspect_opt_query,
    },
    {NULL, NULL, NULL, NULL, NULL, NULL}, /* request: no asynchronous operations */
    {
        h5vd_blob_put,
        h5vd_blob_get,
        h5vd_blob_specific,
        NULL, /* optional */
    },
    {
        h5vd_token_cmp,
        h5vd_token_to_str,
        h5vd_token_from_str,
    },
    NULL, /* generic optional */
};

const H5VL_class_t *h5vd_class(void)
{
    h5vd_class_table.cap_flags = h5vd_capability_flags();
    return &h5vd_class_table;
}

/* --- Plugin entry points (H5PLextern.h) --- */
H5PL_type_t H5PLget_plugin_type(void) { return H5PL_TYPE_VOL; }
const void *H5PLget_plugin_info(void) { return h5vd_class(); }

/* --- Public C API (H5VolDaos.h) --- */
herr_t H5Pset_fapl_daos(hid_t fapl_id, const char *pool, const char *sys_file)
{
    return h5vd_api_set_fapl_daos(fapl_id, pool, sys_file);
}

herr_t H5daos_set_object_class(hid_t plist_id, const char *object_class)
{
    return h5vd_api_set_object_class(plist_id, object_class);
}

ssize_t H5daos_get_object_class(hid_t plist_id, char *buf, size_t size)
{
    return h5vd_api_get_object_class(plist_id, buf, size);
}

herr_t H5daos_set_all_ind_metadata_ops(hid_t accpl_id, hbool_t is_independent)
{
    return h5vd_api_set_all_ind_metadata_ops(accpl_id, is_independent);
}

herr_t H5daos_get_all_ind_metadata_ops(hid_t accpl_id, hbool_t *is_independent)
{
    return h5vd_api_get_all_ind_metadata_ops(accpl_id, is_independent);
}
