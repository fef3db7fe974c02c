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
 * Build: mpicc -O2 -Wall -Wextra -std=c11 -o hacc-io hacc-io.c
 */
#define _POSIX_C_SOURCE 200809L

#include <mpi.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#ifdef HACC_IO_HDF5
#include <hdf5.h>
#endif

_Static_assert(sizeof(float) == 4, "float must be 4 bytes");
_Static_assert(sizeof(long long) == 8, "long long must be 8 bytes");
_Static_assert(sizeof(off_t) == 8, "off_t must be 64 bits");
_Static_assert(sizeof(MPI_Offset) == 8, "MPI_Offset must be 64 bits");

#define NVARS 9
#define NFLOATVARS 7
#define META_FIELDS 16
#define RECORD_BYTES 38
#define DEFAULT_HEADER_BYTES 25165824LL /* 24 MiB, as in HACC-IO */
#define DEFAULT_PARTICLES 100000LL

static const char *const var_name[NVARS] = {
    "xx", "yy", "zz", "vx", "vy", "vz", "phi", "pid", "mask"};
static const int var_bytes[NVARS] = {4, 4, 4, 4, 4, 4, 4, 8, 2};

enum api { API_MPIIO, API_POSIX, API_HDF5 };
static const char *const api_name[] = {"mpiio", "posix", "hdf5"};

struct config {
    int shared;         /* 0 = file per process, 1 = single shared file */
    enum api api;
    int collective;     /* --api hdf5: collective raw data transfers */
    long long particles;
    long long header_bytes;
    int keep;
    int verify_only;
    const char *path;
};

struct layout {
    int wrank, wsize;
    MPI_Comm pcomm;
    int prank, psize;
    int part_id, nparts;
    long long n;            /* particles of this rank */
    long long part_before;  /* particles of lower ranks in this partition */
    long long global_before;/* particles of lower ranks in MPI_COMM_WORLD */
    long long part_total;
    long long global_total;
    MPI_Offset header_bytes;
    MPI_Offset file_bytes;  /* size of this rank's partition file */
    char *fname;
};

struct particles {
    void *var[NVARS];
};

static int g_rank = 0;

/* ------------------------------------------------------------------------ */
/* error helpers                                                            */
/* ------------------------------------------------------------------------ */

static void die_mpi(int rc, const char *call, const char *fname)
{
    char msg[MPI_MAX_ERROR_STRING];
    int len = 0;
    if (MPI_Error_string(rc, msg, &len) != MPI_SUCCESS) {
        snprintf(msg, sizeof msg, "MPI error code %d", rc);
    }
    fprintf(stderr, "hacc-io: rank %d: %s(%s) failed: %s\n", g_rank, call,
            fname, msg);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1); /* not reached */
}

static void check_mpi(int rc, const char *call, const char *fname)
{
    if (rc != MPI_SUCCESS) {
        die_mpi(rc, call, fname);
    }
}

static void die_errno(const char *call, const char *fname, int err)
{
    fprintf(stderr, "hacc-io: rank %d: %s(%s) failed: %s\n", g_rank, call,
            fname, strerror(err));
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1); /* not reached */
}

static void die_msg(const char *msg)
{
    fprintf(stderr, "hacc-io: rank %d: %s\n", g_rank, msg);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1); /* not reached */
}

static void *xmalloc(size_t bytes)
{
    void *p = malloc(bytes ? bytes : 1);
    if (p == NULL) {
        char msg[128];
        snprintf(msg, sizeof msg, "out of memory allocating %zu bytes", bytes);
        die_msg(msg);
    }
    return p;
}

