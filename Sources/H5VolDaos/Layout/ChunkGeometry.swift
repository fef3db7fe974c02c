import DaosObject

/// How a dataset's elements are split into chunks: one dkey per chunk, the chunk's elements an
/// array of file-type records in row-major order inside the chunk. Chunk coordinates are in
/// chunks (element coordinate / chunk dimension), so growing the extent never moves data.
/// Contiguous (and compact) datasets are chunked automatically to about the chunk target.
///
///     0   u8   format version (1)
///     1   u8   1 = chosen automatically (the dataset is contiguous to HDF5)
///     2   u16  rank R
///     4   R × u64 chunk dimensions (each ≥ 1)
struct ChunkGeometry: Equatable, Sendable {
    var dimensions: [UInt64]
    var automatic: Bool

    static let version: UInt8 = 1
    static let rankMax = 32

    init(dimensions: [UInt64], automatic: Bool) {
        precondition(dimensions.allSatisfy { $0 >= 1 }, "chunk dimensions are at least 1")
        precondition(dimensions.count <= Self.rankMax, "rank \(dimensions.count)")
        self.dimensions = dimensions
        self.automatic = automatic
    }

    var rank: Int { dimensions.count }
    var elementsPerChunk: UInt64 { dimensions.reduce(1, *) }

    /// Chunk dimensions for a contiguous dataset. One dimension: as many elements as fit in
    /// `targetBytes` (or the whole extent). More: start from the whole extent (the maximum
    /// extent when it is larger and fixed) and halve the largest dimension until a chunk holds
    /// at most `targetBytes`.
    ///
    /// Why one dimension fills the target: a chunk of exactly 1 MiB is a whole number of EC
    /// stripes (power-of-two cells), so writing it sends full stripes only. Halving gave a
    /// 4,000,000-float dataset (HACC-IO's) chunks of 1,000,000 bytes: 3 stripes of an EC_2P1
    /// file and a partial one in every chunk, whose cells the parity member gets as copies
    /// (a second request) and the engines later aggregate into parity.
    static func automatic(extent: [UInt64], elementBytes: UInt64, targetBytes: UInt64) -> ChunkGeometry {
        precondition(elementBytes >= 1, "elements have a size")
        if extent.count == 1 {
            return ChunkGeometry(dimensions: [max(1, min(extent[0], targetBytes / elementBytes))], automatic: true)
        }
        var chunk = extent.map { max($0, 1) }
        let target = max(targetBytes, elementBytes)
        while chunk.reduce(elementBytes, { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 }) > target {
            guard let largest = chunk.indices.max(by: { chunk[$0] < chunk[$1] }), chunk[largest] > 1 else { break }
            chunk[largest] = (chunk[largest] + 1) / 2
        }
        return ChunkGeometry(dimensions: chunk, automatic: true)
    }

    func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 4 + 8 * rank)
        writer.write(Self.version)
        writer.write(UInt8(automatic ? 1 : 0))
        writer.write(UInt16(rank))
        for dimension in dimensions { writer.write(dimension) }
        return writer.bytes
    }

    init(decoding bytes: [UInt8]) throws(VolError) {
        do throws(DecodeError) {
            self = try withBytes(of: bytes) { (raw) throws(DecodeError) -> ChunkGeometry in
                var reader = ByteReader(raw)
                let version: UInt8 = try reader.read()
                guard version == Self.version else { throw reader.invalid("layout format version \(version)") }
                let automatic = try reader.readBool()
                let rank = try reader.readCount(UInt16.self, minimumElementSize: 8, limit: Self.rankMax)
                var dimensions: [UInt64] = []
                for _ in 0..<rank {
                    let dimension: UInt64 = try reader.read()
                    guard dimension >= 1 else { throw reader.invalid("chunk dimension 0") }
                    dimensions.append(dimension)
                }
                try reader.expectEnd()
                return ChunkGeometry(dimensions: dimensions, automatic: automatic)
            }
        } catch {
            throw VolError("damaged dataset layout: \(error)")
        }
    }
}
