/* Atomic mode: all ranks write the same 256 KiB (64 chunks of 4 KiB) at once, each filled with
 * its own rank, many times. In atomic mode every write is one version, so after each round the
 * range holds one writer's bytes, never a mix. set/get_atomicity agree. */
#include "common.h"

enum { BYTES = 256 * 1024, ROUNDS = 6 };

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    CHECK(argc == 2, "usage: atomic daos:/DIR");
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    char path[4096];
    test_path(path, sizeof path, argv[1], "atomic.dat");
    MPI_Info info;
    MPI_Info_create(&info);
    MPI_Info_set(info, "romio_daos_chunk_size", "4096");
    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR | MPI_MODE_CREATE, info, &fh));
    MPI_Info_free(&info);
    int flag = -1;
    MPI_OK(MPI_File_get_atomicity(fh, &flag));
    CHECK(flag == 0, "atomicity starts %d", flag);
    MPI_OK(MPI_File_set_atomicity(fh, 1));
    MPI_OK(MPI_File_get_atomicity(fh, &flag));
    CHECK(flag == 1, "atomicity after set %d", flag);
    unsigned char *mine = malloc(BYTES), *back = malloc(BYTES);
    memset(mine, 'A' + rank, BYTES);
    for (int round = 0; round < ROUNDS; round++) {
        MPI_Barrier(MPI_COMM_WORLD);
        MPI_OK(MPI_File_write_at(fh, 0, mine, BYTES, MPI_BYTE, MPI_STATUS_IGNORE));
        MPI_Barrier(MPI_COMM_WORLD);
        MPI_OK(MPI_File_read_at(fh, 0, back, BYTES, MPI_BYTE, MPI_STATUS_IGNORE));
        for (int i = 1; i < BYTES; i++)
            CHECK(back[i] == back[0], "round %d: byte %d is %c, byte 0 is %c: writes mixed", round, i, back[i], back[0]);
    }
    MPI_FAILS(MPI_File_set_atomicity(fh, rank % 2), MPI_ERR_NOT_SAME);
    MPI_OK(MPI_File_close(&fh));
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
    free(mine);
    free(back);
    test_done("atomic");
    MPI_Finalize();
    return 0;
}
