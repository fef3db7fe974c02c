#if canImport(Glibc)
import Glibc
#endif

/// What a command produced: its DAOS-style text and the `response` object of its `-j` form.
/// Both are built every time (they are cheap), so the text and JSON cannot drift apart in which
/// commands have them.
public struct CommandOutput {
    public var text: String
    public var response: JSONValue
    /// Set when the report was printed but the command did not fully succeed (e.g. a rank that
    /// would not stop): the tool prints the report, then the error line, and exits 1.
    public var failure: CommandFailure?

    public init(text: String, response: JSONValue = .null, failure: CommandFailure? = nil) {
        self.text = text
        self.response = response
        self.failure = failure
    }
}

/// The bytes a command writes and its exit status, decided in one place for both tools:
/// text or the `{"response", "error", "status"}` envelope on stdout, exactly one
/// `ERROR: <tool>: <reason>` line on stderr when anything failed, exit status 1 then.
public struct RenderedOutcome: Equatable {
    public var standardOutput: String
    public var standardError: String
    public var exitStatus: Int32

    public init(_ result: Result<CommandOutput, CommandFailure>, tool: String, json: Bool) {
        let output = try? result.get()
        let failure: CommandFailure?
        switch result {
        case .success(let produced): failure = produced.failure
        case .failure(let error): failure = error
        }
        if json {
            standardOutput = Self.envelope(response: output?.response ?? .null, failure: failure).rendered() + "\n"
        } else {
            standardOutput = output?.text ?? ""
        }
        standardError = failure.map { "ERROR: \(tool): \($0.reason)\n" } ?? ""
        exitStatus = failure == nil ? 0 : 1
    }

    /// DAOS's JSON envelope: `status` is 0 or the negated DER code.
    public static func envelope(response: JSONValue, failure: CommandFailure?) -> JSONValue {
        [
            "response": response,
            "error": failure.map { .string($0.reason) } ?? .null,
            "status": .int(failure.map { -Int64($0.status.rawValue) } ?? 0),
        ]
    }

    /// Writes stdout then stderr with write(2) (no stdio buffering to flush before exit) and
    /// returns the exit status.
    public func emit() -> Int32 {
        Self.write(standardOutput, to: 1)
        Self.write(standardError, to: 2)
        return exitStatus
    }

    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.write(descriptor, $0.baseAddress! + done, $0.count - done) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            done += count
        }
    }
}
