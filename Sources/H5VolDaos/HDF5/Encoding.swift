import CHDF5

/// HDF5's own binary forms of datatypes, dataspaces and property lists: what the connector
/// stores for them (vol-daos does the same), decoded back into fresh identifiers on open.
enum LibraryEncoding {
    static func encode(datatype type: hid_t) throws(VolError) -> [UInt8] {
        var size = 0
        try H5Call.check(H5Tencode(type, nil, &size), "H5Tencode (size)")
        var bytes = [UInt8](repeating: 0, count: size)
        try H5Call.check(bytes.withUnsafeMutableBytes { H5Tencode(type, $0.baseAddress, &size) }, "H5Tencode")
        return bytes
    }

    static func decodeDatatype(_ bytes: [UInt8]) throws(VolError) -> LibraryID {
        try H5Call.id(bytes.withUnsafeBytes { H5Tdecode($0.baseAddress) }, "H5Tdecode")
    }

    static func encode(dataspace space: hid_t) throws(VolError) -> [UInt8] {
        var size = 0
        let fapl = swift_H5P_DEFAULT()
        try H5Call.check(H5Sencode2(space, nil, &size, fapl), "H5Sencode2 (size)")
        var bytes = [UInt8](repeating: 0, count: size)
        try H5Call.check(bytes.withUnsafeMutableBytes { H5Sencode2(space, $0.baseAddress, &size, fapl) }, "H5Sencode2")
        return bytes
    }

    static func decodeDataspace(_ bytes: [UInt8]) throws(VolError) -> LibraryID {
        try H5Call.id(bytes.withUnsafeBytes { H5Sdecode($0.baseAddress) }, "H5Sdecode")
    }

    static func encode(propertyList plist: hid_t) throws(VolError) -> [UInt8] {
        var size = 0
        let fapl = swift_H5P_DEFAULT()
        try H5Call.check(H5Pencode2(plist, nil, &size, fapl), "H5Pencode2 (size)")
        var bytes = [UInt8](repeating: 0, count: size)
        try H5Call.check(bytes.withUnsafeMutableBytes { H5Pencode2(plist, $0.baseAddress, &size, fapl) }, "H5Pencode2")
        return bytes
    }

    static func decodePropertyList(_ bytes: [UInt8]) throws(VolError) -> LibraryID {
        try H5Call.id(bytes.withUnsafeBytes { H5Pdecode($0.baseAddress) }, "H5Pdecode")
    }
}
