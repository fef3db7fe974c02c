// objectUpdate: check the descriptors, get the data (inline, or pulled by RMA into the staging
// buffer), apply it as one atomic VOS update, punch the records it names, wait until it is
// durable, then answer.

import DaosObject

extension TargetService {
    func update(
        _ m: ObjectUpdateRequest, container: ContainerID, epoch: Epoch, bulk: some BulkTransfer
    ) throws(TargetError) {
        try waitDurable(try applyUpdate(m, container: container, epoch: epoch, bulk: bulk))
    }

    /// `update` without waiting for durability: the caller waits for the sequence returned (a
    /// batch waits once, for its last update).
    func applyUpdate(
        _ m: ObjectUpdateRequest, container: ContainerID, epoch: Epoch, bulk: some BulkTransfer
    ) throws(TargetError) -> LogSequence {
        let plan = try IOPlan(dkey: m.dkey, iods: m.iods, bytesMax: options.transferBytesMax)
        var punches: [PunchTarget] = []
        for punched in m.punchedRecords {
            punches += try Self.punchTargets(.extents(dkey: m.dkey, akey: punched.akey, extents: punched.extents))
        }
        let sequence: LogSequence
        switch m.data {
        case .inline(let bytes):
            try Self.checkDataSize(UInt64(bytes.count), plan)
            // The updates borrow `bytes`: apply them while it is pinned.
            let applied: Result<LogSequence, TargetError> = bytes.withUnsafeBytes { raw in
                Result { () throws(TargetError) in
                    try apply(plan, Self.akeyUpdates(plan, data: raw), container: container, object: m.oid, epoch: epoch,
                              condition: m.condition)
                }
            }
            sequence = try applied.get()
        case .placed(let token, let byteCount):
            let reservation = try claimPlacement(token: token, byteCount: plan.totalBytes)
            do throws(TargetError) {
                try Self.checkDataSize(byteCount, plan)
                guard Self.arraysOnly(plan) else { throw .invalidRequest("placed data for single values") }
            } catch {
                vos.cancel(reservation)
                throw error
            }
            sequence = try applyPlaced(plan, reservation, container: container, object: m.oid, epoch: epoch, condition: m.condition)
        case .bulk(let descriptor) where landsInPlace(plan):
            try Self.checkDataSize(descriptor.byteCount, plan)
            sequence = try updateInPlace(plan, descriptor, container: container, object: m.oid, epoch: epoch, condition: m.condition,
                                         bulk: bulk)
        case .bulk(let descriptor):
            try Self.checkDataSize(descriptor.byteCount, plan)
            sequence = try staging.withBytes(plan.totalBytes) { (buffer) throws(TargetError) in
                do throws(RPCError) {
                    try bulk.pull(descriptor, into: buffer)
                } catch {
                    throw bulkFailure(error)
                }
                let akeys = Self.akeyUpdates(plan, data: UnsafeRawBufferPointer(buffer))
                return try apply(plan, akeys, container: container, object: m.oid, epoch: epoch, condition: m.condition)
            }
        }
        // The punched records go after the values, at the same epoch, before anything else
        // this target serves: as when they came in a punch of their own, right behind.
        return try applyPunches(punches, container: container, object: m.oid, epoch: epoch) ?? sequence
    }

    /// Large array-only updates are pulled straight into reserved blob space: the data crosses
    /// the engine's memory once (the transfer), with no staging copy and no pwrite — where the
    /// blob lives in memory (see `Options.updatesInPlace`).
    func landsInPlace(_ plan: IOPlan) -> Bool {
        landsInPlace && plan.totalBytes >= Self.inPlaceBytesMin && Self.arraysOnly(plan)
    }

    /// Whether this target pulls large array updates into its blob's memory (see above).
    var landsInPlace: Bool {
        switch options.updatesInPlace {
        case .never: false
        case .whereBlobInMemory: vos.blobInMemory
        case .always: true
        }
    }

    static func arraysOnly(_ plan: IOPlan) -> Bool {
        plan.slots.allSatisfy { if case .array = $0.value { true } else { false } }
    }

    static let inPlaceBytesMin = 64 << 10

