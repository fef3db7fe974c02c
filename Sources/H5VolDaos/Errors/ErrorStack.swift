import CHDF5
#if canImport(Glibc)
import Glibc
#endif

/// The connector's entries on HDF5's error stack: one error class ("DAOS VOL"), registered at
/// initialize and unregistered at terminate, with one major and one minor message; the text of
/// each `VolError` carries the detail.
enum ErrorStack {
    nonisolated(unsafe) private static var classID: hid_t = -1
    nonisolated(unsafe) private static var majorID: hid_t = -1
    nonisolated(unsafe) private static var minorID: hid_t = -1

    static func register() {
        guard classID < 0 else { return }
        classID = H5Eregister_class("DAOS VOL", "H5VolDaos", "1.0")
        guard classID >= 0 else { return }
        majorID = H5Ecreate_msg(classID, H5E_MAJOR, "DAOS VOL connector")
        minorID = H5Ecreate_msg(classID, H5E_MINOR, "operation failed")
    }

    static func unregister() {
        guard classID >= 0 else { return }
        if minorID >= 0 { H5Eclose_msg(minorID) }
        if majorID >= 0 { H5Eclose_msg(majorID) }
        H5Eunregister_class(classID)
        classID = -1
        majorID = -1
        minorID = -1
    }

    /// `H5VOLDAOS_TRACE=1`: every error is also written to stderr as it is pushed (for
    /// programs that drop HDF5's error stack, like the tools).
    nonisolated(unsafe) private static var trace: Bool = ConnectorConfig.processEnvironment("H5VOLDAOS_TRACE") == "1"

    /// Pushes `error` for the HDF5 call `function` (e.g. "H5Fcreate").
    static func push(_ function: String, _ error: VolError) {
        // The stack keeps C strings: a NUL inside a message (a binary key) would cut it short.
        let message = error.message.replacingNUL()
        if trace {
            let line = Array("H5VolDaos: \(function): \(message)\n".utf8)
            _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        }
        if classID < 0 { register() }
        guard classID >= 0 else { return }
        _ = swift_H5Epush(classID, majorID, minorID, function, message)
    }
}

extension String {
    /// The string with every NUL written as `\0`.
    func replacingNUL() -> String {
        guard utf8.contains(0) else { return self }
        return String(decoding: utf8.flatMap { $0 == 0 ? Array("\\0".utf8) : [$0] }, as: UTF8.self)
    }
}
