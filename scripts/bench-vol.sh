#!/usr/bin/env bash
# Benchmarks of the HDF5 VOL connector next to their baselines, same run (BENCHMARKS.md):
#   - hacc-io --api hdf5 (4 ranks; shared file and file per process) through the connector,
#     and natively in a local directory (native HDF5 over MPI-IO; BENCH_LOCAL_DIR, default a
#     scratch directory under /tmp), plus --api mpiio natively;
#   - one process streaming a 256 MiB dataset (contiguous, i.e. 1 MiB automatic chunks, and
#     16 MiB chunks) through the connector and natively;
#   - metadata latency (group create/open, link exists, dataset + attribute) through the
#     connector and natively.
# Uses DAOS_SYSTEM_FILE/DAOS_POOL when set, else a private system (scripts/vol/system.sh).
#
#   scripts/bench-vol.sh [-c release|debug] [particles per rank]   (default release, 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=release
if [ "${1:-}" = "-c" ]; then configuration=${2:?-c needs release or debug}; shift 2; fi
particles=${1:-1000000}
ranks=4
HDF5_PREFIX=${HDF5_PREFIX:-/opt/hdf5-1.14.5-ompi}
scratch=${VOL_SCRATCH:-.build-vol}
bin="$HDF5_PREFIX/bin"
work=$(mktemp -d /tmp/bench-vol.XXXXXX)
# shellcheck source=vol/system.sh
. scripts/vol/system.sh
# The native baselines write into a local directory (removed with $work at exit).
local_dir=${BENCH_LOCAL_DIR:-$work}

make -s -C examples/hacc-io BUILD="$work" >/dev/null
"$bin/h5pcc" -O2 -Wl,-rpath,"$HDF5_PREFIX/lib" -o "$work/metadata-ops" scripts/vol/metadata-ops.c
"$bin/h5pcc" -O2 -Wl,-rpath,"$HDF5_PREFIX/lib" -o "$work/big-dataset" scripts/vol/big-dataset.c
mkdir -p "$local_dir/bench-vol.$$"

# hacc <label> <api> <mode> <path> [env -u ... prefix for a native run]
hacc() {
  local label=$1 api=$2 mode=$3 path=$4; shift 4
  "$@" mpiexec --oversubscribe -n "$ranks" -x HDF5_PLUGIN_PATH -x DAOS_SYSTEM_FILE \
    "$work/hacc-io" --api "$api" --mode "$mode" --particles "$particles" "$path" \
    | awk -v name="$label $mode" '/^WRITE|^READ/ { printf "  %-20s %-5s %7.3f GiB/s  (%.3f s)\n", name, $1, $6, $4 }'
}

echo "hacc-io, $ranks ranks, $particles particles per rank ($(date -u +%F), load $(cut -d' ' -f1 /proc/loadavg)):"
for mode in shared fpp; do
  hacc "daos vol" hdf5 "$mode" bench-vol-hacc env
  hacc "native hdf5" hdf5 "$mode" "$local_dir/bench-vol.$$/hacc" env -u HDF5_VOL_CONNECTOR
  hacc "native mpiio" mpiio "$mode" "$local_dir/bench-vol.$$/hacc" env -u HDF5_VOL_CONNECTOR
done
echo "one process, 256 MiB dataset, one H5Dwrite + H5Fflush, one H5Dread:"
echo "  daos vol, contiguous:      $("$work/big-dataset" bench-vol-big.h5)"
echo "  daos vol, 16 MiB chunks:   $("$work/big-dataset" bench-vol-big.h5 4194304)"
echo "  native hdf5, contiguous:   $(env -u HDF5_VOL_CONNECTOR "$work/big-dataset" "$local_dir/bench-vol.$$/big.h5")"
echo "metadata, mean per operation:"
echo "  daos vol:     $("$work/metadata-ops" bench-vol-metadata.h5 200)"
echo "  native hdf5:  $(env -u HDF5_VOL_CONNECTOR "$work/metadata-ops" "$local_dir/bench-vol.$$/metadata.h5" 200)"
rm -rf "$local_dir/bench-vol.$$"
