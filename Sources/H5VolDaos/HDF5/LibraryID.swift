import CHDF5

/// An HDF5 identifier the connector owns (a datatype, dataspace or property list copy): its
/// reference is dropped when the last Swift reference goes, unless ownership was handed to
/// HDF5 with `take()` (a "get" callback returning a fresh copy).
///
/// Swift may end an object's life right after its last use, which for `id.raw` is the read,
/// before the C call that gets the number runs. So every LibraryID made during a callback is
/// also kept by `CallScope` until the outermost callback returns: `.raw` of a temporary is
/// safe for the whole callback.
final class LibraryID {
    private(set) var raw: hid_t

    init(owning raw: hid_t) {
        precondition(raw >= 0, "an owned identifier is valid")
        self.raw = raw
        CallScope.keep(self)
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

/// Checks of arguments HDF5 passes through unchecked.
enum Validate {
    /// `id` must be a property list (access lists reach the connector as given).
    static func propertyList(_ id: hid_t, _ what: String) throws(VolError) {
        guard H5Iget_type(id) == H5I_GENPROP_LST else { throw VolError("\(what) is not a property list") }
    }
}

/// Keeps the identifiers made during one callback alive until the outermost callback returns
/// (callbacks nest when an application's iteration callback calls HDF5 again).
enum CallScope {
    nonisolated(unsafe) private static var depth = 0
    nonisolated(unsafe) private static var kept: [LibraryID] = []

    static func keep(_ id: LibraryID) {
        if depth > 0 { kept.append(id) }
    }

    static func run<T>(_ body: () -> T) -> T {
        depth += 1
        defer {
            depth -= 1
            if depth == 0 { kept.removeAll(keepingCapacity: true) }
        }
        return body()
    }
}
