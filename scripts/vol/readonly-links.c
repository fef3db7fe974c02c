/*
 * A read-only handle and a writable one on the same file in one process share the open
 * container: whatever the read-only side keeps of what it has read (a link table was tried,
 * BENCHMARKS.md, issue 7) must never hide a change made through the writable one. A link
 * removed must be gone, a link added must be found, a link redirected must lead to its new
 * object. Exits non-zero naming the first mismatch.
 *
 *   readonly-links <file name>
 */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>

static int failures = 0;

static void expect(int condition, const char *what)
{
    if (!condition) {
        fprintf(stderr, "readonly-links: %s\n", what);
        failures++;
    }
}

static void dataset(hid_t file, const char *name, int value)
{
    hsize_t one = 1;
    hid_t space = H5Screate_simple(1, &one, NULL);
    hid_t set = H5Dcreate2(file, name, H5T_NATIVE_INT, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (set < 0 || H5Dwrite(set, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value) < 0) {
        fprintf(stderr, "readonly-links: creating %s failed\n", name);
        exit(1);
    }
    H5Dclose(set);
    H5Sclose(space);
}

static int value_of(hid_t file, const char *name)
{
    int value = -1;
    hid_t set = H5Dopen2(file, name, H5P_DEFAULT);
    if (set < 0) return -1;
    if (H5Dread(set, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value) < 0) value = -1;
    H5Dclose(set);
    return value;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: readonly-links <file name>\n");
        return 2;
    }
    hid_t writer = H5Fcreate(argv[1], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (writer < 0) return 1;
    dataset(writer, "a", 1);
    dataset(writer, "b", 2);
    dataset(writer, "elsewhere", 3);
    H5Fflush(writer, H5F_SCOPE_GLOBAL);

    hid_t reader = H5Fopen(argv[1], H5F_ACC_RDONLY, H5P_DEFAULT);
    if (reader < 0) return 1;
    /* The reader looks up the root group's links more than once before the changes. */
    expect(value_of(reader, "a") == 1, "the reader does not read a = 1");
    expect(value_of(reader, "b") == 2, "the reader does not read b = 2");
    expect(H5Lexists(reader, "c", H5P_DEFAULT) == 0, "the reader finds c before it exists");

    /* The writer changes the root group's links. */
    expect(H5Ldelete(writer, "a", H5P_DEFAULT) >= 0, "H5Ldelete(a) failed");
    dataset(writer, "c", 4);
    expect(H5Ldelete(writer, "b", H5P_DEFAULT) >= 0, "H5Ldelete(b) failed");
    expect(H5Lcreate_hard(writer, "elsewhere", writer, "b", H5P_DEFAULT, H5P_DEFAULT) >= 0,
           "H5Lcreate_hard(b -> elsewhere) failed");

    expect(H5Lexists(reader, "a", H5P_DEFAULT) == 0, "the reader still finds the removed link a");
    expect(value_of(reader, "c") == 4, "the reader does not find the new link c");
    expect(value_of(reader, "b") == 3, "the reader's b does not lead to its new object");

    H5Fclose(reader);
    H5Fclose(writer);
    H5Fdelete(argv[1], H5P_DEFAULT);
    if (failures == 0) printf("read-only handle: removed, added and redirected links seen\n");
    return failures == 0 ? 0 : 1;
}
