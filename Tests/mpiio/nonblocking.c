/* Nonblocking calls complete under MPI_Wait, MPI_Waitall and MPI_Test with the right counts;
 * split collectives (_begin/_end) for explicit offsets, individual and ordered pointers; an
 * _end without its _begin is an error. */
#include "common.h"

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    CHECK(argc == 2, "usage: nonblocking daos:/DIR");
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    char path[4096];
    test_path(path, sizeof path, argv[1], "nonblocking.dat");
    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));
    enum { N = 64 };
    double out[4][N], in[4][N];
    MPI_Offset base = (MPI_Offset)rank * 4 * N * sizeof(double);
    for (int j = 0; j < 4; j++)
        for (int i = 0; i < N; i++) out[j][i] = rank * 10000 + j * 100 + i;
    MPI_Request requests[4];
    MPI_OK(MPI_File_iwrite_at(fh, base, out[0], N, MPI_DOUBLE, &requests[0]));
    MPI_OK(MPI_File_iwrite_at_all(fh, base + N * sizeof(double), out[1], N, MPI_DOUBLE, &requests[1]));
    MPI_OK(MPI_File_seek(fh, base + 2 * N * sizeof(double), MPI_SEEK_SET));
    MPI_OK(MPI_File_iwrite(fh, out[2], N, MPI_DOUBLE, &requests[2]));
    MPI_OK(MPI_File_iwrite_all(fh, out[3], N, MPI_DOUBLE, &requests[3]));
    MPI_Status statuses[4];
    MPI_OK(MPI_Waitall(4, requests, statuses));
    for (int j = 0; j < 4; j++) {
        int count = -1;
        MPI_Get_count(&statuses[j], MPI_DOUBLE, &count);
        CHECK(count == N, "iwrite %d count %d", j, count);
    }
    MPI_OK(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_OK(MPI_File_sync(fh));

    MPI_OK(MPI_File_iread_at(fh, base, in[0], N, MPI_DOUBLE, &requests[0]));
    int done = 0;
    MPI_Status status;
    while (!done) MPI_OK(MPI_Test(&requests[0], &done, &status));
    MPI_OK(MPI_File_iread_at_all(fh, base + N * sizeof(double), in[1], N, MPI_DOUBLE, &requests[1]));
    MPI_OK(MPI_Wait(&requests[1], &status));
    int count = -1;
    MPI_Get_count(&status, MPI_DOUBLE, &count);
    CHECK(count == N, "iread_at_all count %d", count);
    MPI_OK(MPI_File_seek(fh, base + 2 * N * sizeof(double), MPI_SEEK_SET));
    MPI_OK(MPI_File_iread(fh, in[2], N, MPI_DOUBLE, &requests[2]));
    MPI_OK(MPI_Wait(&requests[2], MPI_STATUS_IGNORE));
    MPI_OK(MPI_File_iread_all(fh, in[3], N, MPI_DOUBLE, &requests[3]));
    MPI_OK(MPI_Wait(&requests[3], MPI_STATUS_IGNORE));
    CHECK(memcmp(in, out, sizeof out) == 0, "nonblocking reads differ from the writes");

    /* Split collectives. */
    memset(in, 0, sizeof in);
    MPI_OK(MPI_File_write_at_all_begin(fh, base, out[1], N, MPI_DOUBLE));
    MPI_OK(MPI_File_write_at_all_end(fh, out[1], &status));
    MPI_Get_count(&status, MPI_DOUBLE, &count);
    CHECK(count == N, "write_at_all_end count %d", count);
    MPI_OK(MPI_File_read_at_all_begin(fh, base, in[0], N, MPI_DOUBLE));
    MPI_FAILS(MPI_File_read_all_begin(fh, in[1], N, MPI_DOUBLE), MPI_ERR_OTHER);
    MPI_OK(MPI_File_read_at_all_end(fh, in[0], &status));
    CHECK(memcmp(in[0], out[1], sizeof in[0]) == 0, "read_at_all_begin data");
    MPI_FAILS(MPI_File_read_at_all_end(fh, in[0], &status), MPI_ERR_OTHER);
    MPI_OK(MPI_File_seek(fh, base + 2 * N * sizeof(double), MPI_SEEK_SET));
    MPI_OK(MPI_File_write_all_begin(fh, out[0], N, MPI_DOUBLE));
    MPI_OK(MPI_File_write_all_end(fh, out[0], &status));
    MPI_OK(MPI_File_seek(fh, base + 2 * N * sizeof(double), MPI_SEEK_SET));
    MPI_OK(MPI_File_read_all_begin(fh, in[2], N, MPI_DOUBLE));
    MPI_OK(MPI_File_read_all_end(fh, in[2], &status));
    CHECK(memcmp(in[2], out[0], sizeof in[2]) == 0, "read_all_begin data");
    MPI_OK(MPI_File_close(&fh));

    /* Ordered split collectives on a fresh file. */
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));
    MPI_OK(MPI_File_write_ordered_begin(fh, out[rank % 4], N, MPI_DOUBLE));
    MPI_OK(MPI_File_write_ordered_end(fh, out[rank % 4], &status));
    MPI_OK(MPI_File_seek_shared(fh, 0, MPI_SEEK_SET));
    MPI_OK(MPI_File_read_ordered_begin(fh, in[0], N, MPI_DOUBLE));
    MPI_OK(MPI_File_read_ordered_end(fh, in[0], &status));
    CHECK(memcmp(in[0], out[rank % 4], sizeof in[0]) == 0, "ordered split data");
    MPI_OK(MPI_File_close(&fh));
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
    test_done("nonblocking");
    MPI_Finalize();
    return 0;
}
