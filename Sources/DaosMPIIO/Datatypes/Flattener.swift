import CMPI

/// Turns any MPI datatype into a `FlatType` by decoding how it was built
/// (`MPI_Type_get_envelope` / `MPI_Type_get_contents`, MPI-3.1 §4.1.13) and recursing into the
/// types it was built from — OpenMPI 4.1 is MPI 3.1, so there is no `MPIX_Type_iov` to ask.
/// Sizes, extents and lower bounds come from MPI itself; the runs are ours, and their total is
/// checked against `MPI_Type_size` so a constructor decoded wrongly is an error, not bad data.
enum Flattener {
    /// Most runs one datatype may flatten to (16 bytes each: 1 GiB of runs).
    static let runsMax = 1 << 26

    static func flatten(_ type: MPI_Datatype?) throws(MPIIOError) -> FlatType {
        guard let type, type != swift_MPI_DATATYPE_NULL() else { throw .type("MPI_DATATYPE_NULL") }
        let envelope = try Envelope(type)
        let (extent, lowerBound) = try extentOf(type)
        let size = try sizeOf(type)
        if envelope.combiner == swift_MPI_COMBINER_NAMED() || isFortranParameterized(envelope.combiner) {
            return named(size: size, extent: extent)
        }
        let contents = try Contents(type, envelope)
        defer { contents.freeTypes() }
        let runs = try constructorRuns(envelope.combiner, contents)
        guard runs.count <= runsMax else { throw .type("a datatype of more than \(runsMax) blocks") }
        let flat = FlatType(runs: runs, extent: extent, lowerBound: lowerBound)
        guard flat.size == size else {
            throw MPIIOError(swift_MPI_ERR_INTERN(), "flattened combiner \(envelope.combiner) to \(flat.size) bytes, MPI says \(size)")
        }
        return flat
    }

    private static func isFortranParameterized(_ combiner: Int32) -> Bool {
        combiner == swift_MPI_COMBINER_F90_REAL() || combiner == swift_MPI_COMBINER_F90_COMPLEX()
            || combiner == swift_MPI_COMBINER_F90_INTEGER()
    }

    /// A predefined type. Those with holes are the C pair types for MINLOC/MAXLOC
    /// (MPI_SHORT_INT, MPI_DOUBLE_INT, MPI_LONG_INT, MPI_LONG_DOUBLE_INT): a value at 0 and an
    /// int at the value's size rounded up to the int's alignment.
    private static func named(size: Int64, extent: Int64) -> FlatType {
        guard size != extent, size > 4 else { return .contiguous(size) }
        let valueBytes = size - 4
        let intOffset = (valueBytes + 3) / 4 * 4
        return FlatType(runs: [.init(offset: 0, length: valueBytes), .init(offset: intOffset, length: 4)], extent: extent, lowerBound: 0)
    }

