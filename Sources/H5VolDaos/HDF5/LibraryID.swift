import CHDF5

/// An HDF5 identifier the connector owns (a datatype, dataspace or property list copy): its
/// reference is dropped when the last Swift reference goes, unless ownership was handed to
/// HDF5 with `take()` (a "get" callback returning a fresh copy).
final class LibraryID {
    private(set) var raw: hid_t

    init(owning raw: hid_t) {
        precondition(raw >= 0, "an owned identifier is valid")
        self.raw = raw
    }

    /// Hands the identifier to the caller; this object no longer closes it.
    func take() -> hid_t {
        precondition(raw >= 0, "identifier already taken")
        let value = raw
        raw = -1
        return value
    }

    deinit {
        if raw >= 0 { _ = H5Idec_ref(raw) }
    }
}

/// Thin checks around HDF5 calls the connector makes on the application's behalf.
enum H5Call {
    @inline(__always)
    static func check(_ status: herr_t, _ call: @autoclosure () -> String) throws(VolError) {
        guard status >= 0 else { throw .library(call()) }
    }

    @inline(__always)
    static func id(_ value: hid_t, _ call: @autoclosure () -> String) throws(VolError) -> LibraryID {
        guard value >= 0 else { throw .library(call()) }
        return LibraryID(owning: value)
    }

    @inline(__always)
    static func truth(_ value: htri_t, _ call: @autoclosure () -> String) throws(VolError) -> Bool {
        guard value >= 0 else { throw .library(call()) }
        return value > 0
    }
}
