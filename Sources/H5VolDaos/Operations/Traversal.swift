import CHDF5
import DaosObject

/// Walking paths: links are looked up group by group; soft links are resolved relative to the
/// group that holds them (at most `softLinkDepthMax` deep, HDF5's H5L_NUM_LINKS default);
/// external links open the other file through this connector.
enum Traversal {
    static let softLinkDepthMax = 16
    static let externalLinkType: Int32 = 64

    /// Follows `path` from `start`; nil when a component does not exist or a soft link dangles.
    static func resolve(_ start: Location, _ path: String, depth: Int = 0) throws(VolError) -> Location? {
        var current = Paths.isAbsolute(path)
            ? Location(file: start.file, oid: start.file.rootID, path: "/", lease: start.lease) : start
        for component in Paths.components(path) {
            guard current.kind == .group else {
                throw VolError("cannot look up '\(component)' in \(current.path ?? "an object") : it is not a group")
            }
            guard let link = try current.link(component) else { return nil }
            guard let next = try follow(link, named: component, in: current, depth: depth) else { return nil }
            current = next
        }
        return current
    }

    /// Like `resolve`, but a missing object is an error naming the path.
    static func require(_ start: Location, _ path: String) throws(VolError) -> Location {
        guard let found = try resolve(start, path) else { throw VolError("object '\(path)' does not exist") }
        return found
    }

    /// The object a link points at; nil for a dangling soft or external link.
    static func follow(_ link: LinkRecord, named name: String, in group: Location,
                       depth: Int) throws(VolError) -> Location? {
        let path = Paths.join(group.path, name)
        switch link.target {
        case .hard(let id):
            return Location(file: group.file, oid: id, path: path, lease: group.lease)
        case .soft(let target):
            guard depth < softLinkDepthMax else { throw VolError("more than \(softLinkDepthMax) soft links in a row at '\(name)'") }
            guard var found = try resolve(group, target, depth: depth + 1) else { return nil }
            found = Location(file: found.file, oid: found.oid, path: path ?? found.path, lease: found.lease)
            return found
        case .userDefined(let type, let value) where type == externalLinkType:
            guard depth < softLinkDepthMax else { throw VolError("more than \(softLinkDepthMax) links in a row at '\(name)'") }
            let (fileName, objectPath) = try ExternalLink.unpack(value)
            return try ExternalLink.open(fileName: fileName, objectPath: objectPath, from: group.file)
        case .userDefined(let type, _):
            throw VolError("cannot traverse link '\(name)' of user-defined type \(type)")
        }
    }

    /// The group that holds the last component of `path`, and that component. With
    /// `createIntermediate`, missing groups on the way are created (H5Pset_create_intermediate_group).
    static func parent(_ start: Location, _ path: String,
                       createIntermediate: Bool = false) throws(VolError) -> (Location, String) {
        var components = Paths.components(path)
        guard let leaf = components.popLast() else { throw VolError("'\(path)' names no link") }
        var current = Paths.isAbsolute(path)
            ? Location(file: start.file, oid: start.file.rootID, path: "/", lease: start.lease) : start
        for component in components {
            guard current.kind == .group else { throw VolError("'\(component)' in '\(path)': \(current.path ?? "object") is not a group") }
            if let link = try current.link(component) {
                guard let next = try follow(link, named: component, in: current, depth: 0) else {
                    throw VolError("'\(component)' in '\(path)' is a dangling link")
                }
                current = next
            } else if createIntermediate {
                current = try Groups.createIntermediate(in: current, named: component)
            } else {
                throw VolError("'\(component)' in '\(path)' does not exist")
            }
        }
        guard current.kind == .group else { throw VolError("'\(path)': the parent of '\(leaf)' is not a group") }
        return (current, leaf)
    }
}

/// External links (user-defined type 64): HDF5's packed value is a flags byte, the file name
/// and the object path, both NUL-terminated.
enum ExternalLink {
    static func unpack(_ value: [UInt8]) throws(VolError) -> (file: String, object: String) {
        guard value.count >= 3 else { throw VolError("external link value of \(value.count) bytes") }
        let body = value.dropFirst()
        let parts = body.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { throw VolError("external link value is not two NUL-terminated names") }
        return (String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self))
    }

    /// Opens `fileName` with the linking file's access list and intent, and resolves the path.
    static func open(fileName: String, objectPath: String, from file: VolFile) throws(VolError) -> Location? {
        let flags = file.isWritable ? swift_H5F_ACC_RDWR() : swift_H5F_ACC_RDONLY()
        let target = try FileAccess.open(name: fileName, flags: flags, fapl: file.fapl.raw)
        // The traversal keeps the file open through its lease; the handle use goes away now.
        let lease = FileUse(target)
        try target.close()
        let root = Location(file: target, oid: target.rootID, path: "/", lease: lease)
        return try Traversal.resolve(root, objectPath)
    }
}
