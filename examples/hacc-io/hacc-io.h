/* hacc-io: what its parts share (see hacc-io.c for the file layout). */
#ifndef HACC_IO_H
#define HACC_IO_H

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


extern int g_rank;


/* support.c */
void die_mpi(int rc, const char *call, const char *fname);
void check_mpi(int rc, const char *call, const char *fname);
void die_errno(const char *call, const char *fname, int err);
void die_msg(const char *msg);
void *xmalloc(size_t bytes);
void check_status(MPI_Status *st, MPI_Datatype dt, int want, const char *call, const char *fname, MPI_Offset off);
MPI_Datatype var_type(int k);
MPI_Offset var_offset(const struct layout *L, int k);
float float_value(int k, long long g);
void alloc_particles(struct particles *p, long long n);
void free_particles(struct particles *p);
void fill_particles(struct particles *p, const struct layout *L);
void poison_particles(struct particles *p, long long n);
void report_mismatch(const char *var, long long idx, const char *exp, const char *got);
void report_mismatch_ll(const char *var, long long idx, long long exp, long long got);
int verify_particles(const struct particles *p, const struct layout *L);
void hdr_set(unsigned char *h, int idx, long long v);
long long hdr_get(const unsigned char *h, int idx);
void expected_meta(const struct layout *L, long long meta[9]);
unsigned char *build_header(const struct layout *L);
int check_header(const struct layout *L, const unsigned char *h);
void print_rate(const char *what, long long bytes, double secs);

/* args.c */
void usage(FILE *f);
int parse_ll(const char *s, long long *out);
int parse_args(int argc, char **argv, struct config *cfg, int rank);

/* io-mpiio.c */
void mpiio_write(const struct layout *L, const struct particles *p, const unsigned char *h);
unsigned char *mpiio_read_header(const struct layout *L);
void mpiio_read_data(const struct layout *L, struct particles *p);

/* io-posix.c */
void pwrite_all(int fd, const void *buf, size_t len, off_t off, const char *fn);
void pread_all(int fd, void *buf, size_t len, off_t off, const char *fn);
int open_or_die(const char *fn, int flags);
void close_or_die(int fd, const char *fn);
void posix_write(const struct layout *L, const struct particles *p, const unsigned char *h);
unsigned char *posix_read_header(const struct layout *L);
void posix_read_data(const struct layout *L, struct particles *p);

/* io-hdf5.c */
#ifdef HACC_IO_HDF5
void die_hdf5(const char *call, const char *fname);
hid_t var_h5type(int k);
long long header_fields(const struct layout *L);
hid_t hdf5_fapl(const struct layout *L);
hid_t hdf5_dxpl(const struct config *cfg, const char *fn);
void hdf5_select(hid_t file_space, hid_t *mem_space, long long first, long long count, const char *fn);
void hdf5_write(const struct layout *L, const struct config *cfg, const struct particles *p, const unsigned char *h);
unsigned char *hdf5_read(const struct layout *L, const struct config *cfg, struct particles *p);
#endif

#endif
