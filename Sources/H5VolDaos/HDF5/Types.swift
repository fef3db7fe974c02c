import CHDF5

/// Questions about datatypes.
enum Types {
    /// True when elements hold variable-length sequences or strings, or references: their file
    /// form goes through the connector's blobs.
    static func hasVariableParts(_ type: hid_t) -> Bool {
        H5Tdetect_class(type, H5T_VLEN) > 0 || H5Tis_variable_str(type) > 0 || H5Tdetect_class(type, H5T_REFERENCE) > 0
    }

    static func size(_ type: hid_t) throws(VolError) -> Int {
        let size = H5Tget_size(type)
        guard size > 0 else { throw .library("H5Tget_size") }
        return size
    }

    static func equal(_ a: hid_t, _ b: hid_t) throws(VolError) -> Bool {
        try H5Call.truth(H5Tequal(a, b), "H5Tequal")
    }

    /// True when converting to `destination` needs the destination's old contents (a compound
    /// destination may receive only some of its members).
    static func needsBackground(_ destination: hid_t) -> Bool {
        H5Tget_class(destination) == H5T_COMPOUND || H5Tdetect_class(destination, H5T_COMPOUND) > 0
    }
}

/// The connector's registered ID (for H5VLget_file_type); looked up on first use, not at load.
enum Connector {
    nonisolated(unsafe) private static var cached: hid_t = -1

    static var id: hid_t? {
        if cached < 0 { cached = H5VLget_connector_id_by_name("daos") }
        return cached >= 0 ? cached : nil
    }
}
