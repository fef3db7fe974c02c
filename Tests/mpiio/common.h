/* Shared helpers of the MPI-IO driver tests: run under mpiexec with libDaosMPIIO.so preloaded.
 * Each test prints "ok" on rank 0 at the end or exits non-zero after printing what failed. */
#ifndef MPIIO_TEST_COMMON_H
#define MPIIO_TEST_COMMON_H
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int test_rank(void) {
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

#define FAIL(...)                                                               \
    do {                                                                        \
        fprintf(stderr, "rank %d: %s:%d: ", test_rank(), __FILE__, __LINE__);   \
        fprintf(stderr, __VA_ARGS__);                                           \
        fprintf(stderr, "\n");                                                  \
        MPI_Abort(MPI_COMM_WORLD, 1);                                           \
    } while (0)

#define CHECK(cond, ...)            \
    do {                            \
        if (!(cond)) FAIL(__VA_ARGS__); \
    } while (0)

/* An MPI call that must succeed; on failure prints MPI_Error_string. */
#define MPI_OK(call)                                                        \
    do {                                                                    \
        int rc_ = (call);                                                   \
        if (rc_ != MPI_SUCCESS) {                                           \
            char text_[MPI_MAX_ERROR_STRING];                               \
            int length_ = 0;                                                \
            MPI_Error_string(rc_, text_, &length_);                         \
            FAIL("%s failed: %s", #call, text_);                            \
        }                                                                   \
    } while (0)

/* The error class of a call that must fail with `expected`. */
#define MPI_FAILS(call, expected)                                                       \
    do {                                                                                \
        int rc_ = (call), class_ = MPI_SUCCESS;                                         \
        if (rc_ != MPI_SUCCESS) MPI_Error_class(rc_, &class_);                          \
        if (class_ != (expected)) {                                                     \
            char text_[MPI_MAX_ERROR_STRING] = "";                                      \
            int length_ = 0;                                                            \
            if (rc_ != MPI_SUCCESS) MPI_Error_string(rc_, text_, &length_);             \
            FAIL("%s: expected class %d (%s), got %d: %s", #call, (expected), #expected, \
                 class_, text_);                                                        \
        }                                                                               \
    } while (0)

/* The path of a test file: argv[1] (a prefix such as daos:/t or /tmp/dir) + "/" + name. */
static inline void test_path(char *out, size_t size, const char *prefix, const char *name) {
    snprintf(out, size, "%s/%s", prefix, name);
}

static inline void test_done(const char *name) {
    MPI_Barrier(MPI_COMM_WORLD);
    if (test_rank() == 0) printf("%s: ok\n", name);
}
#endif