/* Verify the element count of a completed MPI-IO transfer. */
static void check_status(MPI_Status *st, MPI_Datatype dt, int want,
                         const char *call, const char *fname,
                         MPI_Offset off)
{
    int got = 0;
    check_mpi(MPI_Get_count(st, dt, &got), "MPI_Get_count", fname);
    if (got != want) {
        fprintf(stderr,
                "hacc-io: rank %d: %s(%s) at offset %lld: short transfer: "
                "%d of %d elements\n",
                g_rank, call, fname, (long long)off,
                got == MPI_UNDEFINED ? -1 : got, want);
        fflush(stderr);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
}

/* ------------------------------------------------------------------------ */
/* argument parsing                                                         */
/* ------------------------------------------------------------------------ */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: hacc-io [--mode fpp|shared] [--api mpiio|posix|hdf5] "
            "[--xfer independent|collective] [--particles N] "
            "[--header-bytes B] [--keep] PATH\n"
            "  --mode fpp|shared   file per process (default) or one shared "
            "file\n"
            "  --api mpiio|posix|hdf5\n"
            "                      I/O interface (default mpiio; hdf5 only "
            "when built with HDF5)\n"
            "  --xfer independent|collective\n"
            "                      HDF5 raw data transfer mode (default "
            "independent)\n"
            "  --particles N       particles per rank, 1..2147483647 "
            "(default %lld)\n"
            "  --header-bytes B    header region size in bytes "
            "(default %lld)\n"
            "  --keep              keep the files (default: delete after a "
            "successful verification)\n"
            "  PATH                file prefix; files are "
            "PATH-Part%%08d-of-%%08d.data (.h5 with --api hdf5)\n",
            DEFAULT_PARTICLES, DEFAULT_HEADER_BYTES);
}

/* Parse a decimal integer; returns 0 on success. */
static int parse_ll(const char *s, long long *out)
{
    char *end = NULL;
    if (s == NULL || *s == '\0') {
        return -1;
    }
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0') {
        return -1;
    }
    *out = v;
    return 0;
}

/*
 * Returns -1 to continue, otherwise an exit code.  Only rank 0 prints.
 * `--opt value` and `--opt=value` are both accepted.
 */
