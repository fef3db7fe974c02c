import CMPI

/// An MPI file access mode (`amode`), checked by the rules of MPI-3.1 §13.2.1.
struct FileAmode: Equatable, CustomStringConvertible {
    let rawValue: Int32

    init(_ rawValue: Int32) { self.rawValue = rawValue }

    private func has(_ bit: Int32) -> Bool { rawValue & bit != 0 }

    var isReadOnly: Bool { has(swift_MPI_MODE_RDONLY()) }
    var isReadWrite: Bool { has(swift_MPI_MODE_RDWR()) }
    var isWriteOnly: Bool { has(swift_MPI_MODE_WRONLY()) }
    var create: Bool { has(swift_MPI_MODE_CREATE()) }
    var exclusive: Bool { has(swift_MPI_MODE_EXCL()) }
    var deleteOnClose: Bool { has(swift_MPI_MODE_DELETE_ON_CLOSE()) }
    var sequential: Bool { has(swift_MPI_MODE_SEQUENTIAL()) }
    var append: Bool { has(swift_MPI_MODE_APPEND()) }

    var canRead: Bool { !isWriteOnly }
    var canWrite: Bool { !isReadOnly }

    /// Why this amode is invalid, or nil.
    var invalidReason: String? {
        let known = swift_MPI_MODE_RDONLY() | swift_MPI_MODE_RDWR() | swift_MPI_MODE_WRONLY() | swift_MPI_MODE_CREATE()
            | swift_MPI_MODE_EXCL() | swift_MPI_MODE_DELETE_ON_CLOSE() | swift_MPI_MODE_UNIQUE_OPEN()
            | swift_MPI_MODE_SEQUENTIAL() | swift_MPI_MODE_APPEND()
        if rawValue & ~known != 0 { return "amode \(rawValue) has unknown bits" }
        let accessModes = [isReadOnly, isReadWrite, isWriteOnly].filter { $0 }.count
        if accessModes != 1 { return "amode \(self) needs exactly one of MPI_MODE_RDONLY, MPI_MODE_RDWR, MPI_MODE_WRONLY" }
        if isReadOnly && create { return "MPI_MODE_RDONLY with MPI_MODE_CREATE" }
        if isReadOnly && exclusive { return "MPI_MODE_RDONLY with MPI_MODE_EXCL" }
        if isReadWrite && sequential { return "MPI_MODE_RDWR with MPI_MODE_SEQUENTIAL" }
        return nil
    }

    var description: String {
        let names: [(Int32, String)] = [
            (swift_MPI_MODE_RDONLY(), "RDONLY"), (swift_MPI_MODE_RDWR(), "RDWR"), (swift_MPI_MODE_WRONLY(), "WRONLY"),
            (swift_MPI_MODE_CREATE(), "CREATE"), (swift_MPI_MODE_EXCL(), "EXCL"), (swift_MPI_MODE_DELETE_ON_CLOSE(), "DELETE_ON_CLOSE"),
            (swift_MPI_MODE_UNIQUE_OPEN(), "UNIQUE_OPEN"), (swift_MPI_MODE_SEQUENTIAL(), "SEQUENTIAL"), (swift_MPI_MODE_APPEND(), "APPEND"),
        ]
        let set = names.filter { rawValue & $0.0 != 0 }.map(\.1)
        return set.isEmpty ? "0" : set.joined(separator: "|")
    }
}
