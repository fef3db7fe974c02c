import CHDF5
import DaosObject

@_cdecl("h5vd_object_open")
public func h5vd_object_open(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                             _ openedType: UnsafeMutablePointer<H5I_type_t>?, _ dxpl: hid_t,
                             _ request: RequestPointer?) -> UnsafeMutableRawPointer? {
    Glue.object("H5Oopen") { () throws(VolError) in
        let location = try Locate.location(try Handles.borrow(object), loc)
        let opened = try Objects.open(location)
        openedType?.pointee = opened.handleKind.identifierType
        return opened
    }
}

@_cdecl("h5vd_object_copy")
public func h5vd_object_copy(_ source: UnsafeMutableRawPointer?, _ sourceLoc: LocationPointer?,
                             _ sourceName: UnsafePointer<CChar>?, _ destination: UnsafeMutableRawPointer?,
                             _ destinationLoc: LocationPointer?, _ destinationName: UnsafePointer<CChar>?,
                             _ ocpypl: hid_t, _ lcpl: hid_t, _ dxpl: hid_t, _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Ocopy") { () throws(VolError) in
        let sourceHandle = try Handles.borrow(source)
        let destinationHandle = try Handles.borrow(destination)
        let from = try Traversal.require(try Locate.location(sourceHandle, sourceLoc), try Glue.string(sourceName, "source name"))
        let start = try Locate.location(destinationHandle, destinationLoc)
        try ObjectCopy.run(source: from, to: start, name: try Glue.string(destinationName, "destination name"),
                           options: try ObjectCopy.Options(ocpypl), lcpl: lcpl)
    }
}

@_cdecl("h5vd_object_get")
public func h5vd_object_get(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                            _ arguments: UnsafeMutablePointer<H5VL_object_get_args_t>?, _ dxpl: hid_t,
                            _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Oget") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        let handle = try Handles.borrow(object)
        switch arguments.pointee.op_type {
        case H5VL_OBJECT_GET_FILE:
            // HDF5 reuses the file's identifier when it still has one; otherwise it registers
            // what we return and later closes it, so that must be a handle of its own.
            let file = handle.file
            let pointer = UnsafeMutableRawPointer(Unmanaged.passUnretained(file).toOpaque())
            if Handles.isOurs(pointer) {
                arguments.pointee.args.get_file.file?.pointee = pointer
            } else {
                arguments.pointee.args.get_file.file?.pointee = Handles.retain(try file.sibling())
            }
        case H5VL_OBJECT_GET_NAME:
            let location = try Locate.location(handle, loc)
            let get = arguments.pointee.args.get_name
            var name = location.path ?? ""
            if location.path == nil { name = try Objects.findPath(location.oid, in: location.file) ?? "" }
            get.name_len?.pointee = Glue.copyName(name, into: get.buf, size: get.buf_size)
        case H5VL_OBJECT_GET_TYPE:
            let location = try Locate.location(handle, loc)
            arguments.pointee.args.get_type.obj_type?.pointee = Objects.objectType(location.kind)
        case H5VL_OBJECT_GET_INFO:
            let location = try Locate.location(handle, loc)
            let get = arguments.pointee.args.get_info
            get.oinfo?.pointee = try Objects.info(location, fields: get.fields)
        default:
            throw VolError("unknown object get operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

@_cdecl("h5vd_object_specific")
public func h5vd_object_specific(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                                 _ arguments: UnsafeMutablePointer<H5VL_object_specific_args_t>?, _ dxpl: hid_t,
                                 _ request: RequestPointer?) -> herr_t {
    Glue.value("H5Ospecific") { () throws(VolError) -> herr_t in
        guard let arguments else { throw VolError("no arguments") }
        let handle = try Handles.borrow(object)
        switch arguments.pointee.op_type {
        case H5VL_OBJECT_CHANGE_REF_COUNT:
            let location = try Locate.location(handle, loc)
            let delta = Int64(arguments.pointee.args.change_rc.delta)
            try location.file.metadataChange { () throws(VolError) in
                if delta < 0 { try Links.dropReference(location) } else { try location.changeReferenceCount(by: delta) }
            }
        case H5VL_OBJECT_EXISTS:
            arguments.pointee.args.exists.exists?.pointee = try ObjectExistence.check(handle, loc)
        case H5VL_OBJECT_LOOKUP:
            let location = try Locate.location(handle, loc)
            arguments.pointee.args.lookup.token_ptr?.pointee = Tokens.token(location.oid)
        case H5VL_OBJECT_VISIT:
            let location = try Locate.location(handle, loc)
            return try ObjectVisit.run(location, arguments.pointee.args.visit)
        case H5VL_OBJECT_FLUSH, H5VL_OBJECT_REFRESH:
            if arguments.pointee.op_type == H5VL_OBJECT_REFRESH, let dataset = handle as? VolDataset { try Datasets.refresh(dataset) }
        default:
            throw VolError("unknown object specific operation \(arguments.pointee.op_type.rawValue)")
        }
        return 0
    }
}

@_cdecl("h5vd_object_optional")
public func h5vd_object_optional(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                                 _ arguments: UnsafeMutablePointer<H5VL_optional_args_t>?, _ dxpl: hid_t,
                                 _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Ooptional") { () throws(VolError) in
        throw VolError.unsupported("native object operation \(arguments?.pointee.op_type ?? -1)")
    }
}

/// H5Oexists_by_name: false when the object or a group on the way is missing.
enum ObjectExistence {
    static func check(_ object: VolObject, _ parameters: LocationPointer?) throws(VolError) -> Bool {
        guard let loc = parameters?.pointee, loc.type == H5VL_OBJECT_BY_NAME else {
            _ = try Locate.location(object, parameters)
            return true
        }
        let path = try Glue.string(loc.loc_data.loc_by_name.name, "object name")
        guard try LinkExistence.check(object, parameters) || Paths.components(path).isEmpty else { return false }
        return try Traversal.resolve(object.location, path) != nil
    }
}

/// H5Ovisit3: the application's callback gets an identifier of the start object.
enum ObjectVisit {
    static func run(_ start: Location, _ visit: H5VL_object_visit_args_t) throws(VolError) -> herr_t {
        guard let callback = visit.op else { throw VolError("no visit callback") }
        let id = try Glue.register(try Objects.open(start))
        defer { Glue.unregister(id) }
        return try Objects.visit(start, index: visit.idx_type, order: visit.order, fields: visit.fields) { (name, info) in
            var info = info
            return name.withCString { callback(id, $0, &info, visit.op_data) }
        }
    }
}
