import CHDF5

/// A datatype kept as HDF5's encoding and materialized as an identifier only for the length of
/// one operation: an identifier the connector held across calls would count as an open
/// datatype in H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_DATATYPE).
struct StoredType {
    let encoded: [UInt8]
    /// Bytes of one element in the file (variable-length parts are blob references there).
    let fileElementBytes: Int
    let hasVariableParts: Bool

    init(encoded: [UInt8], file: VolFile) throws(VolError) {
        precondition(!encoded.isEmpty, "an encoded datatype has bytes")
        self.encoded = encoded
        let type = try LibraryEncoding.decodeDatatype(encoded)
        hasVariableParts = Types.hasVariableParts(type.raw)
        fileElementBytes = try Types.size(try Self.bind(type, to: file).raw)
    }

    init(type: hid_t, file: VolFile) throws(VolError) {
        try self.init(encoded: try LibraryEncoding.encode(datatype: type), file: file)
    }

    /// A fresh transient copy (what H5Dget_type / H5Aget_type return).
    func transient() throws(VolError) -> LibraryID {
        try LibraryEncoding.decodeDatatype(encoded)
    }

    /// The datatype bound to `file` (H5VLget_file_type): conversions to and from it move
    /// variable-length data and references through the connector's blobs.
    func bound(to file: VolFile) throws(VolError) -> LibraryID {
        try Self.bind(try transient(), to: file)
    }

    private static func bind(_ type: LibraryID, to file: VolFile) throws(VolError) -> LibraryID {
        guard Types.hasVariableParts(type.raw), let connector = Connector.id else { return type }
        let bound = H5VLget_file_type(Unmanaged.passUnretained(file).toOpaque(), connector, type.raw)
        guard bound >= 0 else { throw .library("H5VLget_file_type") }
        return LibraryID(owning: bound)
    }
}
