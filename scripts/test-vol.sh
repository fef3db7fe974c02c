#!/usr/bin/env bash
# The HDF5 VOL connector end to end (DESIGN.md §11, §12):
#   1. HDF5's API test suite through the connector, serial and on 4 MPI ranks;
#   2. h5dump of a sample file written natively and through the connector (equal but for the
#      header line naming the file), and h5ls -r of it;
#   3. bad input: a missing file, a container of another type, an unknown pool and no pool
#      fail with an HDF5 error that says why (no crash).
# Prints "h5_api_test: P passed, S skipped, F failed" (and the same for the parallel suite);
# exits non-zero if anything failed.
#
# Uses the running system named by DAOS_SYSTEM_FILE and the pool DAOS_POOL when both are set;
# otherwise builds daos_server, daos_engine and dmg, starts a private system (2 engines × 2
# targets on 127.0.0.1 ports 33700+, state in a temporary directory), creates pool "tank" and
# stops the system at the end.
#
#   scripts/test-vol.sh [-c release|debug]      (default debug; VOL_SCRATCH=<dir> build path)
set -euo pipefail
cd "$(dirname "$0")/.."

configuration=debug
if [ "${1:-}" = "-c" ]; then configuration=${2:?-c needs release or debug}; fi
HDF5_PREFIX=${HDF5_PREFIX:-/opt/hdf5-1.14.5-ompi}
scratch=${VOL_SCRATCH:-.build-vol}
bin="$HDF5_PREFIX/bin"
work=$(mktemp -d /tmp/test-vol.XXXXXX)
failures=0
fail() { echo "FAILED: $*"; failures=$((failures + 1)); }
# shellcheck source=vol/system.sh
. scripts/vol/system.sh

# Counts from the suite's closing lines ("N/M (x%) API tests passed|did not pass|were skipped").
summarize() {
  local name=$1 log=$2 status=$3 passed failed skipped
  passed=$(sed -nE 's/^(At least )?([0-9]+)\/[0-9]+ .* API tests passed.*/\2/p' "$log" | tail -n1)
  failed=$(sed -nE 's/^([0-9]+)\/[0-9]+ .* API tests did not pass.*/\1/p' "$log" | tail -n1)
  skipped=$(sed -nE 's/^([0-9]+)\/[0-9]+ .* API tests were skipped.*/\1/p' "$log" | tail -n1)
  echo "$name: ${passed:-0} passed, ${skipped:-0} skipped, ${failed:-?} failed"
  if [ -z "$failed" ] || [ "$failed" != 0 ] || [ "$status" != 0 ]; then
    fail "$name exited $status (log: $log)"
    grep -B2 -A3 'FAILED' "$log" | head -40 || true
  fi
}

status=0
(cd "$work" && timeout 3600 "$bin/h5_api_test") >"$work/h5_api_test.log" 2>&1 || status=$?
summarize h5_api_test "$work/h5_api_test.log" "$status"

status=0
(cd "$work" && timeout 3600 mpiexec --oversubscribe -n 4 -x HDF5_PLUGIN_PATH -x HDF5_VOL_CONNECTOR -x DAOS_SYSTEM_FILE \
   "$bin/h5_api_test_parallel") >"$work/h5_api_test_parallel.log" 2>&1 || status=$?
summarize h5_api_test_parallel "$work/h5_api_test_parallel.log" "$status"

# h5dump: the same content written natively and through the connector.
cc() { "$bin/h5pcc" -Wl,-rpath,"$HDF5_PREFIX/lib" -o "$work/$1" "scripts/vol/$1.c"; }
cc sample-file; cc open-fails
env -u HDF5_VOL_CONNECTOR "$work/sample-file" "$work/native.h5"
"$work/sample-file" test-vol-sample.h5
env -u HDF5_VOL_CONNECTOR "$bin/h5dump" "$work/native.h5" | tail -n +2 >"$work/native.dump"
if "$bin/h5dump" test-vol-sample.h5 >"$work/daos.dump.full" 2>&1; then
  tail -n +2 "$work/daos.dump.full" >"$work/daos.dump"
  if diff -u "$work/native.dump" "$work/daos.dump" >"$work/dump.diff"; then
    echo "h5dump: equal to the native file ($(wc -l <"$work/daos.dump") lines)"
  else
    fail "h5dump differs from the native file"; head -40 "$work/dump.diff"
  fi
