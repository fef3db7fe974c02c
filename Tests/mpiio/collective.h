/* Layouts, the data pattern and the checks of collective.c (one translation unit: static). */
#ifndef MPIIO_TEST_COLLECTIVE_H
#define MPIIO_TEST_COLLECTIVE_H
#include "common.h"

static int rank, nprocs;
static char path[4096];

/* The byte at file offset `offset` for pattern `seed`: every writer writes the same function,
 * so a byte in the wrong place or a stale one shows. */
static unsigned char pattern(int seed, long long offset) {
    unsigned long long x = (unsigned long long)offset * 0x9E3779B97F4A7C15ull ^ (unsigned long long)seed * 0xBF58476D1CE4E5B9ull;
    x ^= x >> 29;
    return (unsigned char)(x ^ (x >> 17));
}

/* One rank's interleaved layout: its blocks (file offset, length) in stream order. */
typedef struct {
    const char *name;
    MPI_Datatype filetype;
    int blocks;
    long long offset[16], length[16], bytes, file_bytes;
} Layout;

/* Each rank every 4th block of `block` bytes, `count` blocks: a vector view. */
static Layout vector_layout(int block, int count) {
    Layout layout = {"vector", MPI_DATATYPE_NULL, count, {0}, {0}, 0, 0};
    MPI_Datatype vector;
    MPI_Type_vector(count, block, nprocs * block, MPI_BYTE, &vector);
    /* The rank's first block is at rank * block: the vector moved there. */
    MPI_Type_create_hindexed(1, (int[]){1}, (MPI_Aint[]){(MPI_Aint)rank * block}, vector, &layout.filetype);
    MPI_Type_free(&vector);
    MPI_Type_commit(&layout.filetype);
    for (int i = 0; i < count; i++) {
        layout.offset[i] = ((long long)i * nprocs + rank) * block;
        layout.length[i] = block;
    }
    layout.bytes = (long long)count * block;
    layout.file_bytes = layout.bytes * nprocs;
    return layout;
}

/* Blocks of several sizes, each size once per rank in rank order, the pattern repeated twice:
 * an hindexed view. */
static Layout mixed_layout(void) {
    static const int sizes[5] = {3, 65537, 1000, 12347, 70001};
    Layout layout = {"hindexed", MPI_DATATYPE_NULL, 10, {0}, {0}, 0, 0};
    int lengths[10];
    MPI_Aint displacements[10];
    long long at = 0;
    for (int i = 0; i < 10; i++) {
        int size = sizes[i % 5];
        layout.offset[i] = at + (long long)rank * size;
        layout.length[i] = size;
        lengths[i] = size;
        displacements[i] = (MPI_Aint)layout.offset[i];
        layout.bytes += size;
        at += (long long)nprocs * size;
    }
    layout.file_bytes = at;
    MPI_Type_create_hindexed(10, lengths, displacements, MPI_BYTE, &layout.filetype);
    MPI_Type_commit(&layout.filetype);
    return layout;
}

/* The rank's stream of `layout` under pattern `seed`. */
static void fill(const Layout *layout, int seed, unsigned char *buffer) {
    long long at = 0;
    for (int i = 0; i < layout->blocks; i++)
        for (long long j = 0; j < layout->length[i]; j++) buffer[at++] = pattern(seed, layout->offset[i] + j);
}

static void set_hints(MPI_File fh, const char *key, const char *value, const char *key2, const char *value2) {
    MPI_Info info;
    MPI_Info_create(&info);
    MPI_Info_set(info, key, value);
    if (key2) MPI_Info_set(info, key2, value2);
    MPI_OK(MPI_File_set_info(fh, info));
    MPI_Info_free(&info);
}

static void expect_hint(MPI_File fh, const char *key, const char *expected) {
    MPI_Info info;
    char value[MPI_MAX_INFO_VAL + 1] = "";
    int found = 0;
    MPI_OK(MPI_File_get_info(fh, &info));
    MPI_Info_get(info, key, MPI_MAX_INFO_VAL, value, &found);
    MPI_Info_free(&info);
    CHECK(found && strcmp(value, expected) == 0, "hint %s is \"%s\", expected \"%s\"", key, found ? value : "(unset)", expected);
}

static void byte_view(MPI_File fh) { MPI_OK(MPI_File_set_view(fh, 0, MPI_BYTE, MPI_BYTE, "native", MPI_INFO_NULL)); }

/* An empty file: each case's bytes are all its own. */
static void empty(MPI_File fh) { MPI_OK(MPI_File_set_size(fh, 0)); }

static void expect_count(MPI_Status *status, long long expected, const char *what) {
    MPI_Count count = -1;
    MPI_Get_elements_x(status, MPI_BYTE, &count);
    CHECK(count == expected, "%s: status count %lld, expected %lld", what, (long long)count, expected);
}

