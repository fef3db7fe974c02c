#!/usr/bin/env bash
# Two-phase collective buffering on the IO500 ior-hard pattern (examples/ior-hard, 4 ranks,
# interleaved 47,008-byte records, EC_2P1 files in a rd_fac:1 POSIX container through daos:):
# independent calls, then `--collective` (write_at_all/read_at_all) with the hints
# romio_cb_write/romio_cb_read = disable, enable (cb_nodes 1: one host), enable with cb_nodes 2,
# and automatic (the default). Each run gets a fresh private 3-engine system on loopback ports
# from BENCH_CB_BASE_PORT (default 34600, engines use BASE..BASE+20), so every variant starts
# from the same empty storage. Prints one line per run; numbers are GiB/s, slowest rank.
#
#   BENCH_CB_SEGMENTS  records per rank (default 2000: 376 MB)
#   BENCH_CB_REPEATS   runs of each variant (default 3)
#   SWIFT_BUILD_FLAGS  as for scripts/test-mpiio.sh (where the release build is)
set -uo pipefail
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_hwloc_base_binding_policy=none OMPI_MCA_rmaps_base_oversubscribe=1
read -r -a build_flags <<< "${SWIFT_BUILD_FLAGS:--c release}"
bin=$(swift build "${build_flags[@]}" --show-bin-path)
[ -f "$bin/libDaosMPIIO.so" ] || { echo "bench-collective: $bin/libDaosMPIIO.so is missing (swift build ${build_flags[*]})"; exit 1; }
work=$(mktemp -d /tmp/bench-collective.XXXXXX)
state=$work/state
export DAOS_STATE_DIR=$state DAOS_SYSTEM_FILE=$state/system DAOS_POOL=cb DAOS_CONT=c1
base=${BENCH_CB_BASE_PORT:-34600}
trap '"$bin/daos_server" stop >/dev/null 2>&1; rm -rf "$work"' EXIT
make -s -C examples/ior-hard BUILD="$work" >/dev/null || { echo "bench-collective: building examples/ior-hard failed"; exit 1; }
# shellcheck source=mpiio/system.sh
. scripts/mpiio/system.sh

fresh_system() {
    "$bin/daos_server" stop >/dev/null 2>&1
    rm -rf "$state"
    mkdir -p "$state"
    mpiio_system_config bench-collective "$state" "$base" 1GiB > "$state/daos_server.yml"
    "$bin/daos_server" start --config "$state/daos_server.yml" >"$work/start.log" 2>&1 \
        && "$bin/dmg" pool create --size 8G --label "$DAOS_POOL" >/dev/null \
        && "$bin/daos" container create "$DAOS_POOL" "$DAOS_CONT" --type POSIX --properties rd_fac:1 >/dev/null
}

echo "ior-hard, 4 ranks x ${BENCH_CB_SEGMENTS:-2000} records of 47,008 bytes; GiB/s"
for repeat in $(seq "${BENCH_CB_REPEATS:-3}"); do
    for variant in independent disable enable enable-cb_nodes-2 automatic; do
        args=(--collective)
        case $variant in
            independent) args=(); hints="" ;;
            disable) hints="romio_cb_write=disable,romio_cb_read=disable" ;;
            enable) hints="romio_cb_write=enable,romio_cb_read=enable" ;;
            enable-cb_nodes-2) hints="romio_cb_write=enable,romio_cb_read=enable,cb_nodes=2" ;;
            automatic) hints="" ;;
        esac
        fresh_system || { echo "bench-collective: system setup failed"; tail -5 "$work/start.log"; exit 1; }
        out=$(IOR_HARD_HINTS=$hints timeout 900 mpiexec --oversubscribe -n 4 -x LD_PRELOAD="$bin/libDaosMPIIO.so" \
            -x DAOS_SYSTEM_FILE -x DAOS_POOL -x DAOS_CONT -x IOR_HARD_HINTS \
            "$work/ior-hard" --segments "${BENCH_CB_SEGMENTS:-2000}" "${args[@]}" daos:/ior-hard 2>&1)
        write=$(awk '/^WRITE/ { print $(NF-1) }' <<< "$out")
        read=$(awk '/^READ/ { print $(NF-1) }' <<< "$out")
        verified=$(grep -q "CONTENTS VERIFIED" <<< "$out" && echo verified || echo FAILED)
        printf '%s %-18s write %6s  read %6s  %s  (load %s)\n' "$repeat" "$variant" "${write:--}" "${read:--}" "$verified" \
            "$(cut -d' ' -f1 /proc/loadavg)"
    done
done
