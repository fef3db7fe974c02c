// Containers, object destroy, aggregation and checkpoints.

import DaosObject

extension VOSTarget {
    @discardableResult
    public func createContainer(_ id: ContainerID) throws(VOSError) -> LogSequence {
        try checkOpen()
        guard index.containers[id] == nil else { throw .containerExists(id) }
        return try logAndApply(.createContainer(id)).0
    }

    /// Destroys a container and everything in it; its blob space is reclaimed at once.
    @discardableResult
    public func destroyContainer(_ id: ContainerID) throws(VOSError) -> LogSequence {
        try checkOpen()
        _ = try index.container(id)
        let (sequence, freed) = try logAndApply(.destroyContainer(id))
        try release(freed, after: sequence)
        return sequence
    }

    /// Destroys an object at every epoch (not a punch: no history is kept) and reclaims its space.
    @discardableResult
    public func destroyObject(container: ContainerID, object: ObjectID) throws(VOSError) -> LogSequence {
        try checkOpen()
        _ = try index.container(container)
        let (sequence, freed) = try logAndApply(.destroyObject(container, object))
        try release(freed, after: sequence)
        return sequence
    }

    /// Folds the container's history at or below `bound`: reads at every snapshot ≤ bound and at
    /// every epoch ≥ bound return the same bytes before and after; other versions, punched data
    /// and tombstones are dropped, adjacent extents merged, and their blob space freed.
    /// Afterwards updates and punches at epochs ≤ `bound` are refused.
    @discardableResult
    public func aggregate(container: ContainerID, snapshots: [Epoch], bound: Epoch) throws(VOSError) -> LogSequence {
        try checkOpen()
        guard bound.rawValue > 0, bound != .latest else { throw .invalidEpoch(bound) }
        _ = try index.container(container)
        let retained = snapshots.map(\.rawValue).filter { $0 < bound.rawValue }
        let (sequence, freed) = try logAndApply(.aggregate(container, snapshots: retained, bound: bound.rawValue))
        try release(freed, after: sequence)
        checkpointIfDue()
        return sequence
    }

    /// Writes a checkpoint of the index and trims the WAL:
    ///  1. make everything logged durable (blob + WAL);
    ///  2. continue logging in WAL generation g+1 (created, synced, directory synced);
    ///  3. write the checkpoint naming g+1 to a temporary file, sync it, rename it over the old
    ///     one and sync the directory: from here recovery starts at the new checkpoint;
    ///  4. unlink the WAL files below g+1.
    /// A crash anywhere in between recovers: before 3 the old checkpoint replays g then g+1.
    public func checkpoint() throws(VOSError) {
        try checkOpen()
        try wal.syncAll(through: lastSequence)
        let next = walGeneration + 1
        let walFile = try createWALFile(generation: next)
        wal.switchFile(to: walFile, offset: UInt64(WALFormat.headerBytes))
        let bytes = CheckpointFormat.encode(index, walGeneration: next, lastSequence: lastSequence)
        let temporary = path(CheckpointFormat.temporaryName)
        let file = try PosixFile.open(temporary, create: true)
        try file.truncate(to: 0)
        try bytes.withBytes { (raw) throws(VOSError) in try file.write(raw, at: 0) }
        try file.syncData()
        file.close()
        try DirectoryOps.rename(temporary, to: path(CheckpointFormat.fileName))
        try DirectoryOps.sync(directory)
        for name in try DirectoryOps.list(directory) {
            if let generation = WALFormat.generation(ofFileName: name), generation < next {
                try DirectoryOps.unlink(path(name))
            }
        }
        walGeneration = next
        walBytes = 0
        // No journaled record is left in any WAL: quarantined ranges may be reused now.
        journaledSinceCheckpoint = false
        for range in quarantine { allocator.release(range) }
        quarantine.removeAll()
    }

    func createWALFile(generation: UInt64) throws(VOSError) -> PosixFile {
        let file = try PosixFile.open(path(WALFormat.fileName(generation: generation)), create: true)
        try file.truncate(to: 0)
        try WALFormat.encodeHeader(generation: generation).withBytes { (raw) throws(VOSError) in
            try file.write(raw, at: 0)
        }
        try file.syncData()
        try DirectoryOps.sync(directory)
        return file
    }

    func path(_ name: String) -> String { directory + "/" + name }
}

extension VOSTarget {
    /// Bytes of data this target holds for `container` (every version not yet aggregated away,
    /// inline or in the blob; tombstones count nothing). Walks the container's index: for pool
    /// queries, not hot paths.
    public func usedBytes(container: ContainerID) -> UInt64 {
        guard let node = index.containers[container] else { return 0 }
        var total: UInt64 = 0
        for object in node.objects.values {
            for dkey in object.dkeys.nodes.values {
                for akey in dkey.akeys.nodes.values {
                    for version in akey.versions where version.payload != .punched { total &+= version.length }
                    for record in akey.records.records where record.payload != .punched {
                        total &+= record.count &* UInt64(akey.recordSize)
                    }
                }
            }
        }
        return total
    }
}
