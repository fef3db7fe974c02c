#if canImport(Glibc)
import Glibc
#endif

/// Where files live and how new objects are laid out: from the connector info string
/// (`HDF5_VOL_CONNECTOR="daos pool=tank;oclass=S1"`, or `H5Pset_fapl_daos`) and the environment.
///
/// Precedence, highest first:
/// - pool: `DAOS_POOL`, then the info string (vol-daos lets the environment win too);
/// - system file: the info string, then `DAOS_SYSTEM_FILE`, then the per-user default;
/// - object class: an object's creation list (`H5daos_set_object_class`), the FAPL's, the info
///   string, `HDF5_DAOS_OBJ_CLASS`, then the container's default classes;
/// - chunk target: `HDF5_DAOS_CHUNK_TARGET_SIZE`, the info string, then 1 MiB.
struct ConnectorConfig: Equatable, Sendable {
    var pool: String?
    var systemFile: String?
    var objectClass: String?
    var chunkTargetBytes: UInt64?

    static let chunkTargetBytesDefault: UInt64 = 1 << 20
    static let chunkTargetBytesMax: UInt64 = 64 << 20
    /// Keys of the info string, each `key=value`, separated by ';', ',' or white space.
    static let keys = ["pool", "sys", "oclass", "chunk_target_size"]

    init(pool: String? = nil, systemFile: String? = nil, objectClass: String? = nil, chunkTargetBytes: UInt64? = nil) {
        self.pool = pool
        self.systemFile = systemFile
        self.objectClass = objectClass
        self.chunkTargetBytes = chunkTargetBytes
    }

    /// Parses an info string; an unknown key or a malformed size is refused.
    init(infoString text: String) throws(VolError) {
        self.init()
        let separators: Set<Character> = [";", ",", " ", "\t", "\n", "\r"]
        for item in text.split(whereSeparator: { separators.contains($0) }) {
            guard let equals = item.firstIndex(of: "=") else {
                throw VolError("connector info '\(item)' is not key=value (keys: \(Self.keys.joined(separator: ", ")))")
            }
            let key = String(item[..<equals])
            let value = String(item[item.index(after: equals)...])
            guard !value.isEmpty else { throw VolError("connector info key '\(key)' has no value") }
            switch key {
            case "pool": pool = value
            case "sys", "system", "sys_file": systemFile = value
            case "oclass", "object_class": objectClass = value
            case "chunk_target_size": chunkTargetBytes = try Self.parseSize(value, what: "chunk_target_size")
            default:
                throw VolError("unknown connector info key '\(key)' (keys: \(Self.keys.joined(separator: ", ")))")
            }
        }
    }

    /// The info string that parses back to this configuration.
    var infoString: String {
        var items: [String] = []
        if let pool { items.append("pool=" + pool) }
        if let systemFile { items.append("sys=" + systemFile) }
        if let objectClass { items.append("oclass=" + objectClass) }
        if let chunkTargetBytes { items.append("chunk_target_size=\(chunkTargetBytes)") }
        return items.joined(separator: ";")
    }

    /// This configuration with the environment applied (see the precedence above).
    func resolved(environment: (String) -> String? = Self.processEnvironment) throws(VolError) -> ConnectorConfig {
        var result = self
        if let pool = environment("DAOS_POOL"), !pool.isEmpty { result.pool = pool }
        if result.systemFile == nil, let file = environment("DAOS_SYSTEM_FILE"), !file.isEmpty { result.systemFile = file }
        if result.objectClass == nil, let oclass = environment("HDF5_DAOS_OBJ_CLASS"), !oclass.isEmpty {
            result.objectClass = oclass
        }
        if let size = environment("HDF5_DAOS_CHUNK_TARGET_SIZE"), !size.isEmpty {
            result.chunkTargetBytes = try Self.parseSize(size, what: "HDF5_DAOS_CHUNK_TARGET_SIZE")
        }
        return result
    }

    /// Bytes per automatic chunk; 0 means "never split a contiguous dataset" (capped so one
    /// chunk always fits one transfer).
    var effectiveChunkTargetBytes: UInt64 {
        let target = chunkTargetBytes ?? Self.chunkTargetBytesDefault
        return target == 0 ? Self.chunkTargetBytesMax : min(target, Self.chunkTargetBytesMax)
    }

    static func parseSize(_ text: String, what: String) throws(VolError) -> UInt64 {
        var digits = Substring(text)
        var scale: UInt64 = 1
        for (suffix, factor) in [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20),
                                 ("G", 1 << 30)] as [(String, UInt64)] where digits.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            scale = factor
            break
        }
        guard let value = UInt64(digits), case (let bytes, false) = value.multipliedReportingOverflow(by: scale) else {
            throw VolError("\(what)='\(text)' is not a size in bytes")
        }
        return bytes
    }

    static func processEnvironment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}

/// The connector info HDF5 copies around with FAPLs (`info_cls`): an immutable configuration
/// behind an opaque, reference-counted pointer.
final class ConnectorInfo {
    let config: ConnectorConfig

    init(_ config: ConnectorConfig) { self.config = config }

    func retainedPointer() -> UnsafeMutableRawPointer { Unmanaged.passRetained(self).toOpaque() }

    static func borrow(_ pointer: UnsafeRawPointer) -> ConnectorInfo {
        Unmanaged<ConnectorInfo>.fromOpaque(pointer).takeUnretainedValue()
    }

    static func release(_ pointer: UnsafeMutableRawPointer) {
        Unmanaged<ConnectorInfo>.fromOpaque(pointer).release()
    }
}
