/* hacc-io: the MPI-IO back end. */
#include "hacc-io.h"

/* ------------------------------------------------------------------------ */
/* MPI-IO                                                                   */
/* ------------------------------------------------------------------------ */

void mpiio_write(const struct layout *L, const struct particles *p,
                        const unsigned char *h)
{
    MPI_File fh = MPI_FILE_NULL;
    MPI_Status st;
    const char *fn = L->fname;

    if (L->prank == 0) {
        check_mpi(MPI_File_open(MPI_COMM_SELF, fn,
                                MPI_MODE_WRONLY | MPI_MODE_CREATE,
                                MPI_INFO_NULL, &fh),
                  "MPI_File_open", fn);
        check_mpi(MPI_File_set_size(fh, L->file_bytes), "MPI_File_set_size",
                  fn);
        check_mpi(MPI_File_close(&fh), "MPI_File_close", fn);
    }
    MPI_Barrier(L->pcomm);

    check_mpi(MPI_File_open(L->pcomm, fn, MPI_MODE_WRONLY, MPI_INFO_NULL, &fh),
              "MPI_File_open", fn);
    for (int k = 0; k < NVARS; k++) {
        MPI_Offset off = var_offset(L, k);
        check_mpi(MPI_File_write_at(fh, off, p->var[k], (int)L->n,
                                    var_type(k), &st),
                  "MPI_File_write_at", fn);
        check_status(&st, var_type(k), (int)L->n, "MPI_File_write_at", fn,
                     off);
    }
    if (L->prank == 0) {
        check_mpi(MPI_File_write_at(fh, 0, h, (int)L->header_bytes, MPI_BYTE,
                                    &st),
                  "MPI_File_write_at", fn);
        check_status(&st, MPI_BYTE, (int)L->header_bytes, "MPI_File_write_at",
                     fn, 0);
    }
    check_mpi(MPI_File_close(&fh), "MPI_File_close", fn);
}

unsigned char *mpiio_read_header(const struct layout *L)
{
    MPI_File fh = MPI_FILE_NULL;
    MPI_Status st;
    const char *fn = L->fname;
    unsigned char *h = xmalloc((size_t)L->header_bytes);

    check_mpi(MPI_File_open(MPI_COMM_SELF, fn, MPI_MODE_RDONLY, MPI_INFO_NULL,
                            &fh),
              "MPI_File_open", fn);
    check_mpi(MPI_File_read_at(fh, 0, h, (int)L->header_bytes, MPI_BYTE, &st),
              "MPI_File_read_at", fn);
    check_status(&st, MPI_BYTE, (int)L->header_bytes, "MPI_File_read_at", fn,
                 0);
    check_mpi(MPI_File_close(&fh), "MPI_File_close", fn);
    return h;
}

void mpiio_read_data(const struct layout *L, struct particles *p)
{
    MPI_File fh = MPI_FILE_NULL;
    MPI_Status st;
    const char *fn = L->fname;

    check_mpi(MPI_File_open(L->pcomm, fn, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh),
              "MPI_File_open", fn);
    for (int k = 0; k < NVARS; k++) {
        MPI_Offset off = var_offset(L, k);
        check_mpi(MPI_File_read_at(fh, off, p->var[k], (int)L->n, var_type(k),
                                   &st),
                  "MPI_File_read_at", fn);
        check_status(&st, var_type(k), (int)L->n, "MPI_File_read_at", fn, off);
    }
    check_mpi(MPI_File_close(&fh), "MPI_File_close", fn);
}
