import DaosFS
import DaosObject

/// `daos fs copy --src SRC --dst DST`: one file between a local path and a container's
/// namespace (or between two namespaces), `transferBytes` at a time. A destination that is an
/// existing directory receives the file under the source's name, as `cp` does.
extension FileSystemOperations {
    static let transferBytes = 4 << 20
    /// Copies larger than this report their progress on stderr, one line per this many bytes.
    static let progressBytes: UInt64 = 64 << 20

    /// One end of a copy, opened.
    enum CopyEnd {
        case local(LocalFile)
        case daos(DaosFile)

        func read(at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(CommandFailure) -> Int {
            switch self {
            case .local(let file): try argument { () throws(ToolError) in try file.read(at: offset, into: buffer) }
            case .daos(let file): try fileSystem { () throws(FileSystemError) in try file.read(at: offset, into: buffer) }
            }
        }

        func write(at offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(CommandFailure) {
            switch self {
            case .local(let file): try argument { () throws(ToolError) in try file.write(at: offset, from: buffer) }
            case .daos(let file): try fileSystem { () throws(FileSystemError) in try file.write(at: offset, from: buffer) }
            }
        }
    }

    /// - Parameter progress: where progress lines go (default: stderr).
    public static func copy(systemFile: String, source: String, destination: String, progress: ((String) -> Void)? = nil)
        throws(CommandFailure) -> CommandOutput {
        let progress = progress ?? { RenderedOutcome.write($0, to: 2) }
        let (from, to) = try argument { () throws(ToolError) in
            let from = try CopyEndpoint(parsing: source, what: "--src")
            let to = try CopyEndpoint(parsing: destination, what: "--dst")
            guard from.isDaos || to.isDaos else { throw .badArgument("one of --src and --dst must be daos://POOL/CONT/path") }
            return (from, to)
        }
        return try withSource(from, systemFile: systemFile) { (reader, size, name) throws(CommandFailure) in
            try withDestination(to, name: name, systemFile: systemFile) { (writer, written) throws(CommandFailure) in
                try transfer(from: reader, to: writer, size: size, progress: progress)
                return CommandOutput(text: FileSystemReports.copied(source: from.description, destination: written, toDAOS: to.isDaos, bytes: size),
                                     response: FileSystemReports.copiedJSON(source: from.description, destination: written, bytes: size))
            }
        }
    }

    /// Moves `size` bytes; a source that ends early (changed under the copy) is an error.
    static func transfer(from reader: CopyEnd, to writer: CopyEnd, size: UInt64, progress: (String) -> Void) throws(CommandFailure) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: transferBytes, alignment: 64)
        defer { buffer.deallocate() }
        var done: UInt64 = 0
        var reported: UInt64 = 0
        while done < size {
            let want = Int(min(UInt64(transferBytes), size - done))
            var filled = 0
            while filled < want {
                let count = try reader.read(at: done + UInt64(filled), into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<want]))
                guard count > 0 else {
                    throw CommandFailure(reason: "the source ended at \(done + UInt64(filled)) of \(size) bytes", status: .ioError)
                }
                filled += count
            }
            try writer.write(at: done, from: UnsafeRawBufferPointer(rebasing: buffer[0..<want]))
            done += UInt64(want)
            if size > progressBytes && (done - reported >= progressBytes || done == size) {
                progress(FileSystemReports.progress(done: done, total: size))
                reported = done
            }
        }
    }

    /// Opens the source: its end, size and last name (for a destination directory).
    private static func withSource<T>(_ endpoint: CopyEndpoint, systemFile: String,
                                      _ body: (CopyEnd, UInt64, String) throws(CommandFailure) -> T) throws(CommandFailure) -> T {
        switch endpoint {
        case .local(let path):
            let file = try argument { () throws(ToolError) in
                guard let kind = try LocalFile.kind(of: path) else { throw .failed("\(path): no such file or directory") }
                guard !kind.isDirectory else { throw .badArgument("\(path) is a directory; daos fs copy copies one file") }
                return (try LocalFile.openForReading(path), kind.size)
            }
            defer { try? file.0.close() }
            return try body(.local(file.0), file.1, lastName(path))
        case .daos(let pool, let container, let path):
            return try withFileSystem(systemFile: systemFile, pool: pool, container: container, mode: .readOnly) {
                (fs) throws(CommandFailure) in
                let file = try fileSystem { () throws(FileSystemError) in try fs.open(path, flags: .readOnly) }
                let size = try fileSystem { () throws(FileSystemError) in try file.size() }
                return try body(.daos(file), size, lastName(path))
            }
        }
    }

    /// Creates (or empties) the destination; passes its end and the path written.
    private static func withDestination<T>(_ endpoint: CopyEndpoint, name: String, systemFile: String,
                                           _ body: (CopyEnd, String) throws(CommandFailure) -> T) throws(CommandFailure) -> T {
        switch endpoint {
        case .local(var path):
            if try argument({ () throws(ToolError) in try LocalFile.kind(of: path)?.isDirectory ?? false }) { path += "/" + name }
            let file = try argument { () throws(ToolError) in try LocalFile.create(path) }
            let result = try body(.local(file), path)
            try argument { () throws(ToolError) in try file.close() }
            return result
        case .daos(let pool, let container, var path):
            return try withFileSystem(systemFile: systemFile, pool: pool, container: container, mode: .readWrite) {
                (fs) throws(CommandFailure) in
                if (try? fs.lookup(path))?.kind == .directory { path += "/" + name }
                let file = try fileSystem { () throws(FileSystemError) in try fs.open(path, flags: [.readWrite, .create, .truncate]) }
                let written = CopyEndpoint.daos(pool: pool, container: container, path: file.entry.path.description).description
                return try body(.daos(file), written)
            }
        }
    }

    private static func lastName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? "copy")
    }
}
