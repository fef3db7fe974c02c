import CMPI
import Synchronization

/// Which `MPI_File` handles are ours. A handle is the address of a small block this library
/// allocates: distinct from every OpenMPI file and never freed, so a handle used after close
/// is still recognised (and refused with MPI_ERR_FILE) instead of reaching OpenMPI, which would
/// dereference it. Fortran handles of our files come from `fortranBase` up, far above the
/// indices of OpenMPI's Fortran file table, and are never reused either.
final class FileRegistry: Sendable {
    static let shared = FileRegistry()
    static let fortranBase: MPI_Fint = 0x4000_0000

    enum Lookup {
        case foreign
        case closed
        case open(OpenFile)
    }

    private struct State {
        var open: [UInt: OpenFile] = [:]
        var closed: Set<UInt> = []
        var byFortran: [MPI_Fint: UInt] = [:]
        var nextFortran: MPI_Fint = FileRegistry.fortranBase
    }

    private let state = Mutex(State())

    /// A new handle and its Fortran twin.
    func allocateHandle() -> (MPI_File, MPI_Fint) {
        let block = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
        // "DaosMPIIO handle" in the block, for whoever finds it in a debugger.
        block.copyMemory(from: Array("DaosMPIIOhandle\0".utf8), byteCount: 16)
        let key = UInt(bitPattern: block)
        let fortran = state.withLock { state in
            let fortran = state.nextFortran
            precondition(fortran < MPI_Fint.max, "Fortran file handles exhausted")
            state.nextFortran += 1
            state.byFortran[fortran] = key
            return fortran
        }
        return (OpaquePointer(block), fortran)
    }

    func register(_ file: OpenFile) {
        state.withLock { $0.open[Self.key(file.handle)] = file }
    }

    func lookup(_ handle: MPI_File?) -> Lookup {
        guard let handle else { return .foreign }
        let key = Self.key(handle)
        return state.withLock { state in
            if let file = state.open[key] { return .open(file) }
            return state.closed.contains(key) ? .closed : .foreign
        }
    }

    func markClosed(_ file: OpenFile) {
        state.withLock { state in
            let key = Self.key(file.handle)
            state.open[key] = nil
            state.closed.insert(key)
        }
    }

    /// The open files, oldest first (for MPI_Finalize's clean-up).
    func openFiles() -> [OpenFile] {
        state.withLock { state in state.open.values.sorted { $0.fortranHandle < $1.fortranHandle } }
    }

    /// Our C handle for a Fortran handle in our range (open or closed), else nil.
    func handle(fortran: MPI_Fint) -> MPI_File? {
        guard fortran >= Self.fortranBase else { return nil }
        return state.withLock { state in state.byFortran[fortran].flatMap { UnsafeMutableRawPointer(bitPattern: $0) }.map(OpaquePointer.init) }
    }

    private static func key(_ handle: MPI_File) -> UInt { UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(handle))) }
}
