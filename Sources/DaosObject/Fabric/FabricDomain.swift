import CFabric
#if canImport(Glibc)
import Glibc
#endif

/// An opened fabric and access domain for one provider: what every endpoint, memory
/// registration and address vector of a process hangs off. Engines open one and create an
/// endpoint per target on it; clients open one per process.
public final class FabricDomain: @unchecked Sendable {
    // @unchecked: the handles are immutable after init and the domain is opened FI_THREAD_SAFE.
    public let provider: String
    // Nil for a simulated provider (`sim:<world>`), whose operations go to `simulator`.
    let info: UnsafeMutablePointer<fi_info>!
    let fabric: UnsafeMutablePointer<fid_fabric>!
    let domain: UnsafeMutablePointer<fid_domain>!
    let simulator: (any FabricSimulator)?
    /// Where a simulated domain's endpoints listen.
    let simulatedNode: String?
    let simulatedService: String?
    /// RMA addresses are virtual addresses (else offsets into the registration).
    let virtualAddressing: Bool
    /// Local buffers need a registration descriptor for sends, receives and RMA.
    public let localRegistration: Bool
    /// The provider picks registration keys (else we do).
    let providerKeys: Bool

    /// `DAOS_PROVIDER` from the environment, else `tcp;ofi_rxm` (DAOS's default).
    public static var defaultProvider: String {
        getenv("DAOS_PROVIDER").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "tcp;ofi_rxm"
    }

    /// Provider parameters the project needs other than libfabric's defaults, set in the
    /// environment (libfabric reads them once, at its first `fi_getinfo` in the process) unless
    /// the user set them. ofi_rxm advances connection set-up only every
    /// `FI_OFI_RXM_CM_PROGRESS_INTERVAL` µs of polling, 10 ms by default: a client's first
    /// contact with each of a pool's targets cost 10 ms, one after another (measured: 100 ms
    /// for a file's first set_size over 12 targets). 1 ms keeps a connection to a few ms at
    /// one clock check per millisecond of polling.
    /// ofi_rxm's shared receive context posts `FI_OFI_RXM_MSG_RX_SIZE` bounce buffers of 16 KiB
    /// per endpoint when the endpoint opens, 4096 by default: 64 MiB allocated and touched, and
    /// on a VM that backs memory lazily that took 150 ms per endpoint in an engine (a target's
    /// first container lookup: 190–230 ms) and 31 ms in a client. 256 (4 MiB) opens an
    /// endpoint in 8 ms, and our RPC layer posts its own receive buffers besides.
    /// ofi_rxm's bounce buffers stay at 16 KiB (`FI_OFI_RXM_BUFFER_SIZE`), though every endpoint
    /// allocates and touches pools of them (8 ms per endpoint alone on this VM, the larger part
    /// of a process's first `daos:` open) and smaller ones open faster. Tried (Fabric/README.md):
    /// 2 KiB with an eager limit covering our largest frame; 8 KiB with frames above it in
    /// segments. Both passed the RPC tests; neither was safe enough to keep.
    static func setProviderDefaults() {
        setenv("FI_OFI_RXM_CM_PROGRESS_INTERVAL", "1000", 0)
        setenv("FI_OFI_RXM_MSG_RX_SIZE", "256", 0)
    }

