import CFabric

/// A libfabric call that failed, with libfabric's own text for the error.
public struct FabricError: Error, Equatable, CustomStringConvertible {
    public var operation: String
    /// Positive `FI_E*` / errno value.
    public var code: Int32

    public init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code < 0 ? -code : code
    }

    public var description: String {
        "\(operation): \(String(cString: fi_strerror(code))) (\(code))"
    }
}

/// Discovery of what the fabric offers on this host: the providers that give reliable-datagram
/// endpoints with messages and RMA, which is what engines and clients need.
public enum FabricInfo {
    public struct Provider: Hashable, Sendable {
        /// As `DAOS_PROVIDER` names it, e.g. `tcp;ofi_rxm`.
        public var name: String
        public var fabric: String
        public var domain: String
    }

    public static var libraryVersion: (major: UInt32, minor: UInt32) {
        let version = fi_version()
        return (version >> 16, version & 0xFFFF)
    }

    /// RDM providers with FI_MSG and FI_RMA, optionally only those named `provider`.
    public static func providers(named provider: String? = nil) throws(FabricError) -> [Provider] {
        guard let hints = fi_allocinfo() else { throw FabricError("fi_allocinfo", code: FI_ENOMEM) }
        defer { fi_freeinfo(hints) }
        hints.pointee.caps = swift_FI_MSG() | swift_FI_RMA()
        hints.pointee.ep_attr.pointee.type = FI_EP_RDM
        if let provider { hints.pointee.fabric_attr.pointee.prov_name = strdup(provider) }
        var info: UnsafeMutablePointer<fi_info>?
        let rc = fi_getinfo(swift_fi_version(), nil, nil, 0, hints, &info)
        if rc == -FI_ENODATA { return [] }
        guard rc == 0 else { throw FabricError("fi_getinfo", code: rc) }
        defer { fi_freeinfo(info) }
        var found: [Provider] = []
        var cursor = info
        while let entry = cursor {
            let fabric = entry.pointee.fabric_attr.pointee
            let provider = Provider(
                name: fabric.prov_name.map { String(cString: $0) } ?? "",
                fabric: fabric.name.map { String(cString: $0) } ?? "",
                domain: entry.pointee.domain_attr.pointee.name.map { String(cString: $0) } ?? "")
            if !found.contains(provider) { found.append(provider) }
            cursor = entry.pointee.next
        }
        return found
    }
}
