# Sourced by scripts/test-mpiio.sh and scripts/bench-collective.sh.
# mpiio_system_config NAME STATE_DIR BASE_PORT CAPACITY: prints the daos_server.yml of a private
# 3-engine system (4 targets each, page-cache durability, storage under STATE_DIR) on loopback
# ports BASE_PORT, +10 and +20, each target CAPACITY (e.g. 1GiB) big.
mpiio_system_config() {
  local name=$1 state=$2 base=$3 capacity=$4
  echo "name: $name"
  echo "state_dir: $state"
  echo "service_rank: 0"
  echo "engines:"
  for rank in 0 1 2; do
    echo "  - rank: $rank"
    echo "    targets: 4"
    echo "    storage: $state/engine$rank"
    echo "    fabric_iface_port: $((base + rank * 10))"
    echo "    durability: page-cache"
    echo "    capacity_per_target: $capacity"
  done
}
