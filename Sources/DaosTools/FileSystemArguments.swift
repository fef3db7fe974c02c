import DaosObject

/// One side of `daos fs copy`: a path in a container's namespace (`daos://POOL/CONT/path`,
/// the form ROMIO's DAOS driver and DAOS's own tools use) or a local path.
public enum CopyEndpoint: Equatable, Sendable {
    case daos(pool: String, container: String, path: String)
    case local(String)

    static let scheme = "daos://"

    /// Parses `--src` / `--dst`. In `daos://POOL/CONT/path` the path may be absent (the root).
    public init(parsing text: String, what: String) throws(ToolError) {
        guard !text.isEmpty else { throw .badArgument("\(what) is empty") }
        guard text.hasPrefix(Self.scheme) else {
            self = .local(text)
            return
        }
        let rest = text.dropFirst(Self.scheme.count)
        let parts = rest.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .badArgument("\(what) '\(text.prefix(200))': expected daos://POOL/CONT/path")
        }
        for name in parts[0...1] where name.utf8.count > WireLimits.nameBytesMax {
            throw .badArgument("\(what): pool or container name '\(name.prefix(40))…' is longer than \(WireLimits.nameBytesMax) bytes")
        }
        self = .daos(pool: String(parts[0]), container: String(parts[1]), path: parts.count == 3 ? "/" + parts[2] : "/")
    }

    public var isDaos: Bool {
        if case .daos = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .daos(let pool, let container, let path): Self.scheme + pool + "/" + container + path
        case .local(let path): path
        }
    }
}

/// The arguments of `daos fs set-attr`.
public enum FileSystemAttributeArguments {
    /// `--oclass` and `--chunk-size`: at least one.
    public static func parse(objectClass: String?, chunkSize: String?) throws(ToolError) -> (ObjectClass?, UInt64?) {
        guard objectClass != nil || chunkSize != nil else { throw .badArgument("set-attr needs --oclass, --chunk-size or both") }
        var oclass: ObjectClass?
        if let objectClass { oclass = try PropertyParser.objectClass(objectClass) }
        var bytes: UInt64?
        if let chunkSize {
            guard let parsed = ByteSize.parse(chunkSize), parsed > 0 else {
                throw .badArgument("--chunk-size \(chunkSize.prefix(40)): expected a size such as 1MiB")
            }
            bytes = parsed
        }
        return (oclass, bytes)
    }
}
