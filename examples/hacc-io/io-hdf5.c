/* hacc-io: the HDF5 back end (built with -DHACC_IO_HDF5). */
#include "hacc-io.h"

/* ------------------------------------------------------------------------ */
/* HDF5                                                                     */
/* ------------------------------------------------------------------------ */

#ifdef HACC_IO_HDF5
void die_hdf5(const char *call, const char *fname)
{
    fprintf(stderr, "hacc-io: rank %d: %s(%s) failed\n", g_rank, call, fname);
    H5Eprint2(H5E_DEFAULT, stderr);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1); /* not reached */
}

#define HDF5_CALL(expr, call, fname)                                            \
    do {                                                                      \
        if ((expr) < 0) {                                                     \
            die_hdf5(call, fname);                                            \
        }                                                                     \
    } while (0)

hid_t var_h5type(int k)
{
    if (k < NFLOATVARS) {
        return H5T_NATIVE_FLOAT;
    }
    return k == NFLOATVARS ? H5T_NATIVE_INT64 : H5T_NATIVE_UINT16;
}

long long header_fields(const struct layout *L)
{
    return META_FIELDS + 2LL * L->psize;
}

/* The partition communicator on a FAPL: every HDF5 call that opens, creates or
 * closes is collective over it. */
hid_t hdf5_fapl(const struct layout *L)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    HDF5_CALL(fapl, "H5Pcreate", L->fname);
    HDF5_CALL(H5Pset_fapl_mpio(fapl, L->pcomm, MPI_INFO_NULL), "H5Pset_fapl_mpio",
            L->fname);
    return fapl;
}

hid_t hdf5_dxpl(const struct config *cfg, const char *fn)
{
    hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
    HDF5_CALL(dxpl, "H5Pcreate", fn);
    HDF5_CALL(H5Pset_dxpl_mpio(dxpl, cfg->collective ? H5FD_MPIO_COLLECTIVE
                                                   : H5FD_MPIO_INDEPENDENT),
            "H5Pset_dxpl_mpio", fn);
    return dxpl;
}

/* This rank's part of a dataset of `total` elements starting at `first` (or
 * nothing when count is 0: a rank still joins collective transfers). */
void hdf5_select(hid_t file_space, hid_t *mem_space, long long first,
                        long long count, const char *fn)
{
    hsize_t start[1] = {(hsize_t)first}, n[1] = {(hsize_t)count};
    hsize_t one[1] = {(hsize_t)(count > 0 ? count : 1)};
    *mem_space = H5Screate_simple(1, one, NULL);
    HDF5_CALL(*mem_space, "H5Screate_simple", fn);
    if (count > 0) {
        HDF5_CALL(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, NULL, n,
                                    NULL),
                "H5Sselect_hyperslab", fn);
    } else {
        HDF5_CALL(H5Sselect_none(file_space), "H5Sselect_none", fn);
        HDF5_CALL(H5Sselect_none(*mem_space), "H5Sselect_none", fn);
    }
}

