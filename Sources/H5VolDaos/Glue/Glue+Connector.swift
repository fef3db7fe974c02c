import CH5VolDaosShim
import CHDF5
import DaosObject

/// What the connector advertises (H5Pget_vol_cap_flags): only what works. The API test suite
/// skips a test whose flags are missing and fails one that is advertised but broken.
enum Capabilities {
    static let flags: UInt64 = UInt64(H5VL_CAP_FLAG_FILE_BASIC) | UInt64(H5VL_CAP_FLAG_FILE_MORE)
        | UInt64(H5VL_CAP_FLAG_GROUP_BASIC) | UInt64(H5VL_CAP_FLAG_GROUP_MORE)
        | UInt64(H5VL_CAP_FLAG_DATASET_BASIC) | UInt64(H5VL_CAP_FLAG_DATASET_MORE)
        | UInt64(H5VL_CAP_FLAG_ATTR_BASIC) | UInt64(H5VL_CAP_FLAG_ATTR_MORE)
        | UInt64(H5VL_CAP_FLAG_LINK_BASIC) | UInt64(H5VL_CAP_FLAG_LINK_MORE)
        | UInt64(H5VL_CAP_FLAG_OBJECT_BASIC) | UInt64(H5VL_CAP_FLAG_OBJECT_MORE)
        | UInt64(H5VL_CAP_FLAG_STORED_DATATYPES) | UInt64(H5VL_CAP_FLAG_CREATION_ORDER)
        | UInt64(H5VL_CAP_FLAG_ITERATE) | UInt64(H5VL_CAP_FLAG_BY_IDX) | UInt64(H5VL_CAP_FLAG_GET_PLIST)
        | UInt64(H5VL_CAP_FLAG_FLUSH_REFRESH) | UInt64(H5VL_CAP_FLAG_HARD_LINKS) | UInt64(H5VL_CAP_FLAG_SOFT_LINKS)
        | UInt64(H5VL_CAP_FLAG_FILL_VALUES) | UInt64(H5VL_CAP_FLAG_EXTERNAL_LINKS) | UInt64(H5VL_CAP_FLAG_UD_LINKS)
        | UInt64(H5VL_CAP_FLAG_REF_BASIC) | UInt64(H5VL_CAP_FLAG_REF_MORE) | UInt64(H5VL_CAP_FLAG_OBJ_REF)
        | UInt64(H5VL_CAP_FLAG_REG_REF) | UInt64(H5VL_CAP_FLAG_ATTR_REF)
}

@_cdecl("h5vd_capability_flags")
public func h5vd_capability_flags() -> UInt64 { Capabilities.flags }

@_cdecl("h5vd_initialize")
public func h5vd_initialize(_ vipl: hid_t) -> herr_t {
    // No MPI and no store connection here: this runs when HDF5 loads the plugin, possibly
    // before MPI_Init, and in programs that never touch a file of ours. libfabric's own
    // one-time initialisation (0.2 s, see FabricDomain+EarlyInit.swift) starts now, on a
    // thread, so that the first H5Fcreate/H5Fopen does not wait for it; so do the system's
    // domain and endpoints when DAOS_SYSTEM_FILE (or the default system file) is there.
    ErrorStack.register()
    DaosSystem.prepareInBackground()
    return 0
}

@_cdecl("h5vd_terminate")
public func h5vd_terminate() -> herr_t {
    Attachments.shared.closeAll()
    ErrorStack.unregister()
    return 0
}

// MARK: - Connector info (pool, system file, object class)

@_cdecl("h5vd_info_copy")
public func h5vd_info_copy(_ info: UnsafeRawPointer?) -> UnsafeMutableRawPointer? {
    guard let info else { return nil }
    let source = ConnectorInfo.borrow(info)
    return ConnectorInfo(source.config).retainedPointer()
}

@_cdecl("h5vd_info_cmp")
public func h5vd_info_cmp(_ result: UnsafeMutablePointer<Int32>?, _ first: UnsafeRawPointer?,
                          _ second: UnsafeRawPointer?) -> herr_t {
    guard let result else { return Glue.failure }
    let a = first.map { ConnectorInfo.borrow($0).config.infoString }
    let b = second.map { ConnectorInfo.borrow($0).config.infoString }
    switch (a, b) {
    case (nil, nil): result.pointee = 0
    case (nil, _): result.pointee = -1
    case (_, nil): result.pointee = 1
    case (let a?, let b?): result.pointee = a == b ? 0 : (a < b ? -1 : 1)
    }
    return 0
}

@_cdecl("h5vd_info_free")
public func h5vd_info_free(_ info: UnsafeMutableRawPointer?) -> herr_t {
    if let info { ConnectorInfo.release(info) }
    return 0
}

