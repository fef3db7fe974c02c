import CMPI
import Synchronization

/// Error codes with our messages: `MPI_Add_error_code` binds a new code to a standard class and
/// `MPI_Add_error_string` gives it the sentence, so `MPI_Error_class` answers the class and
/// `MPI_Error_string` our text.
///
/// MPI cannot free an error code, so codes are recycled: the same text reuses its code, and past
/// `codesMax` codes the oldest code of the class is given the new text (MPI lets a code's string
/// be replaced). A program that keeps an old code and prints it much later may see a newer
/// message of the same class; its class never changes.
enum ErrorCodes {
    static let codesMax = 64

    private struct Entry {
        var code: Int32
        var errorClass: Int32
        var message: String
    }

    private struct Table {
        var entries: [Entry] = []
        var nextVictim = 0
    }

    private static let table = Mutex(Table())

    /// The code to return for `error`. If MPI refuses to make codes (it never should), the bare
    /// class is returned: still a valid answer, only without our text.
    static func code(for error: MPIIOError) -> Int32 {
        // Cut to MPI's limit; decoding repairs a character cut in half.
        let text = String(decoding: Array("DaosMPIIO: \(error.message)".utf8.prefix(Int(swift_MPI_MAX_ERROR_STRING()) - 1)),
                          as: UTF8.self)
        return table.withLock { table in
            if let found = table.entries.first(where: { $0.errorClass == error.errorClass && $0.message == text }) {
                return found.code
            }
            if table.entries.count < codesMax {
                var code: Int32 = 0
                guard PMPI_Add_error_code(error.errorClass, &code) == MPI_SUCCESS else { return error.errorClass }
                guard setString(code, text) else { return error.errorClass }
                table.entries.append(Entry(code: code, errorClass: error.errorClass, message: text))
                return code
            }
            // Recycle the next code of the same class, round robin over the table.
            for step in 0..<table.entries.count {
                let index = (table.nextVictim + step) % table.entries.count
                guard table.entries[index].errorClass == error.errorClass else { continue }
                table.nextVictim = index + 1
                guard setString(table.entries[index].code, text) else { return error.errorClass }
                table.entries[index].message = text
                return table.entries[index].code
            }
            return error.errorClass
        }
    }

    private static func setString(_ code: Int32, _ text: String) -> Bool {
        text.withCString { PMPI_Add_error_string(code, $0) } == MPI_SUCCESS
    }
}
