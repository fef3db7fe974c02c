import CMPI
import DaosFS

extension Interposer {
    static func setSize(_ handle: MPI_File?, _ size: MPI_Offset) -> Int32 {
        onFile(handle, .size, forward: { RealMPI.setSize(handle, size) }) { (file) throws(MPIIOError) -> Int64 in
            try resize(file, to: size, call: "MPI_File_set_size", onlyGrow: false)
            return 0
        }
    }

    /// DAOS allocates space as data is written, so preallocation only makes the file at least
    /// `size` long (the MPI-required effect on the size); the new bytes read as zeros.
    static func preallocate(_ handle: MPI_File?, _ size: MPI_Offset) -> Int32 {
        onFile(handle, .size, forward: { RealMPI.preallocate(handle, size) }) { (file) throws(MPIIOError) -> Int64 in
            try resize(file, to: size, call: "MPI_File_preallocate", onlyGrow: true)
            return 0
        }
    }

    /// Collective: every rank must ask for the same size; rank 0 changes it, then all agree.
    private static func resize(_ file: OpenFile, to size: MPI_Offset, call: String, onlyGrow: Bool) throws(MPIIOError) {
        guard size >= 0 else { throw .argument("\(call) to negative size \(size)") }
        guard file.amode.canWrite else { throw .readOnly("\(call) on a file opened MPI_MODE_RDONLY") }
        guard !file.amode.sequential else { throw .unsupportedOperation("\(call) on a file opened MPI_MODE_SEQUENTIAL") }
        try requireSame(size, "the size given to \(call)", file)
        _ = try onRoot(file) { () throws(MPIIOError) -> Int64 in
            try Store.shared.run { () throws(MPIIOError) in
                try store("\(call) of \(file.name) to \(size) bytes") { () throws(FileSystemError) in
                    if onlyGrow, try file.data.size() >= UInt64(size) { return }
                    try file.data.truncate(to: UInt64(size))
                }
            }
            return 0
        }
    }

    static func getSize(_ handle: MPI_File?, _ size: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
        onFile(handle, .size, forward: { RealMPI.getSize(handle, size) }) { (file) throws(MPIIOError) -> Int64 in
            let bytes = try Store.shared.run { () throws(MPIIOError) -> UInt64 in
                try store("size of \(file.name)") { () throws(FileSystemError) in try file.data.size() }
            }
            size?.pointee = MPI_Offset(bytes)
            return 0
        }
    }

    static func getGroup(_ handle: MPI_File?, _ group: UnsafeMutablePointer<MPI_Group?>?) -> Int32 {
        onFile(handle, .query, forward: { RealMPI.getGroup(handle, group) }) { (file) throws(MPIIOError) -> Int64 in
            try mpiCall("MPI_Comm_group", PMPI_Comm_group(file.communicator, group))
            return 0
        }
    }

    static func getAmode(_ handle: MPI_File?, _ amode: UnsafeMutablePointer<Int32>?) -> Int32 {
        onFile(handle, .query, forward: { RealMPI.getAmode(handle, amode) }) { (file) throws(MPIIOError) -> Int64 in
            amode?.pointee = file.amode.rawValue
            return 0
        }
    }

    static func setInfo(_ handle: MPI_File?, _ info: MPI_Info?) -> Int32 {
        onFile(handle, .info, forward: { RealMPI.setInfo(handle, info) }) { (file) throws(MPIIOError) -> Int64 in
            try file.hints.apply(info, creation: false)
            try file.hints.agree(file.communicator)
            return 0
        }
    }

    static func getInfo(_ handle: MPI_File?, _ info: UnsafeMutablePointer<MPI_Info?>?) -> Int32 {
        onFile(handle, .info, forward: { RealMPI.getInfo(handle, info) }) { (file) throws(MPIIOError) -> Int64 in
            guard let info else { throw .argument("NULL info pointer") }
            let objectClass = file.data.oid.objectClass.map { "\($0)" } ?? "unknown"
            info.pointee = try file.hints.info(objectClass: objectClass, chunkSizeBytes: file.data.chunkSize)
            return 0
        }
    }

    /// Atomic mode: each write call becomes one version (one epoch for every chunk it touches),
    /// so concurrent overlapping writes resolve whole, as if one ran after the other. See the
    /// README for what reads see.
    static func setAtomicity(_ handle: MPI_File?, _ flag: Int32) -> Int32 {
        onFile(handle, .info, forward: { RealMPI.setAtomicity(handle, flag) }) { (file) throws(MPIIOError) -> Int64 in
            try requireSame(flag != 0 ? 1 : 0, "the atomicity flag", file)
            file.atomic = flag != 0
            return 0
        }
    }

    static func getAtomicity(_ handle: MPI_File?, _ flag: UnsafeMutablePointer<Int32>?) -> Int32 {
        onFile(handle, .query, forward: { RealMPI.getAtomicity(handle, flag) }) { (file) throws(MPIIOError) -> Int64 in
            flag?.pointee = file.atomic ? 1 : 0
            return 0
        }
    }

    /// The engines acknowledge an update once its data and WAL record are written (with
    /// `durability: sync`, after fdatasync), and the client keeps no cache: every write that
    /// returned is already as durable as the engines make anything. Sync is therefore the
    /// barrier that orders the ranks' writes before their later reads (MPI's sync-barrier-sync).
    static func sync(_ handle: MPI_File?) -> Int32 {
        onFile(handle, .sync, forward: { RealMPI.sync(handle) }) { (file) throws(MPIIOError) -> Int64 in
            try mpiCall("MPI_Barrier", PMPI_Barrier(file.communicator))
            return 0
        }
    }
}
