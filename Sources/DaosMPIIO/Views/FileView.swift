import CMPI
import DaosFS

/// A file view (MPI-3.1 §13.3): the file as seen by one process is `displacement` followed by
/// copies of `filetype` tiled at its extent; only the filetype's data bytes are visible, in
/// typemap order, and offsets count `etype`s of that data stream.
///
/// Positions here are *stream bytes*: bytes of the visible data counted from the start of the
/// view. `extents(from:bytes:)` maps a stream range to file byte ranges, `fileOffset(of:)` one
/// stream byte to its file offset, `streamBytes(before:)` a file size back to the stream.
struct FileView {
    let displacement: Int64
    let etype: MPI_Datatype
    let filetype: MPI_Datatype
    /// `MPI_Type_size` of the etype: offsets are in these units.
    let etypeSize: Int64
    let flat: FlatType
    /// Stream bytes before each run of one tile (prefix sums of the run lengths).
    private let runStarts: [Int64]

    init(displacement: Int64, etype: MPI_Datatype, filetype: MPI_Datatype, etypeSize: Int64, flat: FlatType) {
        precondition(etypeSize > 0, "an etype has data")
        precondition(flat.size > 0, "a filetype has data")
        self.displacement = displacement
        self.etype = etype
        self.filetype = filetype
        self.etypeSize = etypeSize
        self.flat = flat
        var starts: [Int64] = []
        starts.reserveCapacity(flat.runs.count)
        var total: Int64 = 0
        for run in flat.runs {
            starts.append(total)
            total += run.length
        }
        runStarts = starts
    }

    /// The view every file starts with: displacement 0, etype and filetype MPI_BYTE.
    static func initial() -> FileView {
        FileView(displacement: 0, etype: swift_MPI_BYTE(), filetype: swift_MPI_BYTE(), etypeSize: 1, flat: .contiguous(1))
    }

    /// True when stream byte p is file byte displacement + p (the filetype has no holes).
    var isContiguous: Bool { flat.isContiguous && (flat.runs.first?.offset ?? 0) == 0 }

    /// The run holding the stream byte `within` of a tile.
    private func runIndex(_ within: Int64) -> Int {
        var low = 0
        var high = runStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if runStarts[middle] <= within { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The file offset of stream byte `position`.
    func fileOffset(of position: Int64) -> Int64 {
        precondition(position >= 0, "stream positions are not negative")
        if isContiguous { return displacement + position }
        let tile = position / flat.size
        let within = position % flat.size
        let index = runIndex(within)
        return displacement + tile * flat.extent + flat.runs[index].offset + (within - runStarts[index])
    }

    /// The file ranges holding stream bytes [position, position + bytes), in stream order,
    /// adjacent ranges merged.
    func extents(from position: Int64, bytes: Int64) -> [FileExtent] {
        precondition(position >= 0 && bytes >= 0, "stream ranges are not negative")
        guard bytes > 0 else { return [] }
        if isContiguous { return [FileExtent(offset: UInt64(displacement + position), length: UInt64(bytes))] }
        var extents: [FileExtent] = []
        var tile = position / flat.size
        var index = runIndex(position % flat.size)
        var skip = position % flat.size - runStarts[index]
        var left = bytes
        while left > 0 {
            let run = flat.runs[index]
            let take = min(left, run.length - skip)
            let offset = UInt64(displacement + tile * flat.extent + run.offset + skip)
            if let last = extents.last, last.offset + last.length == offset {
                extents[extents.count - 1].length += UInt64(take)
            } else {
                extents.append(FileExtent(offset: offset, length: UInt64(take)))
            }
            left -= take
            skip = 0
            index += 1
            if index == flat.runs.count {
                index = 0
                tile += 1
            }
        }
        return extents
    }

    /// How many stream bytes lie before file offset `end` (for SEEK_END and the size in etypes).
    /// MPI requires a view's displacements to be non-negative and nondecreasing, so every run
    /// of a tile lies inside the tile's extent.
    func streamBytes(before end: Int64) -> Int64 {
        guard end > displacement else { return 0 }
        if isContiguous { return end - displacement }
        let relative = end - displacement
        let tile = relative / flat.extent
        var bytes = tile * flat.size
        let base = tile * flat.extent
        for run in flat.runs where base + run.offset < relative {
            bytes += min(run.length, relative - (base + run.offset))
        }
        return bytes
    }
}
