import CHDF5
import DaosObject


@_cdecl("h5vd_link_create")
public func h5vd_link_create(_ arguments: UnsafeMutablePointer<H5VL_link_create_args_t>?,
                             _ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?, _ lcpl: hid_t,
                             _ lapl: hid_t, _ dxpl: hid_t, _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Lcreate") { () throws(VolError) in
        guard let arguments, let loc, loc.pointee.type == H5VL_OBJECT_BY_NAME else { throw VolError("a new link needs a name") }
        try Validate.propertyList(lapl, "the link access property list")
        try Validate.propertyList(lcpl, "the link creation property list")
        try Locate.checkAccessList(loc)
        let name = try Glue.string(loc.pointee.loc_data.loc_by_name.name, "link name")
        // H5Lcreate_hard may pass NULL for the new link's location when it is the target's.
        let handle: VolObject
        if let object { handle = try Handles.borrow(object) } else { handle = try Handles.borrow(arguments.pointee.args.hard.curr_obj) }
        let target: LinkTarget
        switch arguments.pointee.op_type {
        case H5VL_LINK_CREATE_HARD:
            var current = arguments.pointee.args.hard.curr_loc_params
            let holder = try arguments.pointee.args.hard.curr_obj.map { (pointer) throws(VolError) in try Handles.borrow(pointer) } ?? handle
            let found = try Locate.location(holder, &current)
            guard found.file.container === handle.file.container else { throw VolError("hard links cannot cross files") }
            target = .hard(found.oid)
        case H5VL_LINK_CREATE_SOFT:
            target = .soft(try Glue.string(arguments.pointee.args.soft.target, "soft link target"))
        case H5VL_LINK_CREATE_UD:
            let ud = arguments.pointee.args.ud
            let value = ud.buf.map { Array(UnsafeRawBufferPointer(start: $0, count: ud.buf_size)) } ?? []
            target = .userDefined(type: ud.type.rawValue, value: value)
        default:
            throw VolError("unknown link create operation \(arguments.pointee.op_type.rawValue)")
        }
        try Links.create(target, at: handle.location, name: name, lcpl: lcpl)
    }
}

@_cdecl("h5vd_link_copy")
public func h5vd_link_copy(_ source: UnsafeMutableRawPointer?, _ sourceLoc: LocationPointer?,
                           _ destination: UnsafeMutableRawPointer?, _ destinationLoc: LocationPointer?, _ lcpl: hid_t,
                           _ lapl: hid_t, _ dxpl: hid_t, _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Lcopy") { () throws(VolError) in
        try Validate.propertyList(lapl, "the link access property list")
        try LinkTransfer.run(source, sourceLoc, destination, destinationLoc, lcpl: lcpl, move: false)
    }
}

@_cdecl("h5vd_link_move")
public func h5vd_link_move(_ source: UnsafeMutableRawPointer?, _ sourceLoc: LocationPointer?,
                           _ destination: UnsafeMutableRawPointer?, _ destinationLoc: LocationPointer?, _ lcpl: hid_t,
                           _ lapl: hid_t, _ dxpl: hid_t, _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Lmove") { () throws(VolError) in
        try Validate.propertyList(lapl, "the link access property list")
        try LinkTransfer.run(source, sourceLoc, destination, destinationLoc, lcpl: lcpl, move: true)
    }
}

enum LinkTransfer {
    static func run(_ source: UnsafeMutableRawPointer?, _ sourceLoc: LocationPointer?,
                    _ destination: UnsafeMutableRawPointer?, _ destinationLoc: LocationPointer?, lcpl: hid_t,
                    move: Bool) throws(VolError) {
        guard let sourceLoc, let destinationLoc, sourceLoc.pointee.type == H5VL_OBJECT_BY_NAME,
              destinationLoc.pointee.type == H5VL_OBJECT_BY_NAME else { throw VolError("link copy/move needs names") }
        let sourceHandle = try Handles.borrow(source ?? destination)
        let destinationHandle = try Handles.borrow(destination ?? source)
        try Links.copy(from: sourceHandle.location, try Glue.string(sourceLoc.pointee.loc_data.loc_by_name.name, "link name"),
                       to: destinationHandle.location,
                       try Glue.string(destinationLoc.pointee.loc_data.loc_by_name.name, "new link name"), lcpl: lcpl, move: move)
    }
}

/// The group holding a link and its name, from location parameters naming the link (by
/// name: a path whose last component is the link; by index: the n-th link of a group).
enum LinkLocate {
    static func link(_ object: VolObject,
                     _ parameters: LocationPointer?) throws(VolError) -> (group: Location, name: String) {
        guard let parameters else { throw VolError("no link location") }
        try Locate.checkAccessList(parameters)
        let loc = parameters.pointee
        switch loc.type {
        case H5VL_OBJECT_BY_NAME:
            let path = try Glue.string(loc.loc_data.loc_by_name.name, "link name")
            return try Traversal.parent(object.location, path)
        case H5VL_OBJECT_BY_IDX:
            let byIndex = loc.loc_data.loc_by_idx
            let group = try Traversal.require(object.location, try Glue.string(byIndex.name, "group name"))
            guard group.kind == .group else { throw VolError("'\(group.path ?? "?")' is not a group") }
            let (name, _) = try Links.byIndex(group, index: byIndex.idx_type, order: byIndex.order, n: byIndex.n)
            return (group, name)
        default:
            throw VolError("a link is named by path or by index")
        }
    }
}

