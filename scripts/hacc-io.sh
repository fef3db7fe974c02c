#!/usr/bin/env bash
# The main job (`make hacc-io`): HACC-IO checkpoint/restart with 4 MPI ranks through `daos:`
# files (LD_PRELOAD=libDaosMPIIO.so, EC_2P1 files in a POSIX container with rd_fac:1), then the
# same runs through OpenMPI's own MPI-IO on the local file system, one comparison table, and a
# non-zero exit if any run failed to verify. Starts the single-host default system if none
# runs (and stops only what it started). `make` has built everything and set the environment.
#
#   HACC_PARTICLES   particles per rank (default 1000000, 38 bytes each)
#   HACC_RANKS       MPI ranks (default 4)
#   HACC_LOCAL_DIR   where the native runs write (default: a scratch dir under /tmp)
#   HACC_SX          1: also daos: runs into SX files (a second container, rd_fac:0) (`make bench`)
#   HACC_IOR_HARD    1: also the IO500 ior-hard pattern (examples/ior-hard), HACC_IOR_SEGMENTS
#                    records of 47,008 bytes per rank (default 2000), both ways (`make bench`)
set -uo pipefail
cd "$(dirname "$0")/.."
# mpiexec refuses root without these (the Makefile exports them too; the script also runs alone).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export LD_LIBRARY_PATH=${HDF5_PREFIX:-/opt/hdf5-1.14.5-ompi}/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
root=$(pwd)
bin=$root/.build/release
particles=${HACC_PARTICLES:-1000000}
ranks=${HACC_RANKS:-4}
work=$(mktemp -d /tmp/hacc-io.XXXXXX)
local_dir=${HACC_LOCAL_DIR:-$work/local}
mkdir -p "$local_dir"
export DAOS_STATE_DIR=${DAOS_STATE_DIR:-/tmp/swift-daos-$(id -u)}
export DAOS_SYSTEM_FILE=${DAOS_SYSTEM_FILE:-$DAOS_STATE_DIR/system}
# The run's own containers, destroyed at the end: a destroyed container gives its space back on
# every target, so repeated runs do not fill the pool (deleted files' versions stay until VOS
# aggregation, which the engines do not run on their own yet).
export DAOS_POOL=hacc DAOS_CONT=hacc-ckpt-$$
sx_container=hacc-sx-$$
started=0
failures=0
created=()

cleanup() {
    local container
    for container in "${created[@]}"; do "$bin/daos" container destroy "$DAOS_POOL" "$container" --force >/dev/null 2>&1 || true; done
    if [ "$started" = 1 ]; then "$bin/daos_server" stop >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

make -s -C examples/hacc-io BUILD="$work" >/dev/null || { echo "hacc-io: building examples/hacc-io failed"; exit 1; }
make -s -C examples/ior-hard BUILD="$work" >/dev/null || { echo "hacc-io: building examples/ior-hard failed"; exit 1; }
library=$bin/libDaosMPIIO.so
[ -f "$library" ] || { echo "hacc-io: $library is missing (make build)"; exit 1; }

if ! "$bin/dmg" system query >/dev/null 2>&1; then
    echo "== starting the single-host default system (3 engines × 4 targets, state in $DAOS_STATE_DIR)"
    "$bin/daos_server" start || { echo "hacc-io: daos_server start failed"; exit 1; }
    started=1
fi
if ! "$bin/dmg" pool query "$DAOS_POOL" >/dev/null 2>&1; then
    # rd_fac:1 for every container of the pool, the HDF5 files' too (EC_2P1GX datasets, like the
    # MPI-IO runs' files; the default would be rd_fac 2 on 3 engines: 3-way replicas).
    "$bin/dmg" pool create --size 8G --label "$DAOS_POOL" --properties rd_fac:1 >/dev/null \
        || { echo "hacc-io: pool create failed"; exit 1; }
fi
"$bin/daos" container create "$DAOS_POOL" "$DAOS_CONT" --type POSIX --properties rd_fac:1 >/dev/null \
    || { echo "hacc-io: container create failed"; exit 1; }
created+=("$DAOS_CONT")
if [ "${HACC_SX:-0}" = 1 ]; then
    "$bin/daos" container create "$DAOS_POOL" "$sx_container" --type POSIX --properties rd_fac:0 >/dev/null \
        || { echo "hacc-io: container create failed"; exit 1; }
    created+=("$sx_container")
fi

mpirun=(mpiexec --oversubscribe -n "$ranks")
declare -A write_bw read_bw verdict

# run <label> <mode> <path> [extra mpiexec args...]: mode fpp|shared runs hacc-io, ior-hard ior-hard.
run() {
    local label=$1 mode=$2 path=$3
    shift 3
    local log=$work/$label.log
    local program=("$work/hacc-io" --mode "$mode" --api mpiio --particles "$particles" "$path")
    case $mode in
        ior-hard) program=("$work/ior-hard" --segments "${HACC_IOR_SEGMENTS:-2000}" "$path") ;;
        hdf5-fpp) program=("$work/hacc-io" --mode fpp --api hdf5 --xfer collective --particles "$particles" "$path") ;;
        hdf5-shared) program=("$work/hacc-io" --mode shared --api hdf5 --xfer collective --particles "$particles" "$path") ;;
    esac
    echo "== $label: ${mpirun[*]} $* ${program[*]}"
    "${mpirun[@]}" "$@" "${program[@]}" >"$log" 2>&1
    local status=$?
    sed 's/^/   /' "$log" | grep -E 'WRITE|READ|CONTENTS|rank|ERROR|error' | head -20
    write_bw[$label]=$(awk '/^WRITE/ { print $(NF-1) }' "$log")
    read_bw[$label]=$(awk '/^READ/ { print $(NF-1) }' "$log")
    if [ $status -eq 0 ] && grep -q 'CONTENTS VERIFIED' "$log"; then
        verdict[$label]=verified
    else
        verdict[$label]="FAILED (exit $status)"
        failures=$((failures + 1))
        tail -8 "$log" | sed 's/^/   | /'
    fi
}

