import CHDF5

@_cdecl("h5vd_dataset_create")
public func h5vd_dataset_create(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                                _ name: UnsafePointer<CChar>?, _ lcpl: hid_t, _ type: hid_t, _ space: hid_t,
                                _ dcpl: hid_t, _ dapl: hid_t, _ dxpl: hid_t,
                                _ request: RequestPointer?) -> UnsafeMutableRawPointer? {
    Glue.object("H5Dcreate") { () throws(VolError) in
        try Validate.propertyList(dapl, "the dataset access property list")
        let start = try Locate.location(try Handles.borrow(object), loc)
        return try Datasets.create(at: start, name: name.map { String(cString: $0) }, lcpl: lcpl, type: type, space: space,
                                   dcpl: dcpl, dapl: dapl)
    }
}

@_cdecl("h5vd_dataset_open")
public func h5vd_dataset_open(_ object: UnsafeMutableRawPointer?, _ loc: LocationPointer?,
                              _ name: UnsafePointer<CChar>?, _ dapl: hid_t, _ dxpl: hid_t,
                              _ request: RequestPointer?) -> UnsafeMutableRawPointer? {
    Glue.object("H5Dopen") { () throws(VolError) in
        try Validate.propertyList(dapl, "the dataset access property list")
        let start = try Locate.location(try Handles.borrow(object), loc)
        return try Datasets.open(try Traversal.require(start, try Glue.string(name, "dataset name")), dapl: dapl)
    }
}

@_cdecl("h5vd_dataset_read")
public func h5vd_dataset_read(_ count: Int, _ datasets: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                              _ memoryTypes: UnsafeMutablePointer<hid_t>?,
                              _ memorySpaces: UnsafeMutablePointer<hid_t>?,
                              _ fileSpaces: UnsafeMutablePointer<hid_t>?, _ dxpl: hid_t,
                              _ buffers: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                              _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Dread") { () throws(VolError) in
        guard let datasets, let memoryTypes, let memorySpaces, let fileSpaces, let buffers else { throw VolError("no arguments") }
        for index in 0..<count {
            guard let dataset = try Handles.borrow(datasets[index]) as? VolDataset else { throw VolError("not a dataset") }
            try DatasetIO.read(dataset, memoryType: memoryTypes[index], memory: memorySpaces[index], file: fileSpaces[index],
                               transfer: dxpl, into: buffers[index])
        }
    }
}

@_cdecl("h5vd_dataset_write")
public func h5vd_dataset_write(_ count: Int, _ datasets: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                               _ memoryTypes: UnsafeMutablePointer<hid_t>?,
                               _ memorySpaces: UnsafeMutablePointer<hid_t>?,
                               _ fileSpaces: UnsafeMutablePointer<hid_t>?, _ dxpl: hid_t,
                               _ buffers: UnsafeMutablePointer<UnsafeRawPointer?>?,
                               _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Dwrite") { () throws(VolError) in
        guard let datasets, let memoryTypes, let memorySpaces, let fileSpaces, let buffers else { throw VolError("no arguments") }
        for index in 0..<count {
            guard let dataset = try Handles.borrow(datasets[index]) as? VolDataset else { throw VolError("not a dataset") }
            try DatasetIO.write(dataset, memoryType: memoryTypes[index], memory: memorySpaces[index], file: fileSpaces[index],
                                transfer: dxpl, from: buffers[index])
        }
    }
}

@_cdecl("h5vd_dataset_get")
public func h5vd_dataset_get(_ object: UnsafeMutableRawPointer?,
                             _ arguments: UnsafeMutablePointer<H5VL_dataset_get_args_t>?, _ dxpl: hid_t,
                             _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Dget") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        guard let dataset = try Handles.borrow(object) as? VolDataset else { throw VolError("not a dataset") }
        switch arguments.pointee.op_type {
        case H5VL_DATASET_GET_DAPL:
            arguments.pointee.args.get_dapl.dapl_id = try H5Call.id(H5Pcopy(dataset.accessProperties.raw), "H5Pcopy(dapl)").take()
        case H5VL_DATASET_GET_DCPL:
            arguments.pointee.args.get_dcpl.dcpl_id = try H5Call.id(H5Pcopy(dataset.creationProperties.raw), "H5Pcopy(dcpl)").take()
        case H5VL_DATASET_GET_SPACE:
            arguments.pointee.args.get_space.space_id = try Dataspace.copy(dataset.extent.space.raw).take()
        case H5VL_DATASET_GET_SPACE_STATUS:
            arguments.pointee.args.get_space_status.status?.pointee = H5D_SPACE_STATUS_ALLOCATED
        case H5VL_DATASET_GET_STORAGE_SIZE:
            let points = try Dataspace.extentPoints(dataset.extent.space.raw)
            arguments.pointee.args.get_storage_size.storage_size?.pointee = points * hsize_t(dataset.elementBytes)
        case H5VL_DATASET_GET_TYPE:
            if let committed = try CommittedTypes.identifier(dataset.sharedType, in: dataset.file) {
                arguments.pointee.args.get_type.type_id = committed
            } else {
                arguments.pointee.args.get_type.type_id = try dataset.type.transient().take()
            }
        default:
            throw VolError("unknown dataset get operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

@_cdecl("h5vd_dataset_specific")
public func h5vd_dataset_specific(_ object: UnsafeMutableRawPointer?,
                                  _ arguments: UnsafeMutablePointer<H5VL_dataset_specific_args_t>?, _ dxpl: hid_t,
                                  _ request: RequestPointer?) -> herr_t {
    Glue.status("H5Dspecific") { () throws(VolError) in
        guard let arguments else { throw VolError("no arguments") }
        guard let dataset = try Handles.borrow(object) as? VolDataset else { throw VolError("not a dataset") }
        switch arguments.pointee.op_type {
        case H5VL_DATASET_SET_EXTENT:
            guard let sizes = arguments.pointee.args.set_extent.size else { throw VolError("no new extent") }
            let rank = dataset.geometry.rank
            try Datasets.setExtent(dataset, (0..<rank).map { sizes[$0] })
        case H5VL_DATASET_FLUSH:
            return
        case H5VL_DATASET_REFRESH:
            try Datasets.refresh(dataset)
        default:
            throw VolError("unknown dataset specific operation \(arguments.pointee.op_type.rawValue)")
        }
    }
}

@_cdecl("h5vd_dataset_close")
public func h5vd_dataset_close(_ object: UnsafeMutableRawPointer?, _ dxpl: hid_t,
                               _ request: RequestPointer?) -> herr_t {
    Glue.close("H5Dclose", object)
}
