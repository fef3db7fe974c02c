/* A file whose name does not start with daos: goes to OpenMPI's own MPI-IO untouched, with the
 * driver preloaded: open, write, read back, sizes, c2f/f2c, error handler, delete. */
#include "common.h"

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    CHECK(argc == 2, "usage: forward LOCAL_DIR");
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    char path[4096];
    test_path(path, sizeof path, argv[1], "forward.dat");

    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, MPI_INFO_NULL, &fh));
    int values[16];
    for (int i = 0; i < 16; i++) values[i] = rank * 100 + i;
    MPI_Status status;
    MPI_OK(MPI_File_write_at(fh, (MPI_Offset)rank * sizeof values, values, 16, MPI_INT, &status));
    int count = -1;
    MPI_Get_count(&status, MPI_INT, &count);
    CHECK(count == 16, "write count %d", count);
    MPI_OK(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    int back[16];
    int peer = (rank + 1) % size;
    MPI_OK(MPI_File_read_at(fh, (MPI_Offset)peer * sizeof back, back, 16, MPI_INT, &status));
    for (int i = 0; i < 16; i++) CHECK(back[i] == peer * 100 + i, "value %d: %d", i, back[i]);
    MPI_Offset bytes;
    MPI_OK(MPI_File_get_size(fh, &bytes));
    CHECK(bytes == (MPI_Offset)(size * sizeof values), "size %lld", (long long)bytes);
    MPI_Fint fortran = MPI_File_c2f(fh);
    CHECK(MPI_File_f2c(fortran) == fh, "c2f/f2c round trip");
    CHECK(fortran < 0x40000000, "an OpenMPI file got a Fortran handle from our range");
    MPI_OK(MPI_File_close(&fh));
    CHECK(fh == MPI_FILE_NULL, "close sets MPI_FILE_NULL");
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_FAILS(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh), MPI_ERR_NO_SUCH_FILE);
    test_done("forward");
    MPI_Finalize();
    return 0;
}
