import CDaosMPIIOLoad
import DaosObject
#if canImport(Glibc)
import Glibc
#endif

/// Called by the library's load-time constructor (Sources/CDaosMPIIOLoad), before `main`.
///
/// In a process started by an MPI launcher (mpiexec sets `OMPI_COMM_WORLD_SIZE`, PMIx
/// `PMIX_RANK`, MPICH's Hydra `PMI_RANK`) libfabric's one-time initialisation starts on a
/// thread now, so it overlaps MPI_Init instead of delaying the first `daos:` open by 0.2 s
/// (FabricDomain+EarlyInit.swift). Other processes that happen to inherit LD_PRELOAD (a shell,
/// mpiexec itself) pay nothing. With a system file in reach, the system is prepared too: the
/// domain and the endpoints the first open needs (DaosSystem+Prepared.swift).
@_cdecl("swift_daos_mpiio_loaded")
public func swift_daos_mpiio_loaded() {
    let launchers: [String] = ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"]
    let launched = launchers.contains { name in getenv(name) != nil }
    guard launched else { return }
    DaosSystem.prepareInBackground()
}
