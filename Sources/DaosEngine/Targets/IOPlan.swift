// The checked form of an update's or fetch's descriptors. Every size comes from the wire, so
// each is checked — count, record size, extent end, product, running total — before any byte
// is allocated for it. Decoded requests already passed the wire's own checks; hand-built ones
// (the simulator, tests, a buggy caller) get the same treatment rather than trust.

import DaosObject

/// One descriptor's place in the request's data: the values travel back to back in descriptor
/// order, each taking exactly the bytes its descriptor names (a single value its size; an array
/// Σ extent count × record size, extents in order).
struct IOSlot {
    enum Value {
        /// A single value and the bytes the caller gave it (for a fetch: its buffer; 0 = size only).
        case single(byteCount: Int)
        case array(recordSize: UInt32, extents: [RecordExtent])
    }

    var akey: Key
    var value: Value
    /// Offset of this descriptor's bytes in the request's data.
    var offset: Int
    var byteCount: Int
}

struct IOPlan {
    var dkey: Key
    var slots: [IOSlot]
    /// Bytes of all slots together: the update's data size, or the fetch's reply data size.
    var totalBytes: Int

    /// Checks `iods` and lays them out. `bytesMax` is this target's per-request transfer limit.
    init(dkey wireDkey: WireKey, iods: [IODescriptor], bytesMax: UInt64) throws(TargetError) {
        dkey = try KeyConversion.vosKey(wireDkey)
        guard !iods.isEmpty else { throw .invalidRequest("I/O without descriptors") }
        guard iods.count <= WireLimits.iodsMax else {
            throw .invalidRequest("\(iods.count) descriptors exceed the limit of \(WireLimits.iodsMax)")
        }
        var total: UInt64 = 0
        var slots: [IOSlot] = []
        slots.reserveCapacity(iods.count)
        for iod in iods {
            let akey = try KeyConversion.vosKey(iod.akey)
            let (value, bytes) = try Self.check(iod.value, akey: akey)
            guard bytes <= bytesMax, total <= bytesMax - bytes else {
                throw .tooLarge("\(total &+ bytes) or more bytes in one request exceed this target's limit of \(bytesMax)")
            }
            slots.append(IOSlot(akey: akey, value: value, offset: Int(total), byteCount: Int(bytes)))
            total += bytes
        }
        self.slots = slots
        totalBytes = Int(total)
    }

    private static func check(_ value: IODValue, akey: Key) throws(TargetError) -> (IOSlot.Value, UInt64) {
        switch value {
        case .single(let size):
            guard size <= VOSLimits.valueBytesMax else {
                throw .tooLarge("single value of \(size) bytes for \(akey) exceeds \(VOSLimits.valueBytesMax)")
            }
            return (.single(byteCount: Int(size)), size)
        case .array(let recordSize, let wireExtents):
            guard recordSize > 0 else { throw .invalidRequest("zero record size for \(akey)") }
            guard recordSize <= VOSLimits.recordSizeMax else {
                throw .tooLarge("record size \(recordSize) for \(akey) exceeds \(VOSLimits.recordSizeMax)")
            }
            guard !wireExtents.isEmpty else { throw .invalidRequest("array I/O without extents for \(akey)") }
            guard wireExtents.count <= WireLimits.extentsPerIODMax else {
                throw .invalidRequest("\(wireExtents.count) extents for \(akey) exceed \(WireLimits.extentsPerIODMax)")
            }
            var extents: [RecordExtent] = []
            extents.reserveCapacity(wireExtents.count)
            var total: UInt64 = 0
            for extent in wireExtents {
                guard extent.count > 0, !extent.start.addingReportingOverflow(extent.count).overflow else {
                    throw .invalidRequest("extent \(extent) of \(akey) is empty or ends beyond 2^64")
                }
                let (bytes, overflow) = extent.count.multipliedReportingOverflow(by: UInt64(recordSize))
                guard !overflow, bytes <= VOSLimits.valueBytesMax, total <= VOSLimits.valueBytesMax - bytes else {
                    throw .tooLarge("extents of \(akey) span more than \(VOSLimits.valueBytesMax) bytes")
                }
                total += bytes
                extents.append(RecordExtent(start: extent.start, count: extent.count))
            }
            return (.array(recordSize: recordSize, extents: extents), total)
        }
    }
}
