/* File views with every datatype constructor, checked against OpenMPI's own MPI-IO: each case
 * is written with the same view and data to a daos: file and to a native file; the two files
 * must be byte-identical, and reading back through the view must give identical buffers and
 * counts. Memory datatypes are non-contiguous in some cases too. */
#include "common.h"

typedef struct {
    const char *name;
    MPI_Offset displacement;
    MPI_Datatype etype, filetype, memtype;
    int count;           /* memtype items per access */
    size_t buffer_bytes; /* extent of count memtypes */
} Case;

static int rank, nprocs;

static MPI_Datatype committed(MPI_Datatype type) {
    MPI_Type_commit(&type);
    return type;
}

static MPI_Datatype resized(MPI_Datatype type, MPI_Aint extent) {
    MPI_Datatype out;
    MPI_Type_create_resized(type, 0, extent, &out);
    MPI_Type_free(&type);
    return out;
}

/* Every case covers `tiles` tiles of its filetype with ints unless noted. */
static int make_cases(Case *cases) {
    int n = 0, P = nprocs, r = rank;
    MPI_Datatype t, inner;
    const int I = sizeof(int);

    MPI_Type_contiguous(10, MPI_INT, &t);
    cases[n++] = (Case){"contiguous", (MPI_Offset)r * 3 * 10 * I, MPI_INT, committed(t), MPI_INT, 30, 0};

    MPI_Type_vector(3, 2, 2 * P, MPI_INT, &t);
    cases[n++] = (Case){"vector", (MPI_Offset)r * 2 * I, MPI_INT, committed(resized(t, 6 * P * I)), MPI_INT, 18, 0};

    MPI_Type_create_hvector(3, 2, 2 * P * I, MPI_INT, &t);
    MPI_Type_vector(18, 1, 2, MPI_INT, &inner); /* memory: every other int */
    cases[n++] = (Case){"hvector+vector-memory", (MPI_Offset)r * 2 * I, MPI_INT, committed(resized(t, 6 * P * I)),
                        committed(inner), 1, 0};

    int lengths[3] = {1, 2, 3}, displs[3] = {r * 8, r * 8 + 2, r * 8 + 5};
    MPI_Type_indexed(3, lengths, displs, MPI_INT, &t);
    cases[n++] = (Case){"indexed", 0, MPI_INT, committed(resized(t, 8 * P * I)), MPI_INT, 18, 0};

    MPI_Aint bytes[3] = {(MPI_Aint)r * 8 * I, (MPI_Aint)(r * 8 + 2) * I, (MPI_Aint)(r * 8 + 5) * I};
    MPI_Type_create_hindexed(3, lengths, bytes, MPI_INT, &t);
    cases[n++] = (Case){"hindexed", 0, MPI_INT, committed(resized(t, 8 * P * I)), MPI_INT, 18, 0};

    int blocks[2] = {r * 2, 2 * P + r * 2};
    MPI_Type_create_indexed_block(2, 2, blocks, MPI_INT, &t);
    cases[n++] = (Case){"indexed_block", 0, MPI_INT, committed(resized(t, 4 * P * I)), MPI_INT, 12, 0};

    MPI_Aint block_bytes[2] = {(MPI_Aint)r * 2 * I, (MPI_Aint)(2 * P + r * 2) * I};
    MPI_Type_create_hindexed_block(2, 2, block_bytes, MPI_INT, &t);
    cases[n++] = (Case){"hindexed_block", 0, MPI_INT, committed(resized(t, 4 * P * I)), MPI_INT, 12, 0};

    /* struct {int; double} at 16 bytes per rank; memory is the C struct with its padding. */
    int one[2] = {1, 1};
    MPI_Aint member[2] = {(MPI_Aint)r * 16, (MPI_Aint)r * 16 + 8};
    MPI_Datatype members[2] = {MPI_INT, MPI_DOUBLE};
    MPI_Type_create_struct(2, one, member, members, &t);
    MPI_Aint memory_member[2] = {0, 8};
    MPI_Datatype memory;
    MPI_Type_create_struct(2, one, memory_member, members, &memory);
    cases[n++] = (Case){"struct", 0, MPI_BYTE, committed(resized(t, 16 * P)), committed(resized(memory, 16)), 3, 0};

    int sizes[2] = {8, 4 * P}, subsizes[2] = {8, 4}, starts[2] = {0, 4 * r};
    MPI_Type_create_subarray(2, sizes, subsizes, starts, MPI_ORDER_C, MPI_INT, &t);
    cases[n++] = (Case){"subarray-C", 0, MPI_INT, committed(t), MPI_INT, 64, 0};

    int fsizes[2] = {4 * P, 8}, fsubsizes[2] = {4, 8}, fstarts[2] = {4 * r, 0};
    MPI_Type_create_subarray(2, fsizes, fsubsizes, fstarts, MPI_ORDER_FORTRAN, MPI_INT, &t);
    cases[n++] = (Case){"subarray-Fortran", 0, MPI_INT, committed(t), MPI_INT, 64, 0};

    int dims[2] = {0, 0};
    MPI_Dims_create(P, 2, dims);
    int gsizes[2] = {6 * dims[0], 5 * dims[1]};
    int distribs[2] = {MPI_DISTRIBUTE_BLOCK, MPI_DISTRIBUTE_CYCLIC};
    int dargs[2] = {MPI_DISTRIBUTE_DFLT_DARG, 2};
    MPI_Type_create_darray(P, r, 2, gsizes, distribs, dargs, dims, MPI_ORDER_C, MPI_INT, &t);
    int darray_size;
    MPI_Type_size(t, &darray_size);
    cases[n++] = (Case){"darray-block-cyclic", 0, MPI_INT, committed(t), MPI_INT, 2 * darray_size / I, 0};

    int fdistribs[2] = {MPI_DISTRIBUTE_CYCLIC, MPI_DISTRIBUTE_BLOCK};
    int fdargs[2] = {1, MPI_DISTRIBUTE_DFLT_DARG};
    MPI_Type_create_darray(P, r, 2, gsizes, fdistribs, fdargs, dims, MPI_ORDER_FORTRAN, MPI_INT, &t);
    MPI_Type_size(t, &darray_size);
    cases[n++] = (Case){"darray-Fortran", 0, MPI_INT, committed(t), MPI_INT, darray_size / I, 0};

    MPI_Type_vector(4, 1, P, MPI_INT, &inner);
    MPI_Type_dup(inner, &t);
    MPI_Type_free(&inner);
    cases[n++] = (Case){"dup", (MPI_Offset)r * I, MPI_INT, committed(resized(t, 4 * P * I)), MPI_INT, 12, 0};

    for (int i = 0; i < n; i++) {
        MPI_Aint lb, extent;
        MPI_Type_get_extent(cases[i].memtype, &lb, &extent);
        cases[i].buffer_bytes = (size_t)(extent * cases[i].count + 64);
    }
    return n;
}

