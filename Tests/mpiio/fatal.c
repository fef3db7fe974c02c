/* MPI_ERRORS_ARE_FATAL on a daos: file aborts the job with the driver's message. The test
 * script expects this program to fail and its stderr to name the error. */
#include "common.h"

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    CHECK(argc == 2, "usage: fatal daos:/DIR");
    char path[4096];
    test_path(path, sizeof path, argv[1], "fatal.dat");
    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_WRONLY | MPI_MODE_CREATE | MPI_MODE_DELETE_ON_CLOSE, MPI_INFO_NULL, &fh));
    MPI_OK(MPI_File_set_errhandler(fh, MPI_ERRORS_ARE_FATAL));
    int value;
    MPI_File_read_at(fh, 0, &value, 1, MPI_INT, MPI_STATUS_IGNORE);
    printf("fatal: still running after an error under MPI_ERRORS_ARE_FATAL\n");
    MPI_Finalize();
    return 0;
}
