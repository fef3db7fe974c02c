/// The simulated fabric's side of the seam (DESIGN.md §7): a provider named `sim:<world>`
/// makes `FabricDomain`, `Endpoint` and `MemoryRegion` hand every operation to the
/// `FabricSimulator` registered under that name, so the RPC layer and everything above it runs
/// unchanged over a seeded in-process network (`DaosSimulation`).
public protocol FabricSimulator: AnyObject, Sendable {
    /// A new endpoint, listening at `node`/`service` when given (engines), else anywhere.
    func openEndpoint(node: String?, service: String?) throws(FabricError) -> any SimulatedEndpoint
    /// Registers memory for RMA; returns its key.
    func register(_ buffer: UnsafeMutableRawBufferPointer) -> UInt64
    func unregister(key: UInt64)
}

/// One simulated endpoint: the data-path operations of `Endpoint`, same contracts.
public protocol SimulatedEndpoint: AnyObject {
    func name() -> [UInt8]
    func insert(_ address: [UInt8]) throws(FabricError) -> UInt64
    func postReceive(_ buffer: UnsafeMutableRawBufferPointer, token: UInt64) throws(FabricError)
    func send(_ bytes: UnsafeRawBufferPointer, to peer: UInt64, token: UInt64) throws(FabricError)
    func read(into buffer: UnsafeMutableRawBufferPointer, from remote: RemoteMemory, peer: UInt64, token: UInt64) throws(FabricError)
    func write(_ bytes: UnsafeRawBufferPointer, to remote: RemoteMemory, peer: UInt64, token: UInt64) throws(FabricError)
    func poll(max: Int, _ handler: (Completion) -> Void) -> Int
    func wait(timeoutMilliseconds: Int32) throws(FabricError)
    func close()
}

/// Simulators by provider name (`sim:<world>`), for `FabricDomain(provider:)`.
public enum FabricSimulators {
    private nonisolated(unsafe) static var simulators: [String: any FabricSimulator] = [:]
    private static let lock = FabricLock()

    public static func register(_ simulator: any FabricSimulator, provider: String) {
        precondition(provider.hasPrefix(prefix), "a simulated provider's name starts with \(prefix)")
        lock.locked { simulators[provider] = simulator }
    }

    public static func remove(provider: String) {
        lock.locked { _ = simulators.removeValue(forKey: provider) }
    }

    static func lookup(_ provider: String) -> (any FabricSimulator)? {
        lock.locked { simulators[provider] }
    }

    public static let prefix = "sim:"
}
