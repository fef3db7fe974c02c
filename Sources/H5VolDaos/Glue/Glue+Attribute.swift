import CHDF5

/// For attribute calls the location names the owner object; BY_IDX then means "the n-th
/// attribute of the object named", not the n-th link.
enum AttributeLocate {
    struct Target {
        var owner: Location
        var index: (type: H5_index_t, order: H5_iter_order_t, n: UInt64)?
    }

    static func target(_ object: VolObject,
                       _ parameters: UnsafePointer<H5VL_loc_params_t>?) throws(VolError) -> Target {
        guard let parameters else { return Target(owner: object.location) }
        try Locate.checkAccessList(parameters)
        let loc = parameters.pointee
        switch loc.type {
        case H5VL_OBJECT_BY_SELF:
            return Target(owner: object.location)
        case H5VL_OBJECT_BY_NAME:
            let name = try Glue.string(loc.loc_data.loc_by_name.name, "object name")
            return Target(owner: try Traversal.require(object.location, name))
        case H5VL_OBJECT_BY_IDX:
            let byIndex = loc.loc_data.loc_by_idx
            let owner = try Traversal.require(object.location, try Glue.string(byIndex.name, "object name"))
            return Target(owner: owner, index: (byIndex.idx_type, byIndex.order, byIndex.n))
        case H5VL_OBJECT_BY_TOKEN:
            return Target(owner: Location(file: object.file, oid: try Tokens.id(loc.loc_data.loc_by_token.token), path: nil))
        default:
            throw VolError("unknown location type \(loc.type.rawValue)")
        }
    }
}

@_cdecl("h5vd_attr_create")
public func h5vd_attr_create(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?, _ name: UnsafePointer<CChar>?,
                             _ type: hid_t, _ space: hid_t, _ acpl: hid_t, _ aapl: hid_t, _ dxpl: hid_t,
                             _ request: RequestPointer?) -> UnsafeMutableRawPointer? {
    Glue.object("H5Acreate") { () throws(VolError) in
        try Validate.propertyList(acpl, "the attribute creation property list")
        try Validate.propertyList(aapl, "the attribute access property list")
        let target = try AttributeLocate.target(try Handles.borrow(object), loc)
        return try Attributes.create(on: target.owner, name: try Glue.string(name, "attribute name"), type: type, space: space,
                                     acpl: acpl)
    }
}

@_cdecl("h5vd_attr_open")
public func h5vd_attr_open(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?, _ name: UnsafePointer<CChar>?,
                           _ aapl: hid_t, _ dxpl: hid_t, _ request: RequestPointer?) -> UnsafeMutableRawPointer? {
    Glue.object("H5Aopen") { () throws(VolError) in
        try Validate.propertyList(aapl, "the attribute access property list")
        let target = try AttributeLocate.target(try Handles.borrow(object), loc)
        if let index = target.index {
            let (found, record) = try Attributes.byIndex(on: target.owner, index: index.type, order: index.order, n: index.n)
            return try Attributes.handle(owner: target.owner, name: found, record: record)
        }
        return try Attributes.open(on: target.owner, name: try Glue.string(name, "attribute name"))
    }
}

@_cdecl("h5vd_attr_read")
public func h5vd_attr_read(_ object: UnsafeMutableRawPointer?, _ memoryType: hid_t, _ buffer: UnsafeMutableRawPointer?,
                           _ dxpl: hid_t, _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Aread") { () throws(VolError) in
        guard let attribute = try Handles.borrow(object) as? VolAttribute else { throw VolError("not an attribute") }
        try Attributes.read(attribute, memoryType: memoryType, into: buffer)
    }
}

@_cdecl("h5vd_attr_write")
public func h5vd_attr_write(_ object: UnsafeMutableRawPointer?, _ memoryType: hid_t, _ buffer: UnsafeRawPointer?,
                            _ dxpl: hid_t, _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Awrite") { () throws(VolError) in
        guard let attribute = try Handles.borrow(object) as? VolAttribute else { throw VolError("not an attribute") }
        try Attributes.write(attribute, memoryType: memoryType, from: buffer)
    }
}

