#!/usr/bin/env bash
# The MPI-IO driver's tests: builds libDaosMPIIO.so and the servers, builds the C and Fortran
# programs of Tests/mpiio (and examples/hacc-io) with mpicc/mpif90 into a temporary directory,
# starts a 3-engine system on loopback ports from $MPIIO_BASE_PORT (default 33500), and runs
# every program under `mpiexec --oversubscribe -n 4` with the driver LD_PRELOADed. Prints one
# line per test, `mpiio: <name>: ok|FAILED`, then a summary; stops the system; exits non-zero
# when any test failed.
#
#   SWIFT_BUILD_FLAGS   extra `swift build` flags, e.g. "--scratch-path .build-x -c release"
#   MPIIO_BASE_PORT     first engine port (three engines use BASE..BASE+24)
#   MPIIO_KEEP=1        keep the temporary directory (logs, state) for a look afterwards
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
HDF5_PREFIX=${HDF5_PREFIX:-/opt/hdf5-1.14.5-ompi}
# OpenMPI's shared-memory transport and a busy 2-core machine: keep mpiexec from binding ranks.
export OMPI_MCA_hwloc_base_binding_policy=none OMPI_MCA_rmaps_base_oversubscribe=1

read -r -a build_flags <<< "${SWIFT_BUILD_FLAGS:-}"
for product in DaosMPIIO daos_server daos_engine dmg daos; do
  swift build "${build_flags[@]}" --product "$product" > /dev/null || { echo "mpiio: build of $product failed"; exit 1; }
done
bin=$(swift build "${build_flags[@]}" --show-bin-path)
plugin="$bin/libDaosMPIIO.so"

work=$(mktemp -d /tmp/swift-daos-mpiio.XXXXXX)
state="$work/state"
mkdir -p "$state" "$work/bin" "$work/native" "$work/logs"
export DAOS_STATE_DIR="$state" DAOS_SYSTEM_FILE="$state/system"
export DAOS_POOL=mpiio DAOS_CONT=c1
unset DAOS_UNS_PREFIX DAOS_BYPASS_DUNS DAOS_MPIIO_REPORT

stop_system() {
  "$bin/daos_server" stop > "$work/logs/stop.log" 2>&1 || true
  if [ "${MPIIO_KEEP:-0}" = 1 ]; then echo "mpiio: kept $work"; else rm -rf "$work"; fi
}
trap stop_system EXIT

# --- programs -------------------------------------------------------------------------------
c_tests=(forward open_close sizes explicit views pointers shared nonblocking atomic errors fatal collective)
for t in "${c_tests[@]}"; do
  mpicc -O1 -Wall -o "$work/bin/$t" "Tests/mpiio/$t.c" > "$work/logs/build-$t.log" 2>&1 \
    || { echo "mpiio: $t: FAILED (does not compile)"; cat "$work/logs/build-$t.log"; exit 1; }
done
fortran_built=1
mpif90 -O1 -o "$work/bin/fortran" Tests/mpiio/fortran.f90 > "$work/logs/build-fortran.log" 2>&1 || fortran_built=0
"$HDF5_PREFIX/bin/h5pcc" -O1 -Wl,-rpath,"$HDF5_PREFIX/lib" -o "$work/bin/hdf5_mpio" Tests/mpiio/hdf5_mpio.c > "$work/logs/build-hdf5_mpio.log" 2>&1 \
  || { echo "mpiio: hdf5_mpio: FAILED (does not compile)"; cat "$work/logs/build-hdf5_mpio.log"; exit 1; }
make -s -C examples/hacc-io BUILD="$work/bin" > "$work/logs/build-hacc-io.log" 2>&1 \
  || { echo "mpiio: hacc-io: FAILED (does not compile)"; exit 1; }

# --- system ---------------------------------------------------------------------------------
# shellcheck source=mpiio/system.sh
. scripts/mpiio/system.sh
base=${MPIIO_BASE_PORT:-33500}
# The ports lie in Linux's ephemeral range (32768+): a client socket of another process may hold
# one for a while. Then the next 100 ports are tried (twice at most).
for attempt in 1 2 3; do
  mpiio_system_config mpiio-test "$state" "$base" 1GiB > "$state/daos_server.yml"
  if "$bin/daos_server" start --config "$state/daos_server.yml" > "$work/logs/start.log" 2>&1; then
    break
  fi
  if [ "$attempt" -lt 3 ] && grep -q "Address already in use" "$work/logs/start.log"; then
    echo "mpiio: ports $base+ are in use; trying $((base + 100))+"
    "$bin/daos_server" stop > /dev/null 2>&1 || true
    base=$((base + 100))
    continue
  fi
  echo "mpiio: system: FAILED to start"; tail -20 "$work/logs/start.log"; exit 1
