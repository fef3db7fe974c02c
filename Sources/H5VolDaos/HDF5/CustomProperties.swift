import CHDF5
import DaosObject

/// The connector's own properties on HDF5 property lists (inserted with H5Pinsert2 by the
/// public C API): fixed-size values, so HDF5 copies them with the list without callbacks.
enum CustomProperties {
    static let objectClassName = "daos_object_class"
    static let objectClassBytes = 64
    static let independentMetadataName = "h5daos_independent_md_ops"

    static func setObjectClass(_ plist: hid_t, _ name: String) throws(VolError) {
        do throws(ObjectClassError) { _ = try ObjectClass(parsing: name) } catch {
            throw VolError("object class '\(name)': \(error)")
        }
        guard name.utf8.count < objectClassBytes else { throw VolError("object class name '\(name)' is too long") }
        var value = [UInt8](repeating: 0, count: objectClassBytes)
        value.replaceSubrange(0..<name.utf8.count, with: Array(name.utf8))
        try set(plist, objectClassName, &value)
    }

    static func objectClass(_ plist: hid_t) -> String? {
        guard plist > 0, H5Pexist(plist, objectClassName) > 0 else { return nil }
        var value = [UInt8](repeating: 0, count: objectClassBytes)
        guard value.withUnsafeMutableBytes({ H5Pget(plist, objectClassName, $0.baseAddress) }) >= 0 else { return nil }
        let name = String(decoding: value.prefix { $0 != 0 }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }

    static func setIndependentMetadata(_ plist: hid_t, _ independent: Bool) throws(VolError) {
        var value: [UInt8] = [independent ? 1 : 0]
        try set(plist, independentMetadataName, &value)
    }

    static func independentMetadata(_ plist: hid_t) -> Bool {
        guard plist > 0, H5Pexist(plist, independentMetadataName) > 0 else { return false }
        var value: UInt8 = 0
        guard H5Pget(plist, independentMetadataName, &value) >= 0 else { return false }
        return value != 0
    }

    /// The class an object created with `plist` gets: its own, else the file's configured one.
    static func resolvedClass(_ plist: hid_t, file: VolFile) throws(VolError) -> ObjectClass? {
        guard let name = objectClass(plist) ?? file.config.objectClass else { return nil }
        do throws(ObjectClassError) { return try ObjectClass(parsing: name) } catch {
            throw VolError("object class '\(name)': \(error)")
        }
    }

    private static func set(_ plist: hid_t, _ name: String, _ value: inout [UInt8]) throws(VolError) {
        let exists = H5Pexist(plist, name)
        guard exists >= 0 else { throw .library("H5Pexist(\(name))") }
        let status = value.withUnsafeMutableBytes { raw -> herr_t in
            if exists > 0 { return H5Pset(plist, name, raw.baseAddress) }
            return H5Pinsert2(plist, name, raw.count, raw.baseAddress, nil, nil, nil, nil, nil, nil)
        }
        try H5Call.check(status, "setting property \(name)")
    }
}
