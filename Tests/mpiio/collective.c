/* Collective buffering (two-phase I/O) on 4 ranks, in a file with 64 KiB chunks:
 *  - interleaved views (a vector view and an hindexed view of blocks of 3 .. 70001 bytes, each
 *    rank every 4th block, blocks straddling chunk boundaries) written with write_all under
 *    romio_cb_write = enable (cb_nodes 1 and 2, cb_buffer_size 100000: many rounds; one case
 *    with a strided memory type), disable and automatic; every byte checked by independent
 *    reads on every rank and by read_all under romio_cb_read = enable;
 *  - status counts, including read_all across the end of file (same count and bytes as the
 *    independent path), split collectives, contiguous (non-interleaved) blocks, overlapping
 *    writes (each byte one writer's), a read-only file, one rank with a bad count or type (an
 *    error there, success and data elsewhere, no deadlock), an aggregator whose I/O fails
 *    (DAOS_MPIIO_FAIL_AGGREGATOR: its error on the ranks it served only), effective hints in
 *    get_info.
 *
 *   collective PREFIX [all|independent|automatic]
 *
 * `independent` runs only what must not aggregate (disable, automatic without interleaving,
 * atomic mode) and `automatic` only interleaved accesses under automatic: the test script runs
 * each with DAOS_MPIIO_REPORT=1 and checks the aggregators' cb_write/cb_read counts. */
#include "collective.h"

/* Fresh file with 64 KiB chunks. */
static MPI_File reopen(MPI_File *fh, int amode) {
    if (*fh != MPI_FILE_NULL) MPI_OK(MPI_File_close(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0 && (amode & MPI_MODE_CREATE)) MPI_File_delete(path, MPI_INFO_NULL);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Info info;
    MPI_Info_create(&info);
    MPI_Info_set(info, "romio_daos_chunk_size", "65536");
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, amode, info, fh));
    MPI_Info_free(&info);
    return *fh;
}

/* Aggregated accesses: enable with 1 and 2 aggregators and small buffers, split collectives,
 * automatic, a read across the end of file, non-interleaved blocks, overlapping writes, errors. */