/* Collective on our files; independent on native ones, because OpenMPI's collective writes
 * (OMPIO two-phase) fill the holes between the ranks' pieces with junk. */
static void access(const char *path, Case *c, int write, int collective, void *buffer, int *count_out) {
    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, write ? MPI_MODE_RDWR | MPI_MODE_CREATE : MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    MPI_OK(MPI_File_set_view(fh, c->displacement, c->etype, c->filetype, "native", MPI_INFO_NULL));
    MPI_Status status;
    if (write && collective) MPI_OK(MPI_File_write_all(fh, buffer, c->count, c->memtype, &status));
    else if (write) MPI_OK(MPI_File_write(fh, buffer, c->count, c->memtype, &status));
    else if (collective) MPI_OK(MPI_File_read_all(fh, buffer, c->count, c->memtype, &status));
    else MPI_OK(MPI_File_read(fh, buffer, c->count, c->memtype, &status));
    MPI_Get_count(&status, c->memtype, count_out);
    MPI_OK(MPI_File_close(&fh));
}

static unsigned char *whole_file(const char *path, MPI_Offset *size) {
    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_SELF, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    MPI_OK(MPI_File_get_size(fh, size));
    unsigned char *bytes = calloc(1, (size_t)*size + 1);
    MPI_OK(MPI_File_read_at(fh, 0, bytes, (int)*size, MPI_BYTE, MPI_STATUS_IGNORE));
    MPI_OK(MPI_File_close(&fh));
    return bytes;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    CHECK(argc == 3, "usage: views daos:/DIR /native/dir");
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nprocs);
    Case cases[32];
    /* VIEWS_ONLY=name runs one case and keeps its files (for debugging). */
    int n = make_cases(cases);
    const char *only = getenv("VIEWS_ONLY");
    for (int i = 0; i < n; i++) {
        Case *c = &cases[i];
        if (only && strcmp(only, c->name) != 0) continue;
        char ours[4096], native[4096];
        snprintf(ours, sizeof ours, "%s/view-%s.dat", argv[1], c->name);
        snprintf(native, sizeof native, "%s/view-%s.dat", argv[2], c->name);
        unsigned char *data = malloc(c->buffer_bytes);
        for (size_t b = 0; b < c->buffer_bytes; b++) data[b] = (unsigned char)(rank * 61 + b * 7 + 1);
        int count_ours = -1, count_native = -2;
        access(ours, c, 1, 1, data, &count_ours);
        access(native, c, 1, 0, data, &count_native);
        CHECK(count_ours == count_native && count_ours == c->count, "%s: write counts %d vs %d", c->name, count_ours, count_native);
        MPI_Barrier(MPI_COMM_WORLD);
        if (rank == 0) {
            MPI_Offset size_ours, size_native;
            unsigned char *a = whole_file(ours, &size_ours), *b = whole_file(native, &size_native);
            CHECK(size_ours == size_native, "%s: sizes %lld vs native %lld", c->name, (long long)size_ours, (long long)size_native);
            for (MPI_Offset k = 0; k < size_ours; k++)
                CHECK(a[k] == b[k], "%s: byte %lld is %d, native %d", c->name, (long long)k, a[k], b[k]);
            free(a);
            free(b);
        }
        unsigned char *back_ours = calloc(1, c->buffer_bytes), *back_native = calloc(1, c->buffer_bytes);
        access(ours, c, 0, 1, back_ours, &count_ours);
        access(native, c, 0, 0, back_native, &count_native);
        CHECK(count_ours == count_native, "%s: read counts %d vs %d", c->name, count_ours, count_native);
        CHECK(memcmp(back_ours, back_native, c->buffer_bytes) == 0, "%s: read-back buffers differ", c->name);
        MPI_Barrier(MPI_COMM_WORLD);
        if (rank == 0 && !only) {
            MPI_OK(MPI_File_delete(ours, MPI_INFO_NULL));
            MPI_OK(MPI_File_delete(native, MPI_INFO_NULL));
        }
        free(data);
        free(back_ours);
        free(back_native);
    }
    test_done("views");
    MPI_Finalize();
    return 0;
}