static int parse_args(int argc, char **argv, struct config *cfg, int rank)
{
    const char *particles_s = NULL;
    const char *header_s = NULL;
    int no_more_opts = 0;

    cfg->shared = 0;
    cfg->api = API_MPIIO;
    cfg->collective = 0;
    cfg->particles = DEFAULT_PARTICLES;
    cfg->header_bytes = DEFAULT_HEADER_BYTES;
    cfg->keep = 0;
    cfg->verify_only = 0;
    cfg->path = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!no_more_opts && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) {
                no_more_opts = 1;
                continue;
            }
            if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
                if (rank == 0) {
                    usage(stdout);
                }
                return 0;
            }
            if (strcmp(a, "--keep") == 0) {
                cfg->keep = 1;
                continue;
            }
            if (strcmp(a, "--verify-only") == 0) { /* hidden */
                cfg->verify_only = 1;
                continue;
            }
            static const char *const valued[] = {"--mode", "--api",
                                                 "--particles",
                                                 "--header-bytes", "--xfer"};
            int which = -1;
            const char *val = NULL;
            for (int k = 0; k < 5; k++) {
                size_t l = strlen(valued[k]);
                if (strncmp(a, valued[k], l) == 0) {
                    if (a[l] == '\0') {
                        which = k;
                        if (i + 1 >= argc) {
                            if (rank == 0) {
                                fprintf(stderr,
                                        "hacc-io: option %s needs a value\n",
                                        a);
                                usage(stderr);
                            }
                            return 2;
                        }
                        val = argv[++i];
                    } else if (a[l] == '=') {
                        which = k;
                        val = a + l + 1;
                    }
                    if (which >= 0) {
                        break;
                    }
                }
            }
            if (which < 0) {
                if (rank == 0) {
                    fprintf(stderr, "hacc-io: unknown option '%s'\n", a);
                    usage(stderr);
                }
                return 2;
            }
            int bad = 0;
            switch (which) {
            case 0:
                if (strcmp(val, "fpp") == 0) {
                    cfg->shared = 0;
                } else if (strcmp(val, "shared") == 0) {
                    cfg->shared = 1;
                } else {
                    bad = 1;
                }
                break;
            case 1:
                if (strcmp(val, "mpiio") == 0) {
                    cfg->api = API_MPIIO;
                } else if (strcmp(val, "posix") == 0) {
                    cfg->api = API_POSIX;
#ifdef HACC_IO_HDF5
                } else if (strcmp(val, "hdf5") == 0) {
                    cfg->api = API_HDF5;
#endif
                } else {
                    bad = 1;
                }
                break;
            case 2:
                particles_s = val;
                break;
            case 3:
                header_s = val;
                break;
            default:
                if (strcmp(val, "independent") == 0) {
                    cfg->collective = 0;
                } else if (strcmp(val, "collective") == 0) {
                    cfg->collective = 1;
                } else {
                    bad = 1;
                }
                break;
            }
            if (bad) {
                if (rank == 0) {
                    fprintf(stderr, "hacc-io: invalid value '%s' for %s\n",
                            val, valued[which]);
                    usage(stderr);
                }
                return 2;
            }
            continue;
        }
        if (cfg->path != NULL) {
            if (rank == 0) {
                fprintf(stderr, "hacc-io: unexpected extra argument '%s'\n",
                        a);
                usage(stderr);
            }
            return 2;
        }
        cfg->path = a;
    }

    if (cfg->path == NULL || cfg->path[0] == '\0') {
        if (rank == 0) {
            fprintf(stderr, "hacc-io: missing PATH (see hacc-io --help)\n");
        }
        return 2;
    }
    if (particles_s != NULL) {
        if (parse_ll(particles_s, &cfg->particles) != 0 ||
            cfg->particles <= 0 || cfg->particles > INT_MAX) {
            if (rank == 0) {
                fprintf(stderr,
                        "hacc-io: --particles must be an integer in "
                        "1..%d, got '%s'\n",
                        INT_MAX, particles_s);
            }
            return 2;
        }
    }
    if (header_s != NULL) {
        if (parse_ll(header_s, &cfg->header_bytes) != 0 ||
            cfg->header_bytes <= 0 || cfg->header_bytes > INT_MAX) {
            if (rank == 0) {
                fprintf(stderr,
                        "hacc-io: --header-bytes must be an integer in "
                        "1..%d, got '%s'\n",
                        INT_MAX, header_s);
            }
            return 2;
        }
    }
    if (cfg->api == API_POSIX && strncmp(cfg->path, "daos:", 5) == 0) {
        if (rank == 0) {
            fprintf(stderr,
                    "hacc-io: --api posix needs a local path, got '%s'\n",
                    cfg->path);
        }
        return 2;
    }
    return -1;
}

/* ------------------------------------------------------------------------ */
/* layout and data                                                          */
/* ------------------------------------------------------------------------ */

static MPI_Datatype var_type(int k)
{
    if (k < NFLOATVARS) {
        return MPI_FLOAT;
    }
    return k == NFLOATVARS ? MPI_LONG_LONG : MPI_UNSIGNED_SHORT;
}

static MPI_Offset var_offset(const struct layout *L, int k)
{
    MPI_Offset off = L->header_bytes + (MPI_Offset)L->part_before * RECORD_BYTES;
    for (int j = 0; j < k; j++) {
        off += (MPI_Offset)L->n * var_bytes[j];
    }
    return off;
}

/* Expected values.  g = global particle index. */
static float float_value(int k, long long g)
{
    return (float)((double)g + 0.125 * k);
}

static void alloc_particles(struct particles *p, long long n)
{
    for (int k = 0; k < NVARS; k++) {
        p->var[k] = xmalloc((size_t)n * (size_t)var_bytes[k]);
    }
}

static void free_particles(struct particles *p)
{
    for (int k = 0; k < NVARS; k++) {
        free(p->var[k]);
        p->var[k] = NULL;
    }
}

