// Update and punch: validation (typed errors, never a trap), space, data placement, logging.

import DaosObject

extension VOSTarget {
    /// Updates several akeys of one dkey at `epoch`, atomically: after a crash either all of them
    /// or none are visible. Returns the op's sequence; it is acknowledged once
    /// `waitDurable(_:)` returns for it (immediately in page-cache mode).
    @discardableResult
    public func update(
        container: ContainerID, object: ObjectID, dkey: Key, epoch: Epoch,
        akeys: [AkeyUpdate], condition: UpdateCondition = .none
    ) throws(VOSError) -> LogSequence {
        try checkOpen()
        let node = try checkWritable(container, epoch)
        try Self.check(dkey)
        try checkValues(akeys)
        let objectNode = node.objects[object]
        let dkeyNode = objectNode?.dkeys[dkey]
        for update in akeys {
            guard let existing = dkeyNode?.akeys[update.akey] else { continue }
            switch update.value {
            case .single: try existing.checkAdoptable(update.akey, kind: .single, recordSize: 0)
            case .array(let recordSize, _):
                try existing.checkAdoptable(update.akey, kind: .array, recordSize: recordSize)
            }
        }
        if condition != .none {
            try checkCondition(condition, objectNode, dkeyNode, akeys, epoch: epoch.rawValue)
        }
        var placed: [BlobRange] = []
        let sequence: LogSequence
        do {
            var journal: [JournalEntry] = []
            var needsDataSync = false
            let ops = try place(akeys, placed: &placed, journal: &journal, needsDataSync: &needsDataSync)
            let op = IndexOp.update(
                UpdateOp(
                    container: container, object: object, dkey: dkey,
                    epoch: epoch.rawValue, akeys: ops, journal: journal))
            (sequence, _) = try logAndApply(op, needsDataSync: needsDataSync)
            if !journal.isEmpty { journaledSinceCheckpoint = true }
        } catch {
            // Nothing was logged, so nothing references the placed bytes: give them back.
            for range in placed { allocator.release(range) }
            throw error
        }
        checkpointIfDue()
        return sequence
    }

    /// Convenience: `update` then `waitDurable` (one updater gets no group commit from this).
    @discardableResult
    public func updateDurably(
        container: ContainerID, object: ObjectID, dkey: Key, epoch: Epoch,
        akeys: [AkeyUpdate], condition: UpdateCondition = .none
    ) throws(VOSError) -> LogSequence {
        let sequence = try update(
            container: container, object: object, dkey: dkey, epoch: epoch,
            akeys: akeys, condition: condition)
        try waitDurable(sequence)
        return sequence
    }

    /// Punches the object, a dkey, an akey or an extent range at `epoch`: a tombstone that
    /// hides older versions from reads at epochs ≥ `epoch`.
    @discardableResult
    public func punch(
        container: ContainerID, object: ObjectID, _ target: PunchTarget,
        epoch: Epoch
    ) throws(VOSError) -> LogSequence {
        try checkOpen()
        let node = try checkWritable(container, epoch)
        switch target {
        case .object: break
        case .dkey(let dkey): try Self.check(dkey)
        case .akey(let dkey, let akey):
            try Self.check(dkey)
            try Self.check(akey)
        case .extent(let dkey, let akey, let extent):
            try Self.check(dkey)
            try Self.check(akey)
            try Self.check(extent)
            if let existing = node.objects[object]?.dkeys[dkey]?.akeys[akey], existing.kind == .single {
                throw .valueKindMismatch(akey)
            }
        }
        let (sequence, _) = try logAndApply(.punch(container, object, target, epoch: epoch.rawValue))
        checkpointIfDue()
        return sequence
    }

    func checkWritable(_ container: ContainerID, _ epoch: Epoch) throws(VOSError) -> ContainerNode {
        guard epoch.rawValue > 0, epoch != .latest else { throw .invalidEpoch(epoch) }
        let node = try index.container(container)
        guard epoch.rawValue > node.aggregatedThrough else {
            throw .epochBelowAggregation(epoch, aggregatedThrough: Epoch(node.aggregatedThrough))
        }
        return node
    }