@_cdecl("h5vd_info_to_str")
public func h5vd_info_to_str(_ info: UnsafeRawPointer?,
                             _ text: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> herr_t {
    guard let text else { return Glue.failure }
    text.pointee = info.flatMap { Glue.allocatedString(ConnectorInfo.borrow($0).config.infoString) }
    return 0
}

@_cdecl("h5vd_info_from_str")
public func h5vd_info_from_str(_ text: UnsafePointer<CChar>?,
                               _ info: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> herr_t {
    Glue.status("H5VLconnector_str_to_info") { () throws(VolError) in
        guard let info else { throw VolError("no place for the connector info") }
        let config = try ConnectorConfig(infoString: text.map { String(cString: $0) } ?? "")
        info.pointee = ConnectorInfo(config).retainedPointer()
    }
}

// MARK: - Introspection

@_cdecl("h5vd_introspect_get_conn_cls")
public func h5vd_introspect_get_conn_cls(_ object: UnsafeMutableRawPointer?, _ level: H5VL_get_conn_lvl_t,
                                         _ cls: UnsafeMutablePointer<UnsafePointer<H5VL_class_t>?>?) -> herr_t {
    guard let cls else { return Glue.failure }
    cls.pointee = h5vd_class()
    return 0
}

@_cdecl("h5vd_introspect_get_cap_flags")
public func h5vd_introspect_get_cap_flags(_ info: UnsafeRawPointer?, _ flags: UnsafeMutablePointer<UInt64>?) -> herr_t {
    guard let flags else { return Glue.failure }
    flags.pointee = Capabilities.flags
    return 0
}

@_cdecl("h5vd_introspect_opt_query")
public func h5vd_introspect_opt_query(_ object: UnsafeMutableRawPointer?, _ subclass: H5VL_subclass_t,
                                      _ operation: Int32, _ flags: UnsafeMutablePointer<UInt64>?) -> herr_t {
    guard let flags else { return Glue.failure }
    flags.pointee = OptionalOperations.support(subclass, operation)
    return 0
}

// MARK: - Public C API (H5VolDaos.h, forwarded by the C shim)

@_cdecl("h5vd_api_set_fapl_daos")
public func h5vd_api_set_fapl_daos(_ fapl: hid_t, _ pool: UnsafePointer<CChar>?,
                                   _ systemFile: UnsafePointer<CChar>?) -> herr_t {
    Glue.status("H5Pset_fapl_daos") { () throws(VolError) in
        let connector = H5VLregister_connector(h5vd_class(), swift_H5P_DEFAULT())
        guard connector >= 0 else { throw .library("H5VLregister_connector") }
        defer { H5VLclose(connector) }
        let config = ConnectorConfig(pool: pool.map { String(cString: $0) }, systemFile: systemFile.map { String(cString: $0) })
        let info = ConnectorInfo(config)
        try H5Call.check(H5Pset_vol(fapl, connector, Unmanaged.passUnretained(info).toOpaque()), "H5Pset_vol")
        withExtendedLifetime(info) {}
    }
}

@_cdecl("h5vd_api_set_object_class")
public func h5vd_api_set_object_class(_ plist: hid_t, _ name: UnsafePointer<CChar>?) -> herr_t {
    Glue.status("H5daos_set_object_class") { () throws(VolError) in
        try CustomProperties.setObjectClass(plist, try Glue.string(name, "object class"))
    }
}

@_cdecl("h5vd_api_get_object_class")
public func h5vd_api_get_object_class(_ plist: hid_t, _ buffer: UnsafeMutablePointer<CChar>?, _ size: Int) -> Int {
    guard let name = CustomProperties.objectClass(plist) else {
        if let buffer, size > 0 { buffer[0] = 0 }
        return 0
    }
    return Glue.copyName(name, into: buffer, size: size)
}

@_cdecl("h5vd_api_set_all_ind_metadata_ops")
public func h5vd_api_set_all_ind_metadata_ops(_ plist: hid_t, _ independent: Bool) -> herr_t {
    Glue.status("H5daos_set_all_ind_metadata_ops") { () throws(VolError) in
        try CustomProperties.setIndependentMetadata(plist, independent)
    }
}

@_cdecl("h5vd_api_get_all_ind_metadata_ops")
public func h5vd_api_get_all_ind_metadata_ops(_ plist: hid_t, _ independent: UnsafeMutablePointer<Bool>?) -> herr_t {
    guard let independent else { return Glue.failure }
    independent.pointee = CustomProperties.independentMetadata(plist)
    return 0
}
