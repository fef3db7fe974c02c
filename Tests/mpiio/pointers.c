/* Individual file pointers: read/write advance them in etypes of the view, seek SET/CUR/END,
 * get_position, get_byte_offset through a strided view, get_type_extent, get_view. */
#include "common.h"

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    CHECK(argc == 2, "usage: pointers daos:/DIR");
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    char path[4096];
    test_path(path, sizeof path, argv[1], "pointers.dat");
    MPI_File fh;
    MPI_OK(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDWR | MPI_MODE_CREATE, MPI_INFO_NULL, &fh));
    /* View: rank r sees ints r, r+P, r+2P, ... after a 16-byte header. */
    MPI_Datatype strided, filetype;
    MPI_Type_vector(1, 1, size, MPI_INT, &strided);
    MPI_Type_create_resized(strided, 0, size * sizeof(int), &filetype);
    MPI_Type_commit(&filetype);
    MPI_OK(MPI_File_set_view(fh, 16 + rank * sizeof(int), MPI_INT, filetype, "native", MPI_INFO_NULL));
    MPI_Offset position = -1;
    MPI_OK(MPI_File_get_position(fh, &position));
    CHECK(position == 0, "position after set_view %lld", (long long)position);
    int values[10];
    for (int i = 0; i < 10; i++) values[i] = rank * 100 + i;
    MPI_OK(MPI_File_write(fh, values, 4, MPI_INT, MPI_STATUS_IGNORE));
    MPI_OK(MPI_File_write_all(fh, values + 4, 6, MPI_INT, MPI_STATUS_IGNORE));
    MPI_OK(MPI_File_get_position(fh, &position));
    CHECK(position == 10, "position after 10 ints %lld", (long long)position);
    MPI_Offset byte = -1;
    MPI_OK(MPI_File_get_byte_offset(fh, 3, &byte));
    CHECK(byte == 16 + (3 * size + rank) * (MPI_Offset)sizeof(int), "byte offset of etype 3: %lld", (long long)byte);
    MPI_OK(MPI_File_sync(fh));
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_OK(MPI_File_sync(fh));

    MPI_OK(MPI_File_seek(fh, 2, MPI_SEEK_SET));
    int back[10];
    MPI_OK(MPI_File_read(fh, back, 3, MPI_INT, MPI_STATUS_IGNORE));
    for (int i = 0; i < 3; i++) CHECK(back[i] == rank * 100 + 2 + i, "read after seek: %d", back[i]);
    MPI_OK(MPI_File_seek(fh, -4, MPI_SEEK_CUR));
    MPI_OK(MPI_File_get_position(fh, &position));
    CHECK(position == 1, "position after SEEK_CUR %lld", (long long)position);
    MPI_OK(MPI_File_read_all(fh, back, 1, MPI_INT, MPI_STATUS_IGNORE));
    CHECK(back[0] == rank * 100 + 1, "read after SEEK_CUR %d", back[0]);
    /* The file holds 10 ints per rank: the end of each rank's view is etype 10. */
    MPI_OK(MPI_File_seek(fh, 0, MPI_SEEK_END));
    MPI_OK(MPI_File_get_position(fh, &position));
    CHECK(position == 10, "SEEK_END position %lld", (long long)position);
    MPI_OK(MPI_File_seek(fh, -1, MPI_SEEK_END));
    MPI_Status status;
    MPI_OK(MPI_File_read(fh, back, 5, MPI_INT, &status));
    int count = -1;
    MPI_Get_count(&status, MPI_INT, &count);
    CHECK(back[0] == rank * 100 + 9, "last int %d", back[0]);
    CHECK(count >= 1, "read at the end got %d ints", count);
    MPI_FAILS(MPI_File_seek(fh, -100, MPI_SEEK_SET), MPI_ERR_ARG);

    MPI_Aint extent = 0;
    MPI_OK(MPI_File_get_type_extent(fh, filetype, &extent));
    CHECK(extent == (MPI_Aint)(size * sizeof(int)), "type extent %ld", (long)extent);
    MPI_Offset displacement;
    MPI_Datatype etype, view_type;
    char datarep[MPI_MAX_DATAREP_STRING];
    MPI_OK(MPI_File_get_view(fh, &displacement, &etype, &view_type, datarep));
    CHECK(displacement == 16 + rank * (MPI_Offset)sizeof(int) && etype == MPI_INT && strcmp(datarep, "native") == 0, "get_view");
    int view_size = 0;
    MPI_Type_size(view_type, &view_size);
    CHECK(view_size == sizeof(int), "view filetype size %d", view_size);
    MPI_Type_free(&view_type);
    MPI_FAILS(MPI_File_set_view(fh, 0, MPI_INT, MPI_INT, "external32", MPI_INFO_NULL), MPI_ERR_UNSUPPORTED_DATAREP);
    MPI_OK(MPI_File_close(&fh));
    MPI_Type_free(&filetype);
    MPI_Type_free(&strided);
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank == 0) MPI_OK(MPI_File_delete(path, MPI_INFO_NULL));
    test_done("pointers");
    MPI_Finalize();
    return 0;
}
