/* Open, close and delete of daos: files: amode rules, EXCL, missing files, DELETE_ON_CLOSE,
 * the daos://POOL/CONT form, a container created on MPI_MODE_CREATE, closed handles. */
#include "common.h"

static void amode_errors(const char *path) {
    MPI_File fh = MPI_FILE_NULL;
    MPI_FAILS(MPI_File_open(MPI_COMM_WORLD, path, 0, MPI_INFO_NULL, &fh), MPI_ERR_AMODE);
    MPI_FAILS(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY | MPI_MODE_RDWR, MPI_INFO_NULL, &fh), MPI_ERR_AMODE);
    MPI_FAILS(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY | MPI_MODE_CREATE, MPI_INFO_NULL, &fh), MPI_ERR_AMODE);
    MPI_FAILS(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY | MPI_MODE_EXCL, MPI_INFO_NULL, &fh), MPI_ERR_AMODE);
    MPI_FAILS(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR | MPI_MODE_SEQUENTIAL, MPI_INFO_NULL, &fh), MPI_ERR_AMODE);
    int mode = test_rank() == 0 ? MPI_MODE_RDWR | MPI_MODE_CREATE : MPI_MODE_WRONLY | MPI_MODE_CREATE;
    MPI_FAILS(MPI_File_open(MPI_COMM_WORLD, path, mode, MPI_INFO_NULL, &fh), MPI_ERR_NOT_SAME);
    CHECK(fh == MPI_FILE_NULL, "a failed open left a handle");
}

static void create_exclusive(const char *path) {
    MPI_File fh;
    MPI_FAILS(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR, MPI_INFO_NULL, &fh), MPI_ERR_NO_SUCH_FILE);
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR | MPI_MODE_CREATE | MPI_MODE_EXCL, MPI_INFO_NULL, &fh));
    int amode = 0;
    MPI_OK(MPI_File_get_amode(fh, &amode));
    CHECK(amode == (MPI_MODE_RDWR | MPI_MODE_CREATE | MPI_MODE_EXCL), "amode %d", amode);
    MPI_Group group, world;
    int same = MPI_UNEQUAL;
    MPI_OK(MPI_File_get_group(fh, &group));
    MPI_Comm_group(MPI_COMM_WORLD, &world);
    MPI_Group_compare(group, world, &same);
    CHECK(same == MPI_IDENT, "the file's group is not MPI_COMM_WORLD's");
    MPI_Group_free(&group);
    MPI_Group_free(&world);
    int value = test_rank();
    MPI_OK(MPI_File_write_at(fh, test_rank() * sizeof value, &value, 1, MPI_INT, MPI_STATUS_IGNORE));
    MPI_File closed = fh;
    MPI_OK(MPI_File_close(&fh));
    CHECK(fh == MPI_FILE_NULL, "close did not set MPI_FILE_NULL");
    MPI_FAILS(MPI_File_get_amode(closed, &amode), MPI_ERR_FILE);
    MPI_FAILS(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR | MPI_MODE_CREATE | MPI_MODE_EXCL, MPI_INFO_NULL, &fh),
              MPI_ERR_FILE_EXISTS);

    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    MPI_FAILS(MPI_File_write_at(fh, 0, &value, 1, MPI_INT, MPI_STATUS_IGNORE), MPI_ERR_READ_ONLY);
    int size = 0;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    for (int peer = 0; peer < size; peer++) {
        MPI_OK(MPI_File_read_at(fh, peer * sizeof value, &value, 1, MPI_INT, MPI_STATUS_IGNORE));
        CHECK(value == peer, "rank %d wrote %d", peer, value);
    }
    MPI_OK(MPI_File_close(&fh));
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_WRONLY, MPI_INFO_NULL, &fh));
    MPI_FAILS(MPI_File_read_at(fh, 0, &value, 1, MPI_INT, MPI_STATUS_IGNORE), MPI_ERR_ACCESS);
    MPI_OK(MPI_File_close(&fh));
    MPI_Barrier(MPI_COMM_WORLD);
    if (test_rank() == 0) {
        MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
        MPI_FAILS(MPI_File_delete(path, MPI_INFO_NULL), MPI_ERR_NO_SUCH_FILE);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_FAILS(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh), MPI_ERR_NO_SUCH_FILE);
}

static void delete_on_close(const char *path) {
    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_WRONLY | MPI_MODE_CREATE | MPI_MODE_DELETE_ON_CLOSE, MPI_INFO_NULL, &fh));
    char byte = 'x';
    MPI_OK(MPI_File_write_at(fh, test_rank(), &byte, 1, MPI_CHAR, MPI_STATUS_IGNORE));
    MPI_OK(MPI_File_close(&fh));
    MPI_FAILS(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh), MPI_ERR_NO_SUCH_FILE);
}

/* daos://POOL/CONT/path names and a container that open creates; each rank alone (COMM_SELF). */
static void url_names(const char *pool, const char *container) {
    char path[512];
    MPI_File fh;
    snprintf(path, sizeof path, "daos://%s/%s/url-%d.dat", pool, container, test_rank());
    MPI_OK(MPI_File_open(MPI_COMM_SELF, path, MPI_MODE_RDWR | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));
    double value = 2.5;
    MPI_OK(MPI_File_write_at(fh, 0, &value, 1, MPI_DOUBLE, MPI_STATUS_IGNORE));
    MPI_OK(MPI_File_close(&fh));
    MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
    snprintf(path, sizeof path, "daos://%s/mpiio-auto-%d/new.dat", pool, test_rank());
    MPI_FAILS(MPI_File_open(MPI_COMM_SELF, path, MPI_MODE_RDWR, MPI_INFO_NULL, &fh), MPI_ERR_NO_SUCH_FILE);
    MPI_OK(MPI_File_open(MPI_COMM_SELF, path, MPI_MODE_RDWR | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));
    MPI_OK(MPI_File_close(&fh));
    MPI_OK(MPI_File_open(MPI_COMM_SELF, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    MPI_OK(MPI_File_close(&fh));
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    CHECK(argc == 2, "usage: open_close daos:/DIR (with DAOS_POOL and DAOS_CONT set)");
    char path[4096];
    test_path(path, sizeof path, argv[1], "open-close.dat");
    amode_errors(path);
    create_exclusive(path);
    test_path(path, sizeof path, argv[1], "delete-on-close.dat");
    delete_on_close(path);
    url_names(getenv("DAOS_POOL"), getenv("DAOS_CONT"));
    test_done("open_close");
    MPI_Finalize();
    return 0;
}
