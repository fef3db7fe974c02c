/* Error classes, messages and file error handlers: MPI_Error_string gives the driver's text,
 * a handler made with MPI_File_create_errhandler is invoked with our handle on our file and
 * with MPI_FILE_NULL for an open that fails (handler set on MPI_FILE_NULL), get_errhandler
 * returns what was set, call_errhandler invokes it. */
#include "common.h"

static MPI_File seen_file;
static int seen_code, calls;

static void handler(MPI_File *file, int *code, ...) {
    seen_file = *file;
    seen_code = *code;
    calls++;
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    CHECK(argc == 2, "usage: errors daos:/DIR");
    char path[4096], missing[4096];
    test_path(path, sizeof path, argv[1], "errors.dat");
    test_path(missing, sizeof missing, argv[1], "no-such-file.dat");
    MPI_File fh;
    int rc = MPI_File_open(MPI_COMM_WORLD, missing, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh);
    int error_class = 0, length = 0;
    char text[MPI_MAX_ERROR_STRING];
    MPI_Error_class(rc, &error_class);
    CHECK(error_class == MPI_ERR_NO_SUCH_FILE, "class %d", error_class);
    MPI_Error_string(rc, text, &length);
    CHECK(strstr(text, "DaosMPIIO") && strstr(text, "no-such-file.dat"), "error string: %s", text);

    MPI_Errhandler ours;
    MPI_OK(MPI_File_create_errhandler(handler, &ours));
    MPI_OK(MPI_File_set_errhandler(MPI_FILE_NULL, ours));
    rc = MPI_File_open(MPI_COMM_WORLD, missing, MPI_MODE_RDONLY, MPI_INFO_NULL, &fh);
    CHECK(rc != MPI_SUCCESS && calls == 1 && seen_file == MPI_FILE_NULL && seen_code == rc,
          "handler on MPI_FILE_NULL: calls %d, code %d vs %d", calls, seen_code, rc);
    MPI_OK(MPI_File_set_errhandler(MPI_FILE_NULL, MPI_ERRORS_RETURN));

    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_WRONLY | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));
    MPI_Errhandler current;
    MPI_OK(MPI_File_get_errhandler(fh, &current));
    CHECK(current == MPI_ERRORS_RETURN, "a new file's handler is MPI_ERRORS_RETURN");
    MPI_OK(MPI_File_set_errhandler(fh, ours));
    MPI_OK(MPI_File_get_errhandler(fh, &current));
    CHECK(current == ours, "get_errhandler after set");
    int value = 0;
    calls = 0;
    rc = MPI_File_read_at(fh, 0, &value, 1, MPI_INT, MPI_STATUS_IGNORE);
    MPI_Error_class(rc, &error_class);
    CHECK(error_class == MPI_ERR_ACCESS, "read on WRONLY class %d", error_class);
    CHECK(calls == 1 && seen_file == fh && seen_code == rc, "handler on our file: calls %d", calls);
    MPI_OK(MPI_File_call_errhandler(fh, MPI_ERR_IO));
    CHECK(calls == 2 && seen_code == MPI_ERR_IO && seen_file == fh, "call_errhandler: calls %d", calls);
    MPI_OK(MPI_File_set_errhandler(fh, MPI_ERRORS_RETURN));
    MPI_FAILS(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "internal", MPI_INFO_NULL), MPI_ERR_UNSUPPORTED_DATAREP);
    MPI_FAILS(MPI_File_write_at(fh, 0, &value, -2, MPI_INT, MPI_STATUS_IGNORE), MPI_ERR_COUNT);
    MPI_FAILS(MPI_File_write_at(fh, 0, &value, 1, MPI_DATATYPE_NULL, MPI_STATUS_IGNORE), MPI_ERR_TYPE);
    MPI_FAILS(MPI_File_seek(fh, 0, 12345), MPI_ERR_ARG);
    CHECK(calls == 2, "MPI_ERRORS_RETURN called the old handler");
    MPI_OK(MPI_File_close(&fh));
    MPI_Errhandler_free(&ours);
    MPI_Barrier(MPI_COMM_WORLD);
    if (test_rank() == 0) MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
    test_done("errors");
    MPI_Finalize();
    return 0;
}
