/// A path inside one DaosFS namespace, parsed and normalised before anything is looked up.
///
/// Rules (DaosFS has no symbolic links, so purely lexical resolution gives POSIX's answer):
/// - paths are resolved from the root; the leading `/` is optional (`a/b` = `/a/b`);
/// - empty components and `.` are dropped (`//a/./b/` = `/a/b`);
/// - `..` removes the component before it, and at the root stays there (POSIX's `/..` = `/`).
///   The component it removes is not looked up, so `/missing/../a` resolves to `/a`;
/// - a trailing `/` (or a last component `.`/`..`) means the path must name a directory;
/// - a name is 1…255 bytes of UTF-8 without `/` or NUL; a path at most 4,096 bytes.
public struct FilePath: Hashable, Sendable, CustomStringConvertible {
    /// The names from the root down; empty for the root itself.
    public private(set) var components: [String]
    /// The path ended in `/`, `.` or `..`: it must resolve to a directory.
    public private(set) var mustBeDirectory: Bool

    public static let root = FilePath(components: [], mustBeDirectory: false)

    init(components: [String], mustBeDirectory: Bool) {
        self.components = components
        self.mustBeDirectory = mustBeDirectory
    }

    /// Parses and normalises `text`.
    /// - Throws: `.nameTooLong` for a long path or name, `.invalidArgument` for an empty path or
    ///   one with a NUL byte.
    public init(_ text: String) throws(FileSystemError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw .invalidArgument("empty path") }
        guard bytes.count <= FileSystemLimits.pathBytesMax else {
            throw .nameTooLong("path of \(bytes.count) bytes (at most \(FileSystemLimits.pathBytesMax))")
        }
        guard !bytes.contains(0) else { throw .invalidArgument("path contains a NUL byte") }
        var components: [String] = []
        var mustBeDirectory = false
        for part in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            mustBeDirectory = part.isEmpty || part.elementsEqual(".".utf8) || part.elementsEqual("..".utf8)
            if part.isEmpty || part.elementsEqual(".".utf8) { continue }
            if part.elementsEqual("..".utf8) {
                _ = components.popLast()
                continue
            }
            guard part.count <= FileSystemLimits.nameBytesMax else {
                throw .nameTooLong("name of \(part.count) bytes in \(text) (at most \(FileSystemLimits.nameBytesMax))")
            }
            components.append(String(decoding: part, as: UTF8.self))
        }
        // A path that is only slashes and dots names the root, which is a directory anyway.
        self.init(components: components, mustBeDirectory: components.isEmpty ? false : mustBeDirectory)
        precondition(components.count <= FileSystemLimits.pathComponentsMax, "a 4,096-byte path has at most 2,048 names")
    }

    public var isRoot: Bool { components.isEmpty }

    /// The last name (nil for the root).
    public var name: String? { components.last }

    /// The directory holding the last name (the root's parent is nil).
    public var parent: FilePath? {
        guard !isRoot else { return nil }
        return FilePath(components: Array(components.dropLast()), mustBeDirectory: false)
    }

    /// True when `self` is `other` or lies below it (renaming a directory there is refused).
    public func isSame(asOrInside other: FilePath) -> Bool {
        components.count >= other.components.count && Array(components.prefix(other.components.count)) == other.components
    }

    /// This path extended by one name.
    public func appending(_ name: String) throws(FileSystemError) -> FilePath {
        try EntryName.check(name)
        return FilePath(components: components + [name], mustBeDirectory: false)
    }

    /// The normalised text: `/` for the root, else `/a/b`.
    public var description: String { "/" + components.joined(separator: "/") }
}

/// The rules for one entry name (what a directory's dkey holds).
enum EntryName {
    static func check(_ name: String) throws(FileSystemError) {
        let bytes = name.utf8
        guard !bytes.isEmpty else { throw .invalidArgument("empty name") }
        guard bytes.count <= FileSystemLimits.nameBytesMax else {
            throw .nameTooLong("name of \(bytes.count) bytes (at most \(FileSystemLimits.nameBytesMax))")
        }
        guard name != ".", name != ".." else { throw .invalidArgument("'\(name)' cannot name an entry") }
        guard !bytes.contains(UInt8(ascii: "/")), !bytes.contains(0) else {
            throw .invalidArgument("name '\(name)' contains '/' or NUL")
        }
    }
}
