import CHDF5

public typealias RequestPointer = UnsafeMutablePointer<UnsafeMutableRawPointer?>
public typealias LocationPointer = UnsafePointer<H5VL_loc_params_t>

@_cdecl("h5vd_group_create")
public func h5vd_group_create(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                              _ name: UnsafePointer<CChar>?, _ lcpl: hid_t, _ gcpl: hid_t, _ gapl: hid_t,
                              _ dxpl: hid_t, _ request: RequestPointer?) -> UnsafeMutableRawPointer? {
    Glue.object("H5Gcreate") { () throws(VolError) in
        try Validate.propertyList(gapl, "the group access property list")
        let start = try Locate.location(try Handles.borrow(object), loc)
        return try Groups.create(at: start, name: name.map { String(cString: $0) }, lcpl: lcpl, gcpl: gcpl)
    }
}

@_cdecl("h5vd_group_open")
public func h5vd_group_open(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?, _ name: UnsafePointer<CChar>?,
                            _ gapl: hid_t, _ dxpl: hid_t, _ request: RequestPointer?) -> UnsafeMutableRawPointer? {
    Glue.object("H5Gopen") { () throws(VolError) in
        try Validate.propertyList(gapl, "the group access property list")
        let start = try Locate.location(try Handles.borrow(object), loc)
        return try Groups.open(try Traversal.require(start, try Glue.string(name, "group name")))
    }
}

@_cdecl("h5vd_group_get")
public func h5vd_group_get(_ object: UnsafeMutableRawPointer?,
                           _ arguments: UnsafeMutablePointer<H5VL_group_get_args_t>?, _ dxpl: hid_t,
                           _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Gget") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        let handle = try Handles.borrow(object)
        switch arguments.pointee.op_type {
        case H5VL_GROUP_GET_GCPL:
            let gcpl: LibraryID
            if let group = handle as? VolGroup { gcpl = group.creationProperties } else { gcpl = try Groups.creationProperties(handle.location) }
            arguments.pointee.args.get_gcpl.gcpl_id = try H5Call.id(H5Pcopy(gcpl.raw), "H5Pcopy(gcpl)").take()
        case H5VL_GROUP_GET_INFO:
            var loc = arguments.pointee.args.get_info.loc_params
            let location = try Locate.location(handle, &loc)
            guard let info = arguments.pointee.args.get_info.ginfo else { throw VolError("no group info buffer") }
            info.pointee = try Groups.info(location)
        default:
            throw VolError("unknown group get operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

@_cdecl("h5vd_group_specific")
public func h5vd_group_specific(_ object: UnsafeMutableRawPointer?,
                                _ arguments: UnsafeMutablePointer<H5VL_group_specific_args_t>?, _ dxpl: hid_t,
                                _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Gspecific") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        _ = try Handles.borrow(object)
        switch arguments.pointee.op_type {
        case H5VL_GROUP_FLUSH, H5VL_GROUP_REFRESH:
            return
        case H5VL_GROUP_MOUNT, H5VL_GROUP_UNMOUNT:
            throw VolError.unsupported("H5Fmount/H5Funmount")
        default:
            throw VolError("unknown group specific operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

@_cdecl("h5vd_group_optional")
public func h5vd_group_optional(_ object: UnsafeMutableRawPointer?,
                                _ arguments: UnsafeMutablePointer<H5VL_optional_args_t>?, _ dxpl: hid_t,
                                _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Goptional") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        try OptionalOperations.group(try Handles.borrow(object), arguments.pointee)
    }
}

@_cdecl("h5vd_group_close")
public func h5vd_group_close(_ object: UnsafeMutableRawPointer?, _ dxpl: hid_t, _ request: RequestPointer?) -> herr_t {
    Glue.close("H5Gclose", object)
}

// MARK: - Committed datatypes

@_cdecl("h5vd_datatype_commit")
public func h5vd_datatype_commit(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                                 _ name: UnsafePointer<CChar>?, _ type: hid_t, _ lcpl: hid_t, _ tcpl: hid_t,
                                 _ tapl: hid_t, _ dxpl: hid_t,
                                 _ request: RequestPointer?) -> UnsafeMutableRawPointer? {
    Glue.object("H5Tcommit") { () throws(VolError) in
        try Validate.propertyList(tapl, "the datatype access property list")
        let start = try Locate.location(try Handles.borrow(object), loc)
        return try Datatypes.commit(at: start, name: name.map { String(cString: $0) }, type: type, lcpl: lcpl, tcpl: tcpl)
    }
}

@_cdecl("h5vd_datatype_open")
public func h5vd_datatype_open(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                               _ name: UnsafePointer<CChar>?, _ tapl: hid_t, _ dxpl: hid_t,
                               _ request: RequestPointer?) -> UnsafeMutableRawPointer? {
    Glue.object("H5Topen") { () throws(VolError) in
        try Validate.propertyList(tapl, "the datatype access property list")
        let start = try Locate.location(try Handles.borrow(object), loc)
        return try Datatypes.open(try Traversal.require(start, try Glue.string(name, "datatype name")))
    }
}

@_cdecl("h5vd_datatype_get")
public func h5vd_datatype_get(_ object: UnsafeMutableRawPointer?,
                              _ arguments: UnsafeMutablePointer<H5VL_datatype_get_args_t>?, _ dxpl: hid_t,
                              _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Tget") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        guard let datatype = try Handles.borrow(object) as? VolDatatype else { throw VolError("not a committed datatype") }
        switch arguments.pointee.op_type {
        case H5VL_DATATYPE_GET_BINARY_SIZE:
            let bytes = datatype.type.encoded
            arguments.pointee.args.get_binary_size.size?.pointee = bytes.count
        case H5VL_DATATYPE_GET_BINARY:
            let bytes = datatype.type.encoded
            let get = arguments.pointee.args.get_binary
            if let buffer = get.buf {
                guard get.buf_size >= bytes.count else { throw VolError("datatype buffer of \(get.buf_size) bytes is too small") }
                buffer.copyMemory(from: bytes, byteCount: bytes.count)
            }
        case H5VL_DATATYPE_GET_TCPL:
            arguments.pointee.args.get_tcpl.tcpl_id = try H5Call.id(H5Pcopy(datatype.creationProperties.raw), "H5Pcopy(tcpl)").take()
        default:
            throw VolError("unknown datatype get operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

@_cdecl("h5vd_datatype_specific")
public func h5vd_datatype_specific(_ object: UnsafeMutableRawPointer?,
                                   _ arguments: UnsafeMutablePointer<H5VL_datatype_specific_args_t>?, _ dxpl: hid_t,
                                   _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Tspecific") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        _ = try Handles.borrow(object)
        switch arguments.pointee.op_type {
        case H5VL_DATATYPE_FLUSH, H5VL_DATATYPE_REFRESH: return
        default: throw VolError("unknown datatype specific operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

@_cdecl("h5vd_datatype_close")
public func h5vd_datatype_close(_ object: UnsafeMutableRawPointer?, _ dxpl: hid_t,
                                _ request: RequestPointer?) -> herr_t {
    Glue.close("H5Tclose", object)
}
