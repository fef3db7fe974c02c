/*
 * Writes one small HDF5 file with a bit of everything the DAOS VOL connector stores: groups,
 * hard and soft links, a committed datatype, contiguous and chunked datasets of several
 * types (integers, doubles, compound, fixed and variable-length strings, enum, array), a
 * fill value, partial hyperslab writes and attributes. Run it once natively and once with
 * HDF5_VOL_CONNECTOR=daos: h5dump of the two files must agree (scripts/test-vol.sh).
 *
 *   sample-file <file name>
 */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(expr)                                                                                \
    do {                                                                                           \
        if ((expr) < 0) {                                                                          \
            fprintf(stderr, "sample-file: %s failed (line %d)\n", #expr, __LINE__);                \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

typedef struct {
    int    id;
    double mass;
    char   tag[8];
} particle_t;

static void write_attribute_int(hid_t object, const char *name, int value)
{
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attribute = H5Acreate2(object, name, H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(attribute);
    CHECK(H5Awrite(attribute, H5T_NATIVE_INT, &value));
    CHECK(H5Aclose(attribute));
    CHECK(H5Sclose(space));
}

static void write_attribute_string(hid_t object, const char *name, const char *value)
{
    hid_t type = H5Tcopy(H5T_C_S1);
    CHECK(H5Tset_size(type, strlen(value) + 1));
    hid_t space = H5Screate(H5S_SCALAR);
    hid_t attribute = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(attribute);
    CHECK(H5Awrite(attribute, type, value));
    CHECK(H5Aclose(attribute));
    CHECK(H5Sclose(space));
    CHECK(H5Tclose(type));
}

static void integers(hid_t group)
{
    int     values[6][10];
    hsize_t dims[2] = {6, 10};
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 10; j++)
            values[i][j] = i * 100 + j;
    hid_t space = H5Screate_simple(2, dims, NULL);
    hid_t dataset = H5Dcreate2(group, "integers", H5T_STD_I32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(dataset);
    CHECK(H5Dwrite(dataset, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values));
    write_attribute_string(dataset, "units", "counts");
    write_attribute_int(dataset, "version", 3);
    CHECK(H5Dclose(dataset));
    CHECK(H5Sclose(space));
}

static void chunked_with_fill(hid_t group)
{
    hsize_t dims[2] = {8, 8}, maximum[2] = {H5S_UNLIMITED, 8}, chunk[2] = {3, 4};
    hid_t   dcpl = H5Pcreate(H5P_DATASET_CREATE);
    double  fill = -1.5;
    CHECK(H5Pset_chunk(dcpl, 2, chunk));
    CHECK(H5Pset_fill_value(dcpl, H5T_NATIVE_DOUBLE, &fill));
    hid_t space = H5Screate_simple(2, dims, maximum);
    hid_t dataset = H5Dcreate2(group, "chunked", H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    CHECK(dataset);
    /* Only a 4x5 block at (2,1) is written; the rest reads as the fill value. */
    double  block[4][5];
    hsize_t start[2] = {2, 1}, count[2] = {4, 5};
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 5; j++)
            block[i][j] = i + j / 10.0;
    hid_t memory = H5Screate_simple(2, count, NULL);
    CHECK(H5Sselect_hyperslab(space, H5S_SELECT_SET, start, NULL, count, NULL));
    CHECK(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, memory, space, H5P_DEFAULT, block));
    /* Grow to 10 rows: the new rows read as the fill value too. */
    hsize_t grown[2] = {10, 8};
    CHECK(H5Dset_extent(dataset, grown));
    CHECK(H5Sclose(memory));
    CHECK(H5Dclose(dataset));
    CHECK(H5Sclose(space));
    CHECK(H5Pclose(dcpl));
}

static void compound(hid_t file, hid_t group)
{
    hid_t tag = H5Tcopy(H5T_C_S1);
    CHECK(H5Tset_size(tag, 8));
    hid_t memory = H5Tcreate(H5T_COMPOUND, sizeof(particle_t));
    CHECK(H5Tinsert(memory, "id", HOFFSET(particle_t, id), H5T_NATIVE_INT));
    CHECK(H5Tinsert(memory, "mass", HOFFSET(particle_t, mass), H5T_NATIVE_DOUBLE));
    CHECK(H5Tinsert(memory, "tag", HOFFSET(particle_t, tag), tag));
    /* A packed file type, committed so datasets can share it. */
    hid_t stored = H5Tcreate(H5T_COMPOUND, 4 + 8 + 8);
    CHECK(H5Tinsert(stored, "id", 0, H5T_STD_I32LE));
    CHECK(H5Tinsert(stored, "mass", 4, H5T_IEEE_F64LE));
    CHECK(H5Tinsert(stored, "tag", 12, tag));
    CHECK(H5Tcommit2(file, "/particle_type", stored, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
    particle_t particles[5];
    for (int i = 0; i < 5; i++) {
        particles[i].id = i + 1;
        particles[i].mass = 1.25 * i;
        snprintf(particles[i].tag, sizeof particles[i].tag, "p%d", i);
    }
    hsize_t dims[1] = {5};
    hid_t   space = H5Screate_simple(1, dims, NULL);
    hid_t   dataset = H5Dcreate2(group, "particles", stored, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(dataset);
    CHECK(H5Dwrite(dataset, memory, H5S_ALL, H5S_ALL, H5P_DEFAULT, particles));
    CHECK(H5Dclose(dataset));
    CHECK(H5Sclose(space));
    CHECK(H5Tclose(stored));
    CHECK(H5Tclose(memory));
    CHECK(H5Tclose(tag));
}

static void strings_enums_arrays(hid_t group)
{
    const char *words[3] = {"alpha", "beta", "a longer gamma"};
    hsize_t     three[1] = {3};
    hid_t       variable = H5Tcopy(H5T_C_S1);
    CHECK(H5Tset_size(variable, H5T_VARIABLE));
    hid_t space = H5Screate_simple(1, three, NULL);
    hid_t dataset = H5Dcreate2(group, "words", variable, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(dataset);
    CHECK(H5Dwrite(dataset, variable, H5S_ALL, H5S_ALL, H5P_DEFAULT, words));
    CHECK(H5Dclose(dataset));

    hid_t colour = H5Tenum_create(H5T_STD_U8LE);
    unsigned char red = 0, green = 1, blue = 2;
    CHECK(H5Tenum_insert(colour, "RED", &red));
    CHECK(H5Tenum_insert(colour, "GREEN", &green));
    CHECK(H5Tenum_insert(colour, "BLUE", &blue));
    unsigned char colours[3] = {2, 0, 1};
    dataset = H5Dcreate2(group, "colours", colour, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(dataset);
    CHECK(H5Dwrite(dataset, colour, H5S_ALL, H5S_ALL, H5P_DEFAULT, colours));
    CHECK(H5Dclose(dataset));

    hsize_t pair[1] = {2};
    hid_t   array = H5Tarray_create2(H5T_STD_I16LE, 1, pair);
    short   pairs[3][2] = {{1, -1}, {2, -2}, {3, -3}};
    hid_t   native = H5Tarray_create2(H5T_NATIVE_SHORT, 1, pair);
    dataset = H5Dcreate2(group, "pairs", array, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(dataset);
    CHECK(H5Dwrite(dataset, native, H5S_ALL, H5S_ALL, H5P_DEFAULT, pairs));
    CHECK(H5Dclose(dataset));
    CHECK(H5Tclose(native));
    CHECK(H5Tclose(array));
    CHECK(H5Tclose(colour));
    CHECK(H5Sclose(space));
    CHECK(H5Tclose(variable));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: sample-file <file name>\n");
        return 2;
    }
    hid_t file = H5Fcreate(argv[1], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(file);
    write_attribute_string(file, "title", "swift-daos sample");
    hid_t data = H5Gcreate2(file, "data", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(data);
    hid_t nested = H5Gcreate2(data, "nested", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CHECK(nested);
    write_attribute_int(nested, "depth", 2);
    integers(data);
    chunked_with_fill(nested);
    compound(file, data);
    strings_enums_arrays(nested);
    CHECK(H5Lcreate_soft("/data/integers", file, "shortcut", H5P_DEFAULT, H5P_DEFAULT));
    CHECK(H5Lcreate_hard(data, "integers", file, "same_integers", H5P_DEFAULT, H5P_DEFAULT));
    CHECK(H5Gclose(nested));
    CHECK(H5Gclose(data));
    CHECK(H5Fclose(file));
    return 0;
}
