/*
 * ior-hard: the IO500 "ior-hard" access pattern through MPI-IO — one shared file, every rank
 * writing 47,008-byte records interleaved with every other rank's (record i of rank r at
 * (i * nranks + r) * 47008), then reading back the records another rank wrote (IOR's -C) and
 * checking every byte. Like IOR's MPIIO backend it passes the file name to MPI_File_open
 * verbatim, so `daos:` names reach an interposer.
 *
 *   ior-hard [--segments N] [--record-bytes B] [--collective] [--keep] PATH
 *
 * IOR_HARD_HINTS="key=value,key=value" passes MPI-IO hints to both opens (e.g.
 * romio_cb_write=enable,romio_cb_read=enable), as IOR's -U hints file does.
 *
 * Rank 0 prints `WRITE <bytes> bytes <s> s <GiB/s> GiB/s`, the same for READ, then
 * `CONTENTS VERIFIED` — or names the first wrong byte and exits 2. MPI errors exit 1.
 */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int rank, nranks;

static void usage(void)
{
    if (rank == 0)
        fprintf(stderr, "usage: ior-hard [--segments N] [--record-bytes B] [--collective] [--keep] PATH\n");
}

/* Aborts the job on an MPI error, naming the call. */
static void check(int code, const char *call, const char *path)
{
    if (code == MPI_SUCCESS)
        return;
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    fprintf(stderr, "ior-hard: rank %d: %s(%s) failed: %s\n", rank, call, path, text);
    MPI_Abort(MPI_COMM_WORLD, 1);
}

/* The byte at `index` of record `segment` written by `writer`: differs per writer, record and byte. */
static unsigned char pattern(int writer, long long segment, long long index)
{
    uint64_t x = (uint64_t)writer * 0x9E3779B97F4A7C15ull ^ (uint64_t)segment * 0xBF58476D1CE4E5B9ull ^ (uint64_t)index;
    x ^= x >> 31;
    x *= 0x94D049BB133111EBull;
    x ^= x >> 29;
    return (unsigned char)x;
}

static void fill(unsigned char *buffer, int writer, long long segment, long long bytes)
{
    for (long long i = 0; i < bytes; i++)
        buffer[i] = pattern(writer, segment, i);
}

