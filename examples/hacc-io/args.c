/* hacc-io: command-line parsing. */
#include "hacc-io.h"

/* ------------------------------------------------------------------------ */
/* argument parsing                                                         */
/* ------------------------------------------------------------------------ */

void usage(FILE *f)
{
    fprintf(f,
            "usage: hacc-io [--mode fpp|shared] [--api mpiio|posix|hdf5] "
            "[--xfer independent|collective] [--particles N] "
            "[--header-bytes B] [--keep] PATH\n"
            "  --mode fpp|shared   file per process (default) or one shared "
            "file\n"
            "  --api mpiio|posix|hdf5\n"
            "                      I/O interface (default mpiio; hdf5 only "
            "when built with HDF5)\n"
            "  --xfer independent|collective\n"
            "                      HDF5 raw data transfer mode (default "
            "independent)\n"
            "  --particles N       particles per rank, 1..2147483647 "
            "(default %lld)\n"
            "  --header-bytes B    header region size in bytes "
            "(default %lld)\n"
            "  --keep              keep the files (default: delete after a "
            "successful verification)\n"
            "  PATH                file prefix; files are "
            "PATH-Part%%08d-of-%%08d.data (.h5 with --api hdf5)\n",
            DEFAULT_PARTICLES, DEFAULT_HEADER_BYTES);
}

/* Parse a decimal integer; returns 0 on success. */
int parse_ll(const char *s, long long *out)
{
    char *end = NULL;
    if (s == NULL || *s == '\0') {
        return -1;
    }
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0') {
        return -1;
    }
    *out = v;
    return 0;
}

/*
 * Returns -1 to continue, otherwise an exit code.  Only rank 0 prints.
 * `--opt value` and `--opt=value` are both accepted.
 */
int parse_args(int argc, char **argv, struct config *cfg, int rank)
{
    const char *particles_s = NULL;
    const char *header_s = NULL;
    int no_more_opts = 0;

    cfg->shared = 0;
    cfg->api = API_MPIIO;
    cfg->collective = 0;
    cfg->particles = DEFAULT_PARTICLES;
    cfg->header_bytes = DEFAULT_HEADER_BYTES;
    cfg->keep = 0;
    cfg->verify_only = 0;
    cfg->path = NULL;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!no_more_opts && a[0] == '-' && a[1] != '\0') {
            if (strcmp(a, "--") == 0) {
                no_more_opts = 1;
                continue;
            }
            if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
                if (rank == 0) {
                    usage(stdout);
                }
                return 0;
            }
            if (strcmp(a, "--keep") == 0) {
                cfg->keep = 1;
                continue;
            }
            if (strcmp(a, "--verify-only") == 0) { /* hidden */
                cfg->verify_only = 1;
                continue;
            }
            static const char *const valued[] = {"--mode", "--api",
                                                 "--particles",
                                                 "--header-bytes", "--xfer"};
            int which = -1;
            const char *val = NULL;
            for (int k = 0; k < 5; k++) {
                size_t l = strlen(valued[k]);
                if (strncmp(a, valued[k], l) == 0) {
                    if (a[l] == '\0') {
                        which = k;
                        if (i + 1 >= argc) {
                            if (rank == 0) {
                                fprintf(stderr,
                                        "hacc-io: option %s needs a value\n",
                                        a);
                                usage(stderr);
                            }
                            return 2;
                        }
                        val = argv[++i];
                    } else if (a[l] == '=') {
                        which = k;
                        val = a + l + 1;
                    }
                    if (which >= 0) {
                        break;
                    }
                }
            }
            if (which < 0) {
                if (rank == 0) {
                    fprintf(stderr, "hacc-io: unknown option '%s'\n", a);
                    usage(stderr);
                }
                return 2;
            }
            int bad = 0;
            switch (which) {
            case 0:
                if (strcmp(val, "fpp") == 0) {
                    cfg->shared = 0;
                } else if (strcmp(val, "shared") == 0) {
                    cfg->shared = 1;
                } else {
                    bad = 1;
                }
                break;
            case 1:
                if (strcmp(val, "mpiio") == 0) {
                    cfg->api = API_MPIIO;
                } else if (strcmp(val, "posix") == 0) {
                    cfg->api = API_POSIX;
#ifdef HACC_IO_HDF5
                } else if (strcmp(val, "hdf5") == 0) {
                    cfg->api = API_HDF5;
#endif
                } else {
                    bad = 1;
                }
                break;
            case 2:
                particles_s = val;
                break;
            case 3:
                header_s = val;
                break;
            default:
                if (strcmp(val, "independent") == 0) {
                    cfg->collective = 0;
                } else if (strcmp(val, "collective") == 0) {
                    cfg->collective = 1;
                } else {
                    bad = 1;
                }
                break;
            }
            if (bad) {
                if (rank == 0) {
                    fprintf(stderr, "hacc-io: invalid value '%s' for %s\n",
                            val, valued[which]);
                    usage(stderr);
                }
                return 2;
            }
            continue;
        }
        if (cfg->path != NULL) {
            if (rank == 0) {
                fprintf(stderr, "hacc-io: unexpected extra argument '%s'\n",
                        a);
                usage(stderr);
            }
            return 2;
        }
        cfg->path = a;
    }

    if (cfg->path == NULL || cfg->path[0] == '\0') {
        if (rank == 0) {
            fprintf(stderr, "hacc-io: missing PATH (see hacc-io --help)\n");
        }
        return 2;
    }
    if (particles_s != NULL) {
        if (parse_ll(particles_s, &cfg->particles) != 0 ||
            cfg->particles <= 0 || cfg->particles > INT_MAX) {
            if (rank == 0) {
                fprintf(stderr,
                        "hacc-io: --particles must be an integer in "
                        "1..%d, got '%s'\n",
                        INT_MAX, particles_s);
            }
            return 2;
        }
    }
    if (header_s != NULL) {
        if (parse_ll(header_s, &cfg->header_bytes) != 0 ||
            cfg->header_bytes <= 0 || cfg->header_bytes > INT_MAX) {
            if (rank == 0) {
                fprintf(stderr,
                        "hacc-io: --header-bytes must be an integer in "
                        "1..%d, got '%s'\n",
                        INT_MAX, header_s);
            }
            return 2;
        }
    }
    if (cfg->api == API_POSIX && strncmp(cfg->path, "daos:", 5) == 0) {
        if (rank == 0) {
            fprintf(stderr,
                    "hacc-io: --api posix needs a local path, got '%s'\n",
                    cfg->path);
        }
        return 2;
    }
    return -1;
}