void hdf5_write(const struct layout *L, const struct config *cfg,
                       const struct particles *p, const unsigned char *h)
{
    const char *fn = L->fname;
    hid_t fapl = hdf5_fapl(L), dxpl = hdf5_dxpl(cfg, fn);
    hid_t file = H5Fcreate(fn, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    HDF5_CALL(file, "H5Fcreate", fn);

    for (int k = 0; k < NVARS; k++) {
        hsize_t dims[1] = {(hsize_t)L->part_total};
        hid_t space = H5Screate_simple(1, dims, NULL), memory;
        HDF5_CALL(space, "H5Screate_simple", fn);
        hid_t dset = H5Dcreate2(file, var_name[k], var_h5type(k), space,
                                H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        HDF5_CALL(dset, "H5Dcreate2", fn);
        hdf5_select(space, &memory, L->part_before, L->n, fn);
        HDF5_CALL(H5Dwrite(dset, var_h5type(k), memory, space, dxpl, p->var[k]),
                "H5Dwrite", fn);
        HDF5_CALL(H5Sclose(memory), "H5Sclose", fn);
        HDF5_CALL(H5Sclose(space), "H5Sclose", fn);
        HDF5_CALL(H5Dclose(dset), "H5Dclose", fn);
    }

    hsize_t hdims[1] = {(hsize_t)header_fields(L)};
    hid_t space = H5Screate_simple(1, hdims, NULL), memory;
    HDF5_CALL(space, "H5Screate_simple", fn);
    hid_t dset = H5Dcreate2(file, "header", H5T_STD_I64LE, space, H5P_DEFAULT,
                            H5P_DEFAULT, H5P_DEFAULT);
    HDF5_CALL(dset, "H5Dcreate2", fn);
    unsigned char scratch[8];
    hdf5_select(space, &memory, 0, L->prank == 0 ? header_fields(L) : 0, fn);
    HDF5_CALL(H5Dwrite(dset, H5T_NATIVE_INT64, memory, space, dxpl,
                     h != NULL ? (const void *)h : (const void *)scratch),
            "H5Dwrite", fn);
    HDF5_CALL(H5Sclose(memory), "H5Sclose", fn);
    HDF5_CALL(H5Sclose(space), "H5Sclose", fn);
    HDF5_CALL(H5Dclose(dset), "H5Dclose", fn);

    HDF5_CALL(H5Fclose(file), "H5Fclose", fn);
    HDF5_CALL(H5Pclose(dxpl), "H5Pclose", fn);
    HDF5_CALL(H5Pclose(fapl), "H5Pclose", fn);
}

/* Reads every variable; partition rank 0 also gets the header's fields, returned in a
 * buffer of header_fields int64 (NULL on the other ranks). */
unsigned char *hdf5_read(const struct layout *L, const struct config *cfg,
                                struct particles *p)
{
    const char *fn = L->fname;
    hid_t fapl = hdf5_fapl(L), dxpl = hdf5_dxpl(cfg, fn);
    hid_t file = H5Fopen(fn, H5F_ACC_RDONLY, fapl);
    HDF5_CALL(file, "H5Fopen", fn);

    unsigned char *h = NULL;
    hid_t dset = H5Dopen2(file, "header", H5P_DEFAULT), memory;
    HDF5_CALL(dset, "H5Dopen2", fn);
    hid_t space = H5Dget_space(dset);
    HDF5_CALL(space, "H5Dget_space", fn);
    if (H5Sget_simple_extent_npoints(space) != header_fields(L)) {
        report_mismatch_ll("header", -1, header_fields(L),
                           (long long)H5Sget_simple_extent_npoints(space));
        die_msg("the header dataset has the wrong length");
    }
    if (L->prank == 0) {
        /* Only the header's fields: the dataset holds nothing else, and H5Dread fills them
         * all (zeroing a 24 MiB region here cost ~12 ms per file in the timed phase). */
        h = xmalloc((size_t)header_fields(L) * sizeof(long long));
    }
    unsigned char scratch[8];
    hdf5_select(space, &memory, 0, L->prank == 0 ? header_fields(L) : 0, fn);
    HDF5_CALL(H5Dread(dset, H5T_NATIVE_INT64, memory, space, dxpl,
                    h != NULL ? (void *)h : (void *)scratch),
            "H5Dread", fn);
    HDF5_CALL(H5Sclose(memory), "H5Sclose", fn);
    HDF5_CALL(H5Sclose(space), "H5Sclose", fn);
    HDF5_CALL(H5Dclose(dset), "H5Dclose", fn);

    for (int k = 0; k < NVARS; k++) {
        dset = H5Dopen2(file, var_name[k], H5P_DEFAULT);
        HDF5_CALL(dset, "H5Dopen2", fn);
        space = H5Dget_space(dset);
        HDF5_CALL(space, "H5Dget_space", fn);
        if (H5Sget_simple_extent_npoints(space) != L->part_total) {
            die_msg("a variable's dataset does not hold the partition's "
                    "particles");
        }
        hdf5_select(space, &memory, L->part_before, L->n, fn);
        HDF5_CALL(H5Dread(dset, var_h5type(k), memory, space, dxpl, p->var[k]),
                "H5Dread", fn);
        HDF5_CALL(H5Sclose(memory), "H5Sclose", fn);
        HDF5_CALL(H5Sclose(space), "H5Sclose", fn);
        HDF5_CALL(H5Dclose(dset), "H5Dclose", fn);
    }
    HDF5_CALL(H5Fclose(file), "H5Fclose", fn);
    HDF5_CALL(H5Pclose(dxpl), "H5Pclose", fn);
    HDF5_CALL(H5Pclose(fapl), "H5Pclose", fn);
    return h;
}
#endif
