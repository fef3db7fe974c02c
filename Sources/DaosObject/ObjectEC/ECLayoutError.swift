/// Why an erasure-coded layout, plan or reconstruction was refused. Every bad input is one of
/// these, never a trap: offsets and sizes come from users and from the wire.
public enum ECLayoutError: Error, Equatable, CustomStringConvertible {
    /// The object class is not `EC_<k>P<p>`.
    case notErasureCoded(Redundancy)
    /// The codec does not support this (k, p).
    case unsupportedCode(dataCells: Int, parityCells: Int)
    case invalidRecordSize(Int)
    case invalidCellSize(Int)
    /// One cell (cellRecords × recordSize) is larger than the codec takes (2^31 − 1 bytes).
    case cellTooLarge(bytes: UInt64)
    /// An extent with zero records.
    case emptyExtent(index: Int)
    /// The extent reaches the parity bit (or overflows 64 bits): its records could collide with
    /// parity cells on the parity shards.
    case extentBeyondLimit(WireExtent)
    /// Two extents of one request overlap; which one wins would be undefined.
    case overlappingExtents(WireExtent, WireExtent)
    /// The request's bytes do not fit an `Int`.
    case requestTooLarge
    case bufferSizeMismatch(expected: Int, got: Int)
    case invalidMember(Int)
    /// More members of the group are unavailable than the code can recover from.
    case tooManyUnavailable(members: [Int], parityCells: Int)
    /// The parity cells fetched for one stripe carry different epochs (or some exist, some do
    /// not): an update or aggregation raced the fetch. Fetch the stripe again.
    case parityEpochMismatch(stripe: UInt64)
    /// A fetched cell or replicated extent has the wrong number of bytes for the plan.
    case fetchedSizeMismatch(stripe: UInt64, expected: Int, got: Int)
    case codec(ErasureCodeError)

    public var description: String {
        switch self {
        case .notErasureCoded(let redundancy): return "redundancy \(redundancy) is not an erasure code"
        case .unsupportedCode(let k, let p): return "erasure code \(k)+\(p) is not supported"
        case .invalidRecordSize(let size): return "invalid record size \(size) (must be ≥ 1 byte)"
        case .invalidCellSize(let size): return "invalid EC cell size \(size) (must be ≥ 1 byte)"
        case .cellTooLarge(let bytes): return "EC cell of \(bytes) bytes is larger than 2^31 − 1"
        case .emptyExtent(let index): return "extent \(index) has no records"
        case .extentBeyondLimit(let extent):
            return "extent \(extent) reaches the EC parity bit 2^62; EC array offsets must stay below it"
        case .overlappingExtents(let a, let b): return "extents \(a) and \(b) of one request overlap"
        case .requestTooLarge: return "the request's byte count overflows"
        case .bufferSizeMismatch(let expected, let got): return "buffer of \(got) bytes, the plan needs \(expected)"
        case .invalidMember(let member): return "group member \(member) is out of range"
        case .tooManyUnavailable(let members, let parity):
            return "members \(members) are unavailable, the code recovers at most \(parity)"
        case .parityEpochMismatch(let stripe): return "parity cells of stripe \(stripe) disagree on their epoch; fetch again"
        case .fetchedSizeMismatch(let stripe, let expected, let got):
            return "stripe \(stripe): fetched \(got) bytes where \(expected) were expected"
        case .codec(let error): return error.description
        }
    }
}
