/*
 * Streaming rate of one process: writes a 256 MiB float dataset with one H5Dwrite (H5S_ALL),
 * reads it back with one H5Dread, checks it and prints MB/s for both.
 *
 *   big-dataset <file name> [chunk elements]   (no chunk: contiguous)
 */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        if ((expr) < 0) {                                                                          \
            fprintf(stderr, "big-dataset: %s failed (line %d)\n", #expr, __LINE__);                \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: big-dataset <file name> [chunk elements]\n");
        return 2;
    }
    size_t n = (size_t)64 << 20;
    float *data = malloc(n * sizeof(float));
    if (data == NULL) return 1;
    for (size_t i = 0; i < n; i++) data[i] = (float)i;
    hid_t file = H5Fcreate(argv[1], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(file);
    hsize_t dims[1] = {n};
    hid_t   space = H5Screate_simple(1, dims, NULL), dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (argc > 2) {
        hsize_t chunk[1] = {(hsize_t)atoll(argv[2])};
        CHECK(H5Pset_chunk(dcpl, 1, chunk));
    }
    hid_t dataset = H5Dcreate2(file, "x", H5T_NATIVE_FLOAT, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CHECK(dataset);
    double t0 = now();
    CHECK(H5Dwrite(dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data));
    CHECK(H5Fflush(file, H5F_SCOPE_GLOBAL));
    double t1 = now();
    for (size_t i = 0; i < n; i++) data[i] = -1.0f;
    CHECK(H5Dread(dataset, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, data));
    double t2 = now();
    for (size_t i = 0; i < n; i++) {
        if (data[i] != (float)i) {
            fprintf(stderr, "big-dataset: element %zu read back wrong\n", i);
            return 1;
        }
    }
    printf("write %.0f MB/s, read %.0f MB/s\n", (double)n * 4 / (t1 - t0) / 1e6, (double)n * 4 / (t2 - t1) / 1e6);
    CHECK(H5Dclose(dataset));
    CHECK(H5Fclose(file));
    CHECK(H5Fdelete(argv[1], H5P_DEFAULT));
    free(data);
    return 0;
}
