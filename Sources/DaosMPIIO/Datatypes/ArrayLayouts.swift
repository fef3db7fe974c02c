import CMPI

/// The typemaps of `MPI_Type_create_subarray` and `MPI_Type_create_darray` (MPI-3.1 §4.1.3,
/// §4.1.4): the elements a process owns of an n-dimensional global array, in array order
/// (C: last dimension fastest; Fortran: first fastest), each at its place in the whole array.
enum ArrayLayouts {
    /// A run of consecutive indices along one dimension.
    struct IndexRange {
        var start: Int64
        var count: Int64
    }

    /// `ints` = [ndims, sizes…, subsizes…, starts…, order].
    static func subarray(_ ints: [Int32], old: FlatType) throws(MPIIOError) -> [FlatType.Run] {
        let dimensions = Int(ints[0])
        let sizes = ints[1..<(1 + dimensions)].map(Int64.init)
        let subsizes = ints[(1 + dimensions)..<(1 + 2 * dimensions)].map(Int64.init)
        let starts = ints[(1 + 2 * dimensions)..<(1 + 3 * dimensions)].map(Int64.init)
        let order = ints[1 + 3 * dimensions]
        let ranges = (0..<dimensions).map { [IndexRange(start: starts[$0], count: subsizes[$0])] }
        return try runs(sizes: sizes, ranges: ranges, order: order, old: old)
    }

    /// `ints` = [size, rank, ndims, gsizes…, distribs…, dargs…, psizes…, order].
    static func darray(_ ints: [Int32], old: FlatType) throws(MPIIOError) -> [FlatType.Run] {
        let rank = Int64(ints[1])
        let dimensions = Int(ints[2])
        let base = 3
        let sizes = ints[base..<(base + dimensions)].map(Int64.init)
        let distributions = Array(ints[(base + dimensions)..<(base + 2 * dimensions)])
        let arguments = ints[(base + 2 * dimensions)..<(base + 3 * dimensions)].map(Int64.init)
        let processes = ints[(base + 3 * dimensions)..<(base + 4 * dimensions)].map(Int64.init)
        let order = ints[base + 4 * dimensions]
        // The process grid is always numbered row-major, whatever the array order.
        var coordinates = [Int64](repeating: 0, count: dimensions)
        var remaining = rank
        for dimension in (0..<dimensions).reversed() {
            coordinates[dimension] = remaining % processes[dimension]
            remaining /= processes[dimension]
        }
        var ranges: [[IndexRange]] = []
        for dimension in 0..<dimensions {
            ranges.append(try owned(size: sizes[dimension], distribution: distributions[dimension], argument: arguments[dimension],
                                    processes: processes[dimension], coordinate: coordinates[dimension]))
        }
        return try runs(sizes: sizes, ranges: ranges, order: order, old: old)
    }

    /// The indices along one dimension that the process at `coordinate` owns.
    private static func owned(size: Int64, distribution: Int32, argument: Int64, processes: Int64, coordinate: Int64)
        throws(MPIIOError) -> [IndexRange] {
        let defaultArgument = Int64(swift_MPI_DISTRIBUTE_DFLT_DARG())
        switch distribution {
        case swift_MPI_DISTRIBUTE_NONE():
            return [IndexRange(start: 0, count: size)]
        case swift_MPI_DISTRIBUTE_BLOCK():
            let block = argument == defaultArgument ? (size + processes - 1) / processes : argument
            let start = coordinate * block
            return start < size ? [IndexRange(start: start, count: min(block, size - start))] : []
        case swift_MPI_DISTRIBUTE_CYCLIC():
            let block = argument == defaultArgument ? 1 : argument
            guard block > 0 else { throw .type("darray cyclic block of \(block)") }
            var ranges: [IndexRange] = []
            var start = coordinate * block
            while start < size {
                ranges.append(IndexRange(start: start, count: min(block, size - start)))
                start += processes * block
            }
            return ranges
        default:
            throw .type("darray distribution \(distribution)")
        }
    }

    /// The runs of the elements `ranges` selects per dimension of an array of `sizes`, in
    /// array order. The fastest dimension's ranges become blocks; the others are enumerated.
    private static func runs(sizes: [Int64], ranges: [[IndexRange]], order: Int32, old: FlatType) throws(MPIIOError) -> [FlatType.Run] {
        let dimensions = sizes.count
        guard dimensions > 0 else { return [] }
        guard order == swift_MPI_ORDER_C() || order == swift_MPI_ORDER_FORTRAN() else { throw .type("array order \(order)") }
        // Dimensions from slowest to fastest, and each one's stride in elements.
        let slowToFast = order == swift_MPI_ORDER_C() ? Array(0..<dimensions) : Array((0..<dimensions).reversed())
        var strides = [Int64](repeating: 1, count: dimensions)
        for position in stride(from: dimensions - 2, through: 0, by: -1) {
            strides[slowToFast[position]] = strides[slowToFast[position + 1]] * sizes[slowToFast[position + 1]]
        }
        let fast = slowToFast[dimensions - 1]
        var displacements: [Int64] = []
        var blockLengths: [Int64] = []
        // An odometer over the slow dimensions' selected indices.
        let slow = slowToFast.dropLast()
        let slowIndices = slow.map { dimension in ranges[dimension].flatMap { range in (0..<range.count).map { range.start + $0 } } }
        if slowIndices.contains(where: \.isEmpty) || ranges[fast].isEmpty { return [] }
        var odometer = [Int](repeating: 0, count: slow.count)
        while true {
            var baseElement: Int64 = 0
            for (position, dimension) in slow.enumerated() { baseElement += slowIndices[position][odometer[position]] * strides[dimension] }
            for range in ranges[fast] {
                displacements.append((baseElement + range.start) * old.extent)
                blockLengths.append(range.count)
            }
            guard displacements.count <= Flattener.runsMax else { throw .type("an array type of more than \(Flattener.runsMax) blocks") }
            var position = slow.count - 1
            while position >= 0 {
                odometer[position] += 1
                if odometer[position] < slowIndices[position].count { break }
                odometer[position] = 0
                position -= 1
            }
            if position < 0 { break }
        }
        return FlatType.replicate(old, at: displacements, blockLengths: blockLengths)
    }
}
