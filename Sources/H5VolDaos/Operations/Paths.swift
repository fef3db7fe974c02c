/// HDF5 path names: components separated by '/', absolute when they start with '/', "."
/// meaning "here". Empty components (from "a//b" or a trailing '/') are skipped, as HDF5 does.
enum Paths {
    static func isAbsolute(_ path: String) -> Bool { path.utf8.first == UInt8(ascii: "/") }

    /// The components to walk, without empty ones and "."s.
    static func components(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).filter { $0 != "." }
    }

    /// `name` relative to the absolute path `base` (nil base: unknown, unless `name` is absolute).
    static func join(_ base: String?, _ name: String) -> String? {
        if isAbsolute(name) { return normalized(name) }
        guard let base else { return nil }
        let parts = components(base) + components(name)
        return "/" + parts.joined(separator: "/")
    }

    static func normalized(_ path: String) -> String {
        "/" + components(path).joined(separator: "/")
    }

    /// A link name is one non-empty component ('/' is the separator, "." the current group).
    static func isValidLinkName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && !name.contains("/")
    }
}
