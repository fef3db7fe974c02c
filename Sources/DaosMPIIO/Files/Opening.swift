import CMPI
import DaosFS

/// `MPI_File_open` of a `daos:` name (collective). Rank 0 of the communicator resolves the
/// name, connects (once per process and container), opens or creates the file, then
/// broadcasts either the error or the serialized container and file handles; the other ranks
/// attach with them without any RPC (no connect storm). A last all-reduce makes every rank
/// fail if any rank could not attach, so the file is open everywhere or nowhere.
enum Opening {
    static func open(_ comm: MPI_Comm, name: String, amode rawAmode: Int32, info: MPI_Info?) throws(MPIIOError) -> OpenFile {
        var inter: Int32 = 0
        try mpiCall("MPI_Comm_test_inter", PMPI_Comm_test_inter(comm, &inter))
        guard inter == 0 else { throw .comm("MPI_File_open on an intercommunicator") }
        var rank: Int32 = 0
        var size: Int32 = 0
        try mpiCall("MPI_Comm_rank", PMPI_Comm_rank(comm, &rank))
        try mpiCall("MPI_Comm_size", PMPI_Comm_size(comm, &size))
        try checkSameAmode(rawAmode, comm)
        let amode = FileAmode(rawAmode)
        if let reason = amode.invalidReason { throw .amode(reason) }
        var hints = Hints(communicatorSize: size, hosts: try hostCount(comm))
        try hints.apply(info, creation: true)
        try hints.agree(comm)

        let reply = rank == 0 ? rootOpen(name, amode: amode, hints: hints) : OpenReply()
        let received = try OpenReply.broadcast(reply, comm: comm)
        if received.errorClass != MPI_SUCCESS { throw MPIIOError(received.errorClass, received.message) }

        var attached: (Mount, DaosFile)?
        var failure: MPIIOError?
        do throws(MPIIOError) {
            attached = rank == 0 ? reply.opened : try attach(received)
        } catch {
            failure = error
        }
        var ok: Int32 = attached == nil ? 0 : 1
        var everyone: Int32 = 0
        try mpiCall("MPI_Allreduce", PMPI_Allreduce(&ok, &everyone, 1, swift_MPI_INT(), swift_MPI_MIN(), comm))
        guard everyone == 1, let (mount, data) = attached else {
            throw failure ?? .io("\(name): another rank could not attach to the file rank 0 opened")
        }
        return try makeFile(comm, name: name, location: received.location(), amode: amode, mount: mount, data: data, hints: hints)
    }

    /// The amode must be the same on every rank: a max-reduce of (amode, -amode) tells.
    private static func checkSameAmode(_ amode: Int32, _ comm: MPI_Comm) throws(MPIIOError) {
        var mine: [Int32] = [amode, -amode]
        var maxima: [Int32] = [0, 0]
        try mpiCall("MPI_Allreduce", PMPI_Allreduce(&mine, &maxima, 2, swift_MPI_INT(), swift_MPI_MAX(), comm))
        guard maxima[0] == amode, -maxima[1] == amode else { throw .notSame("amode \(FileAmode(amode)) differs between ranks") }
    }

    /// How many hosts the communicator spans (ROMIO's default `cb_nodes`): the ranks that share
    /// memory form one group per host; its leaders are counted.
    private static func hostCount(_ comm: MPI_Comm) throws(MPIIOError) -> Int32 {
        var local: MPI_Comm? = nil
        try mpiCall("MPI_Comm_split_type", PMPI_Comm_split_type(comm, swift_MPI_COMM_TYPE_SHARED(), 0, swift_MPI_INFO_NULL(), &local))
        var localRank: Int32 = 0
        try mpiCall("MPI_Comm_rank", PMPI_Comm_rank(local, &localRank))
        try mpiCall("MPI_Comm_free", PMPI_Comm_free(&local))
        var leader: Int32 = localRank == 0 ? 1 : 0
        var hosts: Int32 = 0
        try mpiCall("MPI_Allreduce", PMPI_Allreduce(&leader, &hosts, 1, swift_MPI_INT(), swift_MPI_SUM(), comm))
        return hosts
    }

    /// Rank 0's half: resolve, connect, open; the answer to broadcast.
    private static func rootOpen(_ name: String, amode: FileAmode, hints: Hints) -> OpenReply {
        do throws(MPIIOError) {
            let location = try DaosFileName(name)
            let mount = try Store.shared.connect(location, create: amode.create)
            let data = try Store.shared.run { () throws(MPIIOError) -> DaosFile in
                var flags: OpenFlags = amode.isReadOnly ? .readOnly : .readWrite
                if amode.create { flags.insert(.create) }
                if amode.exclusive { flags.insert(.exclusive) }
                return try store("open \(name)") { () throws(FileSystemError) in
                    // MPI-IO has no mkdir: a creating open makes the directories its path needs.
                    if amode.create, let parent = try FilePath(location.path).parent, !parent.isRoot {
                        try mount.fileSystem.mkdir(parent.description, parents: true)
                    }
                    return try mount.fileSystem.open(location.path, flags: flags, objectClass: hints.objectClass, chunkSize: hints.chunkSizeBytes)
                }
            }
            let serialized = Store.shared.run { (mount.fileSystem.serialized(), data.serialized()) }
            var reply = OpenReply(location: location, fileSystem: serialized.0, file: serialized.1)
            reply.opened = (mount, data)
            return reply
        } catch {
            return OpenReply(error: error)
        }
    }

    /// The other ranks' half: the cached mount of the container or the broadcast one, then the file.
    private static func attach(_ reply: OpenReply) throws(MPIIOError) -> (Mount, DaosFile) {
        let location = try reply.location()
        let mount = try Store.shared.adopt(key: location.containerKey, serialized: reply.fileSystem)
        let data = try Store.shared.run { () throws(MPIIOError) -> DaosFile in
            try store("attach to \(location)") { () throws(FileSystemError) in try mount.fileSystem.open(serialized: reply.file) }
        }
        return (mount, data)
    }

    private static func makeFile(_ comm: MPI_Comm, name: String, location: DaosFileName, amode: FileAmode, mount: Mount,
                                 data: DaosFile, hints: Hints) throws(MPIIOError) -> OpenFile {
        var duplicate: MPI_Comm? = nil
        try mpiCall("MPI_Comm_dup", PMPI_Comm_dup(comm, &duplicate))
        guard let duplicate else { throw .comm("MPI_Comm_dup returned no communicator") }
        var rank: Int32 = 0
        try mpiCall("MPI_Comm_rank", PMPI_Comm_rank(duplicate, &rank))
        let shared = try SharedPointer(communicator: duplicate, rank: rank)
        let (handle, fortran) = FileRegistry.shared.allocateHandle()
        let file = try OpenFile(handle: handle, fortranHandle: fortran, name: name, location: location, communicator: duplicate,
                                amode: amode, mount: mount, data: data, sharedPointer: shared, hints: hints)
        file.errorHandler = ErrorHandlers.defaultForNewFiles()
        file.errorHandlerRetained = true
        FileRegistry.shared.register(file)
        Finalization.install()
        return file
    }
}
