import DaosObject

/// Why a connector operation failed, in one sentence for the HDF5 error stack. The callback
/// glue pushes it and returns HDF5's failure value; nothing else in the connector reports
/// errors (no printing, no traps for operating errors).
struct VolError: Error, CustomStringConvertible {
    var message: String

    init(_ message: String) {
        precondition(!message.isEmpty, "an error needs a message")
        self.message = message
    }

    var description: String { message }

    /// A failure of the object store, with what the connector was doing.
    static func store(_ error: ClientError, _ doing: String) -> VolError {
        VolError("\(doing): \(error)")
    }

    /// A failed HDF5 library call made by the connector.
    static func library(_ call: String) -> VolError {
        VolError("\(call) failed")
    }

    static func unsupported(_ what: String) -> VolError {
        VolError("\(what) is not supported by the DAOS VOL connector")
    }

    static func readOnly(_ file: String) -> VolError {
        VolError("file '\(file)' was opened read-only")
    }
}

/// Runs a store call, turning its `ClientError` into a `VolError` that says what was being done.
@inline(__always)
func store<T>(_ doing: @autoclosure () -> String, _ body: () throws(ClientError) -> T) throws(VolError) -> T {
    do throws(ClientError) {
        return try body()
    } catch {
        throw .store(error, doing())
    }
}
