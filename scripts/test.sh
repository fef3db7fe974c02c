#!/usr/bin/env bash
# Runs every test of the project (called by `make test`, which has set up the environment).
# Ends with the swift test runner's summary and a plain "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests
# Simulation seeds replay across processes only with a fixed hash seed (DaosSimulation/README.md).
export SWIFT_DETERMINISTIC_HASHING=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
swift test --skip-build 2>&1 | tee "$log" || status=${PIPESTATUS[0]}
total=$(sed -nE 's/^.*Test run with ([0-9]+) tests? .*/\1/p' "$log" | tail -n1)
failed=$(grep -E '^✘ Test ' "$log" | grep -vE '^✘ Test run ' | grep -cE ' failed after ' || true)
[ -n "$total" ] || total=0
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
# The MPI-IO driver under mpiexec (its own system on ports 33500+), HDF5's t_mpi over daos: included.
mpiio_log=$(mktemp)
trap 'rm -f "$log" "$mpiio_log"' EXIT
mpiio_status=0
bash scripts/test-mpiio.sh 2>&1 | tee "$mpiio_log" || mpiio_status=${PIPESTATUS[0]}
mpiio_passed=$(sed -nE 's/^mpiio: ([0-9]+) passed, ([0-9]+) failed$/\1/p' "$mpiio_log" | tail -n1)
mpiio_failed=$(sed -nE 's/^mpiio: ([0-9]+) passed, ([0-9]+) failed$/\2/p' "$mpiio_log" | tail -n1)
[ -n "$mpiio_passed" ] || mpiio_passed=0
[ -n "$mpiio_failed" ] || mpiio_failed=0
[ "$mpiio_status" -eq 0 ] || [ "$mpiio_failed" -gt 0 ] || mpiio_failed=1
[ "$mpiio_status" -eq 0 ] || status=$mpiio_status
# The HDF5 VOL connector: HDF5's API test suites (serial and 4 ranks), h5dump/h5ls, bad input,
# against a private system on ports 33700+ (scripts/test-vol.sh), built from this tree.
vol_log=$(mktemp)
trap 'rm -f "$log" "$mpiio_log" "$vol_log"' EXIT
vol_status=0
env -u DAOS_SYSTEM_FILE -u DAOS_POOL VOL_SCRATCH=.build bash scripts/test-vol.sh 2>&1 | tee "$vol_log" || vol_status=${PIPESTATUS[0]}
vol_failed=0
[ "$vol_status" -eq 0 ] || { vol_failed=1; status=$vol_status; }
seeds=$(sed -nE 's/^simulation seeds ran: ([0-9]+).*/\1/p' "$log" | awk '{ sum += $1 } END { print sum + 0 }')
echo "simulation: ${seeds:-0} seeds ran (scenarios × seeds; SIM_SEEDS=<n> changes the count)"
echo "mpiexec tests (scripts/test-mpiio.sh): $mpiio_passed passed, $mpiio_failed failed"
grep -E '^h5_api_test(_parallel)?: ' "$vol_log" || echo "h5_api_test: did not run"
echo "HDF5 VOL checks (scripts/test-vol.sh): $([ "$vol_failed" -eq 0 ] && echo passed || echo FAILED)"
echo "tests: $((total - failed + mpiio_passed + 1 - vol_failed)) passed, $((failed + mpiio_failed + vol_failed)) failed"
exit "$status"