    static func check(_ key: Key) throws(VOSError) {
        let count = key.byteCount
        guard count > 0 else { throw .zeroLengthKey }
        guard count <= VOSLimits.keyBytesMax else { throw .keyTooLong(bytes: count, limit: VOSLimits.keyBytesMax) }
    }

    static func check(_ extent: RecordExtent) throws(VOSError) {
        guard extent.count > 0, extent.start <= UInt64.max - extent.count else { throw .invalidExtent(extent) }
    }

    private func checkValues(_ akeys: [AkeyUpdate]) throws(VOSError) {
        guard !akeys.isEmpty else { throw .emptyUpdate }
        guard akeys.count <= VOSLimits.akeysPerUpdateMax else {
            throw .tooManyAkeys(count: akeys.count, limit: VOSLimits.akeysPerUpdateMax)
        }
        var total: UInt64 = 0
        for (i, update) in akeys.enumerated() {
            try Self.check(update.akey)
            if akeys.count > 1, akeys[..<i].contains(where: { $0.akey == update.akey }) {
                throw .duplicateAkey(update.akey)
            }
            switch update.value {
            case .single(let bytes):
                total += UInt64(bytes.count)
            case .array(let recordSize, let writes):
                total += try Self.checkArray(recordSize: recordSize, writes)
            }
            guard total <= VOSLimits.valueBytesMax else {
                throw .valueTooLarge(bytes: total, limit: VOSLimits.valueBytesMax)
            }
        }
    }

    private static func checkArray(recordSize: UInt32, _ writes: [ArrayWrite]) throws(VOSError) -> UInt64 {
        guard recordSize > 0, recordSize <= VOSLimits.recordSizeMax else { throw .invalidRecordSize(recordSize) }
        guard !writes.isEmpty else { throw .emptyUpdate }
        guard writes.count <= VOSLimits.extentsPerAkeyMax else {
            throw .tooManyExtents(count: writes.count, limit: VOSLimits.extentsPerAkeyMax)
        }
        var total: UInt64 = 0
        for write in writes {
            try check(write.extent)
            let (bytes, overflow) = write.extent.count.multipliedReportingOverflow(by: UInt64(recordSize))
            guard !overflow, bytes <= VOSLimits.valueBytesMax else {
                throw .valueTooLarge(bytes: overflow ? UInt64.max : bytes, limit: VOSLimits.valueBytesMax)
            }
            guard UInt64(write.byteCount) == bytes else {
                throw .dataSizeMismatch(expected: bytes, actual: write.byteCount)
            }
            total += bytes
        }
        if writes.count > 1 {
            let sorted = writes.map(\.extent).sorted { $0.start < $1.start }
            for (a, b) in zip(sorted, sorted.dropFirst()) where a.overlaps(b) { throw .overlappingExtents(a, b) }
        }
        return total
    }

    private func checkCondition(
        _ condition: UpdateCondition, _ object: ObjectNode?, _ dkey: DkeyNode?,
        _ akeys: [AkeyUpdate], epoch: UInt64
    ) throws(VOSError) {
        func akeyVisible(_ key: Key) -> Bool {
            guard let object, let dkey, let akey = dkey.akeys[key] else { return false }
            return index.isVisible(AkeyPath(object: object, dkey: dkey, akey: akey), at: epoch)
        }
        // Decided at `epoch` alone, two racing inserts at crossing epochs would both succeed.
        let newest = max(object?.punches.newestEpoch ?? 0, dkey?.newestEpoch ?? 0)
        if condition != .none, newest > epoch { throw .conditionBehindNewerEpoch(Epoch(epoch), newest: Epoch(newest)) }
        let dkeyVisible = object.flatMap { o in dkey.map { index.isVisible(object: o, dkey: $0, at: epoch) } } ?? false
        switch condition {
        case .none: return
        case .dkeyInsert: if dkeyVisible { throw .keyExists }
        case .dkeyUpdate: if !dkeyVisible { throw .keyNotFound }
        case .akeyInsert: if akeys.contains(where: { akeyVisible($0.akey) }) { throw .keyExists }
        case .akeyUpdate: if !akeys.allSatisfy({ akeyVisible($0.akey) }) { throw .keyNotFound }
        }
    }

