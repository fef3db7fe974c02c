import CMPI
import Synchronization

/// Clean-up at MPI_Finalize, ROMIO's way: an attribute on MPI_COMM_SELF whose delete callback
/// MPI runs at the start of MPI_Finalize (MPI-3.1 §8.7.1), while MPI still works.
///
/// Files still open then are a program error (MPI-3.1 §13.2.2 requires closing them), so they
/// are released locally — no collective, the other ranks may not have the same files left —
/// and a warning names them. The pool and container handles this process owns stay until the
/// process exits (`Store`), since other ranks may still be using them.
enum Finalization {
    private static let installed = Mutex(false)

    static func install() {
        let first = installed.withLock { installed in
            defer { installed = true }
            return !installed
        }
        guard first else { return }
        var keyval = swift_MPI_KEYVAL_INVALID()
        let created = PMPI_Comm_create_keyval(
            { _, _, _, _, _, flag in
                flag?.pointee = 0
                return MPI_SUCCESS
            },
            { _, _, _, _ in
                Finalization.run()
                return MPI_SUCCESS
            },
            &keyval, nil)
        guard created == MPI_SUCCESS, PMPI_Comm_set_attr(swift_MPI_COMM_SELF(), keyval, nil) == MPI_SUCCESS else {
            Diagnostics.warning("could not hook MPI_Finalize; files left open are not released and no report is printed")
            return
        }
    }

    private static func run() {
        for file in FileRegistry.shared.openFiles() {
            Diagnostics.warning("\(file.name) still open at MPI_Finalize; released without closing")
            FileRegistry.shared.markClosed(file)
        }
        if Report.enabled { Report.print() }
    }
}
