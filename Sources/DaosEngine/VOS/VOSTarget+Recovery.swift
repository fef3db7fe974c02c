// Restart = load the checkpoint + replay the WAL files it names, in order; measured and logged.

import DaosObject

extension VOSTarget {
    func recover() throws(VOSError) {
        let clock = ContinuousClock()
        let started = clock.now
        var report = RecoveryReport()
        try DirectoryOps.makeDirectory(directory)
        lockFile = try PosixFile.open(path(Self.lockFileName), create: true)
        try lockFile!.lockExclusive()
        let names = try DirectoryOps.list(directory)
        var firstGeneration: UInt64 = 1
        if names.contains(CheckpointFormat.fileName) {
            let (header, bytes) = try loadCheckpoint()
            firstGeneration = header.walGeneration
            lastSequence = header.lastSequence
            report.checkpointLoaded = true
            report.checkpointBytes = bytes
        }
        if names.contains(CheckpointFormat.temporaryName) {
            try DirectoryOps.unlink(path(CheckpointFormat.temporaryName))
        }
        let generations = names.compactMap(WALFormat.generation(ofFileName:)).sorted()
        for generation in generations where generation < firstGeneration {
            try DirectoryOps.unlink(path(WALFormat.fileName(generation: generation)))
        }
        // Open before replay: journaled records write their redo copies into it.
        blob = try PosixFile.open(path(Self.blobFileName), create: true)
        blobInMemory = blob.isInMemory
        // Before replay: redo copies rewrite blob bytes a client may have been told about.
        reuse = try ReuseCounter(directory: directory)
        blobIdentity = try blob.identity()
        let replay = generations.filter { $0 >= firstGeneration }
        var tail: (file: PosixFile, offset: UInt64)?
        for (i, generation) in replay.enumerated() {
            tail = try replayWAL(generation: generation, isLast: i == replay.count - 1, report: &report)
            walGeneration = generation
        }
        if tail == nil {
            walGeneration = replay.last ?? firstGeneration
            tail = (try createWALFile(generation: walGeneration), UInt64(WALFormat.headerBytes))
        }
        guard
            let rebuilt = SpaceAllocator.rebuild(
                capacityBytes: options.capacityBytes,
                referenced: index.referencedBlobRanges())
        else {
            throw .corruptCheckpoint(
                path: path(CheckpointFormat.fileName), offset: 0,
                reason: "two values reference the same blob bytes")
        }
        allocator = rebuilt
        wal = try WALWriter(
            file: tail!.file, offset: tail!.offset, blob: blob, durability: options.durability,
            lastSequence: lastSequence)
        if report.journalEntriesRedone > 0 {
            // The rebuilt allocator treats every unreferenced range as free; no old redo copy
            // may stay in the WAL to be replayed over a reuse (see `release`).
            try checkpoint()
        }
        let elapsed = clock.now - started
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        recovery = report
        options.log?(
            "vos: recovered \(directory) in \(Int(report.seconds * 1e6)) µs: checkpoint "
                + (report.checkpointLoaded ? "\(report.checkpointBytes) B" : "none")
                + ", \(report.walRecordsReplayed) WAL records from \(report.walFilesReplayed) file(s), "
                + "\(report.journalEntriesRedone) journal copies redone, "
                + "\(report.tornBytesDropped) torn bytes dropped, sequence \(lastSequence)")
    }

    private func loadCheckpoint() throws(VOSError) -> (CheckpointHeader, UInt64) {
        let checkpointPath = path(CheckpointFormat.fileName)
        let bytes = try PosixFile.open(checkpointPath, create: false).readAll()
        do {
            let (header, loaded) = try bytes.withBytes { (raw) throws(DecodeError) in
                try CheckpointFormat.decode(raw)
            }
            index = loaded
            return (header, UInt64(bytes.count))
        } catch {
            throw .corruptCheckpoint(path: checkpointPath, offset: UInt64(error.offset), reason: error.description)
        }
    }

    /// Replays one WAL file; the last one may end in a torn record, which is cut off.
    private func replayWAL(
        generation: UInt64, isLast: Bool,
        report: inout RecoveryReport
    ) throws(VOSError) -> (file: PosixFile, offset: UInt64)? {
        let walPath = path(WALFormat.fileName(generation: generation))
        let file = try PosixFile.open(walPath, create: false)
        let bytes = try file.readAll()
        if isLast && bytes.count <= WALFormat.headerBytes
            && (try? bytes.withBytes { (raw) throws(DecodeError) in try WALFormat.decodeHeader(raw) }) == nil
        {
            // Created but its header never became durable (crash inside a checkpoint): empty.
            return (try createWALFile(generation: generation), UInt64(WALFormat.headerBytes))
        }
        let (validEnd, tornBytes) = try bytes.withBytes { (raw) throws(VOSError) in
            try replayRecords(raw, generation: generation, path: walPath, report: &report)
        }
        if tornBytes > 0 && !isLast {
            throw .corruptWAL(
                path: walPath, offset: UInt64(validEnd), reason: "torn record in a WAL followed by a newer one")
        }
        report.walFilesReplayed += 1
        report.tornBytesDropped += UInt64(tornBytes)
        walBytes += UInt64(validEnd - WALFormat.headerBytes)
        guard isLast else { return nil }
        if tornBytes > 0 {
            try file.truncate(to: UInt64(validEnd))
            try file.syncData()
        }
        return (file, UInt64(validEnd))
    }

    /// Applies every record of one WAL file not already in the checkpoint; returns where the
    /// valid records end and how many torn bytes follow.
    private func replayRecords(
        _ raw: UnsafeRawBufferPointer, generation: UInt64, path walPath: String,
        report: inout RecoveryReport
    ) throws(VOSError) -> (Int, Int) {
        var cursor: WALCursor
        do {
            cursor = try WALCursor(raw)
        } catch {
            throw .corruptWAL(path: walPath, offset: UInt64(error.offset), reason: error.description)
        }
        guard cursor.generation == generation else {
            throw .corruptWAL(path: walPath, offset: 16, reason: "header names generation \(cursor.generation)")
        }
        while true {
            let next: WALRecordView?
            do {
                next = try cursor.next()
            } catch {
                throw .corruptWAL(path: walPath, offset: UInt64(error.offset), reason: error.description)
            }
            guard let record = next else { break }
            guard record.sequence > lastSequence else { continue }
            guard record.sequence == lastSequence + 1 else {
                throw .corruptWAL(
                    path: walPath, offset: UInt64(record.offset),
                    reason: "sequence \(record.sequence) after \(lastSequence)")
            }
            if case .update(let update) = record.op {
                for entry in update.journal {
                    try entry.bytes.withBytes { (bytes) throws(VOSError) in try blob.write(bytes, at: entry.offset) }
                }
                report.journalEntriesRedone += update.journal.count
            }
            do {
                _ = try index.apply(record.op, sequence: record.sequence)
            } catch {
                throw .corruptWAL(path: walPath, offset: UInt64(record.offset), reason: "replay: \(error)")
            }
            lastSequence = record.sequence
            report.walRecordsReplayed += 1
        }
        return (cursor.validEnd, cursor.tornBytes)
    }
}
