#if canImport(Glibc)
import Glibc
#endif
import CMPI

/// The MPI library's own `PMPI_File_*` functions, found with `dlsym(RTLD_NEXT, …)` on first use.
///
/// This library exports both the `MPI_File_*` and the `PMPI_File_*` names (OpenMPI's Fortran
/// bindings call the `PMPI_` ones), so a direct call to `PMPI_File_open` from here would bind to
/// our own export and recurse. Every call that forwards goes through this table instead.
/// `MPI_Fint` is a macro for `int` in OpenMPI's mpi.h, which Swift does not import as a type.
public typealias MPI_Fint = Int32

enum RealMPI {
    typealias Comm = MPI_Comm?
    typealias File = MPI_File?
    typealias Datatype = MPI_Datatype?
    typealias Status = UnsafeMutablePointer<MPI_Status>?
    typealias Request = UnsafeMutablePointer<MPI_Request?>?
    typealias Offset = MPI_Offset

    typealias FileOnly = @convention(c) (File) -> Int32
    typealias FileInt = @convention(c) (File, Int32) -> Int32
    typealias FileIntOut = @convention(c) (File, UnsafeMutablePointer<Int32>?) -> Int32
    typealias FileOffset = @convention(c) (File, Offset) -> Int32
    typealias FileOffsetOut = @convention(c) (File, UnsafeMutablePointer<Offset>?) -> Int32
    typealias FileOffsetWhence = @convention(c) (File, Offset, Int32) -> Int32
    typealias ReadAt = @convention(c) (File, Offset, UnsafeMutableRawPointer?, Int32, Datatype, Status) -> Int32
    typealias WriteAt = @convention(c) (File, Offset, UnsafeRawPointer?, Int32, Datatype, Status) -> Int32
    typealias IReadAt = @convention(c) (File, Offset, UnsafeMutableRawPointer?, Int32, Datatype, Request) -> Int32
    typealias IWriteAt = @convention(c) (File, Offset, UnsafeRawPointer?, Int32, Datatype, Request) -> Int32
    typealias Read = @convention(c) (File, UnsafeMutableRawPointer?, Int32, Datatype, Status) -> Int32
    typealias Write = @convention(c) (File, UnsafeRawPointer?, Int32, Datatype, Status) -> Int32
    typealias IRead = @convention(c) (File, UnsafeMutableRawPointer?, Int32, Datatype, Request) -> Int32
    typealias IWrite = @convention(c) (File, UnsafeRawPointer?, Int32, Datatype, Request) -> Int32
    typealias ReadAtBegin = @convention(c) (File, Offset, UnsafeMutableRawPointer?, Int32, Datatype) -> Int32
    typealias WriteAtBegin = @convention(c) (File, Offset, UnsafeRawPointer?, Int32, Datatype) -> Int32
    typealias ReadBegin = @convention(c) (File, UnsafeMutableRawPointer?, Int32, Datatype) -> Int32
    typealias WriteBegin = @convention(c) (File, UnsafeRawPointer?, Int32, Datatype) -> Int32
    typealias ReadEnd = @convention(c) (File, UnsafeMutableRawPointer?, Status) -> Int32
    typealias WriteEnd = @convention(c) (File, UnsafeRawPointer?, Status) -> Int32

