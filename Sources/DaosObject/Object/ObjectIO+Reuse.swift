/// Object endpoints outlive the containers that used them: when an `ObjectIO` goes, its RPC
/// endpoint and its links to the pool's targets wait in the system for the next container
/// opened on the same pool. A process that opens file after file (HDF5 files are containers;
/// an MPI-IO job opens, closes and reopens) then sets up its connections to the targets once,
/// not once per open (measured: the reopen of an HDF5 file reconnected to all 12 targets).
///
/// Invariants: an idle endpoint belongs to no `ObjectIO`, a taken one to exactly one; links
/// are reused only within one pool (they are keyed by the pool map's target numbers); at most
/// `idleEndpointsPerPoolMax` wait per pool, the rest close.
extension DaosSystem {
    struct IdleObjectEndpoint {
        let rpc: RPCClient
        let links: [Int32: RPCLink]
    }

    static let idleEndpointsPerPoolMax = 4

    /// An idle endpoint of `pool`, if one waits.
    func takeObjectEndpoint(pool: WireUUID) -> IdleObjectEndpoint? {
        idleLock.locked { idleObjectEndpoints[pool]?.popLast() }
    }

    /// Keeps `endpoint` for the next container of `pool` (or lets it close when enough wait).
    func giveBack(_ endpoint: IdleObjectEndpoint, pool: WireUUID) {
        idleLock.locked {
            var idle = idleObjectEndpoints[pool] ?? []
            guard idle.count < Self.idleEndpointsPerPoolMax else { return }
            idle.append(endpoint)
            idleObjectEndpoints[pool] = idle
        }
    }
}
