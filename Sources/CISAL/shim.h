#ifndef SWIFT_DAOS_CISAL_SHIM_H
#define SWIFT_DAOS_CISAL_SHIM_H
// ISA-L: erasure code (ec_*), Galois-field helpers (gf_*), CRC32C (crc32_iscsi), CRC64.
#include <isa-l.h>
#endif
