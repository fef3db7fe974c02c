/// Holes of erasure-coded array reads (`ECReadPlan.arrayHoles`): a healthy read reports them
/// as a replicated read does, so DaosFS learns from the read itself whether it lies inside the
/// file. ior-hard's 47 KB reads of an EC_2P1 file each asked the size of the 12-shard object
/// before, four times the cost of the read.
extension ObjectHandle {
    /// One member's answer mapped to array records: its holes, or every record it was asked
    /// for when it found none.
    static func arrayHoles(_ value: FetchedValue?, reads: [ECShardRead], extents: [WireExtent], recordSize: UInt32) -> [WireExtent] {
        let local = value.map { $0.sizeBytes > 0 ? $0.holes : reads.map(\.extent) } ?? reads.map(\.extent)
        return ECReadPlan.arrayHoles(local, reads: reads, extents: extents, recordSize: Int(recordSize))
    }
}
