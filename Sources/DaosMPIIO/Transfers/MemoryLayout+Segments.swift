/// Where `count` instances of a memory datatype put their bytes: one segment per run per
/// instance (instance i at buffer + i × extent), adjacent segments merged, in typemap order.
struct MemorySegments {
    struct Segment {
        var offset: Int64
        var length: Int64
    }

    private(set) var segments: [Segment] = []

    init(_ flat: FlatType, count: Int64) {
        if flat.isContiguous, let run = flat.runs.first {
            segments = [Segment(offset: run.offset, length: run.length * count)]
            return
        }
        segments.reserveCapacity(Int(count) * flat.runs.count)
        for instance in 0..<count {
            let base = instance * flat.extent
            for run in flat.runs {
                let offset = base + run.offset
                if let last = segments.last, last.offset + last.length == offset {
                    segments[segments.count - 1].length += run.length
                } else {
                    segments.append(Segment(offset: offset, length: run.length))
                }
            }
        }
    }

    var count: Int { segments.count }
}
