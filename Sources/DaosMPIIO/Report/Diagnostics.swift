#if canImport(Glibc)
import Glibc
#endif

/// Messages to stderr without Foundation: one `write(2)` per line, so lines from several ranks
/// sharing a terminal do not interleave within a line.
enum Diagnostics {
    static func line(_ text: String) {
        var bytes = Array("\(text)\n".utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < buffer.count {
                let wrote = Glibc.write(2, buffer.baseAddress! + done, buffer.count - done)
                if wrote <= 0 { return }
                done += wrote
            }
        }
    }

    static func warning(_ text: String) { line("DaosMPIIO: warning: \(text)") }

    /// A broken promise of the process's environment (no MPI to forward to): there is no error
    /// code to return it through.
    static func fatal(_ text: String) -> Never {
        line("DaosMPIIO: fatal: \(text)")
        abort()
    }

    /// The environment variable `name`, or nil when unset.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
