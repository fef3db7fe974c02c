import CHDF5

/// HDF5's "optional" operations with native op codes: the few that tools and h5py rely on
/// are answered (H5Gget_objinfo for h5py's object hashing); every other one is reported
/// unsupported through `opt_query`, so HDF5 refuses it before calling.
enum OptionalOperations {
    static func support(_ subclass: H5VL_subclass_t, _ operation: Int32) -> UInt64 {
        switch (subclass, operation) {
        case (H5VL_SUBCLS_GROUP, Int32(H5VL_NATIVE_GROUP_GET_OBJINFO)):
            return UInt64(H5VL_OPT_QUERY_SUPPORTED) | UInt64(H5VL_OPT_QUERY_QUERY_METADATA)
        default:
            return 0
        }
    }

    static func file(_ file: VolFile, _ arguments: H5VL_optional_args_t) throws(VolError) {
        switch arguments.op_type {
        case Int32(H5VL_NATIVE_FILE_POST_OPEN):
            return
        default:
            throw VolError.unsupported("native file operation \(arguments.op_type)")
        }
    }

    static func group(_ object: VolObject, _ arguments: H5VL_optional_args_t) throws(VolError) {
        switch arguments.op_type {
        case Int32(H5VL_NATIVE_GROUP_GET_OBJINFO):
            guard let raw = arguments.args else { throw VolError("no arguments") }
            let get = raw.assumingMemoryBound(to: H5VL_native_group_get_objinfo_t.self)
            var loc = get.pointee.loc_params
            let location = try Locate.location(object, &loc)
            guard let statistics = get.pointee.statbuf else { return }
            var stat = H5G_stat_t()
            let fileNumber = location.file.fileNumber
            stat.fileno = (fileNumber, 0)
            stat.objno = (UInt(truncatingIfNeeded: location.oid.lo), UInt(truncatingIfNeeded: location.oid.hi))
            stat.nlink = UInt32(truncatingIfNeeded: try location.counter(Keys.referenceCount) ?? 1)
            switch location.kind {
            case .group: stat.type = H5G_GROUP
            case .dataset: stat.type = H5G_DATASET
            case .datatype: stat.type = H5G_TYPE
            default: stat.type = H5G_UNKNOWN
            }
            statistics.pointee = stat
        default:
            throw VolError.unsupported("native group operation \(arguments.op_type)")
        }
    }
}