else
  fail "h5dump of the connector's file"; head -20 "$work/daos.dump.full"
fi
if "$bin/h5ls" -r test-vol-sample.h5 >"$work/ls.txt" 2>&1 && grep -q '^/data/nested/chunked' "$work/ls.txt"; then
  echo "h5ls -r: $(wc -l <"$work/ls.txt") objects listed"
else
  fail "h5ls -r"; cat "$work/ls.txt"
fi

# hacc-io --api hdf5 on 4 ranks (collective transfers), kept, then read by the tools.
make -s -C examples/hacc-io BUILD="$work" >/dev/null
if (cd "$work" && timeout 600 mpiexec --oversubscribe -n 4 -x HDF5_PLUGIN_PATH -x HDF5_VOL_CONNECTOR -x DAOS_SYSTEM_FILE \
      ./hacc-io --api hdf5 --mode shared --xfer collective --particles 10000 --keep test-vol-hacc) >"$work/hacc.log" 2>&1 \
   && grep -q 'CONTENTS VERIFIED' "$work/hacc.log"; then
  hacc_file=test-vol-hacc-Part00000000-of-00000001.h5
  if "$bin/h5ls" -r "$hacc_file" >"$work/hacc-ls.txt" 2>&1 && [ "$(grep -c Dataset "$work/hacc-ls.txt")" = 10 ] \
     && "$bin/h5dump" -d /header "$hacc_file" | grep -q '(0): 0, 16, 25165824, 38, 40000, 40000, 4, 1, 0'; then
    echo "hacc-io --api hdf5: 4 ranks verified; h5ls -r lists its 10 datasets, h5dump reads its header"
  else
    fail "h5ls/h5dump of the hacc-io file"; cat "$work/hacc-ls.txt"
  fi
  "$bin/h5delete" "$hacc_file" >/dev/null 2>&1 || fail "h5delete of the hacc-io file"
else
  fail "hacc-io --api hdf5"; tail -20 "$work/hacc.log"
fi

# A read-only handle sees what a writable handle on the same file changed.
cc readonly-links
if "$work/readonly-links" test-vol-links.h5 >"$work/links.log" 2>&1; then
  cat "$work/links.log"
else
  fail "read-only handle after changes"; cat "$work/links.log"
fi

# The connector as a library: H5Pset_fapl_daos and the object class API of H5VolDaos.h.
"$bin/h5pcc" -I Sources/CH5VolDaosShim/include -Wl,-rpath,"$HDF5_PREFIX/lib" -Wl,-rpath,"$(cd "$products" && pwd)" \
  -o "$work/fapl-daos" scripts/vol/fapl-daos.c -L"$products" -lH5VolDaos
if env -u HDF5_VOL_CONNECTOR -u HDF5_PLUGIN_PATH "$work/fapl-daos" "$DAOS_POOL" test-vol-fapl.h5 >"$work/fapl.log" 2>&1; then
  cat "$work/fapl.log"
else
  fail "H5Pset_fapl_daos"; cat "$work/fapl.log"
fi

# Bad input: each open must fail with a message that says why.
bad=0
check_open_fails() {
  if ! "$@" >>"$work/bad-input.log" 2>&1; then fail "bad input: ${*: -2}"; tail -5 "$work/bad-input.log"; else bad=$((bad + 1)); fi
}
check_open_fails "$work/open-fails" no-such-file.h5 "does not exist"
if [ "$own_system" = 1 ]; then
  "$products/daos" container create "$DAOS_POOL" test-vol-posix.h5 --type POSIX >/dev/null
  check_open_fails "$work/open-fails" test-vol-posix.h5 "not an HDF5 file"
fi
check_open_fails env HDF5_VOL_CONNECTOR="daos pool=no-such-pool" DAOS_POOL= "$work/open-fails" test-vol-sample.h5 "no-such-pool"
check_open_fails env HDF5_VOL_CONNECTOR=daos DAOS_POOL= "$work/open-fails" test-vol-sample.h5 "DAOS_POOL"
echo "bad input: $bad checks failed cleanly with a reason"
"$bin/h5delete" test-vol-sample.h5 >/dev/null 2>&1 || true

if [ "$failures" -gt 0 ]; then echo "test-vol: $failures failure(s)"; exit 1; fi
echo "test-vol: all passed"
