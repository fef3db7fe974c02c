/// Where a `daos:` file name points: a pool, a container in it (labels or UUIDs) and a path
/// inside the container's namespace. The forms follow ROMIO's DAOS driver:
///
///     daos://POOL/CONT/dir/file            pool and container in the name
///     daos:/dir/file  + DAOS_UNS_PREFIX=daos://POOL/CONT[/sub]   path under the prefix
///     daos:/dir/file  + DAOS_POOL, DAOS_CONT                     path from the container root
///     daos:/dir/file  + DAOS_BYPASS_DUNS=1, DAOS_POOL, DAOS_CONT  basename in the root (ROMIO)
///
/// A relative path (`daos:file`) is taken from the container root: there is no current
/// directory inside a container. Names without the `daos:` prefix are not ours at all.
struct DaosFileName: Hashable, CustomStringConvertible {
    static let prefix = "daos:"

    let pool: String
    let container: String
    /// Absolute, as DaosFS takes it ("/dir/file").
    let path: String

    var description: String { "daos://\(pool)/\(container)\(path)" }

    /// The key of the pool and container, for caches of mounts.
    var containerKey: String { "\(pool)/\(container)" }

    /// True when `name` is one the driver handles.
    static func isOurs(_ name: String) -> Bool { name.utf8.starts(with: prefix.utf8) }

    /// Resolves `name` with the process's environment.
    init(_ name: String, environment: (String) -> String? = Diagnostics.environment) throws(MPIIOError) {
        guard Self.isOurs(name) else { throw .badFile("\(name) does not start with \(Self.prefix)") }
        let rest = String(name.dropFirst(Self.prefix.count))
        if rest.hasPrefix("//") {
            (pool, container, path) = try Self.splitURL(rest, whole: name)
            return
        }
        if let unsPrefix = environment("DAOS_UNS_PREFIX"), !unsPrefix.isEmpty {
            guard unsPrefix.hasPrefix("daos://") else {
                throw .badFile("DAOS_UNS_PREFIX=\(unsPrefix): only daos://POOL/CONT[/dir] prefixes are supported (no dfuse UNS paths)")
            }
            let (pool, container, base) = try Self.splitURL(String(unsPrefix.dropFirst(Self.prefix.count)), whole: unsPrefix)
            self.pool = pool
            self.container = container
            path = Self.join(base, rest)
            return
        }
        guard let pool = environment("DAOS_POOL"), !pool.isEmpty else {
            throw .badFile("\(name): set DAOS_POOL and DAOS_CONT, or DAOS_UNS_PREFIX=daos://POOL/CONT, or name daos://POOL/CONT/path")
        }
        guard let container = environment("DAOS_CONT"), !container.isEmpty else {
            throw .badFile("\(name): DAOS_POOL is set but DAOS_CONT is not")
        }
        self.pool = pool
        self.container = container
        if let bypass = environment("DAOS_BYPASS_DUNS"), bypass != "0", !bypass.isEmpty {
            let base = rest.split(separator: "/").last.map(String.init) ?? ""
            path = "/" + base
        } else {
            path = Self.join("/", rest)
        }
    }

    /// "//POOL/CONT/rest" → (POOL, CONT, "/rest").
    private static func splitURL(_ text: String, whole: String) throws(MPIIOError) -> (String, String, String) {
        let parts = text.dropFirst(2).split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .badFile("\(whole): expected daos://POOL/CONT/path")
        }
        let path = parts.count == 3 ? "/" + parts[2] : "/"
        return (String(parts[0]), String(parts[1]), path)
    }

    private static func join(_ base: String, _ rest: String) -> String {
        let left = base.hasSuffix("/") ? String(base.dropLast()) : base
        let right = rest.hasPrefix("/") ? rest : "/" + rest
        return left + right
    }
}
