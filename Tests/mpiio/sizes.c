/* Sizes and hints: set_size grows and shrinks, preallocate only grows, get_size, a size that
 * differs between ranks, get_info reporting the creation hints and the generic ones. */
#include "common.h"

static void info_value(MPI_Info info, const char *key, char *value, int size) {
    int found = 0;
    MPI_Info_get(info, key, size - 1, value, &found);
    CHECK(found, "hint %s missing", key);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    CHECK(argc == 2, "usage: sizes daos:/DIR");
    char path[4096];
    test_path(path, sizeof path, argv[1], "sizes.dat");
    MPI_Info hints;
    MPI_Info_create(&hints);
    MPI_Info_set(hints, "romio_daos_chunk_size", "65536");
    MPI_Info_set(hints, "romio_daos_obj_class", "RP_2G2");
    MPI_Info_set(hints, "cb_buffer_size", "4194304");
    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR | MPI_MODE_CREATE, hints, &fh));
    MPI_Info_free(&hints);

    MPI_Offset size = -1;
    MPI_OK(MPI_File_get_size(fh, &size));
    CHECK(size == 0, "new file size %lld", (long long)size);
    MPI_OK(MPI_File_set_size(fh, 1000000));
    MPI_OK(MPI_File_get_size(fh, &size));
    CHECK(size == 1000000, "grown size %lld", (long long)size);
    char zeros[64];
    MPI_Status status;
    MPI_OK(MPI_File_read_at(fh, 999990, zeros, 64, MPI_CHAR, &status));
    int count = -1;
    MPI_Get_count(&status, MPI_CHAR, &count);
    CHECK(count == 10, "read at the end of a grown file: %d", count);
    for (int i = 0; i < 10; i++) CHECK(zeros[i] == 0, "grown bytes read as %d", zeros[i]);
    MPI_OK(MPI_File_set_size(fh, 12345));
    MPI_OK(MPI_File_get_size(fh, &size));
    CHECK(size == 12345, "shrunk size %lld", (long long)size);
    MPI_OK(MPI_File_preallocate(fh, 100));
    MPI_OK(MPI_File_get_size(fh, &size));
    CHECK(size == 12345, "preallocate shrank the file to %lld", (long long)size);
    MPI_OK(MPI_File_preallocate(fh, 20000));
    MPI_OK(MPI_File_get_size(fh, &size));
    CHECK(size == 20000, "preallocated size %lld", (long long)size);
    MPI_FAILS(MPI_File_set_size(fh, 100 + test_rank()), MPI_ERR_NOT_SAME);
    MPI_FAILS(MPI_File_set_size(fh, -1), MPI_ERR_ARG);

    MPI_Info used;
    char value[MPI_MAX_INFO_VAL + 1];
    MPI_OK(MPI_File_get_info(fh, &used));
    info_value(used, "romio_daos_chunk_size", value, sizeof value);
    CHECK(strcmp(value, "65536") == 0, "chunk size hint %s", value);
    info_value(used, "romio_daos_obj_class", value, sizeof value);
    CHECK(strcmp(value, "RP_2G2") == 0, "object class hint %s", value);
    info_value(used, "cb_buffer_size", value, sizeof value);
    CHECK(strcmp(value, "4194304") == 0, "cb_buffer_size %s", value);
    info_value(used, "cb_nodes", value, sizeof value);
    MPI_Info_free(&used);
    MPI_Info_create(&hints);
    MPI_Info_set(hints, "cb_buffer_size", "1048576");
    MPI_Info_set(hints, "romio_cb_write", "enable");
    MPI_OK(MPI_File_set_info(fh, hints));
    MPI_Info_free(&hints);
    MPI_OK(MPI_File_get_info(fh, &used));
    info_value(used, "cb_buffer_size", value, sizeof value);
    CHECK(strcmp(value, "1048576") == 0, "cb_buffer_size after set_info %s", value);
    info_value(used, "romio_cb_write", value, sizeof value);
    CHECK(strcmp(value, "enable") == 0, "romio_cb_write after set_info %s", value);
    MPI_Info_free(&used);
    MPI_OK(MPI_File_close(&fh));

    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh));
    MPI_FAILS(MPI_File_set_size(fh, 0), MPI_ERR_READ_ONLY);
    MPI_OK(MPI_File_get_size(fh, &size));
    CHECK(size == 20000, "size after reopen %lld", (long long)size);
    MPI_OK(MPI_File_close(&fh));
    MPI_Barrier(MPI_COMM_WORLD);
    if (test_rank() == 0) MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
    test_done("sizes");
    MPI_Finalize();
    return 0;
}