static void fill_particles(struct particles *p, const struct layout *L)
{
    for (int k = 0; k < NFLOATVARS; k++) {
        float *f = p->var[k];
        for (long long i = 0; i < L->n; i++) {
            f[i] = float_value(k, L->global_before + i);
        }
    }
    int64_t *pid = p->var[NFLOATVARS];
    uint16_t *mask = p->var[NFLOATVARS + 1];
    for (long long i = 0; i < L->n; i++) {
        pid[i] = (int64_t)(L->global_before + i);
        mask[i] = (uint16_t)L->wrank;
    }
}

static void poison_particles(struct particles *p, long long n)
{
    for (int k = 0; k < NVARS; k++) {
        memset(p->var[k], 0xA5, (size_t)n * (size_t)var_bytes[k]);
    }
}

static int g_reported = 0; /* print the first mismatch of a rank only */

static void report_mismatch(const char *var, long long idx, const char *exp,
                            const char *got)
{
    if (!g_reported) {
        fprintf(stderr,
                "hacc-io: rank %d: value mismatch in %s at index %lld: "
                "expected %s got %s\n",
                g_rank, var, idx, exp, got);
        fflush(stderr);
        g_reported = 1;
    }
}

static void report_mismatch_ll(const char *var, long long idx, long long exp,
                               long long got)
{
    char e[32], g[32];
    snprintf(e, sizeof e, "%lld", exp);
    snprintf(g, sizeof g, "%lld", got);
    report_mismatch(var, idx, e, g);
}

