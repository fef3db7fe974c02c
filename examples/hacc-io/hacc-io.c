/*
 * hacc-io.c - a small checkpoint/restart benchmark with the data layout of
 * the CORAL HACC-IO benchmark, for exercising MPI-IO (including `daos:`
 * paths handled by an interposer library) and plain POSIX I/O.
 *
 * Per rank: n particles, 38 bytes each:
 *   xx yy zz vx vy vz phi : float   (4 bytes each)
 *   pid                   : int64   (8 bytes)
 *   mask                  : uint16  (2 bytes)
 *
 * Partition file "<PATH>-Part%08d-of-%08d.data":
 *   [0, header)                      header (int64 fields, see below)
 *   header + Exscan(n) * 38          this rank's region, structure of arrays:
 *                                    xx[n] yy[n] zz[n] vx[n] vy[n] vz[n]
 *                                    phi[n] pid[n] mask[n]
 *
 * Header (int64, native byte order):
 *   [0] valid flag (0, as HACC-IO writes it)   [1] metainfo size (16)
 *   [2] header size in bytes                   [3] record size (38)
 *   [4] particles in partition                 [5] global particles
 *   [6] ranks in partition                     [7] number of partitions
 *   [8] partition id
 *   [16 .. 16+P)    particle count of each partition rank
 *   [16+P .. 16+2P) global (MPI_COMM_WORLD) rank of each partition rank
 *
 * With --api hdf5 (built with -DHACC_IO_HDF5, see the Makefile) a partition is an HDF5 file
 * "<PATH>-Part%08d-of-%08d.h5": one 1-D dataset per variable (xx .. mask, native types, the
 * partition's particles in rank order; each rank writes its hyperslab [Exscan(n), +n)) and an
 * int64 dataset "header" holding the header fields above (16 + 2P values). The file access
 * list carries the partition communicator (H5Pset_fapl_mpio), so any VOL connector selected
 * with HDF5_VOL_CONNECTOR (e.g. "daos") sees the ranks; --xfer picks collective or
 * independent raw data transfers.
 *
 * Build: make (hacc-io.c: main; args.c, support.c, io-mpiio.c, io-posix.c, io-hdf5.c: its parts)
 */
#include "hacc-io.h"

int main(int argc, char **argv)
{
    struct config cfg;
    struct layout L;
    int rc;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &L.wrank);
    MPI_Comm_size(MPI_COMM_WORLD, &L.wsize);
    g_rank = L.wrank;

    rc = parse_args(argc, argv, &cfg, L.wrank);
    if (rc >= 0) {
        MPI_Finalize();
        return rc;
    }

    /* Partitioning. */
    if (cfg.shared) {
        L.part_id = 0;
        L.nparts = 1;
    } else {
        L.part_id = L.wrank;
        L.nparts = L.wsize;
    }
    MPI_Comm_split(MPI_COMM_WORLD, L.part_id, L.wrank, &L.pcomm);
    MPI_Comm_rank(L.pcomm, &L.prank);
    MPI_Comm_size(L.pcomm, &L.psize);

    long long need = 8LL * (META_FIELDS + 2LL * L.psize);
    if (cfg.header_bytes < need) {
        if (L.wrank == 0) {
            fprintf(stderr,
                    "hacc-io: --header-bytes %lld is too small: %d rank(s) "
                    "per partition need at least %lld bytes\n",
                    cfg.header_bytes, L.psize, need);
        }
        MPI_Comm_free(&L.pcomm);
        MPI_Finalize();
        return 2;
    }

    L.n = cfg.particles;
    L.header_bytes = (MPI_Offset)cfg.header_bytes;
    L.part_before = 0;
    L.global_before = 0;
    MPI_Exscan(&L.n, &L.part_before, 1, MPI_LONG_LONG, MPI_SUM, L.pcomm);
    MPI_Exscan(&L.n, &L.global_before, 1, MPI_LONG_LONG, MPI_SUM,
               MPI_COMM_WORLD);
    if (L.prank == 0) {
        L.part_before = 0; /* Exscan leaves rank 0 undefined */
    }
    if (L.wrank == 0) {
        L.global_before = 0;
    }
    MPI_Allreduce(&L.n, &L.part_total, 1, MPI_LONG_LONG, MPI_SUM, L.pcomm);
    MPI_Allreduce(&L.n, &L.global_total, 1, MPI_LONG_LONG, MPI_SUM,
                  MPI_COMM_WORLD);
    L.file_bytes = L.header_bytes + (MPI_Offset)L.part_total * RECORD_BYTES;
    long long all_bytes =
        (long long)L.nparts * cfg.header_bytes + L.global_total * RECORD_BYTES;
    if (cfg.api == API_HDF5) {
        /* No header region: the header is a dataset of its fields. */
        all_bytes = (long long)L.nparts * 8 * (META_FIELDS + 2LL * L.psize) +
                    L.global_total * RECORD_BYTES;
    }

    size_t fnlen = strlen(cfg.path) + 64;
    L.fname = xmalloc(fnlen);
    snprintf(L.fname, fnlen, "%s-Part%08d-of-%08d.%s", cfg.path, L.part_id,
             L.nparts, cfg.api == API_HDF5 ? "h5" : "data");

    /* File errors are returned to us (this is also the MPI default). */
    MPI_File_set_errhandler(MPI_FILE_NULL, MPI_ERRORS_RETURN);

    if (L.wrank == 0) {
        printf("hacc-io: mode=%s api=%s%s ranks=%d particles/rank=%lld "
               "path=%s\n",
               cfg.shared ? "shared" : "fpp", api_name[cfg.api],
               cfg.api == API_HDF5
                   ? (cfg.collective ? " xfer=collective" : " xfer=independent")
                   : "",
               L.wsize, cfg.particles, cfg.path);
        fflush(stdout);
    }

