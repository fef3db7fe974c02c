import CHDF5

@_cdecl("h5vd_file_create")
public func h5vd_file_create(_ name: UnsafePointer<CChar>?, _ flags: UInt32, _ fcpl: hid_t, _ fapl: hid_t,
                             _ dxpl: hid_t,
                             _ request: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> UnsafeMutableRawPointer? {
    Glue.object("H5Fcreate") { () throws(VolError) in
        try FileAccess.create(name: try Glue.string(name, "file name"), flags: flags, fcpl: fcpl, fapl: fapl)
    }
}

@_cdecl("h5vd_file_open")
public func h5vd_file_open(_ name: UnsafePointer<CChar>?, _ flags: UInt32, _ fapl: hid_t, _ dxpl: hid_t,
                           _ request: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> UnsafeMutableRawPointer? {
    Glue.object("H5Fopen") { () throws(VolError) in
        try FileAccess.open(name: try Glue.string(name, "file name"), flags: flags, fapl: fapl)
    }
}

@_cdecl("h5vd_file_get")
public func h5vd_file_get(_ object: UnsafeMutableRawPointer?, _ arguments: UnsafeMutablePointer<H5VL_file_get_args_t>?,
                          _ dxpl: hid_t, _ request: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> herr_t {
    Glue.status("H5Fget") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        let file = try Handles.borrow(object).file
        switch arguments.pointee.op_type {
        case H5VL_FILE_GET_CONT_INFO:
            guard let info = arguments.pointee.args.get_cont_info.info else { throw VolError("no container info buffer") }
            info.pointee.version = UInt32(H5VL_CONTAINER_INFO_VERSION)
            info.pointee.feature_flags = 0
            info.pointee.token_size = ObjectToken.sizeBytes
            info.pointee.blob_id_size = Blobs.idBytes
        case H5VL_FILE_GET_FAPL:
            arguments.pointee.args.get_fapl.fapl_id = try H5Call.id(H5Pcopy(file.fapl.raw), "H5Pcopy(fapl)").take()
        case H5VL_FILE_GET_FCPL:
            arguments.pointee.args.get_fcpl.fcpl_id = try H5Call.id(H5Pcopy(file.fcpl.raw), "H5Pcopy(fcpl)").take()
        case H5VL_FILE_GET_FILENO:
            arguments.pointee.args.get_fileno.fileno?.pointee = file.fileNumber
        case H5VL_FILE_GET_INTENT:
            arguments.pointee.args.get_intent.flags?.pointee = file.intent
        case H5VL_FILE_GET_NAME:
            let get = arguments.pointee.args.get_name
            let length = Glue.copyName(file.name, into: get.buf, size: get.buf_size)
            get.file_name_len?.pointee = length
        case H5VL_FILE_GET_OBJ_COUNT:
            let get = arguments.pointee.args.get_obj_count
            get.count?.pointee = OpenIdentifiers.list(in: file, types: get.types, max: Int.max).count
        case H5VL_FILE_GET_OBJ_IDS:
            let get = arguments.pointee.args.get_obj_ids
            let ids = OpenIdentifiers.list(in: file, types: get.types, max: get.max_objs)
            if let list = get.oid_list { for (index, id) in ids.enumerated() { list[index] = id } }
            get.count?.pointee = ids.count
        default:
            throw VolError("unknown file get operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

@_cdecl("h5vd_file_specific")
public func h5vd_file_specific(_ object: UnsafeMutableRawPointer?,
                               _ arguments: UnsafeMutablePointer<H5VL_file_specific_args_t>?, _ dxpl: hid_t,
                               _ request: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> herr_t {
    Glue.status("H5Fspecific") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        switch arguments.pointee.op_type {
        case H5VL_FILE_IS_ACCESSIBLE:
            // Reached with obj == NULL and possibly NULL connector info (file-open auto-detection).
            let check = arguments.pointee.args.is_accessible
            let name = check.filename.map { String(cString: $0) } ?? ""
            check.accessible?.pointee = try FileAccess.isAccessible(name: name, fapl: check.fapl_id)
        case H5VL_FILE_DELETE:
            let delete = arguments.pointee.args.del
            try FileAccess.delete(name: try Glue.string(delete.filename, "file name"), fapl: delete.fapl_id)
        case H5VL_FILE_FLUSH:
            // Every update is acknowledged only once the engines hold it durably (DESIGN.md §6):
            // there is nothing left to write back.
            _ = try Handles.borrow(object)
        case H5VL_FILE_REOPEN:
            let file = try Handles.borrow(object).file
            let reopened = try FileAccess.open(name: file.name, flags: file.intent, fapl: file.fapl.raw)
            arguments.pointee.args.reopen.file?.pointee = Handles.retain(reopened)
        case H5VL_FILE_IS_EQUAL:
            let first = try Handles.borrow(object).file
            let second = try Handles.borrow(arguments.pointee.args.is_equal.obj2).file
            arguments.pointee.args.is_equal.same_file?.pointee = first.container === second.container
        default:
            throw VolError("unknown file specific operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

@_cdecl("h5vd_file_optional")
public func h5vd_file_optional(_ object: UnsafeMutableRawPointer?,
                               _ arguments: UnsafeMutablePointer<H5VL_optional_args_t>?, _ dxpl: hid_t,
                               _ request: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> herr_t {
    Glue.status("H5Foptional") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        try OptionalOperations.file(try Handles.borrow(object).file, arguments.pointee)
    }
}

@_cdecl("h5vd_file_close")
public func h5vd_file_close(_ object: UnsafeMutableRawPointer?, _ dxpl: hid_t,
                            _ request: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> herr_t {
    Glue.close("H5Fclose", object)
}

/// The HDF5 identifiers open on a file (H5Fget_obj_count / H5Fget_obj_ids): found by walking
/// HDF5's ID tables and keeping the ones whose object is our handle on the same container.
enum OpenIdentifiers {
    private final class Search {
        let container: OpenContainer
        /// H5F_OBJ_LOCAL: only objects opened through this file handle.
        let file: VolFile?
        let max: Int
        var found: [hid_t] = []
        init(container: OpenContainer, file: VolFile?, max: Int) {
            self.container = container
            self.file = file
            self.max = max
        }
    }

    static func list(in file: VolFile, types: UInt32, max: Int) -> [hid_t] {
        let search = Search(container: file.container, file: types & UInt32(0x0020) != 0 ? file : nil, max: max)
        let wanted: [(UInt32, H5I_type_t)] = [(UInt32(H5F_OBJ_FILE), H5I_FILE), (UInt32(H5F_OBJ_DATASET), H5I_DATASET),
                                               (UInt32(H5F_OBJ_GROUP), H5I_GROUP), (UInt32(H5F_OBJ_DATATYPE), H5I_DATATYPE),
                                               (UInt32(H5F_OBJ_ATTR), H5I_ATTR)]
        let context = Unmanaged.passUnretained(search).toOpaque()
        for (flag, type) in wanted where types & flag != 0 {
            _ = H5Iiterate(type, { id, context in
                let search = Unmanaged<Search>.fromOpaque(context!).takeUnretainedValue()
                guard search.found.count < search.max else { return 1 }
                // Transient datatypes have no VOL object: asking would only stack an error.
                if H5Iget_type(id) == H5I_DATATYPE, H5Tcommitted(id) <= 0 { return 0 }
                let pointer = H5VLobject(id)
                guard Handles.isOurs(pointer), let object = try? Handles.borrow(pointer) else { return 0 }
                guard object.isOpen, object.file.container === search.container else { return 0 }
                if let file = search.file, object.file !== file { return 0 }
                search.found.append(id)
                return 0
            }, context)
        }
        return search.found
    }
}
