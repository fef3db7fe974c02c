/// A datatype as byte runs: where its data bytes lie relative to a buffer (memory types) or a
/// tile of the file view (file types), in typemap order — the order data streams in, which for
/// memory types need not be increasing. Adjacent runs are merged; empty ones dropped.
struct FlatType: Equatable {
    struct Run: Equatable {
        var offset: Int64
        var length: Int64
    }

    private(set) var runs: [Run]
    /// Data bytes of one instance (MPI_Type_size): the sum of the run lengths.
    let size: Int64
    /// Stride between instances (MPI_Type_get_extent) and the lower bound.
    let extent: Int64
    let lowerBound: Int64

    init(runs: [Run], extent: Int64, lowerBound: Int64) {
        var merged: [Run] = []
        merged.reserveCapacity(runs.count)
        var size: Int64 = 0
        for run in runs where run.length > 0 {
            size += run.length
            if let last = merged.last, last.offset + last.length == run.offset {
                merged[merged.count - 1].length += run.length
            } else {
                merged.append(run)
            }
        }
        self.runs = merged
        self.size = size
        self.extent = extent
        self.lowerBound = lowerBound
    }

    /// One contiguous block of `bytes` at offset 0 (a predefined type without holes).
    static func contiguous(_ bytes: Int64) -> FlatType {
        FlatType(runs: [Run(offset: 0, length: bytes)], extent: bytes, lowerBound: 0)
    }

    /// True when `count` instances are one block: instances abut and each is one run.
    var isContiguous: Bool { runs.count <= 1 && size == extent }

    /// `count` instances of `element` placed at `displacements` (bytes) — the shape of every
    /// type constructor once its arguments are turned into byte displacements.
    static func replicate(_ element: FlatType, at displacements: [Int64], blockLengths: [Int64]) -> [Run] {
        precondition(displacements.count == blockLengths.count, "one block length per displacement")
        var runs: [Run] = []
        runs.reserveCapacity(displacements.count * max(1, element.runs.count))
        for (displacement, blockLength) in zip(displacements, blockLengths) {
            if element.isContiguous, let run = element.runs.first {
                runs.append(Run(offset: displacement + run.offset, length: run.length * blockLength))
                continue
            }
            for copy in 0..<blockLength {
                let base = displacement + copy * element.extent
                for run in element.runs { runs.append(Run(offset: base + run.offset, length: run.length)) }
            }
        }
        return runs
    }
}
