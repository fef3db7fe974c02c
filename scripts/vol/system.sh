# Sourced by scripts/test-vol.sh and scripts/bench-vol.sh: builds what they need and, unless
# DAOS_SYSTEM_FILE and DAOS_POOL name a running system and pool, starts a private system
# (2 engines × 2 targets on 127.0.0.1 ports VOL_BASE_PORT (33700)+, page-cache durability, state in $work) with
# pool "tank", stopped again on exit; VOL_STORAGE_DIR=<dir> puts the engines' storage there
# (e.g. /dev/shm, as daos-bench obj does). Needs: configuration, scratch, work, HDF5_PREFIX.
# Sets: products, HDF5_PLUGIN_PATH, HDF5_VOL_CONNECTOR, own_system.

build() { swift build --scratch-path "$scratch" -c "$configuration" --product "$1" >"$work/build-$1.log" 2>&1 \
            || { cat "$work/build-$1.log"; exit 1; }; }

export PKG_CONFIG_PATH="$HDF5_PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
build H5VolDaos
products="$scratch/$configuration"
# HDF5 dlopens every lib*.so in the plugin directory: give it a directory with only ours.
mkdir -p "$work/plugin"
ln -sf "$(cd "$products" && pwd)/libH5VolDaos.so" "$work/plugin/libH5VolDaos.so"
export HDF5_PLUGIN_PATH="$work/plugin"

own_system=0
if [ -z "${DAOS_SYSTEM_FILE:-}" ] || [ -z "${DAOS_POOL:-}" ]; then
  own_system=1
  build daos_server; build daos_engine; build dmg; build daos
  export DAOS_STATE_DIR="$work/state" DAOS_SYSTEM_FILE="$work/state/system" DAOS_POOL=tank
  storage="${VOL_STORAGE_DIR:-$work}/vol-engines.$$"
  mkdir -p "$DAOS_STATE_DIR" "$storage"
  cat >"$DAOS_STATE_DIR/daos_server.yml" <<YAML
name: daos_server
state_dir: $DAOS_STATE_DIR
service_rank: 0
engines:
  - {rank: 0, targets: 2, storage: $storage/engine0, fabric_iface_addr: 127.0.0.1,
     fabric_iface_port: ${VOL_BASE_PORT:-33700}, durability: page-cache, capacity_per_target: 2GiB}
  - {rank: 1, targets: 2, storage: $storage/engine1, fabric_iface_addr: 127.0.0.1,
     fabric_iface_port: $(( ${VOL_BASE_PORT:-33700} + 10 )), durability: page-cache, capacity_per_target: 2GiB}
YAML
  "$products/daos_server" start --config "$DAOS_STATE_DIR/daos_server.yml" >/dev/null
  trap '"$products/daos_server" stop >/dev/null 2>&1 || true; rm -rf "$work" "$storage"' EXIT
  "$products/dmg" pool create --size 4G tank >/dev/null
else
  trap 'rm -rf "$work"' EXIT
fi
export HDF5_VOL_CONNECTOR="daos pool=$DAOS_POOL"