#ifdef HACC_IO_HDF5
    /* An application starts HDF5 once, before its first checkpoint: the phases below time the
     * checkpoint, not the library's start-up (which loads the VOL connector that
     * HDF5_VOL_CONNECTOR names, and for `daos` starts libfabric's initialisation). */
    if (cfg.api == API_HDF5 && H5open() < 0) {
        fprintf(stderr, "hacc-io: rank %d: H5open failed\n", L.wrank);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
#endif

    struct particles p;
    double t0, t1, dt, dtmax = 0.0;

    /* ---------------- write phase ---------------- */
    if (!cfg.verify_only) {
        alloc_particles(&p, L.n);
        fill_particles(&p, &L);
        MPI_Barrier(MPI_COMM_WORLD);
        t0 = MPI_Wtime();
        unsigned char *h = build_header(&L);
        if (cfg.api == API_POSIX) {
            posix_write(&L, &p, h);
        } else if (cfg.api == API_MPIIO) {
            mpiio_write(&L, &p, h);
        } else {
#ifdef HACC_IO_HDF5
            hdf5_write(&L, &cfg, &p, h);
#endif
        }
        MPI_Barrier(MPI_COMM_WORLD);
        t1 = MPI_Wtime();
        free(h);
        free_particles(&p);
        dt = t1 - t0;
        MPI_Reduce(&dt, &dtmax, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
        if (L.wrank == 0) {
            print_rate("WRITE", all_bytes, dtmax);
        }
    }

    /* ---------------- read phase ---------------- */
    alloc_particles(&p, L.n);
    poison_particles(&p, L.n);
    int bad = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    t0 = MPI_Wtime();
    if (cfg.api == API_HDF5) {
#ifdef HACC_IO_HDF5
        unsigned char *h = hdf5_read(&L, &cfg, &p);
        bad |= check_header(&L, h);
        free(h);
#endif
    } else {
        unsigned char *h = NULL;
        if (L.prank == 0) {
            h = cfg.api == API_POSIX ? posix_read_header(&L)
                                     : mpiio_read_header(&L);
        }
        bad |= check_header(&L, h);
        free(h);
        if (cfg.api == API_POSIX) {
            posix_read_data(&L, &p);
        } else {
            mpiio_read_data(&L, &p);
        }
    }
    MPI_Barrier(MPI_COMM_WORLD);
    t1 = MPI_Wtime();
    dt = t1 - t0;
    MPI_Reduce(&dt, &dtmax, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    if (L.wrank == 0) {
        print_rate("READ", all_bytes, dtmax);
    }

    /* ---------------- verification ---------------- */
    if (!bad) {
        bad = verify_particles(&p, &L);
    }
    free_particles(&p);
    int anybad = 0;
    MPI_Allreduce(&bad, &anybad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (anybad) {
        if (L.wrank == 0) {
            printf("CONTENTS MISMATCH\n");
            fflush(stdout);
        }
        free(L.fname);
        MPI_Comm_free(&L.pcomm);
        MPI_Finalize();
        return 2;
    }
    if (L.wrank == 0) {
        printf(" CONTENTS VERIFIED... Success\n");
        fflush(stdout);
    }

    /* ---------------- cleanup ---------------- */
    int delfail = 0;
    if (!cfg.keep && L.prank == 0) {
        if (cfg.api == API_HDF5) {
#ifdef HACC_IO_HDF5
            /* Rank 0 alone: a FAPL without the partition communicator. */
            if (H5Fdelete(L.fname, H5P_DEFAULT) < 0) {
                fprintf(stderr, "hacc-io: rank %d: H5Fdelete(%s) failed\n",
                        L.wrank, L.fname);
                H5Eprint2(H5E_DEFAULT, stderr);
                delfail = 1;
            }
#endif
        } else if (cfg.api == API_POSIX) {
            if (unlink(L.fname) != 0) {
                fprintf(stderr, "hacc-io: rank %d: unlink(%s) failed: %s\n",
                        L.wrank, L.fname, strerror(errno));
                delfail = 1;
            }
        } else {
            int drc = MPI_File_delete(L.fname, MPI_INFO_NULL);
            if (drc != MPI_SUCCESS) {
                char msg[MPI_MAX_ERROR_STRING];
                int len = 0;
                if (MPI_Error_string(drc, msg, &len) != MPI_SUCCESS) {
                    snprintf(msg, sizeof msg, "MPI error code %d", drc);
                }
                fprintf(stderr,
                        "hacc-io: rank %d: MPI_File_delete(%s) failed: %s\n",
                        L.wrank, L.fname, msg);
                delfail = 1;
            }
        }
        if (delfail) {
            fflush(stderr);
        }
    }
    int anydelfail = 0;
    MPI_Allreduce(&delfail, &anydelfail, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);

    free(L.fname);
    MPI_Comm_free(&L.pcomm);
    MPI_Finalize();
    return anydelfail ? 1 : 0;
}
