/*
 * Opens a file that must not open (missing, a container of another type, an unknown pool, no
 * pool configured) and checks that the failure is an HDF5 error whose stack carries a
 * message containing <expected text> — not a crash, not a success.
 *
 *   open-fails <file name> <expected text>      exit 0: failed as expected
 */
#include <hdf5.h>
#include <stdio.h>
#include <string.h>

static const char *expected;
static int         found;

static herr_t walk(unsigned n, const H5E_error2_t *entry, void *data)
{
    (void)n;
    (void)data;
    if (entry->desc && strstr(entry->desc, expected)) {
        printf("open-fails: %s\n", entry->desc);
        found = 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: open-fails <file name> <expected text>\n");
        return 2;
    }
    expected = argv[2];
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t file = H5Fopen(argv[1], H5F_ACC_RDONLY, H5P_DEFAULT);
    if (file >= 0) {
        fprintf(stderr, "open-fails: '%s' opened\n", argv[1]);
        H5Fclose(file);
        return 1;
    }
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk, NULL);
    if (!found) {
        fprintf(stderr, "open-fails: no error mentioning '%s'; the stack was:\n", expected);
        H5Eprint2(H5E_DEFAULT, stderr);
        return 1;
    }
    return 0;
}