static void aggregated(MPI_File fh, Layout *vector, Layout *mixed) {
    set_hints(fh, "romio_cb_write", "ENABLE", "cb_nodes", "99");
    expect_hint(fh, "romio_cb_write", "enable");
    expect_hint(fh, "cb_nodes", "4"); /* at most one per rank */
    set_hints(fh, "cb_buffer_size", "lots", "romio_cb_read", "sometimes");
    expect_hint(fh, "cb_buffer_size", "16777216"); /* invalid values are ignored */
    expect_hint(fh, "romio_cb_read", "enable");
    set_hints(fh, "cb_nodes", "1", "cb_buffer_size", "100000");
    expect_hint(fh, "cb_buffer_size", "100000");
    set_hints(fh, "romio_cb_read", "enable", NULL, NULL);
    write_layout(fh, vector, 1, 0, "enable, 1 aggregator, vector view");
    write_layout(fh, mixed, 2, 0, "enable, 1 aggregator, hindexed view");
    set_hints(fh, "romio_cb_write", "enable", "cb_nodes", "2");
    write_layout(fh, mixed, 3, 1, "enable, 2 aggregators, strided memory");
    write_layout(fh, vector, 4, 0, "enable, 2 aggregators, vector view");

    /* Split collectives. */
    unsigned char *data = malloc(mixed->bytes), *back = calloc(mixed->bytes, 1);
    fill(mixed, 5, data);
    MPI_OK(MPI_File_set_view(fh, 0, MPI_BYTE, mixed->filetype, "native", MPI_INFO_NULL));
    MPI_Status status;
    MPI_OK(MPI_File_write_all_begin(fh, data, (int)mixed->bytes, MPI_BYTE));
    MPI_OK(MPI_File_write_all_end(fh, data, &status));
    expect_count(&status, mixed->bytes, "write_all_end");
    verify_file(fh, 5, mixed->file_bytes, "split write_all");
    MPI_OK(MPI_File_set_view(fh, 0, MPI_BYTE, mixed->filetype, "native", MPI_INFO_NULL));
    MPI_OK(MPI_File_read_at_all_begin(fh, 0, back, (int)mixed->bytes, MPI_BYTE));
    MPI_OK(MPI_File_read_at_all_end(fh, back, &status));
    expect_count(&status, mixed->bytes, "read_at_all_end");
    CHECK(memcmp(back, data, mixed->bytes) == 0, "read_at_all_begin data");
    free(data);
    free(back);

    read_past_end(fh, mixed, 5, 5000);
    read_past_end(fh, vector, 5, 70000); /* the last two ranks' last blocks, one of them whole */

    /* Overlapping writes: every byte ends up one writer's. */
    const int overlap = 200000;
    unsigned char *mine = malloc(overlap), *seen = malloc(overlap);
    memset(mine, 'A' + rank, overlap);
    byte_view(fh);
    MPI_OK(MPI_File_write_at_all(fh, 1000, mine, overlap, MPI_BYTE, &status));
    expect_count(&status, overlap, "overlapping write_at_all");
    MPI_File_sync(fh);
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_OK(MPI_File_read_at_all(fh, 1000, seen, overlap, MPI_BYTE, &status));
    for (int i = 0; i < overlap; i++) CHECK(seen[i] >= 'A' && seen[i] < 'A' + nprocs, "overlapped byte %d is %d", i, seen[i]);
    free(mine);
    free(seen);

    /* An aggregator whose I/O fails (injected on rank 2, the second of 2 aggregators): the ranks
     * with data in its domain (2 and 3) get its MPI_ERR_IO and text, the others succeed. */
    {
        const long long block = 150001;
        unsigned char *part = malloc(block);
        for (long long i = 0; i < block; i++) part[i] = pattern(15, rank * block + i);
        set_hints(fh, "romio_cb_write", "enable", "cb_nodes", "2");
        empty(fh);
        byte_view(fh);
        setenv("DAOS_MPIIO_FAIL_AGGREGATOR", "2", 1);
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) memset(part, 0, block);
            int rc = pass == 0 ? MPI_File_write_at_all(fh, rank * block, part, (int)block, MPI_BYTE, &status)
                               : MPI_File_read_at_all(fh, rank * block, part, (int)block, MPI_BYTE, &status);
            int error_class = MPI_SUCCESS, length = 0;
            char text[MPI_MAX_ERROR_STRING] = "";
            if (rc != MPI_SUCCESS) {
                MPI_Error_class(rc, &error_class);
                MPI_Error_string(rc, text, &length);
            }
            if (rank < 2) {
                CHECK(rc == MPI_SUCCESS, "pass %d: rank %d beside a failed aggregator: %s", pass, rank, text);
                expect_count(&status, block, "beside a failed aggregator");
            } else {
                CHECK(error_class == MPI_ERR_IO && strstr(text, "injected aggregator failure"),
                      "pass %d: rank %d served by a failed aggregator: class %d, %s", pass, rank, error_class, text);
            }
        }
        unsetenv("DAOS_MPIIO_FAIL_AGGREGATOR");
        for (long long i = 0; rank < 2 && i < block; i++) CHECK(part[i] == pattern(15, rank * block + i), "byte %lld beside a failed aggregator", i);
        free(part);
    }

    /* One rank's bad count or type: its error, the others' success and data. */
    reopen(&fh, MPI_MODE_RDWR | MPI_MODE_CREATE);
    set_hints(fh, "romio_cb_write", "enable", "romio_cb_read", "enable");
    const long long block = 100003;
    unsigned char *part = malloc(block), *got = malloc(block);
    for (long long i = 0; i < block; i++) part[i] = pattern(6, rank * block + i);
    if (rank == 2) {
        MPI_FAILS(MPI_File_write_at_all(fh, rank * block, part, -1, MPI_BYTE, &status), MPI_ERR_COUNT);
    } else {
        MPI_OK(MPI_File_write_at_all(fh, rank * block, part, (int)block, MPI_BYTE, &status));
        expect_count(&status, block, "write_at_all beside a bad count");
    }
    MPI_File_sync(fh);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 1) {
        MPI_FAILS(MPI_File_read_at_all(fh, 0, got, (int)block, MPI_DATATYPE_NULL, &status), MPI_ERR_TYPE);
    } else {
        MPI_OK(MPI_File_read_at_all(fh, rank * block, got, (int)block, MPI_BYTE, &status));
        expect_count(&status, block, "read_at_all beside a bad type"); /* rank 2's: a hole, zeros */
        if (rank == 2) memset(part, 0, block);
        CHECK(memcmp(got, part, block) == 0, "rank %d's block beside a bad count", rank);
    }
    free(part);
    free(got);

    /* A read-only file: the independent path's error on every rank. */
    reopen(&fh, MPI_MODE_RDONLY);
    set_hints(fh, "romio_cb_write", "enable", "romio_cb_read", "enable");
    unsigned char byte = 0;
    MPI_FAILS(MPI_File_write_at_all(fh, rank, &byte, 1, MPI_BYTE, &status), MPI_ERR_READ_ONLY);
    MPI_OK(MPI_File_close(&fh));
}