/* Every rank reads the whole file independently: size and every byte. */
static void verify_file(MPI_File fh, int seed, long long bytes, const char *what) {
    MPI_File_sync(fh);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Offset size = -1;
    MPI_OK(MPI_File_get_size(fh, &size));
    CHECK(size == bytes, "%s: file size %lld, expected %lld", what, (long long)size, bytes);
    unsigned char *back = malloc(bytes);
    byte_view(fh);
    MPI_Status status;
    MPI_OK(MPI_File_read_at(fh, 0, back, (int)bytes, MPI_BYTE, &status));
    expect_count(&status, bytes, what);
    for (long long i = 0; i < bytes; i++)
        CHECK(back[i] == pattern(seed, i), "%s: byte %lld is %d, expected %d", what, i, back[i], pattern(seed, i));
    free(back);
}

/* write_all of `layout` under the current hints (memory strided by 2 when `strided`), then the
 * independent check and a read_all through the view, also under the current hints. */
static void write_layout(MPI_File fh, const Layout *layout, int seed, int strided, const char *what) {
    unsigned char *data = malloc(layout->bytes), *memory = calloc(2 * layout->bytes, 1);
    fill(layout, seed, data);
    MPI_Datatype memtype = MPI_BYTE;
    int count = (int)layout->bytes;
    if (strided) {
        MPI_Type_vector(count, 1, 2, MPI_BYTE, &memtype);
        MPI_Type_commit(&memtype);
        for (long long i = 0; i < layout->bytes; i++) memory[2 * i] = data[i];
        count = 1;
    } else {
        memcpy(memory, data, layout->bytes);
    }
    empty(fh);
    MPI_OK(MPI_File_set_view(fh, 0, MPI_BYTE, layout->filetype, "native", MPI_INFO_NULL));
    MPI_Status status;
    MPI_OK(MPI_File_write_all(fh, memory, count, memtype, &status));
    expect_count(&status, layout->bytes, what);
    verify_file(fh, seed, layout->file_bytes, what);

    MPI_OK(MPI_File_set_view(fh, 0, MPI_BYTE, layout->filetype, "native", MPI_INFO_NULL));
    memset(memory, 0, 2 * layout->bytes);
    MPI_OK(MPI_File_read_all(fh, memory, count, memtype, &status));
    expect_count(&status, layout->bytes, what);
    for (long long i = 0; i < layout->bytes; i++)
        CHECK(memory[strided ? 2 * i : i] == data[i], "%s: read_all byte %lld of the stream differs", what, i);
    if (strided) MPI_Type_free(&memtype);
    free(data);
    free(memory);
}

/* read_all of the whole stream after the file lost its last `cut` bytes: the same count and
 * bytes as the independent read_at. */
static void read_past_end(MPI_File fh, const Layout *layout, int seed, long long cut) {
    MPI_OK(MPI_File_set_size(fh, layout->file_bytes - cut));
    long long expected = 0;
    for (int i = 0; i < layout->blocks; i++) {
        long long inside = layout->file_bytes - cut - layout->offset[i];
        expected += inside <= 0 ? 0 : inside < layout->length[i] ? inside : layout->length[i];
    }
    unsigned char *collective = malloc(layout->bytes), *independent = malloc(layout->bytes);
    memset(collective, 0xEE, layout->bytes);
    memset(independent, 0xEE, layout->bytes);
    MPI_OK(MPI_File_set_view(fh, 0, MPI_BYTE, layout->filetype, "native", MPI_INFO_NULL));
    MPI_Status status;
    MPI_OK(MPI_File_read_all(fh, collective, (int)layout->bytes, MPI_BYTE, &status));
    expect_count(&status, expected, "read_all across the end of file");
    MPI_Offset position = -1;
    MPI_OK(MPI_File_get_position(fh, &position));
    CHECK(position == expected, "pointer after a short read_all: %lld, expected %lld", (long long)position, expected);
    MPI_OK(MPI_File_read_at(fh, 0, independent, (int)layout->bytes, MPI_BYTE, &status));
    expect_count(&status, expected, "read_at across the end of file");
    CHECK(memcmp(collective, independent, layout->bytes) == 0, "read_all and read_at across the end of file differ");
    unsigned char *data = malloc(layout->bytes);
    fill(layout, seed, data);
    CHECK(memcmp(collective, data, expected) == 0, "read_all before the end of file");
    free(data);
    free(collective);
    free(independent);
}

/* Contiguous per-rank blocks (no interleaving) with write_at_all / read_at_all. */
static void contiguous_blocks(MPI_File fh, int seed, const char *what) {
    const long long block = 150001;
    unsigned char *data = malloc(block), *back = malloc(block);
    for (long long i = 0; i < block; i++) data[i] = pattern(seed, rank * block + i);
    empty(fh);
    byte_view(fh);
    MPI_Status status;
    MPI_OK(MPI_File_write_at_all(fh, rank * block, data, (int)block, MPI_BYTE, &status));
    expect_count(&status, block, what);
    verify_file(fh, seed, block * nprocs, what);
    MPI_OK(MPI_File_read_at_all(fh, ((rank + 1) % nprocs) * block, back, (int)block, MPI_BYTE, &status));
    expect_count(&status, block, what);
    for (long long i = 0; i < block; i++)
        CHECK(back[i] == pattern(seed, ((rank + 1) % nprocs) * block + i), "%s: read_at_all byte %lld", what, i);
    free(data);
    free(back);
}
#endif