    /// Decides inline vs blob for every value, allocates blob space for the whole update first
    /// (so "no space" refuses it whole), then pwrites the blob data.
    /// In sync mode, blob values up to `journalBytesMax` (and `journalBytesPerUpdateMax` per
    /// update) are also journaled: copied into the WAL record, so one WAL fdatasync makes them
    /// durable. Any other blob value sets `needsDataSync`.
    private func place(
        _ akeys: [AkeyUpdate], placed: inout [BlobRange], journal: inout [JournalEntry], needsDataSync: inout Bool
    ) throws(VOSError) -> [AkeyOp] {
        var inlineBytes: UInt64 = 0
        var journalBytes = 0
        // `bytes` is called only for values the index or the journal keep a copy of (small
        // ones); large values go from the caller's memory straight into the blob file.
        func payload(count: Int, bytes: () -> [UInt8]) throws(VOSError) -> Payload {
            if count <= VOSLimits.inlineBytesMax {
                inlineBytes += UInt64(count)
                let used = allocator.usedBytes + index.inlineBytes + inlineBytes
                guard used <= options.capacityBytes else {
                    throw .noSpace(requestedBytes: UInt64(count), freeBytes: space.freeBytes)
                }
                return .inline(bytes())
            }
            let length = UInt64(count)
            let offset = try allocateBlob(length: length, reservedBytes: index.inlineBytes + inlineBytes)
            placed.append(BlobRange(offset: offset, length: length))
            if options.durability == .sync, count <= VOSLimits.journalBytesMax,
                journalBytes + count <= VOSLimits.journalBytesPerUpdateMax
            {
                journalBytes += count
                journal.append(JournalEntry(offset: offset, bytes: bytes()))
            } else {
                needsDataSync = true
            }
            return .blob(offset: offset)
        }
        var ops: [AkeyOp] = []
        ops.reserveCapacity(akeys.count)
        for update in akeys {
            switch update.value {
            case .single(let bytes):
                ops.append(
                    AkeyOp(
                        akey: update.akey, kind: .single, recordSize: 0,
                        singleLength: UInt64(bytes.count), singlePayload: try payload(count: bytes.count, bytes: { bytes })))
            case .array(let recordSize, let writes):
                var op = AkeyOp(akey: update.akey, kind: .array, recordSize: recordSize)
                op.extents.reserveCapacity(writes.count)
                for write in writes {
                    if let offset = write.placedOffset {
                        // Reserved and filled by the caller, who releases it if this update
                        // fails (so it is not in `placed`); never journaled.
                        if options.durability == .sync { needsDataSync = true }
                        op.extents.append((write.extent, .blob(offset: offset)))
                    } else {
                        op.extents.append((write.extent, try payload(count: write.byteCount, bytes: { write.data })))
                    }
                }
                ops.append(op)
            }
        }
        try writeBlobData(akeys, ops)
        return ops
    }

    private func writeBlobData(_ akeys: [AkeyUpdate], _ ops: [AkeyOp]) throws(VOSError) {
        for (update, op) in zip(akeys, ops) {
            switch update.value {
            case .single(let bytes):
                if case .blob(let offset) = op.singlePayload { try writeBlob(bytes, at: offset) }
            case .array(_, let writes):
                for (write, placed) in zip(writes, op.extents) where write.placedOffset == nil {
                    if case .blob(let offset) = placed.payload {
                        try write.withBytes { (raw) throws(VOSError) in try blob.write(raw, at: offset) }
                    }
                }
            }
        }
    }

    private func writeBlob(_ bytes: [UInt8], at offset: UInt64) throws(VOSError) {
        try bytes.withBytes { (raw) throws(VOSError) in try blob.write(raw, at: offset) }
    }
}
