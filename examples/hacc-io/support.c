/* hacc-io: error exits, particle fill and verification, the partition header, rates. */
#include "hacc-io.h"

int g_rank = 0;

/* ------------------------------------------------------------------------ */
/* error helpers                                                            */
/* ------------------------------------------------------------------------ */

void die_mpi(int rc, const char *call, const char *fname)
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

void check_mpi(int rc, const char *call, const char *fname)
{
    if (rc != MPI_SUCCESS) {
        die_mpi(rc, call, fname);
    }
}

void die_errno(const char *call, const char *fname, int err)
{
    fprintf(stderr, "hacc-io: rank %d: %s(%s) failed: %s\n", g_rank, call,
            fname, strerror(err));
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1); /* not reached */
}

void die_msg(const char *msg)
{
    fprintf(stderr, "hacc-io: rank %d: %s\n", g_rank, msg);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    exit(1); /* not reached */
}

void *xmalloc(size_t bytes)
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
void check_status(MPI_Status *st, MPI_Datatype dt, int want,
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
/* layout and data                                                          */
/* ------------------------------------------------------------------------ */

MPI_Datatype var_type(int k)
{
    if (k < NFLOATVARS) {
        return MPI_FLOAT;
    }
    return k == NFLOATVARS ? MPI_LONG_LONG : MPI_UNSIGNED_SHORT;
}

MPI_Offset var_offset(const struct layout *L, int k)
{
    MPI_Offset off = L->header_bytes + (MPI_Offset)L->part_before * RECORD_BYTES;
    for (int j = 0; j < k; j++) {
        off += (MPI_Offset)L->n * var_bytes[j];
    }
    return off;
}

/* Expected values.  g = global particle index. */
float float_value(int k, long long g)
{
    return (float)((double)g + 0.125 * k);
}

void alloc_particles(struct particles *p, long long n)
{
    for (int k = 0; k < NVARS; k++) {
        p->var[k] = xmalloc((size_t)n * (size_t)var_bytes[k]);
    }
}

void free_particles(struct particles *p)
{
    for (int k = 0; k < NVARS; k++) {
        free(p->var[k]);
        p->var[k] = NULL;
    }
}

void fill_particles(struct particles *p, const struct layout *L)
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

void poison_particles(struct particles *p, long long n)
{
    for (int k = 0; k < NVARS; k++) {
        memset(p->var[k], 0xA5, (size_t)n * (size_t)var_bytes[k]);
    }
}

int g_reported = 0; /* print the first mismatch of a rank only */

void report_mismatch(const char *var, long long idx, const char *exp,
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

void report_mismatch_ll(const char *var, long long idx, long long exp,
                               long long got)
{
    char e[32], g[32];
    snprintf(e, sizeof e, "%lld", exp);
    snprintf(g, sizeof g, "%lld", got);
    report_mismatch(var, idx, e, g);
}

/* Returns 1 on mismatch. */
int verify_particles(const struct particles *p, const struct layout *L)
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

void hdr_set(unsigned char *h, int idx, long long v)
{
    int64_t x = (int64_t)v;
    memcpy(h + (size_t)idx * 8, &x, 8);
}

long long hdr_get(const unsigned char *h, int idx)
{
    int64_t x;
    memcpy(&x, h + (size_t)idx * 8, 8);
    return (long long)x;
}

void expected_meta(const struct layout *L, long long meta[9])
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
unsigned char *build_header(const struct layout *L)
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
int check_header(const struct layout *L, const unsigned char *h)
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
/* main                                                                     */
/* ------------------------------------------------------------------------ */

void print_rate(const char *what, long long bytes, double secs)
{
    double gib = (double)bytes / (1024.0 * 1024.0 * 1024.0);
    double rate = secs > 0.0 ? gib / secs : 0.0;
    printf("%-6s %lld bytes  %.6f s  %.3f GiB/s\n", what, bytes, secs, rate);
    fflush(stdout);
}
