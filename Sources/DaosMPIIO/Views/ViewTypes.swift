import CMPI

/// The etype and filetype a view keeps: predefined types as they are, derived ones as our own
/// duplicates (the program may free its handles right after `MPI_File_set_view`), freed when
/// the view is replaced or the file closed.
enum ViewTypes {
    static func isPredefined(_ type: MPI_Datatype) throws(MPIIOError) -> Bool {
        try Envelope(type).combiner == swift_MPI_COMBINER_NAMED()
    }

    /// Our own handle for `type`: itself if predefined, else a duplicate.
    static func retain(_ type: MPI_Datatype) throws(MPIIOError) -> MPI_Datatype {
        if try isPredefined(type) { return type }
        var duplicate: MPI_Datatype? = nil
        try mpiCall("MPI_Type_dup", PMPI_Type_dup(type, &duplicate))
        guard let duplicate else { throw .type("MPI_Type_dup returned no type") }
        return duplicate
    }

    static func release(_ view: FileView) {
        for type in [view.etype, view.filetype] {
            guard let predefined = try? isPredefined(type), !predefined else { continue }
            var handle: MPI_Datatype? = type
            _ = PMPI_Type_free(&handle)
        }
    }

    /// A handle to give the program (`MPI_File_get_view`): predefined as is, derived duplicated,
    /// since the program frees what it gets.
    static func handOut(_ type: MPI_Datatype) throws(MPIIOError) -> MPI_Datatype { try retain(type) }
}
