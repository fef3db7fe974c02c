#ifndef SWIFT_DAOS_CFABRIC_SHIM_H
#define SWIFT_DAOS_CFABRIC_SHIM_H
#include <rdma/fabric.h>
#include <rdma/fi_domain.h>
#include <rdma/fi_endpoint.h>
#include <rdma/fi_cm.h>
#include <rdma/fi_tagged.h>
#include <rdma/fi_rma.h>
#include <rdma/fi_errno.h>

// FI_VERSION is a function-like macro: Swift cannot call it.
static inline uint32_t swift_fi_version(void) { return FI_VERSION(1, 17); }

// Capability and mode bits are 64-bit macros built from shifts.
static inline uint64_t swift_FI_MSG(void) { return FI_MSG; }
static inline uint64_t swift_FI_RMA(void) { return FI_RMA; }
static inline uint64_t swift_FI_READ(void) { return FI_READ; }
static inline uint64_t swift_FI_WRITE(void) { return FI_WRITE; }
static inline uint64_t swift_FI_REMOTE_READ(void) { return FI_REMOTE_READ; }
static inline uint64_t swift_FI_REMOTE_WRITE(void) { return FI_REMOTE_WRITE; }
static inline uint64_t swift_FI_SEND(void) { return FI_SEND; }
static inline uint64_t swift_FI_RECV(void) { return FI_RECV; }
static inline uint64_t swift_FI_SOURCE(void) { return FI_SOURCE; }
static inline uint64_t swift_FI_CONTEXT(void) { return FI_CONTEXT; }
static inline uint64_t swift_FI_CONTEXT2(void) { return FI_CONTEXT2; }
static inline uint64_t swift_FI_ADDR_UNSPEC(void) { return FI_ADDR_UNSPEC; }
static inline int swift_FI_MR_LOCAL(void) { return FI_MR_LOCAL; }
static inline int swift_FI_MR_VIRT_ADDR(void) { return FI_MR_VIRT_ADDR; }
static inline int swift_FI_MR_ALLOCATED(void) { return FI_MR_ALLOCATED; }
static inline int swift_FI_MR_PROV_KEY(void) { return FI_MR_PROV_KEY; }
#endif