/* Returns 1 on mismatch. */
static int verify_particles(const struct particles *p, const struct layout *L)
{
    for (int k = 0; k < NFLOATVARS; k++) {
        const float *f = p->var[k];
        for (long long i = 0; i < L->n; i++) {
            float want = float_value(k, L->global_before + i);
            if (memcmp(&f[i], &want, sizeof want) != 0) {
                char e[48], g[48];
                snprintf(e, sizeof e, "%.9g", (double)want);
                snprintf(g, sizeof g, "%.9g", (double)f[i]);
                report_mismatch(var_name[k], i, e, g);
                return 1;
            }
        }
    }
    const int64_t *pid = p->var[NFLOATVARS];
    for (long long i = 0; i < L->n; i++) {
        int64_t want = (int64_t)(L->global_before + i);
        if (pid[i] != want) {
            report_mismatch_ll(var_name[NFLOATVARS], i, (long long)want,
                               (long long)pid[i]);
            return 1;
        }
    }
    const uint16_t *mask = p->var[NFLOATVARS + 1];
    for (long long i = 0; i < L->n; i++) {
        uint16_t want = (uint16_t)L->wrank;
        if (mask[i] != want) {
            report_mismatch_ll(var_name[NFLOATVARS + 1], i, (long long)want,
                               (long long)mask[i]);
            return 1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* header                                                                   */
/* ------------------------------------------------------------------------ */

static void hdr_set(unsigned char *h, int idx, long long v)
{
    int64_t x = (int64_t)v;
    memcpy(h + (size_t)idx * 8, &x, 8);
}

static long long hdr_get(const unsigned char *h, int idx)
{
    int64_t x;
    memcpy(&x, h + (size_t)idx * 8, 8);
    return (long long)x;
}

static void expected_meta(const struct layout *L, long long meta[9])
{
    meta[0] = 0; /* "valid" flag; HACC-IO leaves it 0 */
    meta[1] = META_FIELDS;
    meta[2] = (long long)L->header_bytes;
    meta[3] = RECORD_BYTES;
    meta[4] = L->part_total;
    meta[5] = L->global_total;
    meta[6] = L->psize;
    meta[7] = L->nparts;
    meta[8] = L->part_id;
}

/* Collective on the partition; returns the header buffer on prank 0. */
static unsigned char *build_header(const struct layout *L)
{
    long long mine[2] = {L->n, L->wrank};
    long long *all = NULL;
    unsigned char *h = NULL;
    if (L->prank == 0) {
        all = xmalloc(sizeof(long long) * 2 * (size_t)L->psize);
    }
    MPI_Gather(mine, 2, MPI_LONG_LONG, all, 2, MPI_LONG_LONG, 0, L->pcomm);
    if (L->prank == 0) {
        h = xmalloc((size_t)L->header_bytes);
        memset(h, 0, (size_t)L->header_bytes);
        long long meta[9];
        expected_meta(L, meta);
        for (int i = 0; i < 9; i++) {
            hdr_set(h, i, meta[i]);
        }
        for (int r = 0; r < L->psize; r++) {
            hdr_set(h, META_FIELDS + r, all[2 * r]);
            hdr_set(h, META_FIELDS + L->psize + r, all[2 * r + 1]);
        }
        free(all);
    }
    return h;
}

/*
 * Check the header read by prank 0 and scatter the per-rank count and
 * global rank.  Collective on the partition.  Returns 1 on mismatch.
 */
static int check_header(const struct layout *L, const unsigned char *h)
{
    int bad = 0;
    long long *send = NULL;
    if (L->prank == 0) {
        long long meta[9];
        expected_meta(L, meta);
        for (int i = 0; i < 9; i++) {
            long long got = hdr_get(h, i);
            if (got != meta[i]) {
                report_mismatch_ll("header", i, meta[i], got);
                bad = 1;
                break;
            }
        }
        send = xmalloc(sizeof(long long) * 2 * (size_t)L->psize);
        for (int r = 0; r < L->psize; r++) {
            send[2 * r] = hdr_get(h, META_FIELDS + r);
            send[2 * r + 1] = hdr_get(h, META_FIELDS + L->psize + r);
        }
    }
    long long mine[2];
    MPI_Scatter(send, 2, MPI_LONG_LONG, mine, 2, MPI_LONG_LONG, 0, L->pcomm);
    free(send);
    if (mine[0] != L->n) {
        report_mismatch_ll("header", META_FIELDS + L->prank, L->n, mine[0]);
        bad = 1;
    } else if (mine[1] != L->wrank) {
        report_mismatch_ll("header", META_FIELDS + L->psize + L->prank,
                           L->wrank, mine[1]);
        bad = 1;
    }
    return bad;
}

/* ------------------------------------------------------------------------ */
/* MPI-IO                                                                   */
/* ------------------------------------------------------------------------ */

static void mpiio_write(const struct layout *L, const struct particles *p,
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

static unsigned char *mpiio_read_header(const struct layout *L)
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

static void mpiio_read_data(const struct layout *L, struct particles *p)
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

/* ------------------------------------------------------------------------ */
/* POSIX                                                                    */
/* ------------------------------------------------------------------------ */

static void pwrite_all(int fd, const void *buf, size_t len, off_t off,
                       const char *fn)
{
    const char *b = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t r = pwrite(fd, b + done, len - done, off + (off_t)done);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            die_errno("pwrite", fn, errno);
        }
        if (r == 0) {
            char msg[256];
            snprintf(msg, sizeof msg,
                     "pwrite(%s) at offset %lld wrote 0 bytes (%zu of %zu "
                     "done)",
                     fn, (long long)off, done, len);
            die_msg(msg);
        }
        done += (size_t)r;
    }
}

static void pread_all(int fd, void *buf, size_t len, off_t off, const char *fn)
{
    char *b = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t r = pread(fd, b + done, len - done, off + (off_t)done);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            die_errno("pread", fn, errno);
        }
        if (r == 0) {
            char msg[256];
            snprintf(msg, sizeof msg,
                     "pread(%s) at offset %lld: short read: end of file "
                     "after %zu of %zu bytes",
                     fn, (long long)off, done, len);
            die_msg(msg);
        }
        done += (size_t)r;
    }
}

static int open_or_die(const char *fn, int flags)
{
    int fd;
    do {
        fd = open(fn, flags, 0644);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        die_errno("open", fn, errno);
    }
    return fd;
}