    private func updateInPlace(
        _ plan: IOPlan, _ descriptor: BulkDescriptor, container: ContainerID, object: ObjectID, epoch: Epoch,
        condition: UpdateCondition, bulk: some BulkTransfer
    ) throws(TargetError) -> LogSequence {
        let reservation = try storage { () throws(VOSError) in try vos.reserveBlob(length: plan.totalBytes) }
        do throws(RPCError) {
            try bulk.pull(descriptor, into: reservation.bytes)
        } catch {
            vos.cancel(reservation)
            throw bulkFailure(error)
        }
        return try applyPlaced(plan, reservation, container: container, object: object, epoch: epoch, condition: condition)
    }

    /// Applies an update whose values lie back to back in `reservation`, filled already;
    /// cancels the reservation if the update fails.
    private func applyPlaced(
        _ plan: IOPlan, _ reservation: BlobReservation, container: ContainerID, object: ObjectID, epoch: Epoch,
        condition: UpdateCondition
    ) throws(TargetError) -> LogSequence {
        do throws(TargetError) {
            var updates: [AkeyUpdate] = []
            updates.reserveCapacity(plan.slots.count)
            for slot in plan.slots {
                guard case .array(let recordSize, let extents) = slot.value else { preconditionFailure("checked by arraysOnly") }
                var writes: [ArrayWrite] = []
                writes.reserveCapacity(extents.count)
                var at = slot.offset
                for extent in extents {
                    let length = Int(extent.count) * Int(recordSize)
                    writes.append(ArrayWrite(extent: extent, placedIn: reservation, at: at, byteCount: length))
                    at += length
                }
                updates.append(AkeyUpdate(akey: slot.akey, value: .array(recordSize: recordSize, writes: writes)))
            }
            return try apply(plan, updates, container: container, object: object, epoch: epoch, condition: condition)
        } catch {
            vos.cancel(reservation)
            throw error
        }
    }

    /// The decoder enforces this; a hand-built request might not, and data shorter than its
    /// descriptors would make the slicing below read past it (or the pull overrun the buffer).
    private static func checkDataSize(_ bytes: UInt64, _ plan: IOPlan) throws(TargetError) {
        guard bytes == UInt64(plan.totalBytes) else {
            throw .invalidRequest("\(bytes) data bytes for descriptors of \(plan.totalBytes) bytes")
        }
    }

    private func apply(
        _ plan: IOPlan, _ akeys: [AkeyUpdate], container: ContainerID, object: ObjectID, epoch: Epoch,
        condition: UpdateCondition
    ) throws(TargetError) -> LogSequence {
        try write(container) { () throws(VOSError) in
            try vos.update(
                container: container, object: object, dkey: plan.dkey, epoch: epoch, akeys: akeys,
                condition: condition)
        }
    }

    /// Cuts the request's data into VOS values, slot by slot. Array records are borrowed (VOS
    /// writes large ones straight from `data` into its blob file: no copy on the engine beyond
    /// the pull into reused memory); single values are copied (VOS keeps them as arrays).
    static func akeyUpdates(_ plan: IOPlan, data: UnsafeRawBufferPointer) -> [AkeyUpdate] {
        precondition(data.count == plan.totalBytes, "data checked against the plan")
        var updates: [AkeyUpdate] = []
        updates.reserveCapacity(plan.slots.count)
        for slot in plan.slots {
            switch slot.value {
            case .single:
                let bytes = Array(data[slot.offset..<slot.offset + slot.byteCount])
                updates.append(AkeyUpdate(akey: slot.akey, value: .single(bytes)))
            case .array(let recordSize, let extents):
                var writes: [ArrayWrite] = []
                writes.reserveCapacity(extents.count)
                var at = slot.offset
                for extent in extents {
                    let length = Int(extent.count) * Int(recordSize)
                    writes.append(ArrayWrite(extent: extent, borrowing: UnsafeRawBufferPointer(rebasing: data[at..<at + length])))
                    at += length
                }
                updates.append(AkeyUpdate(akey: slot.akey, value: .array(recordSize: recordSize, writes: writes)))
            }
        }
        return updates
    }
}