/* The hints of IOR_HARD_HINTS ("key=value,..."), or MPI_INFO_NULL. */
static MPI_Info hints_from_environment(void)
{
    const char *given = getenv("IOR_HARD_HINTS");
    if (given == NULL || *given == '\0')
        return MPI_INFO_NULL;
    MPI_Info info;
    MPI_Info_create(&info);
    size_t length = strlen(given);
    char *copy = malloc(length + 1);
    memcpy(copy, given, length + 1);
    for (char *pair = copy; pair != NULL && *pair != '\0';) {
        char *comma = strchr(pair, ','), *equals = strchr(pair, '=');
        if (comma != NULL)
            *comma = '\0';
        if (equals == NULL || (comma != NULL && equals > comma)) {
            if (rank == 0) fprintf(stderr, "ior-hard: IOR_HARD_HINTS: \"%s\" is not key=value\n", pair);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
        *equals = '\0';
        MPI_Info_set(info, pair, equals + 1);
        pair = comma != NULL ? comma + 1 : NULL;
    }
    free(copy);
    return info;
}

static void report(const char *what, long long bytes, double seconds)
{
    double gib = (double)bytes / (1024.0 * 1024.0 * 1024.0);
    printf("%-6s %lld bytes  %.6f s  %.3f GiB/s\n", what, bytes, seconds, seconds > 0 ? gib / seconds : 0.0);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nranks);
    long long segments = 1000, record = 47008;
    int collective = 0, keep = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        char *end = NULL;
        if (strcmp(argv[i], "--segments") == 0 && i + 1 < argc) {
            segments = strtoll(argv[++i], &end, 10);
            if (*end != '\0' || segments <= 0) { usage(); MPI_Finalize(); return 2; }
        } else if (strcmp(argv[i], "--record-bytes") == 0 && i + 1 < argc) {
            record = strtoll(argv[++i], &end, 10);
            if (*end != '\0' || record <= 0 || record > (1 << 30)) { usage(); MPI_Finalize(); return 2; }
        } else if (strcmp(argv[i], "--collective") == 0) {
            collective = 1;
        } else if (strcmp(argv[i], "--keep") == 0) {
            keep = 1;
        } else if (argv[i][0] == '-' || path != NULL) {
            usage();
            MPI_Finalize();
            return 2;
        } else {
            path = argv[i];
        }
    }
    if (path == NULL) { usage(); MPI_Finalize(); return 2; }
    unsigned char *buffer = malloc((size_t)record);
    unsigned char *expected = malloc((size_t)record);
    if (buffer == NULL || expected == NULL) { fprintf(stderr, "ior-hard: out of memory\n"); MPI_Abort(MPI_COMM_WORLD, 1); }

    MPI_Info hints = hints_from_environment();
    MPI_File file;
    MPI_Status status;
    int count = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    double started = MPI_Wtime();
    check(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_CREATE | MPI_MODE_RDWR, hints, &file), "MPI_File_open", path);
    for (long long segment = 0; segment < segments; segment++) {
        fill(buffer, rank, segment, record);
        MPI_Offset offset = (MPI_Offset)((segment * nranks + rank) * record);
        if (collective)
            check(MPI_File_write_at_all(file, offset, buffer, (int)record, MPI_BYTE, &status), "MPI_File_write_at_all", path);
        else
            check(MPI_File_write_at(file, offset, buffer, (int)record, MPI_BYTE, &status), "MPI_File_write_at", path);
        MPI_Get_count(&status, MPI_BYTE, &count);
        if (count != record) { fprintf(stderr, "ior-hard: rank %d: short write: %d of %lld bytes\n", rank, count, record); MPI_Abort(MPI_COMM_WORLD, 1); }
    }
    check(MPI_File_sync(file), "MPI_File_sync", path);
    check(MPI_File_close(&file), "MPI_File_close", path);
    MPI_Barrier(MPI_COMM_WORLD);
    double wrote = MPI_Wtime() - started, slowest = 0;
    MPI_Reduce(&wrote, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    long long total = segments * nranks * record;
    if (rank == 0) {
        printf("ior-hard: ranks=%d segments=%lld record=%lld %s path=%s hints=%s\n", nranks, segments, record,
               collective ? "collective" : "independent", path, hints == MPI_INFO_NULL ? "none" : getenv("IOR_HARD_HINTS"));
        report("WRITE", total, slowest);
    }

    /* Read back what the next rank wrote (IOR's -C: no cache on the reading side helps). */
    int source = (rank + 1) % nranks;
    long long mismatch = -1, mismatchSegment = -1;
    MPI_Barrier(MPI_COMM_WORLD);
    started = MPI_Wtime();
    check(MPI_File_open(MPI_COMM_WORLD, path, MPI_MODE_RDONLY, hints, &file), "MPI_File_open", path);
    for (long long segment = 0; segment < segments; segment++) {
        MPI_Offset offset = (MPI_Offset)((segment * nranks + source) * record);
        if (collective)
            check(MPI_File_read_at_all(file, offset, buffer, (int)record, MPI_BYTE, &status), "MPI_File_read_at_all", path);
        else
            check(MPI_File_read_at(file, offset, buffer, (int)record, MPI_BYTE, &status), "MPI_File_read_at", path);
        MPI_Get_count(&status, MPI_BYTE, &count);
        if (count != record) { fprintf(stderr, "ior-hard: rank %d: short read: %d of %lld bytes\n", rank, count, record); MPI_Abort(MPI_COMM_WORLD, 1); }
        if (mismatch < 0) {
            fill(expected, source, segment, record);
            for (long long i = 0; i < record; i++)
                if (buffer[i] != expected[i]) { mismatch = i; mismatchSegment = segment; break; }
        }
    }
    check(MPI_File_close(&file), "MPI_File_close", path);
    MPI_Barrier(MPI_COMM_WORLD);
    double read = MPI_Wtime() - started;
    MPI_Reduce(&read, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);
    if (mismatch >= 0)
        fprintf(stderr, "ior-hard: rank %d: record %lld of rank %d differs at byte %lld\n", rank, mismatchSegment, source, mismatch);
    int bad = mismatch >= 0, anyBad = 0;
    MPI_Allreduce(&bad, &anyBad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (rank == 0) {
        report("READ", total, slowest);
        printf(anyBad ? "CONTENTS MISMATCH\n" : " CONTENTS VERIFIED... Success\n");
    }
    if (!anyBad && !keep && rank == 0)
        check(MPI_File_delete(path, MPI_INFO_NULL), "MPI_File_delete", path);
    if (hints != MPI_INFO_NULL)
        MPI_Info_free(&hints);
    free(buffer);
    free(expected);
    MPI_Finalize();
    return anyBad ? 2 : 0;
}
