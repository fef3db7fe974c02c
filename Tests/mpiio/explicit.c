/* Explicit offsets with predefined datatypes: values round-trip, status counts (MPI_Get_count,
 * MPI_Get_elements) are right, reads at and past the end of file are short, holes read as 0,
 * collective _all twins behave the same. */
#include "common.h"

static int count_of(MPI_Status *status, MPI_Datatype type) {
    int count = -7;
    MPI_Get_count(status, type, &count);
    return count;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    CHECK(argc == 2, "usage: explicit daos:/DIR");
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    char path[4096];
    test_path(path, sizeof path, argv[1], "explicit.dat");
    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));

    /* Each rank: 100 doubles at rank*1000, 50 ints at 100000 + rank*200, 3 shorts (collective). */
    double doubles[100], doubles_back[100];
    int ints[50], ints_back[50];
    short shorts[3] = {(short)rank, (short)(rank + 1), (short)(rank + 2)}, shorts_back[3];
    for (int i = 0; i < 100; i++) doubles[i] = rank + i / 8.0;
    for (int i = 0; i < 50; i++) ints[i] = rank * 1000 + i;
    MPI_Status status;
    MPI_OK(MPI_File_write_at(fh, rank * 1000, doubles, 100, MPI_DOUBLE, &status));
    CHECK(count_of(&status, MPI_DOUBLE) == 100, "write count %d", count_of(&status, MPI_DOUBLE));
    MPI_OK(MPI_File_write_at(fh, 100000 + rank * 200, ints, 50, MPI_INT, &status));
    CHECK(count_of(&status, MPI_INT) == 50, "int write count");
    MPI_OK(MPI_File_write_at_all(fh, 200000 + rank * 6, shorts, 3, MPI_SHORT, &status));
    CHECK(count_of(&status, MPI_SHORT) == 3, "short write count");
    MPI_OK(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_OK(MPI_File_sync(fh));

    int peer = (rank + 1) % size;
    MPI_OK(MPI_File_read_at(fh, peer * 1000, doubles_back, 100, MPI_DOUBLE, &status));
    CHECK(count_of(&status, MPI_DOUBLE) == 100, "read count");
    for (int i = 0; i < 100; i++) CHECK(doubles_back[i] == peer + i / 8.0, "double %d", i);
    MPI_OK(MPI_File_read_at_all(fh, 100000 + peer * 200, ints_back, 50, MPI_INT, &status));
    for (int i = 0; i < 50; i++) CHECK(ints_back[i] == peer * 1000 + i, "int %d", i);
    MPI_OK(MPI_File_read_at(fh, 200000 + peer * 6, shorts_back, 3, MPI_SHORT, &status));
    for (int i = 0; i < 3; i++) CHECK(shorts_back[i] == peer + i, "short %d", i);
    /* Between the doubles and the ints nothing was written: zeros. */
    MPI_OK(MPI_File_read_at(fh, 90000, ints_back, 10, MPI_INT, &status));
    for (int i = 0; i < 10; i++) CHECK(ints_back[i] == 0, "hole read %d", ints_back[i]);

    /* The file ends at 200000 + size*6. A read of 10 ints 8 bytes before the end gets 2. */
    MPI_Offset end = 200000 + size * 6;
    MPI_OK(MPI_File_read_at(fh, end - 8, ints_back, 10, MPI_INT, &status));
    CHECK(count_of(&status, MPI_INT) == 2, "short read count %d", count_of(&status, MPI_INT));
    int elements = -1;
    MPI_Get_elements(&status, MPI_INT, &elements);
    CHECK(elements == 2, "short read elements %d", elements);
    /* 7 bytes before the end: not a whole int, MPI_Get_count says MPI_UNDEFINED. */
    MPI_OK(MPI_File_read_at(fh, end - 7, ints_back, 10, MPI_INT, &status));
    CHECK(count_of(&status, MPI_INT) == MPI_UNDEFINED, "partial element count %d", count_of(&status, MPI_INT));
    MPI_Count bytes = -1;
    MPI_Get_elements_x(&status, MPI_BYTE, &bytes);
    CHECK(bytes == 7, "partial read bytes %lld", (long long)bytes);
    MPI_OK(MPI_File_read_at(fh, end + 100, ints_back, 10, MPI_INT, &status));
    CHECK(count_of(&status, MPI_INT) == 0, "read past the end count %d", count_of(&status, MPI_INT));
    MPI_OK(MPI_File_read_at(fh, 0, ints_back, 0, MPI_INT, &status));
    CHECK(count_of(&status, MPI_INT) == 0, "zero-count read");
    MPI_FAILS(MPI_File_read_at(fh, -1, ints_back, 1, MPI_INT, &status), MPI_ERR_ARG);
    MPI_FAILS(MPI_File_read_at(fh, 0, ints_back, -1, MPI_INT, &status), MPI_ERR_COUNT);
    /* MPI_STATUS_IGNORE is accepted. */
    MPI_OK(MPI_File_read_at(fh, 0, ints_back, 1, MPI_INT, MPI_STATUS_IGNORE));

    MPI_OK(MPI_File_close(&fh));
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
    test_done("explicit");
    MPI_Finalize();
    return 0;
}
