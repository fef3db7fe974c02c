#if canImport(Glibc)
import Glibc
#endif
import CMPI
import DaosFS

extension Interposer {
    static func setView(_ handle: MPI_File?, _ displacement: MPI_Offset, _ etype: MPI_Datatype?, _ filetype: MPI_Datatype?,
                        _ datarep: UnsafePointer<CChar>?, _ info: MPI_Info?) -> Int32 {
        onFile(handle, .view, forward: { RealMPI.setView(handle, displacement, etype, filetype, datarep, info) }) {
            (file) throws(MPIIOError) -> Int64 in
            guard let datarep else { throw .argument("NULL datarep") }
            let representation = String(cString: datarep)
            guard representation == "native" else {
                throw .unsupportedDatarep("data representation \"\(representation)\": daos: files support only \"native\"")
            }
            guard let etype, etype != swift_MPI_DATATYPE_NULL() else { throw .type("etype is MPI_DATATYPE_NULL") }
            guard let filetype, filetype != swift_MPI_DATATYPE_NULL() else { throw .type("filetype is MPI_DATATYPE_NULL") }
            var start = displacement
            if displacement == swift_MPI_DISPLACEMENT_CURRENT() {
                guard file.amode.sequential else { throw .argument("MPI_DISPLACEMENT_CURRENT needs MPI_MODE_SEQUENTIAL") }
                start = file.view.fileOffset(of: try file.sharedPointer.fetchAndAdd(0) * file.view.etypeSize)
            }
            guard start >= 0 else { throw .argument("negative displacement \(displacement)") }
            let etypeSize = try TypeCache.flat(etype).size
            let flat = try TypeCache.flat(filetype)
            guard etypeSize > 0 else { throw .type("the etype has no data") }
            guard flat.size > 0 else { throw .type("the filetype has no data") }
            guard flat.size % etypeSize == 0 else { throw .argument("the filetype (\(flat.size) bytes) is not a whole number of etypes (\(etypeSize) bytes)") }
            try requireSame(etypeSize, "the etype size", file)
            try file.hints.apply(info, creation: false)
            try file.hints.agree(file.communicator)
            let view = FileView(displacement: start, etype: try ViewTypes.retain(etype), filetype: try ViewTypes.retain(filetype),
                                etypeSize: etypeSize, flat: flat)
            ViewTypes.release(file.view)
            file.view = view
            file.individualPosition = 0
            if file.rank == 0 { try file.sharedPointer.store(0) }
            try mpiCall("MPI_Barrier", PMPI_Barrier(file.communicator))
            return 0
        }
    }

    static func getView(_ handle: MPI_File?, _ displacement: UnsafeMutablePointer<MPI_Offset>?,
                        _ etype: UnsafeMutablePointer<MPI_Datatype?>?, _ filetype: UnsafeMutablePointer<MPI_Datatype?>?,
                        _ datarep: UnsafeMutablePointer<CChar>?) -> Int32 {
        onFile(handle, .query, forward: { RealMPI.getView(handle, displacement, etype, filetype, datarep) }) {
            (file) throws(MPIIOError) -> Int64 in
            displacement?.pointee = file.view.displacement
            etype?.pointee = try ViewTypes.handOut(file.view.etype)
            filetype?.pointee = try ViewTypes.handOut(file.view.filetype)
            if let datarep { _ = strcpy(datarep, "native") }
            return 0
        }
    }

    static func getTypeExtent(_ handle: MPI_File?, _ datatype: MPI_Datatype?, _ extent: UnsafeMutablePointer<MPI_Aint>?) -> Int32 {
        onFile(handle, .query, forward: { RealMPI.getTypeExtent(handle, datatype, extent) }) { (_) throws(MPIIOError) -> Int64 in
            guard let datatype, datatype != swift_MPI_DATATYPE_NULL() else { throw .type("MPI_DATATYPE_NULL") }
            extent?.pointee = MPI_Aint(try Flattener.extentOf(datatype).extent)
            return 0
        }
    }

    static func getByteOffset(_ handle: MPI_File?, _ offset: MPI_Offset, _ displacement: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
        onFile(handle, .query, forward: { RealMPI.getByteOffset(handle, offset, displacement) }) { (file) throws(MPIIOError) -> Int64 in
            guard offset >= 0 else { throw .argument("negative offset \(offset)") }
            displacement?.pointee = file.view.fileOffset(of: offset * file.view.etypeSize)
            return 0
        }
    }

    static func seek(_ handle: MPI_File?, _ offset: MPI_Offset, _ whence: Int32) -> Int32 {
        onFile(handle, .seek, forward: { RealMPI.seek(handle, offset, whence) }) { (file) throws(MPIIOError) -> Int64 in
            guard !file.amode.sequential else { throw .unsupportedOperation("MPI_File_seek on a file opened MPI_MODE_SEQUENTIAL") }
            let current = file.individualPosition / file.view.etypeSize
            let target = try seekTarget(file, offset: offset, whence: whence, current: current)
            file.individualPosition = target * file.view.etypeSize
            return 0
        }
    }

    /// The etype offset a seek lands on; negative results are refused.
    static func seekTarget(_ file: OpenFile, offset: MPI_Offset, whence: Int32, current: Int64) throws(MPIIOError) -> Int64 {
        let target: Int64
        switch whence {
        case swift_MPI_SEEK_SET(): target = offset
        case swift_MPI_SEEK_CUR(): target = current + offset
        case swift_MPI_SEEK_END():
            let size = try Store.shared.run { () throws(MPIIOError) -> UInt64 in
                try store("size of \(file.name)") { () throws(FileSystemError) in try file.data.size() }
            }
            let stream = file.view.streamBytes(before: Int64(size))
            target = (stream + file.view.etypeSize - 1) / file.view.etypeSize + offset
        default: throw .argument("whence \(whence) is not MPI_SEEK_SET, MPI_SEEK_CUR or MPI_SEEK_END")
        }
        guard target >= 0 else { throw .argument("seek to offset \(target), before the start of the view") }
        return target
    }

    static func getPosition(_ handle: MPI_File?, _ offset: UnsafeMutablePointer<MPI_Offset>?) -> Int32 {
        onFile(handle, .query, forward: { RealMPI.getPosition(handle, offset) }) { (file) throws(MPIIOError) -> Int64 in
            offset?.pointee = file.individualPosition / file.view.etypeSize
            return 0
        }
    }
}
