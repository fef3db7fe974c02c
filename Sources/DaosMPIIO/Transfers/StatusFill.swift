import CMPI

/// Fills the `MPI_Status` of a data access: the byte count (short at the end of file), set
/// through MPI so `MPI_Get_count`, `MPI_Get_elements(_x)` answer for any datatype. OpenMPI
/// keeps the count in bytes, so the count is set as MPI_BYTE elements: exact for every type,
/// including a partial last element.
enum StatusFill {
    static func set(_ status: UnsafeMutablePointer<MPI_Status>?, bytes: Int64) {
        guard let status, status != swift_MPI_STATUS_IGNORE() else { return }
        _ = PMPI_Status_set_elements_x(status, swift_MPI_BYTE(), MPI_Count(bytes))
        _ = PMPI_Status_set_cancelled(status, 0)
        status.pointee.MPI_SOURCE = swift_MPI_UNDEFINED()
        status.pointee.MPI_TAG = swift_MPI_UNDEFINED()
        status.pointee.MPI_ERROR = MPI_SUCCESS
    }
}