    /// What `fi_getinfo` offers for `provider` with the capabilities and modes we use; the
    /// caller frees it. The first call in a process initialises every provider libfabric has.
    static func getInfo(provider: String, node: String? = nil, service: String? = nil) throws(FabricError)
        -> UnsafeMutablePointer<fi_info> {
        setProviderDefaults()
        guard let hints = fi_allocinfo() else { throw FabricError("fi_allocinfo", code: Int32(FI_ENOMEM)) }
        defer { fi_freeinfo(hints) }
        hints.pointee.caps = swift_FI_MSG() | swift_FI_RMA() | swift_FI_READ() | swift_FI_WRITE()
            | swift_FI_REMOTE_READ() | swift_FI_REMOTE_WRITE() | swift_FI_SEND() | swift_FI_RECV()
        hints.pointee.mode = swift_FI_CONTEXT() | swift_FI_CONTEXT2()
        hints.pointee.ep_attr.pointee.type = FI_EP_RDM
        hints.pointee.domain_attr.pointee.threading = FI_THREAD_SAFE
        hints.pointee.domain_attr.pointee.mr_mode = swift_FI_MR_LOCAL() | swift_FI_MR_VIRT_ADDR()
            | swift_FI_MR_ALLOCATED() | swift_FI_MR_PROV_KEY()
        hints.pointee.fabric_attr.pointee.prov_name = strdup(provider)
        var found: UnsafeMutablePointer<fi_info>?
        let flags: UInt64 = node != nil || service != nil ? swift_FI_SOURCE() : 0
        try fabricCheck("fi_getinfo", fi_getinfo(swift_fi_version(), node, service, flags, hints, &found))
        guard let info = found else { throw FabricError("fi_getinfo", code: Int32(FI_ENODATA)) }
        return info
    }

    /// Opens `provider` for reliable-datagram endpoints with messages and RMA. `node` and
    /// `service` choose the local interface and port to listen on (nil: the provider's choice).
    public init(provider: String = FabricDomain.defaultProvider, node: String? = nil, service: String? = nil) throws(FabricError) {
        if provider.hasPrefix(FabricSimulators.prefix) {
            guard let simulator = FabricSimulators.lookup(provider) else { throw FabricError("fi_getinfo", code: -Int32(FI_ENODATA)) }
            self.provider = provider
            self.simulator = simulator
            simulatedNode = node
            simulatedService = service
            info = nil
            fabric = nil
            domain = nil
            virtualAddressing = true
            localRegistration = false
            providerKeys = true
            return
        }
        simulator = nil
        simulatedNode = nil
        simulatedService = nil
        let info = try Self.getInfo(provider: provider, node: node, service: service)
        var fabric: UnsafeMutablePointer<fid_fabric>?
        do throws(FabricError) {
            try fabricCheck("fi_fabric", fi_fabric(info.pointee.fabric_attr, &fabric, nil))
        } catch {
            fi_freeinfo(info)
            throw error
        }
        var domain: UnsafeMutablePointer<fid_domain>?
        do throws(FabricError) {
            try fabricCheck("fi_domain", fi_domain(fabric, info, &domain, nil))
        } catch {
            fi_close(&fabric!.pointee.fid)
            fi_freeinfo(info)
            throw error
        }
        self.provider = provider
        self.info = info
        self.fabric = fabric!
        self.domain = domain!
        let mrMode = info.pointee.domain_attr.pointee.mr_mode
        virtualAddressing = mrMode & swift_FI_MR_VIRT_ADDR() != 0
        localRegistration = mrMode & swift_FI_MR_LOCAL() != 0
        providerKeys = mrMode & swift_FI_MR_PROV_KEY() != 0
    }

    deinit {
        guard simulator == nil else { return }
        fi_close(&domain.pointee.fid)
        fi_close(&fabric.pointee.fid)
        fi_freeinfo(info)
    }

    /// Provider-chosen fabric and domain names (e.g. the interface for tcp).
    public var fabricName: String { simulator != nil ? provider : info.pointee.fabric_attr.pointee.name.map { String(cString: $0) } ?? "" }
    public var domainName: String { simulator != nil ? simulatedNode ?? "" : info.pointee.domain_attr.pointee.name.map { String(cString: $0) } ?? "" }

    private var nextKey: UInt64 = 1
    private let keyLock = FabricLock()

    func requestedKey() -> UInt64 {
        keyLock.locked { () -> UInt64 in
            defer { nextKey += 1 }
            return nextKey
        }
    }
}

/// A small pthread mutex for the few fabric objects shared between threads.
final class FabricLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}
