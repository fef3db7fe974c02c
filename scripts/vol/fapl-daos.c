/*
 * The connector used as a library, without HDF5_VOL_CONNECTOR: H5Pset_fapl_daos selects it
 * on a FAPL (H5VolDaos.h), H5daos_set_object_class / H5daos_get_object_class round-trip on a
 * DCPL, and a dataset written through it reads back.
 *
 *   fapl-daos <pool> <file name>      (link with -lH5VolDaos)
 */
#include <H5VolDaos.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        if ((expr) < 0) {                                                                          \
            fprintf(stderr, "fapl-daos: %s failed (line %d)\n", #expr, __LINE__);                  \
            H5Eprint2(H5E_DEFAULT, stderr);                                                        \
            return 1;                                                                              \
        }                                                                                          \
    } while (0)

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: fapl-daos <pool> <file name>\n");
        return 2;
    }
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    CHECK(fapl);
    CHECK(H5Pset_fapl_daos(fapl, argv[1], NULL));
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    CHECK(H5daos_set_object_class(dcpl, "RP_2G1"));
    char oclass[16];
    if (H5daos_get_object_class(dcpl, oclass, sizeof oclass) != 6 || strcmp(oclass, "RP_2G1") != 0) {
        fprintf(stderr, "fapl-daos: object class did not round-trip\n");
        return 1;
    }
    if (H5daos_set_object_class(dcpl, "no-such-class") >= 0) {
        fprintf(stderr, "fapl-daos: a bad object class was accepted\n");
        return 1;
    }
    hid_t file = H5Fcreate(argv[2], H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    CHECK(file);
    hsize_t dims[1] = {1000};
    long long values[1000], back[1000];
    for (int i = 0; i < 1000; i++)
        values[i] = 3LL * i - 7;
    hid_t space = H5Screate_simple(1, dims, NULL);
    hid_t dataset = H5Dcreate2(file, "values", H5T_STD_I64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CHECK(dataset);
    CHECK(H5Dwrite(dataset, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, values));
    CHECK(H5Dclose(dataset));
    CHECK(H5Fclose(file));
    file = H5Fopen(argv[2], H5F_ACC_RDONLY, fapl);
    CHECK(file);
    dataset = H5Dopen2(file, "values", H5P_DEFAULT);
    CHECK(dataset);
    CHECK(H5Dread(dataset, H5T_NATIVE_LLONG, H5S_ALL, H5S_ALL, H5P_DEFAULT, back));
    CHECK(H5Dclose(dataset));
    CHECK(H5Fclose(file));
    CHECK(H5Fdelete(argv[2], fapl));
    if (memcmp(values, back, sizeof values) != 0) {
        fprintf(stderr, "fapl-daos: read back different values\n");
        return 1;
    }
    CHECK(H5Sclose(space));
    CHECK(H5Pclose(dcpl));
    CHECK(H5Pclose(fapl));
    printf("fapl-daos: H5Pset_fapl_daos file written, read back and deleted\n");
    return 0;
}
