/*
 * Metadata latency: creates, opens and checks for N groups in a new file, then creates N
 * small datasets with one attribute each, and prints the mean time per operation.
 *
 *   metadata-ops <file name> [N]      (N defaults to 200)
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
            fprintf(stderr, "metadata-ops: %s failed (line %d)\n", #expr, __LINE__);               \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: metadata-ops <file name> [N]\n");
        return 2;
    }
    int   n = argc > 2 ? atoi(argv[2]) : 200;
    char  name[32];
    hid_t file = H5Fcreate(argv[1], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(file);
    double t0 = now();
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "g%d", i);
        hid_t group = H5Gcreate2(file, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        CHECK(group);
        CHECK(H5Gclose(group));
    }
    double t1 = now();
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "g%d", i);
        hid_t group = H5Gopen2(file, name, H5P_DEFAULT);
        CHECK(group);
        CHECK(H5Gclose(group));
    }
    double t2 = now();
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "g%d", i);
        CHECK(H5Lexists(file, name, H5P_DEFAULT));
    }
    double t3 = now();
    hsize_t dims[1] = {16};
    hid_t   space = H5Screate_simple(1, dims, NULL), scalar = H5Screate(H5S_SCALAR);
    int     value = 7;
    for (int i = 0; i < n; i++) {
        snprintf(name, sizeof name, "d%d", i);
        hid_t dataset = H5Dcreate2(file, name, H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        CHECK(dataset);
        hid_t attribute = H5Acreate2(dataset, "a", H5T_STD_I32LE, scalar, H5P_DEFAULT, H5P_DEFAULT);
        CHECK(attribute);
        CHECK(H5Awrite(attribute, H5T_NATIVE_INT, &value));
        CHECK(H5Aclose(attribute));
        CHECK(H5Dclose(dataset));
    }
    double t4 = now();
    CHECK(H5Fclose(file));
    double scale = 1e6 / n;
    printf("group create %.0f us, group open %.0f us, link exists %.0f us, dataset+attribute %.0f us\n",
           (t1 - t0) * scale, (t2 - t1) * scale, (t3 - t2) * scale, (t4 - t3) * scale);
    CHECK(H5Fdelete(argv[1], H5P_DEFAULT));
    return 0;
}
