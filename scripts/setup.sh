#!/usr/bin/env bash
# One-command set-up for a fresh machine. Idempotent: each step checks before it acts,
# so a second run takes well under a second.
#
#   1. Debian packages the project builds against (OpenMPI, libfabric, ISA-L, build tools).
#   2. HDF5 1.14.5 (parallel, with its API test suite) from Debian's next-release source
#      package, built into one fixed prefix: bookworm's HDF5 1.10 has no VOL layer.
#   3. Best effort: the fixed engine ports of the default system, the tests and the benchmarks
#      (31416-34999) are taken out of Linux's ephemeral range, so no client socket's local
#      port ever holds one when an engine binds it (an engine failed to start with
#      EADDRINUSE once). Skipped where /proc/sys is read-only.
set -euo pipefail

HDF5_PREFIX=${HDF5_PREFIX:-/opt/hdf5-1.14.5-ompi}
HDF5_SOURCE_VERSION=1.14.5+repack-3
HDF5_SOURCE_SUITE=trixie
WORK=${SETUP_WORK:-/var/tmp/swift-daos-setup}

log() { printf 'setup: %s\n' "$*" >&2; }

packages=(libopenmpi-dev openmpi-bin gfortran libfabric-dev libfabric-bin libisal-dev
          cmake ninja-build pkg-config dpkg-dev zlib1g-dev build-essential)

missing_packages() {
  local p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
}

apt_updated=0
apt_update_once() {
  if [ "$apt_updated" = 0 ]; then
    apt-get update -qq >&2
    apt_updated=1
  fi
}

install_packages() {
  local missing
  missing=$(missing_packages)
  [ -z "$missing" ] && return 0
  log "installing:" $missing
  apt_update_once
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >&2
}

# The deb-src entry reuses the URIs of the machine's own Debian sources, so no host name is
# ever written into the repository.
add_source_entry() {
  local list=/etc/apt/sources.list.d/swift-daos-hdf5-src.sources
  [ -f "$list" ] && return 0
  local uris
  uris=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null \
           | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)
  if [ -z "$uris" ] && [ -f /etc/apt/sources.list ]; then
    uris=$(awk '$1=="deb" && $2 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' \
             /etc/apt/sources.list)
  fi
  [ -n "$uris" ] || { log "no Debian apt source found to reuse for deb-src"; exit 1; }
  cat >"$list" <<SRC
Types: deb-src
URIs: $uris
Suites: $HDF5_SOURCE_SUITE
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  apt_updated=0
}

hdf5_complete() {
  local f
  for f in bin/h5dump bin/h5pcc bin/h5_api_test bin/h5_api_test_parallel bin/t_mpi \
           lib/libhdf5.so include/hdf5.h lib/pkgconfig/hdf5.pc .complete; do
    [ -e "$HDF5_PREFIX/$f" ] || return 1
  done
}

build_hdf5() {
  hdf5_complete && return 0
  log "building HDF5 $HDF5_SOURCE_VERSION into $HDF5_PREFIX (about 2 minutes)"
  add_source_entry
  apt_update_once
  mkdir -p "$WORK"
  cd "$WORK"
  local src
  src=$(ls -d hdf5-1.14.5*/ 2>/dev/null | head -n1 || true)
  if [ -z "$src" ]; then
    apt-get source -qq --download-only "hdf5=$HDF5_SOURCE_VERSION" >&2
    dpkg-source --no-check -x hdf5_*.dsc >&2
    src=$(ls -d hdf5-1.14.5*/ | head -n1)
  fi
  local build="$WORK/build"
  rm -rf "$build"
  CC=mpicc cmake -S "$src" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_INSTALL_PREFIX="$HDF5_PREFIX" \
    -DCMAKE_INSTALL_RPATH="$HDF5_PREFIX/lib" \
    -DBUILD_SHARED_LIBS=ON -DBUILD_STATIC_LIBS=OFF \
    -DHDF5_ENABLE_PARALLEL=ON \
    -DHDF5_BUILD_TOOLS=ON -DHDF5_BUILD_HL_LIB=ON \
    -DHDF5_BUILD_FORTRAN=OFF -DHDF5_BUILD_CPP_LIB=OFF -DHDF5_BUILD_JAVA=OFF \
    -DHDF5_BUILD_EXAMPLES=OFF -DHDF5_BUILD_DOC=OFF \
    -DBUILD_TESTING=ON -DHDF5_TEST_API=ON -DHDF5_TEST_API_INSTALL=ON -DHDF5_TEST_PARALLEL=ON \
    -DHDF5_TEST_SERIAL=ON -DHDF5_TEST_TOOLS=OFF -DHDF5_TEST_EXAMPLES=OFF \
    -DHDF5_TEST_FORTRAN=OFF -DHDF5_TEST_CPP=OFF -DHDF5_TEST_JAVA=OFF \
    -DHDF5_ENABLE_Z_LIB_SUPPORT=ON -DHDF5_ENABLE_SZIP_SUPPORT=OFF \
    -DHDF5_ENABLE_PLUGIN_SUPPORT=OFF >"$WORK/cmake.log" 2>&1 \
    || { tail -n 40 "$WORK/cmake.log" >&2; exit 1; }
  # Only what the project uses: the library, tools, HL, the API tests and t_mpi.
  ninja -C "$build" install >"$WORK/ninja.log" 2>&1 \
    || { tail -n 40 "$WORK/ninja.log" >&2; exit 1; }
  local t
  t=$(find "$build" -type f -name t_mpi -perm -u+x | head -n1)
  [ -n "$t" ] || { log "t_mpi was not built"; exit 1; }
  install -m 755 "$t" "$HDF5_PREFIX/bin/t_mpi"
  for t in h5_api_test h5_api_test_parallel; do
    [ -e "$HDF5_PREFIX/bin/$t" ] || {
      local f; f=$(find "$build" -type f -name "$t" -perm -u+x | head -n1)
      [ -n "$f" ] && install -m 755 "$f" "$HDF5_PREFIX/bin/$t"
    }
  done
  touch "$HDF5_PREFIX/.complete"
  hdf5_complete || { log "HDF5 prefix incomplete after build"; exit 1; }
  log "HDF5 ready in $HDF5_PREFIX"
}

# HDF5's own hdf5.pc names neither OpenMPI's include directory (H5public.h includes mpi.h in a
# parallel build); the CHDF5 module reads this one instead.
write_hdf5_pkgconfig() {
  local pc="$HDF5_PREFIX/lib/pkgconfig/swift-daos-hdf5.pc"
  local mpi_cflags
  mpi_cflags=$(pkg-config --cflags ompi-c)
  local want
  want=$(cat <<PC
prefix=$HDF5_PREFIX
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: swift-daos-hdf5
Description: HDF5 1.14.5 (parallel, OpenMPI) as the CHDF5 module sees it
Version: 1.14.5
Libs: -L\${libdir} -lhdf5 -lhdf5_hl
Cflags: -I\${includedir} $mpi_cflags
PC
)
  [ -f "$pc" ] && [ "$(cat "$pc")" = "$want" ] && return 0
  printf '%s\n' "$want" >"$pc"
}

reserve_engine_ports() {
  local file=/proc/sys/net/ipv4/ip_local_reserved_ports want=31416-34999
  [ -w "$file" ] || return 0
  grep -q "$want" "$file" 2>/dev/null && return 0
  local current
  current=$(cat "$file")
  echo "${current:+$current,}$want" >"$file" 2>/dev/null || log "could not reserve ports $want (continuing)"
}

install_packages
build_hdf5
write_hdf5_pkgconfig
reserve_engine_ports
