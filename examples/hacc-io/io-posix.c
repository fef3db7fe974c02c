/* hacc-io: the POSIX back end. */
#include "hacc-io.h"

/* ------------------------------------------------------------------------ */
/* POSIX                                                                    */
/* ------------------------------------------------------------------------ */

void pwrite_all(int fd, const void *buf, size_t len, off_t off,
                       const char *fn)
{
    const char *b = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t r = pwrite(fd, b + done, len - done, off + (off_t)done);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            die_errno("pwrite", fn, errno);
        }
        if (r == 0) {
            char msg[256];
            snprintf(msg, sizeof msg,
                     "pwrite(%s) at offset %lld wrote 0 bytes (%zu of %zu "
                     "done)",
                     fn, (long long)off, done, len);
            die_msg(msg);
        }
        done += (size_t)r;
    }
}

void pread_all(int fd, void *buf, size_t len, off_t off, const char *fn)
{
    char *b = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t r = pread(fd, b + done, len - done, off + (off_t)done);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            die_errno("pread", fn, errno);
        }
        if (r == 0) {
            char msg[256];
            snprintf(msg, sizeof msg,
                     "pread(%s) at offset %lld: short read: end of file "
                     "after %zu of %zu bytes",
                     fn, (long long)off, done, len);
            die_msg(msg);
        }
        done += (size_t)r;
    }
}

int open_or_die(const char *fn, int flags)
{
    int fd;
    do {
        fd = open(fn, flags, 0644);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        die_errno("open", fn, errno);
    }
    return fd;
}

void close_or_die(int fd, const char *fn)
{
    if (close(fd) != 0) {
        die_errno("close", fn, errno);
    }
}

void posix_write(const struct layout *L, const struct particles *p,
                        const unsigned char *h)
{
    const char *fn = L->fname;
    int fd;

    if (L->prank == 0) {
        fd = open_or_die(fn, O_WRONLY | O_CREAT);
        if (ftruncate(fd, (off_t)L->file_bytes) != 0) {
            die_errno("ftruncate", fn, errno);
        }
        close_or_die(fd, fn);
    }
    MPI_Barrier(L->pcomm);

    fd = open_or_die(fn, O_WRONLY);
    for (int k = 0; k < NVARS; k++) {
        pwrite_all(fd, p->var[k], (size_t)L->n * (size_t)var_bytes[k],
                   (off_t)var_offset(L, k), fn);
    }
    if (L->prank == 0) {
        pwrite_all(fd, h, (size_t)L->header_bytes, 0, fn);
    }
    close_or_die(fd, fn);
}

unsigned char *posix_read_header(const struct layout *L)
{
    const char *fn = L->fname;
    unsigned char *h = xmalloc((size_t)L->header_bytes);
    int fd = open_or_die(fn, O_RDONLY);
    pread_all(fd, h, (size_t)L->header_bytes, 0, fn);
    close_or_die(fd, fn);
    return h;
}

void posix_read_data(const struct layout *L, struct particles *p)
{
    const char *fn = L->fname;
    int fd = open_or_die(fn, O_RDONLY);
    for (int k = 0; k < NVARS; k++) {
        pread_all(fd, p->var[k], (size_t)L->n * (size_t)var_bytes[k],
                  (off_t)var_offset(L, k), fn);
    }
    close_or_die(fd, fn);
}