    private static func constructorRuns(_ combiner: Int32, _ contents: Contents) throws(MPIIOError) -> [FlatType.Run] {
        let ints = contents.integers
        let addresses = contents.addresses
        switch combiner {
        case swift_MPI_COMBINER_DUP():
            return try flatten(contents.types[0]).runs
        case swift_MPI_COMBINER_RESIZED():
            return try flatten(contents.types[0]).runs
        case swift_MPI_COMBINER_CONTIGUOUS():
            let old = try flatten(contents.types[0])
            return FlatType.replicate(old, at: [0], blockLengths: [Int64(ints[0])])
        case swift_MPI_COMBINER_VECTOR():
            let old = try flatten(contents.types[0])
            let displacements = (0..<Int64(ints[0])).map { $0 * Int64(ints[2]) * old.extent }
            return FlatType.replicate(old, at: displacements, blockLengths: Array(repeating: Int64(ints[1]), count: displacements.count))
        case swift_MPI_COMBINER_HVECTOR(), swift_MPI_COMBINER_HVECTOR_INTEGER():
            let old = try flatten(contents.types[0])
            let stride = combiner == swift_MPI_COMBINER_HVECTOR() ? Int64(addresses[0]) : Int64(ints[2])
            let displacements = (0..<Int64(ints[0])).map { $0 * stride }
            return FlatType.replicate(old, at: displacements, blockLengths: Array(repeating: Int64(ints[1]), count: displacements.count))
        case swift_MPI_COMBINER_INDEXED():
            let old = try flatten(contents.types[0])
            let count = Int(ints[0])
            return FlatType.replicate(old, at: ints[(1 + count)..<(1 + 2 * count)].map { Int64($0) * old.extent },
                                      blockLengths: ints[1..<(1 + count)].map { Int64($0) })
        case swift_MPI_COMBINER_HINDEXED(), swift_MPI_COMBINER_HINDEXED_INTEGER():
            let old = try flatten(contents.types[0])
            let count = Int(ints[0])
            let displacements = combiner == swift_MPI_COMBINER_HINDEXED()
                ? addresses[0..<count].map { Int64($0) } : ints[(1 + count)..<(1 + 2 * count)].map { Int64($0) }
            return FlatType.replicate(old, at: displacements, blockLengths: ints[1..<(1 + count)].map { Int64($0) })
        case swift_MPI_COMBINER_INDEXED_BLOCK():
            let old = try flatten(contents.types[0])
            let count = Int(ints[0])
            return FlatType.replicate(old, at: ints[2..<(2 + count)].map { Int64($0) * old.extent },
                                      blockLengths: Array(repeating: Int64(ints[1]), count: count))
        case swift_MPI_COMBINER_HINDEXED_BLOCK():
            let old = try flatten(contents.types[0])
            let count = Int(ints[0])
            return FlatType.replicate(old, at: addresses[0..<count].map { Int64($0) },
                                      blockLengths: Array(repeating: Int64(ints[1]), count: count))
        case swift_MPI_COMBINER_STRUCT(), swift_MPI_COMBINER_STRUCT_INTEGER():
            let count = Int(ints[0])
            var runs: [FlatType.Run] = []
            for index in 0..<count {
                let member = try flatten(contents.types[index])
                let displacement = combiner == swift_MPI_COMBINER_STRUCT() ? Int64(addresses[index]) : Int64(ints[1 + count + index])
                runs += FlatType.replicate(member, at: [displacement], blockLengths: [Int64(ints[1 + index])])
            }
            return runs
        case swift_MPI_COMBINER_SUBARRAY():
            return try ArrayLayouts.subarray(ints, old: try flatten(contents.types[0]))
        case swift_MPI_COMBINER_DARRAY():
            return try ArrayLayouts.darray(ints, old: try flatten(contents.types[0]))
        default:
            throw .type("datatype combiner \(combiner) is not supported")
        }
    }

    static func sizeOf(_ type: MPI_Datatype) throws(MPIIOError) -> Int64 {
        var size: MPI_Count = 0
        try mpiCall("MPI_Type_size_x", PMPI_Type_size_x(type, &size))
        return Int64(size)
    }

    static func extentOf(_ type: MPI_Datatype) throws(MPIIOError) -> (extent: Int64, lowerBound: Int64) {
        var lowerBound: MPI_Count = 0
        var extent: MPI_Count = 0
        try mpiCall("MPI_Type_get_extent_x", PMPI_Type_get_extent_x(type, &lowerBound, &extent))
        return (Int64(extent), Int64(lowerBound))
    }
}

/// `MPI_Type_get_envelope`: how many arguments of each kind built the type, and with what.
struct Envelope {
    var integers: Int32 = 0
    var addresses: Int32 = 0
    var types: Int32 = 0
    var combiner: Int32 = 0

    init(_ type: MPI_Datatype) throws(MPIIOError) {
        try mpiCall("MPI_Type_get_envelope", PMPI_Type_get_envelope(type, &integers, &addresses, &types, &combiner))
    }
}

/// `MPI_Type_get_contents`: the arguments themselves. The datatypes it returns are new
/// handles (for derived ones) that must be freed.
struct Contents {
    var integers: [Int32]
    var addresses: [MPI_Aint]
    var types: [MPI_Datatype?]

    init(_ type: MPI_Datatype, _ envelope: Envelope) throws(MPIIOError) {
        integers = [Int32](repeating: 0, count: Int(envelope.integers))
        addresses = [MPI_Aint](repeating: 0, count: Int(envelope.addresses))
        types = [MPI_Datatype?](repeating: nil, count: Int(envelope.types))
        try mpiCall("MPI_Type_get_contents", PMPI_Type_get_contents(type, envelope.integers, envelope.addresses, envelope.types,
                                                                    &integers, &addresses, &types))
    }

    func freeTypes() {
        for case let type? in types {
            guard let envelope = try? Envelope(type), envelope.combiner != swift_MPI_COMBINER_NAMED() else { continue }
            var handle: MPI_Datatype? = type
            _ = PMPI_Type_free(&handle)
        }
    }
}