/* What must not aggregate: disable, automatic without interleaving, atomic mode. */
static void independent(MPI_File fh, Layout *vector, Layout *mixed) {
    set_hints(fh, "romio_cb_write", "disable", "romio_cb_read", "disable");
    write_layout(fh, mixed, 7, 0, "disable");
    read_past_end(fh, vector, 7, 1); /* a shorter file than the vector's: no data past it */
    set_hints(fh, "romio_cb_write", "automatic", "romio_cb_read", "automatic");
    contiguous_blocks(fh, 8, "automatic, contiguous blocks");
    MPI_OK(MPI_File_set_atomicity(fh, 1));
    set_hints(fh, "romio_cb_write", "enable", "romio_cb_read", "disable");
    empty(fh);
    MPI_OK(MPI_File_set_view(fh, 0, MPI_BYTE, vector->filetype, "native", MPI_INFO_NULL));
    unsigned char *data = malloc(vector->bytes);
    fill(vector, 9, data);
    MPI_Status status;
    MPI_OK(MPI_File_write_all(fh, data, (int)vector->bytes, MPI_BYTE, &status));
    expect_count(&status, vector->bytes, "atomic write_all");
    verify_file(fh, 9, vector->file_bytes, "atomic write_all");
    MPI_OK(MPI_File_set_atomicity(fh, 0));
    free(data);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nprocs);
    CHECK(argc == 2 || argc == 3, "usage: collective PREFIX [all|independent|automatic]");
    CHECK(nprocs == 4, "run on 4 ranks");
    const char *mode = argc == 3 ? argv[2] : "all";
    char name[64];
    snprintf(name, sizeof name, "collective-%s.dat", mode);
    test_path(path, sizeof path, argv[1], name);
    MPI_File fh = MPI_FILE_NULL;
    reopen(&fh, MPI_MODE_RDWR | MPI_MODE_CREATE);
    Layout vector = vector_layout(65537, 3), mixed = mixed_layout();
    if (strcmp(mode, "all") == 0) {
        expect_hint(fh, "cb_nodes", "1"); /* one host */
        expect_hint(fh, "romio_cb_write", "automatic");
        expect_hint(fh, "romio_cb_read", "automatic");
        expect_hint(fh, "cb_buffer_size", "16777216");
        contiguous_blocks(fh, 10, "default hints, contiguous blocks");
        set_hints(fh, "romio_cb_write", "disable", "romio_cb_read", "enable");
        write_layout(fh, &mixed, 11, 0, "write disabled, read enabled");
        aggregated(fh, &vector, &mixed);
        fh = MPI_FILE_NULL;
        reopen(&fh, MPI_MODE_RDWR | MPI_MODE_CREATE);
        set_hints(fh, "romio_cb_write", "enable", "romio_cb_read", "enable");
        contiguous_blocks(fh, 12, "enable, contiguous blocks");
        independent(fh, &vector, &mixed);
    } else if (strcmp(mode, "independent") == 0) {
        independent(fh, &vector, &mixed);
    } else {
        CHECK(strcmp(mode, "automatic") == 0, "mode %s", mode);
        write_layout(fh, &mixed, 13, 0, "automatic, interleaved");
        empty(fh);
        MPI_OK(MPI_File_set_view(fh, 0, MPI_BYTE, vector.filetype, "native", MPI_INFO_NULL));
        unsigned char *data = malloc(vector.bytes);
        fill(&vector, 14, data);
        MPI_OK(MPI_File_write_all(fh, data, (int)vector.bytes, MPI_BYTE, MPI_STATUS_IGNORE));
        MPI_OK(MPI_File_set_view(fh, 0, MPI_BYTE, vector.filetype, "native", MPI_INFO_NULL));
        memset(data, 0, vector.bytes);
        MPI_Status status;
        MPI_OK(MPI_File_read_all(fh, data, (int)vector.bytes, MPI_BYTE, &status));
        expect_count(&status, vector.bytes, "automatic read_all");
        verify_file(fh, 14, vector.file_bytes, "automatic write_all");
        free(data);
    }
    if (fh != MPI_FILE_NULL) MPI_OK(MPI_File_close(&fh));
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
    MPI_Type_free(&vector.filetype);
    MPI_Type_free(&mixed.filetype);
    char done[64];
    snprintf(done, sizeof done, "collective %s", mode);
    test_done(done);
    MPI_Finalize();
    return 0;
}
