/* A native-format HDF5 file through HDF5's MPI-IO file driver (H5Pset_fapl_mpio) on a daos:
 * name: 4 ranks write their rows of a 2-D dataset and an attribute collectively, the file is
 * closed, reopened read-only and every value and the attribute checked; then the same file is
 * written natively on the local file system (argv[2]) and both are compared value by value
 * through HDF5, and byte by byte through MPI-IO (object modification times are off, so the
 * two files must be identical). */
#include <hdf5.h>
#include "common.h"

#define ROWS_PER_RANK 64
#define COLUMNS 300

static void write_file(const char *name, int rank, int ranks) {
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_mpio(fapl, MPI_COMM_WORLD, MPI_INFO_NULL);
    hid_t file = H5Fcreate(name, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CHECK(file >= 0, "H5Fcreate(%s) failed", name);
    hsize_t dims[2] = {(hsize_t)ranks * ROWS_PER_RANK, COLUMNS};
    hid_t space = H5Screate_simple(2, dims, NULL);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_obj_track_times(dcpl, 0);
    hid_t dataset = H5Dcreate2(file, "values", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CHECK(dataset >= 0, "H5Dcreate2 failed");
    hsize_t start[2] = {(hsize_t)rank * ROWS_PER_RANK, 0}, count[2] = {ROWS_PER_RANK, COLUMNS};
    H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count, NULL);
    hid_t memory = H5Screate_simple(2, count, NULL);
    static double rows[ROWS_PER_RANK][COLUMNS];
    for (int r = 0; r < ROWS_PER_RANK; r++)
        for (int c = 0; c < COLUMNS; c++) rows[r][c] = (rank * ROWS_PER_RANK + r) * 1000.0 + c + 0.25;
    hid_t dxpl = H5Pcreate(H5P_DATASET_XFER);
    H5Pset_dxpl_mpio(dxpl, H5FD_MPIO_COLLECTIVE);
    CHECK(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, memory, space, dxpl, rows) >= 0, "H5Dwrite failed");
    int stamp = 20261125;
    hid_t scalar = H5Screate(H5S_SCALAR);
    hid_t attribute = H5Acreate2(dataset, "stamp", H5T_NATIVE_INT, scalar, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(H5Awrite(attribute, H5T_NATIVE_INT, &stamp) >= 0, "H5Awrite failed");
    H5Aclose(attribute); H5Sclose(scalar); H5Pclose(dxpl); H5Sclose(memory); H5Sclose(space);
    H5Pclose(dcpl); H5Dclose(dataset);
    CHECK(H5Fclose(file) >= 0, "H5Fclose(%s) failed", name);
    H5Pclose(fapl);
}

static void check_file(const char *name, int ranks) {
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_fapl_mpio(fapl, MPI_COMM_WORLD, MPI_INFO_NULL);
    hid_t file = H5Fopen(name, H5F_ACC_RDONLY, fapl);
    CHECK(file >= 0, "H5Fopen(%s) failed", name);
    hid_t dataset = H5Dopen2(file, "values", H5P_DEFAULT);
    CHECK(dataset >= 0, "H5Dopen2 failed");
    size_t total = (size_t)ranks * ROWS_PER_RANK * COLUMNS;
    double *all = malloc(total * sizeof(double));
    CHECK(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, all) >= 0, "H5Dread failed");
    for (size_t i = 0; i < total; i++) {
        double expected = (double)(i / COLUMNS) * 1000.0 + (double)(i % COLUMNS) + 0.25;
        CHECK(all[i] == expected, "%s: value %zu is %f, expected %f", name, i, all[i], expected);
    }
    int stamp = 0;
    hid_t attribute = H5Aopen(dataset, "stamp", H5P_DEFAULT);
    CHECK(H5Aread(attribute, H5T_NATIVE_INT, &stamp) >= 0 && stamp == 20261125, "attribute stamp reads %d", stamp);
    H5Aclose(attribute); H5Dclose(dataset); H5Fclose(file); H5Pclose(fapl);
    free(all);
}

/* The whole file's bytes, read through MPI-IO by rank 0 (other ranks get NULL). */
static unsigned char *file_bytes(const char *name, MPI_Offset *size) {
    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_SELF, name, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    MPI_OK(MPI_File_get_size(fh, size));
    unsigned char *bytes = malloc((size_t)*size + 1);
    MPI_Status status;
    MPI_OK(MPI_File_read_at(fh, 0, bytes, (int)*size, MPI_BYTE, &status));
    MPI_OK(MPI_File_close(&fh));
    return bytes;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, ranks;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    CHECK(argc == 3, "usage: hdf5_mpio DAOS-NAME LOCAL-PATH");
    write_file(argv[1], rank, ranks);
    check_file(argv[1], ranks);
    write_file(argv[2], rank, ranks);
    check_file(argv[2], ranks);
    if (rank == 0) {
        MPI_Offset daos_size = 0, local_size = 0;
        unsigned char *daos = file_bytes(argv[1], &daos_size), *local = file_bytes(argv[2], &local_size);
        CHECK(daos_size == local_size, "file sizes differ: %lld through daos:, %lld locally", (long long)daos_size,
              (long long)local_size);
        CHECK(memcmp(daos, local, (size_t)daos_size) == 0, "the daos: file's bytes differ from the local file's");
        free(daos); free(local);
        printf("hdf5_mpio: ok (%lld bytes, identical)\n", (long long)daos_size);
    }
    MPI_Finalize();
    return 0;
}