    typealias Open = @convention(c) (Comm, UnsafePointer<CChar>?, Int32, MPI_Info?, UnsafeMutablePointer<MPI_File?>?) -> Int32
    typealias Close = @convention(c) (UnsafeMutablePointer<MPI_File?>?) -> Int32
    typealias Delete = @convention(c) (UnsafePointer<CChar>?, MPI_Info?) -> Int32
    typealias GetGroup = @convention(c) (File, UnsafeMutablePointer<MPI_Group?>?) -> Int32
    typealias SetInfo = @convention(c) (File, MPI_Info?) -> Int32
    typealias GetInfo = @convention(c) (File, UnsafeMutablePointer<MPI_Info?>?) -> Int32
    typealias SetView = @convention(c) (File, Offset, Datatype, Datatype, UnsafePointer<CChar>?, MPI_Info?) -> Int32
    typealias GetView = @convention(c) (File, UnsafeMutablePointer<Offset>?, UnsafeMutablePointer<MPI_Datatype?>?,
                                        UnsafeMutablePointer<MPI_Datatype?>?, UnsafeMutablePointer<CChar>?) -> Int32
    typealias ByteOffset = @convention(c) (File, Offset, UnsafeMutablePointer<Offset>?) -> Int32
    typealias TypeExtent = @convention(c) (File, Datatype, UnsafeMutablePointer<MPI_Aint>?) -> Int32
    typealias C2F = @convention(c) (File) -> MPI_Fint
    typealias F2C = @convention(c) (MPI_Fint) -> MPI_File?
    typealias CreateErrhandler = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutablePointer<MPI_Errhandler?>?) -> Int32
    typealias SetErrhandler = @convention(c) (File, MPI_Errhandler?) -> Int32
    typealias GetErrhandler = @convention(c) (File, UnsafeMutablePointer<MPI_Errhandler?>?) -> Int32

    static let open: Open = resolve("PMPI_File_open")
    static let close: Close = resolve("PMPI_File_close")
    static let delete: Delete = resolve("PMPI_File_delete")
    static let setSize: FileOffset = resolve("PMPI_File_set_size")
    static let preallocate: FileOffset = resolve("PMPI_File_preallocate")
    static let getSize: FileOffsetOut = resolve("PMPI_File_get_size")
    static let getGroup: GetGroup = resolve("PMPI_File_get_group")
    static let getAmode: FileIntOut = resolve("PMPI_File_get_amode")
    static let setInfo: SetInfo = resolve("PMPI_File_set_info")
    static let getInfo: GetInfo = resolve("PMPI_File_get_info")
    static let setView: SetView = resolve("PMPI_File_set_view")
    static let getView: GetView = resolve("PMPI_File_get_view")

    static let readAt: ReadAt = resolve("PMPI_File_read_at")
    static let readAtAll: ReadAt = resolve("PMPI_File_read_at_all")
    static let writeAt: WriteAt = resolve("PMPI_File_write_at")
    static let writeAtAll: WriteAt = resolve("PMPI_File_write_at_all")
    static let ireadAt: IReadAt = resolve("PMPI_File_iread_at")
    static let iwriteAt: IWriteAt = resolve("PMPI_File_iwrite_at")
    static let ireadAtAll: IReadAt = resolve("PMPI_File_iread_at_all")
    static let iwriteAtAll: IWriteAt = resolve("PMPI_File_iwrite_at_all")

    static let read: Read = resolve("PMPI_File_read")
    static let readAll: Read = resolve("PMPI_File_read_all")
    static let write: Write = resolve("PMPI_File_write")
    static let writeAll: Write = resolve("PMPI_File_write_all")
    static let iread: IRead = resolve("PMPI_File_iread")
    static let iwrite: IWrite = resolve("PMPI_File_iwrite")
    static let ireadAll: IRead = resolve("PMPI_File_iread_all")
    static let iwriteAll: IWrite = resolve("PMPI_File_iwrite_all")
    static let seek: FileOffsetWhence = resolve("PMPI_File_seek")
    static let getPosition: FileOffsetOut = resolve("PMPI_File_get_position")
    static let getByteOffset: ByteOffset = resolve("PMPI_File_get_byte_offset")

    static let readShared: Read = resolve("PMPI_File_read_shared")
    static let writeShared: Write = resolve("PMPI_File_write_shared")
    static let ireadShared: IRead = resolve("PMPI_File_iread_shared")
    static let iwriteShared: IWrite = resolve("PMPI_File_iwrite_shared")
    static let readOrdered: Read = resolve("PMPI_File_read_ordered")
    static let writeOrdered: Write = resolve("PMPI_File_write_ordered")
    static let seekShared: FileOffsetWhence = resolve("PMPI_File_seek_shared")
    static let getPositionShared: FileOffsetOut = resolve("PMPI_File_get_position_shared")

    static let readAtAllBegin: ReadAtBegin = resolve("PMPI_File_read_at_all_begin")
    static let readAtAllEnd: ReadEnd = resolve("PMPI_File_read_at_all_end")
    static let writeAtAllBegin: WriteAtBegin = resolve("PMPI_File_write_at_all_begin")
    static let writeAtAllEnd: WriteEnd = resolve("PMPI_File_write_at_all_end")
    static let readAllBegin: ReadBegin = resolve("PMPI_File_read_all_begin")
    static let readAllEnd: ReadEnd = resolve("PMPI_File_read_all_end")
    static let writeAllBegin: WriteBegin = resolve("PMPI_File_write_all_begin")
    static let writeAllEnd: WriteEnd = resolve("PMPI_File_write_all_end")
    static let readOrderedBegin: ReadBegin = resolve("PMPI_File_read_ordered_begin")
    static let readOrderedEnd: ReadEnd = resolve("PMPI_File_read_ordered_end")
    static let writeOrderedBegin: WriteBegin = resolve("PMPI_File_write_ordered_begin")
    static let writeOrderedEnd: WriteEnd = resolve("PMPI_File_write_ordered_end")

    static let getTypeExtent: TypeExtent = resolve("PMPI_File_get_type_extent")
    static let setAtomicity: FileInt = resolve("PMPI_File_set_atomicity")
    static let getAtomicity: FileIntOut = resolve("PMPI_File_get_atomicity")
    static let sync: FileOnly = resolve("PMPI_File_sync")

    static let c2f: C2F = resolve("PMPI_File_c2f")
    static let f2c: F2C = resolve("PMPI_File_f2c")
    static let callErrhandler: FileInt = resolve("PMPI_File_call_errhandler")
    static let createErrhandler: CreateErrhandler = resolve("PMPI_File_create_errhandler")
    static let setErrhandler: SetErrhandler = resolve("PMPI_File_set_errhandler")
    static let getErrhandler: GetErrhandler = resolve("PMPI_File_get_errhandler")

    /// `dlsym(RTLD_NEXT, name)`: the next definition after this library in load order, i.e. the
    /// MPI library's. A missing one means we were loaded into a process without MPI-IO: there
    /// is nothing sensible to forward to, so the process stops with the name.
    private static func resolve<Function>(_ name: String) -> Function {
        // RTLD_NEXT is `((void *) -1l)` in glibc, a macro Swift does not import.
        let next = UnsafeMutableRawPointer(bitPattern: -1)
        guard let symbol = dlsym(next, name) else {
            Diagnostics.fatal("\(name) not found after libDaosMPIIO.so (is the process linked with libmpi?)")
        }
        return unsafeBitCast(symbol, to: Function.self)
    }
}