static void close_or_die(int fd, const char *fn)
{
    if (close(fd) != 0) {
        die_errno("close", fn, errno);
    }
}

static void posix_write(const struct layout *L, const struct particles *p,
                        const unsigned char *h)
{
    const char *fn = L->fname;
    int fd;

    if (L->prank == 0) {
        fd = open_or_die(fn, O_WRONLY | O_CREAT);
        if (ftruncate(fd, (off_t)L->file_bytes) != 0) {
            die_errno("ftruncate", fn, errno);
        }
        close_or_die(fd, fn);
    }
    MPI_Barrier(L->pcomm);

    fd = open_or_die(fn, O_WRONLY);
    for (int k = 0; k < NVARS; k++) {
        pwrite_all(fd, p->var[k], (size_t)L->n * (size_t)var_bytes[k],
                   (off_t)var_offset(L, k), fn);
    }
    if (L->prank == 0) {
        pwrite_all(fd, h, (size_t)L->header_bytes, 0, fn);
    }
    close_or_die(fd, fn);
}

static unsigned char *posix_read_header(const struct layout *L)
{
    const char *fn = L->fname;
    unsigned char *h = xmalloc((size_t)L->header_bytes);
    int fd = open_or_die(fn, O_RDONLY);
    pread_all(fd, h, (size_t)L->header_bytes, 0, fn);
    close_or_die(fd, fn);
    return h;
}

static void posix_read_data(const struct layout *L, struct particles *p)
{
    const char *fn = L->fname;
    int fd = open_or_die(fn, O_RDONLY);
    for (int k = 0; k < NVARS; k++) {
        pread_all(fd, p->var[k], (size_t)L->n * (size_t)var_bytes[k],
                  (off_t)var_offset(L, k), fn);
    }
    close_or_die(fd, fn);
}

/* ------------------------------------------------------------------------ */
/* HDF5                                                                     */
/* ------------------------------------------------------------------------ */

#ifdef HACC_IO_HDF5
static void die_hdf5(const char *call, const char *fname)
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

static hid_t var_h5type(int k)
{
    if (k < NFLOATVARS) {
        return H5T_NATIVE_FLOAT;
    }
    return k == NFLOATVARS ? H5T_NATIVE_INT64 : H5T_NATIVE_UINT16;
}

static long long header_fields(const struct layout *L)
{
    return META_FIELDS + 2LL * L->psize;
}

/* The partition communicator on a FAPL: every HDF5 call that opens, creates or
 * closes is collective over it. */
static hid_t hdf5_fapl(const struct layout *L)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    HDF5_CALL(fapl, "H5Pcreate", L->fname);
    HDF5_CALL(H5Pset_fapl_mpio(fapl, L->pcomm, MPI_INFO_NULL), "H5Pset_fapl_mpio",
            L->fname);
    return fapl;
}

static hid_t hdf5_dxpl(const struct config *cfg, const char *fn)
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
static void hdf5_select(hid_t file_space, hid_t *mem_space, long long first,
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

static void hdf5_write(const struct layout *L, const struct config *cfg,
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

/* Reads every variable; partition rank 0 also gets the header, returned in a
 * zeroed buffer of header_bytes (NULL on the other ranks). */
static unsigned char *hdf5_read(const struct layout *L, const struct config *cfg,
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
        h = xmalloc((size_t)L->header_bytes);
        memset(h, 0, (size_t)L->header_bytes);
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

/* ------------------------------------------------------------------------ */
/* main                                                                     */
/* ------------------------------------------------------------------------ */

static void print_rate(const char *what, long long bytes, double secs)
{
    double gib = (double)bytes / (1024.0 * 1024.0 * 1024.0);
    double rate = secs > 0.0 ? gib / secs : 0.0;
    printf("%-6s %lld bytes  %.6f s  %.3f GiB/s\n", what, bytes, secs, rate);
    fflush(stdout);
}

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
