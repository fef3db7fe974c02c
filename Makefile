# swift-daos: every target runs the project's set-up first (idempotent, quick when done).
HDF5_PREFIX ?= /opt/hdf5-1.14.5-ompi
export HDF5_PREFIX
export PKG_CONFIG_PATH := $(HDF5_PREFIX)/lib/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))
export LD_LIBRARY_PATH := $(HDF5_PREFIX)/lib$(if $(LD_LIBRARY_PATH),:$(LD_LIBRARY_PATH))
export PATH := $(HDF5_PREFIX)/bin:$(PATH)
# OpenMPI refuses to run as root without these; CI and the dev machines run as root.
export OMPI_ALLOW_RUN_AS_ROOT := 1
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM := 1

SWIFT ?= swift
RELEASE_BIN = .build/release
PREFIX ?= /usr/local
TOOLS = daos_server daos_engine dmg daos daos-bench

.PHONY: setup build build-debug install hacc-io test test-vol bench bench-placement bench-ec bench-mpiio bench-net bench-vol clean

setup:
	@bash scripts/setup.sh

build: setup
	$(SWIFT) build -c release

build-debug: setup
	$(SWIFT) build

# daos_server, daos_engine, dmg, daos and daos-bench into $(PREFIX)/bin (daos_server starts the
# daos_engine next to it).
install: build
	install -d $(PREFIX)/bin
	cd $(RELEASE_BIN) && install -m 755 $(TOOLS) $(abspath $(PREFIX))/bin/

# The main job: HACC-IO through daos: files (EC_2P1) next to OpenMPI's MPI-IO on the local file
# system; starts the default system if none runs and stops what it started.
hacc-io: build
	bash scripts/hacc-io.sh

# Runs every test there is; the last lines are the test runner's summary.
test: setup
	bash scripts/test.sh

# The HDF5 VOL connector end to end: API suites (serial, 4 ranks), h5dump/h5ls, hacc-io --api hdf5
# (a private system on ports 33700+ unless DAOS_SYSTEM_FILE and DAOS_POOL name one).
test-vol: setup
	bash scripts/test-vol.sh

bench: bench-placement bench-ec bench-mpiio

# HACC-IO at a few seconds per run and the IO500 ior-hard pattern, through daos: and through
# OpenMPI's MPI-IO on the local file system, same run (figures in BENCHMARKS.md).
bench-mpiio: build
	HACC_PARTICLES=4000000 HACC_SX=1 HACC_IOR_HARD=1 bash scripts/hacc-io.sh

bench-placement: build
	$(RELEASE_BIN)/daos-bench placement --nodes 1024 --engines 2 --targets 16 --objects 1000000 --class EC_8P2G1

bench-ec: build
	$(RELEASE_BIN)/daos-bench ec

# HDF5 through the VOL connector next to native HDF5 (BENCHMARKS.md "HDF5 VOL connector").
bench-vol: setup
	bash scripts/bench-vol.sh

clean:
	rm -rf .build