@_cdecl("h5vd_link_get")
public func h5vd_link_get(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                          _ arguments: UnsafeMutablePointer<H5VL_link_get_args_t>?, _ dxpl: hid_t,
                          _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Lget") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        let (group, name) = try LinkLocate.link(try Handles.borrow(object), loc)
        guard let record = try group.link(name) else { throw VolError("link '\(name)' does not exist") }
        switch arguments.pointee.op_type {
        case H5VL_LINK_GET_INFO:
            guard let info = arguments.pointee.args.get_info.linfo else { return }
            info.pointee = try Links.info(record, in: group)
        case H5VL_LINK_GET_NAME:
            let get = arguments.pointee.args.get_name
            get.name_len?.pointee = Glue.copyName(name, into: get.name, size: get.name_size)
        case H5VL_LINK_GET_VAL:
            let get = arguments.pointee.args.get_val
            guard case .hard = record.target else {
                let value = Links.value(record)
                if let buffer = get.buf { buffer.copyMemory(from: value, byteCount: min(value.count, get.buf_size)) }
                return
            }
            throw VolError("link '\(name)' is a hard link: it has no value")
        default:
            throw VolError("unknown link get operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

@_cdecl("h5vd_link_specific")
public func h5vd_link_specific(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                               _ arguments: UnsafeMutablePointer<H5VL_link_specific_args_t>?, _ dxpl: hid_t,
                               _ request: RequestPointer?) -> herr_t {
    Glue.value("H5Lspecific") { () throws(VolError) -> herr_t in
        guard let arguments else { throw VolError("no arguments") }
        let handle = try Handles.borrow(object)
        switch arguments.pointee.op_type {
        case H5VL_LINK_DELETE:
            let (group, name) = try LinkLocate.link(handle, loc)
            try Links.delete(name, in: group)
        case H5VL_LINK_EXISTS:
            arguments.pointee.args.exists.exists?.pointee = try LinkExistence.check(handle, loc)
        case H5VL_LINK_ITER:
            let start = try Locate.location(handle, loc)
            return try LinkIteration.run(start, arguments.pointee.args.iterate)
        default:
            throw VolError("unknown link specific operation \(arguments.pointee.op_type.rawValue)")
        }
        return 0
    }
}

/// H5Lexists: false when the link or any group on the way is missing.
enum LinkExistence {
    static func check(_ object: VolObject, _ parameters: LocationPointer?) throws(VolError) -> Bool {
        guard let parameters, parameters.pointee.type == H5VL_OBJECT_BY_NAME else { throw VolError("H5Lexists needs a name") }
        try Locate.checkAccessList(parameters)
        let loc = parameters.pointee
        let path = try Glue.string(loc.loc_data.loc_by_name.name, "link name")
        var components = Paths.components(path)
        guard let leaf = components.popLast() else { return true }
        var current = Paths.isAbsolute(path) ? object.file.rootLocation : object.location
        for component in components {
            guard current.kind == .group, let link = try current.link(component),
                  let next = try Traversal.follow(link, named: component, in: current, depth: 0) else { return false }
            current = next
        }
        guard current.kind == .group else { return false }
        return try current.link(leaf) != nil
    }
}

/// H5Literate2 / H5Lvisit2: the application's callback gets an identifier of the group the
/// iteration started at, and names relative to it.
enum LinkIteration {
    static func run(_ start: Location, _ iterate: H5VL_link_iterate_args_t) throws(VolError) -> herr_t {
        guard start.kind == .group else { throw VolError("'\(start.path ?? "?")' is not a group") }
        guard let callback = iterate.op else { throw VolError("no iteration callback") }
        let id = try Glue.register(try Groups.open(start))
        defer { Glue.unregister(id) }
        if iterate.recursive {
            var seen: Set = [start.oid]
            return try visit(start, prefix: "", iterate, callback, id, &seen)
        }
        let links = try Links.ordered(start, index: iterate.idx_type, order: iterate.order)
        let first = Int(clamping: iterate.idx_p?.pointee ?? 0)
        guard first <= links.count else { throw VolError("iteration start \(first) is past the \(links.count) links") }
        var position = first
        for (name, record) in links[first...] {
            var info = try Links.info(record, in: start)
            position += 1
            let status = name.withCString { callback(id, $0, &info, iterate.op_data) }
            if status != 0 {
                iterate.idx_p?.pointee = hsize_t(position)
                return status
            }
        }
        iterate.idx_p?.pointee = hsize_t(position)
        return 0
    }

    private static func visit(_ group: Location, prefix: String, _ iterate: H5VL_link_iterate_args_t,
                              _ callback: H5L_iterate2_t, _ id: hid_t,
                              _ seen: inout Set<ObjectID>) throws(VolError) -> herr_t {
        for (name, record) in try Links.ordered(group, index: iterate.idx_type, order: iterate.order, visiting: true) {
            var info = try Links.info(record, in: group)
            let status = (prefix + name).withCString { callback(id, $0, &info, iterate.op_data) }
            guard status == 0 else { return status }
            guard case .hard(let child) = record.target, child.kind == .group, seen.insert(child).inserted else { continue }
            let location = Location(file: group.file, oid: child, path: Paths.join(group.path, name), lease: group.lease)
            let nested = try visit(location, prefix: prefix + name + "/", iterate, callback, id, &seen)
            guard nested == 0 else { return nested }
        }
        return 0
    }
}