done
"$bin/dmg" pool create --size 4G --label "$DAOS_POOL" > "$work/logs/pool.log" 2>&1 \
  && "$bin/daos" container create "$DAOS_POOL" "$DAOS_CONT" --type POSIX --properties rd_fac:1 > "$work/logs/cont.log" 2>&1 \
  || { echo "mpiio: pool/container: FAILED"; cat "$work/logs/pool.log" "$work/logs/cont.log"; exit 1; }

# --- tests ----------------------------------------------------------------------------------
passed=0
failed=0
mpirun4() {
  timeout 150 mpiexec --oversubscribe -n 4 -x LD_PRELOAD="$plugin" -x DAOS_SYSTEM_FILE -x DAOS_POOL -x DAOS_CONT "$@"
}

# report NAME STATUS: one line per test; the log's tail when it failed.
report() {
  if [ "$2" = ok ]; then
    echo "mpiio: $1: ok"; passed=$((passed + 1))
  else
    echo "mpiio: $1: FAILED"; failed=$((failed + 1)); tail -15 "$work/logs/$1.log" | sed 's/^/    /'
  fi
}

# run NAME EXPECTED-LINE COMMAND...: ok when the command exits 0 and prints the line.
run() {
  local name=$1 expected=$2
  shift 2
  if (cd "$work" && mpirun4 "$@") > "$work/logs/$name.log" 2>&1 && grep -q -- "$expected" "$work/logs/$name.log"; then
    report "$name" ok
  else
    report "$name" failed
  fi
}

run forward "forward: ok" "$work/bin/forward" "$work/native"
for t in open_close sizes explicit pointers shared nonblocking atomic errors; do
  run "$t" "$t: ok" "$work/bin/$t" "daos:/$t"
done
run views "views: ok" "$work/bin/views" "daos:/views" "$work/native"
# Two-phase collective buffering: besides the data and counts the program checks, the per-rank
# report (DAOS_MPIIO_REPORT=1) must show aggregator rounds (cb_write, cb_read) where the hints
# ask for aggregation and none where they do not.
run_collective() {
  local mode=$1 aggregates=$2 log="$work/logs/collective-$1.log"
  if (cd "$work" && mpirun4 -x DAOS_MPIIO_REPORT=1 "$work/bin/collective" daos:/collective "$mode") > "$log" 2>&1 \
      && grep -q "collective $mode: ok" "$log"; then
    if [ "$aggregates" = yes ] && grep -q "cb_write [1-9]" "$log" && grep -q "cb_read [1-9]" "$log"; then
      report "collective-$mode" ok
    elif [ "$aggregates" = no ] && ! grep -q "cb_\(write\|read\) [0-9]" "$log"; then
      report "collective-$mode" ok
    else
      echo "    (aggregator rounds in the report do not match: expected aggregation: $aggregates)" >> "$log"
      report "collective-$mode" failed
    fi
  else
    report "collective-$mode" failed
  fi
}
run_collective all yes
run_collective independent no
run_collective automatic yes
# MPI_ERRORS_ARE_FATAL must abort the job, with the driver's message.
if (cd "$work" && mpirun4 "$work/bin/fatal" daos:/fatal) > "$work/logs/fatal.log" 2>&1; then
  report fatal failed
elif grep -q "MPI_ERRORS_ARE_FATAL: daos:/fatal/fatal.dat" "$work/logs/fatal.log" \
    && ! grep -q "still running" "$work/logs/fatal.log"; then
  report fatal ok
else
  report fatal failed
fi
if [ "$fortran_built" = 1 ]; then
  run fortran "fortran: ok" "$work/bin/fortran" "daos:/fortran"
else
  cp "$work/logs/build-fortran.log" "$work/logs/fortran.log"; report fortran failed
fi
run hacc-io-fpp "CONTENTS VERIFIED" "$work/bin/hacc-io" --api mpiio --mode fpp --particles 20000 --header-bytes 65536 daos:/hacc/fpp
run hacc-io-shared "CONTENTS VERIFIED" "$work/bin/hacc-io" --api mpiio --mode shared --particles 20000 daos:/hacc/shared

run hdf5_mpio "hdf5_mpio: ok" "$work/bin/hdf5_mpio" daos:/hdf5/native.h5 "$work/native/native.h5"
# HDF5's own MPI-IO conformance program, its files on daos: (HDF5_PARAPREFIX).
export HDF5_PARAPREFIX=daos:/t_mpi
run t_mpi "MPI tests finished with no errors" -x HDF5_PARAPREFIX "$HDF5_PREFIX/bin/t_mpi"
unset HDF5_PARAPREFIX

echo "mpiio: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
