/// The shape of one erasure-coded array akey: k data cells + p parity cells per stripe, cells of
/// `cellRecords` records of `recordSize` bytes. Offsets are records in the akey's array index
/// space ("daos offsets"); each group member stores its cells in its own "local" index space.
///
/// Layout (the on-disk contract, see README.md):
/// - data cell i of stripe s holds daos records `[s·k·c + i·c, +c)`; its shard stores them at
///   local offset `s·c + offsetInCell`, so every data shard's extents are dense;
/// - parity cell j of stripe s is stored at local offset `parityBit | s·c`, c records;
/// - per dkey, logical cell t (data 0..<k, then parity k..<k+p) lives on member
///   `(t + rotation) % (k+p)` with `rotation = dkeyHash % (k+p)`, so parity load spreads.
public struct ECGeometry: Hashable, Sendable, CustomStringConvertible {
    /// k.
    public let dataCells: Int
    /// p.
    public let parityCells: Int
    public let recordSize: Int
    /// c: records per cell, ≥ 1.
    public let cellRecords: UInt64

    /// Set on every parity-cell offset. 2^62 rather than DAOS's 2^63 so that a parity extent
    /// `parityBit | offset` plus its length never overflows 64 bits; user offsets stay below it.
    public static let parityBit: UInt64 = 1 << 62

    /// The largest cell the codec takes (ISA-L lengths are 32-bit).
    public static let cellBytesMax = Int(Int32.max)

    /// Geometry of an EC class's array akey: `cellRecords = max(1, cellSizeBytes / recordSize)`.
    public init(redundancy: Redundancy, cellSizeBytes: Int, recordSize: Int) throws(ECLayoutError) {
        guard case .erasure(let k, let p) = redundancy.scheme else { throw .notErasureCoded(redundancy) }
        guard cellSizeBytes >= 1 else { throw .invalidCellSize(cellSizeBytes) }
        guard recordSize >= 1 else { throw .invalidRecordSize(recordSize) }
        try self.init(dataCells: k, parityCells: p, recordSize: recordSize,
                      cellRecords: UInt64(max(1, cellSizeBytes / recordSize)))
    }

    /// Geometry from its parts; k and p must be a code the codec supports.
    public init(dataCells k: Int, parityCells p: Int, recordSize: Int, cellRecords: UInt64) throws(ECLayoutError) {
        do { _ = try ErasureCodec.codec(dataCells: k, parityCells: p) } catch { throw .unsupportedCode(dataCells: k, parityCells: p) }
        guard recordSize >= 1 else { throw .invalidRecordSize(recordSize) }
        guard cellRecords >= 1 else { throw .invalidCellSize(0) }
        let (bytes, overflow) = cellRecords.multipliedReportingOverflow(by: UInt64(recordSize))
        guard !overflow, bytes <= UInt64(Self.cellBytesMax) else {
            throw .cellTooLarge(bytes: overflow ? UInt64.max : bytes)
        }
        dataCells = k
        parityCells = p
        self.recordSize = recordSize
        self.cellRecords = cellRecords
    }

    /// k + p: members of one redundancy group.
    public var groupSize: Int { dataCells + parityCells }
    /// Records of one stripe, k·c.
    public var stripeRecords: UInt64 { UInt64(dataCells) * cellRecords }
    public var cellBytes: Int { Int(cellRecords) * recordSize }
    public var stripeBytes: Int { cellBytes * dataCells }

    public var description: String { "EC \(dataCells)+\(parityCells), cell \(cellRecords)×\(recordSize) B" }

    // MARK: - Rotation and members

    /// Where logical cell 0 sits for a dkey: `dkeyHash % (k+p)`.
    public func rotation(dkeyHash: UInt64) -> Int { Int(dkeyHash % UInt64(groupSize)) }

    /// The member holding data cell `cell` (0..<k) of every stripe of a dkey.
    public func memberForDataCell(_ cell: Int, rotation: Int) -> Int {
        precondition((0..<dataCells).contains(cell) && (0..<groupSize).contains(rotation), "data cell \(cell), rotation \(rotation)")
        return (cell + rotation) % groupSize
    }

    /// The member holding parity cell `parity` (0..<p) of every stripe of a dkey.
    public func memberForParity(_ parity: Int, rotation: Int) -> Int {
        precondition((0..<parityCells).contains(parity) && (0..<groupSize).contains(rotation), "parity \(parity), rotation \(rotation)")
        return (dataCells + parity + rotation) % groupSize
    }