@_cdecl("h5vd_attr_get")
public func h5vd_attr_get(_ object: UnsafeMutableRawPointer?, _ arguments: UnsafeMutablePointer<H5VL_attr_get_args_t>?,
                          _ dxpl: hid_t, _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Aget") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        let handle = try Handles.borrow(object)
        switch arguments.pointee.op_type {
        case H5VL_ATTR_GET_ACPL:
            let attribute = try attributeHandle(handle)
            arguments.pointee.args.get_acpl.acpl_id = try H5Call.id(H5Pcopy(attribute.creationProperties.raw), "H5Pcopy(acpl)").take()
        case H5VL_ATTR_GET_SPACE:
            arguments.pointee.args.get_space.space_id = try Dataspace.copy(try attributeHandle(handle).space.raw).take()
        case H5VL_ATTR_GET_TYPE:
            let attribute = try attributeHandle(handle)
            if let committed = try CommittedTypes.identifier(attribute.record.sharedType, in: attribute.file) {
                arguments.pointee.args.get_type.type_id = committed
            } else {
                arguments.pointee.args.get_type.type_id = try attribute.type.transient().take()
            }
        case H5VL_ATTR_GET_STORAGE_SIZE:
            let attribute = try attributeHandle(handle)
            let points = try Dataspace.extentPoints(attribute.space.raw)
            arguments.pointee.args.get_storage_size.data_size?.pointee = points * hsize_t(attribute.type.fileElementBytes)
        case H5VL_ATTR_GET_NAME:
            var get = arguments.pointee.args.get_name
            let name: String
            if get.loc_params.type == H5VL_OBJECT_BY_SELF {
                name = try attributeHandle(handle).name
            } else {
                let target = try AttributeLocate.target(handle, &get.loc_params)
                guard let index = target.index else { throw VolError("attribute name lookup needs an index") }
                name = try Attributes.byIndex(on: target.owner, index: index.type, order: index.order, n: index.n).name
            }
            get.attr_name_len?.pointee = Glue.copyName(name, into: get.buf, size: get.buf_size)
        case H5VL_ATTR_GET_INFO:
            var get = arguments.pointee.args.get_info
            guard let info = get.ainfo else { throw VolError("no attribute info buffer") }
            if get.loc_params.type == H5VL_OBJECT_BY_SELF, let attribute = handle as? VolAttribute {
                info.pointee = try Attributes.info(on: attribute.owner, name: attribute.name, record: attribute.record)
            } else {
                let target = try AttributeLocate.target(handle, &get.loc_params)
                let (name, record): (String, AttributeRecord)
                if let index = target.index {
                    (name, record) = try Attributes.byIndex(on: target.owner, index: index.type, order: index.order, n: index.n)
                } else {
                    name = try Glue.string(get.attr_name, "attribute name")
                    record = try Attributes.open(on: target.owner, name: name).record
                }
                info.pointee = try Attributes.info(on: target.owner, name: name, record: record)
            }
        default:
            throw VolError("unknown attribute get operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

private func attributeHandle(_ handle: VolObject) throws(VolError) -> VolAttribute {
    guard let attribute = handle as? VolAttribute else { throw VolError("not an attribute") }
    return attribute
}

@_cdecl("h5vd_attr_specific")
public func h5vd_attr_specific(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                               _ arguments: UnsafeMutablePointer<H5VL_attr_specific_args_t>?, _ dxpl: hid_t,
                               _ request: RequestPointer?) -> herr_t {
    Glue.value("H5Aspecific") { () throws(VolError) -> herr_t in
        guard let arguments else { throw VolError("no arguments") }
        let handle = try Handles.borrow(object)
        let target = try AttributeLocate.target(handle, loc)
        switch arguments.pointee.op_type {
        case H5VL_ATTR_DELETE:
            try Attributes.delete(on: target.owner, name: try Glue.string(arguments.pointee.args.del.name, "attribute name"))
        case H5VL_ATTR_DELETE_BY_IDX:
            let byIndex = arguments.pointee.args.delete_by_idx
            let name = try Attributes.byIndex(on: target.owner, index: byIndex.idx_type, order: byIndex.order, n: byIndex.n).name
            try Attributes.delete(on: target.owner, name: name)
        case H5VL_ATTR_EXISTS:
            let exists = arguments.pointee.args.exists
            let found = try Attributes.exists(on: target.owner, name: try Glue.string(exists.name, "attribute name"))
            exists.exists?.pointee = found
        case H5VL_ATTR_RENAME:
            let rename = arguments.pointee.args.rename
            try Attributes.rename(on: target.owner, from: try Glue.string(rename.old_name, "attribute name"),
                                  to: try Glue.string(rename.new_name, "new attribute name"))
        case H5VL_ATTR_ITER:
            return try AttributeIteration.run(target.owner, arguments.pointee.args.iterate)
        default:
            throw VolError("unknown attribute specific operation \(arguments.pointee.op_type.rawValue)")
        }
        return 0
    }
}

@_cdecl("h5vd_attr_close")
public func h5vd_attr_close(_ object: UnsafeMutableRawPointer?, _ dxpl: hid_t, _ request: RequestPointer?) -> herr_t {
    Glue.close("H5Aclose", object)
}

/// H5Aiterate2: the application's callback gets an identifier of the owner object.
enum AttributeIteration {
    static func run(_ owner: Location, _ iterate: H5VL_attr_iterate_args_t) throws(VolError) -> herr_t {
        let list = try Attributes.ordered(on: owner, index: iterate.idx_type, order: iterate.order)
        let start = Int(clamping: iterate.idx?.pointee ?? 0)
        guard start <= list.count else { throw VolError("iteration start \(start) is past the \(list.count) attributes") }
        guard let callback = iterate.op, start < list.count else { return 0 }
        let id = try Glue.register(try Objects.open(owner))
        defer { Glue.unregister(id) }
        var position = start
        for (name, record) in list[start...] {
            var info = try Attributes.info(on: owner, name: name, record: record)
            position += 1
            let status = name.withCString { callback(id, $0, &info, iterate.op_data) }
            if status != 0 {
                iterate.idx?.pointee = hsize_t(position)
                return status
            }
        }
        iterate.idx?.pointee = hsize_t(position)
        return 0
    }
}
