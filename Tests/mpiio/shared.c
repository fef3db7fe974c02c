/* Shared and ordered file pointers with all ranks: write_shared records land once each and do
 * not overlap, get_position_shared and seek_shared agree on every rank, write_ordered and
 * read_ordered follow rank order, iwrite_shared completes under MPI_Wait. */
#include "common.h"

enum { RECORDS = 25, RECORD_INTS = 4 };

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    CHECK(argc == 2, "usage: shared daos:/DIR");
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    char path[4096];
    test_path(path, sizeof path, argv[1], "shared.dat");
    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));
    MPI_OK(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "native", MPI_INFO_NULL));
    int record[RECORD_INTS];
    for (int i = 0; i < RECORDS; i++) {
        for (int k = 0; k < RECORD_INTS; k++) record[k] = rank * 1000 + i;
        if (i % 5 == 4) {
            MPI_Request request;
            MPI_OK(MPI_File_iwrite_shared(fh, record, RECORD_INTS, MPI_INT, &request));
            MPI_OK(MPI_Wait(&request, MPI_STATUS_IGNORE));
        } else {
            MPI_OK(MPI_File_write_shared(fh, record, RECORD_INTS, MPI_INT, MPI_STATUS_IGNORE));
        }
    }
    MPI_OK(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Offset position = -1;
    MPI_OK(MPI_File_get_position_shared(fh, &position));
    CHECK(position == (MPI_Offset)size * RECORDS * RECORD_INTS, "shared position %lld", (long long)position);
    if (rank == 0) {
        int total = size * RECORDS, *all = malloc(sizeof(int) * total * RECORD_INTS), *seen = calloc(total, sizeof(int));
        MPI_OK(MPI_File_read_at(fh, 0, all, total * RECORD_INTS, MPI_INT, MPI_STATUS_IGNORE));
        for (int i = 0; i < total; i++) {
            int value = all[i * RECORD_INTS], writer = value / 1000, index = value % 1000;
            for (int k = 1; k < RECORD_INTS; k++) CHECK(all[i * RECORD_INTS + k] == value, "record %d is torn", i);
            CHECK(writer < size && index < RECORDS, "record %d holds %d", i, value);
            CHECK(seen[writer * RECORDS + index]++ == 0, "record %d of rank %d written twice", index, writer);
        }
        free(all);
        free(seen);
    }
    MPI_OK(MPI_File_seek_shared(fh, 0, MPI_SEEK_SET));
    MPI_OK(MPI_File_get_position_shared(fh, &position));
    CHECK(position == 0, "after seek_shared %lld", (long long)position);
    /* Ordered: rank r writes r+1 ints of value r; they land in rank order from the pointer. */
    int mine[16];
    for (int k = 0; k <= rank; k++) mine[k] = 7000 + rank;
    MPI_OK(MPI_File_write_ordered(fh, mine, rank + 1, MPI_INT, MPI_STATUS_IGNORE));
    MPI_OK(MPI_File_get_position_shared(fh, &position));
    CHECK(position == (MPI_Offset)size * (size + 1) / 2, "after write_ordered %lld", (long long)position);
    MPI_OK(MPI_File_sync(fh));
    MPI_OK(MPI_File_seek_shared(fh, 0, MPI_SEEK_SET));
    int back[16] = {0};
    MPI_Status status;
    MPI_OK(MPI_File_read_ordered(fh, back, rank + 1, MPI_INT, &status));
    for (int k = 0; k <= rank; k++) CHECK(back[k] == 7000 + rank, "read_ordered %d: %d", k, back[k]);
    MPI_OK(MPI_File_read_shared(fh, back, 0, MPI_INT, &status));
    MPI_OK(MPI_File_close(&fh));
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
    test_done("shared");
    MPI_Finalize();
    return 0;
}