daos_env=(-x LD_PRELOAD="$library" -x DAOS_SYSTEM_FILE -x DAOS_POOL -x DAOS_CONT)
run daos-fpp fpp daos:/checkpoint-fpp "${daos_env[@]}"
run daos-shared shared daos:/checkpoint-shared "${daos_env[@]}"
run native-fpp fpp "$local_dir/checkpoint-fpp"
run native-shared shared "$local_dir/checkpoint-shared"
modes="fpp shared"
# HACC-IO through HDF5: the daos VOL connector (files are containers in the pool) next to HDF5's
# native format over OpenMPI's MPI-IO on the local file system.
if ldd "$work/hacc-io" 2>/dev/null | grep -q libhdf5 && [ -f "$bin/libH5VolDaos.so" ]; then
    mkdir -p "$work/plugin"
    ln -sf "$bin/libH5VolDaos.so" "$work/plugin/libH5VolDaos.so"
    vol_env=(-x HDF5_PLUGIN_PATH="$work/plugin" -x HDF5_VOL_CONNECTOR="daos pool=$DAOS_POOL" -x DAOS_SYSTEM_FILE -x DAOS_POOL)
    run daos-hdf5-fpp hdf5-fpp /hacc-hdf5-fpp "${vol_env[@]}"
    run daos-hdf5-shared hdf5-shared /hacc-hdf5-shared "${vol_env[@]}"
    run native-hdf5-fpp hdf5-fpp "$local_dir/hdf5-fpp"
    run native-hdf5-shared hdf5-shared "$local_dir/hdf5-shared"
    modes="$modes hdf5-fpp hdf5-shared"
fi
if [ "${HACC_SX:-0}" = 1 ]; then
    sx_env=(-x LD_PRELOAD="$library" -x DAOS_SYSTEM_FILE -x DAOS_POOL -x DAOS_CONT="$sx_container")
    run daos-fpp-SX fpp daos:/checkpoint-fpp "${sx_env[@]}"
    run daos-shared-SX shared daos:/checkpoint-shared "${sx_env[@]}"
    write_bw[native-fpp-SX]=${write_bw[native-fpp]:-}; read_bw[native-fpp-SX]=${read_bw[native-fpp]:-}
    write_bw[native-shared-SX]=${write_bw[native-shared]:-}; read_bw[native-shared-SX]=${read_bw[native-shared]:-}
    verdict[native-fpp-SX]=${verdict[native-fpp]}; verdict[native-shared-SX]=${verdict[native-shared]}
    modes="$modes fpp-SX shared-SX"
fi
if [ "${HACC_IOR_HARD:-0}" = 1 ]; then
    run daos-ior-hard ior-hard daos:/ior-hard "${daos_env[@]}"
    run native-ior-hard ior-hard "$local_dir/ior-hard"
    modes="$modes ior-hard"
fi

echo
echo "HACC-IO, $ranks ranks × $particles particles (38 B each), GiB/s; daos: = EC_2P1 files in $DAOS_POOL/$DAOS_CONT (-SX rows: SX files in $DAOS_POOL/$sx_container)"
echo "hdf5-* rows: HDF5 through the daos VOL connector (files are containers in $DAOS_POOL) vs HDF5's native format via MPI-IO on the local file system"
[ "${HACC_IOR_HARD:-0}" = 1 ] && echo "ior-hard: $ranks ranks × ${HACC_IOR_SEGMENTS:-2000} interleaved 47,008-byte records, one shared file"
printf '%-12s %14s %14s %14s %14s %10s %10s  %s\n' mode "daos: write" "native write" "daos: read" "native read" "write ×" "read ×" verified
for mode in $modes; do
    dw=${write_bw[daos-$mode]:-} nw=${write_bw[native-$mode]:-} dr=${read_bw[daos-$mode]:-} nr=${read_bw[native-$mode]:-}
    ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }' || echo -; }
    printf '%-12s %14s %14s %14s %14s %10s %10s  %s\n' "$mode" "${dw:--}" "${nw:--}" "${dr:--}" "${nr:--}" \
        "$(ratio "$dw" "$nw")" "$(ratio "$dr" "$nr")" "daos: ${verdict[daos-$mode]}, native: ${verdict[native-$mode]}"
done
if [ "$failures" -gt 0 ]; then
    echo "hacc-io: $failures run(s) did not verify"
    exit 1
fi
echo "hacc-io: every run verified"