    /// The inverse: which cell of every stripe a member holds under a rotation.
    public func role(ofMember member: Int, rotation: Int) throws(ECLayoutError) -> ECCellRole {
        guard (0..<groupSize).contains(member) else { throw .invalidMember(member) }
        precondition((0..<groupSize).contains(rotation), "rotation \(rotation)")
        let logical = (member - rotation + groupSize) % groupSize
        return logical < dataCells ? .data(logical) : .parity(logical - dataCells)
    }

    public func memberForDataCell(_ cell: Int, dkeyHash: UInt64) -> Int {
        memberForDataCell(cell, rotation: rotation(dkeyHash: dkeyHash))
    }

    public func memberForParity(_ parity: Int, dkeyHash: UInt64) -> Int {
        memberForParity(parity, rotation: rotation(dkeyHash: dkeyHash))
    }

    public func role(ofMember member: Int, dkeyHash: UInt64) throws(ECLayoutError) -> ECCellRole {
        try role(ofMember: member, rotation: rotation(dkeyHash: dkeyHash))
    }

    // MARK: - Offsets

    /// The local offset of daos record `daosOffset` on the data shard holding its cell.
    public func dataLocalOffset(daosOffset: UInt64) -> UInt64 {
        let stripe = daosOffset / stripeRecords
        return stripe * cellRecords + daosOffset % cellRecords
    }

    /// The local offset on a parity shard of parity cell `stripe` (any parity index).
    public func parityLocalOffset(stripe: UInt64) -> UInt64 { Self.parityBit | stripe * cellRecords }

    /// How many records of data cell `cell` lie below daos offset `daosOffset`: the local offset
    /// where that cell's records at or after `daosOffset` start. Monotone, so a daos range maps to
    /// one contiguous local range on each data shard.
    public func dataLocalCount(cell: Int, before daosOffset: UInt64) -> UInt64 {
        let inStripe = daosOffset % stripeRecords
        let cellStart = UInt64(cell) * cellRecords
        let inCell = inStripe > cellStart ? min(cellRecords, inStripe - cellStart) : 0
        return daosOffset / stripeRecords * cellRecords + inCell
    }

    /// The daos end (one past the last record) of a data shard whose local records end at
    /// `localEnd` (0 = empty shard): how an array size is read back from data shards. A local
    /// end no daos offset below the parity bit maps to is refused.
    public func daosEnd(dataCell cell: Int, localEnd: UInt64) throws(ECLayoutError) -> UInt64 {
        precondition((0..<dataCells).contains(cell), "data cell \(cell)")
        guard localEnd <= dataLocalCount(cell: cell, before: Self.parityBit) else {
            throw .extentBeyondLimit(WireExtent(start: localEnd, count: 0))
        }
        guard localEnd > 0 else { return 0 }
        let last = localEnd - 1
        return last / cellRecords * stripeRecords + UInt64(cell) * cellRecords + last % cellRecords + 1
    }

    /// The daos extents that a data shard's local extent stands for: how a hole reported in a
    /// data shard's index space maps back to the array. One extent per cell touched; a local
    /// extent beyond what daos offsets below the parity bit map to is refused.
    public func daosExtents(dataCell cell: Int, localExtent: WireExtent) throws(ECLayoutError) -> [WireExtent] {
        precondition((0..<dataCells).contains(cell), "data cell \(cell)")
        let (end, overflow) = localExtent.start.addingReportingOverflow(localExtent.count)
        guard !overflow, end <= dataLocalCount(cell: cell, before: Self.parityBit) else { throw .extentBeyondLimit(localExtent) }
        var result: [WireExtent] = []
        var local = localExtent.start
        var remaining = localExtent.count
        while remaining > 0 {
            let stripe = local / cellRecords
            let inCell = local % cellRecords
            let records = min(cellRecords - inCell, remaining)
            let daos = stripe * stripeRecords + UInt64(cell) * cellRecords + inCell
            if let last = result.last, last.start + last.count == daos {
                result[result.count - 1].count += records
            } else {
                result.append(WireExtent(start: daos, count: records))
            }
            local += records
            remaining -= records
        }
        return result
    }
}

/// What one group member holds for a dkey: a data cell or a parity cell of every stripe.
public enum ECCellRole: Hashable, Sendable {
    case data(Int)
    case parity(Int)
}
