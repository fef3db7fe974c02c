import CISAL
import Synchronization

/// Reed–Solomon erasure code over GF(2^8) with ISA-L: k data cells, p parity cells.
///
/// The generator is ISA-L's Cauchy matrix (every k×k submatrix invertible, so any p losses are
/// recoverable). Encoding and decoding read and write the caller's buffers directly; the only
/// memory the codec owns is its tables, built once per (k, p) and per erasure pattern.
public final class ErasureCodec: Sendable {
    public let dataCells: Int
    public let parityCells: Int
    /// (k + p) × k generator, row-major; the first k rows are the identity.
    let generator: [UInt8]
    /// ISA-L's expanded multiplication tables for the p parity rows.
    let encodeTables: [UInt8]
    private let decodeTables = Mutex<[UInt64: DecodePlan]>([:])

    public static let dataCellsMax = 32
    public static let parityCellsMax = 8
    static let decodePlansMax = 512

    struct DecodePlan: Sendable {
        /// The k cells read, in increasing order.
        let sources: [Int]
        let tables: [UInt8]
    }

    private static let shared = Mutex<[Int: ErasureCodec]>([:])

    /// The codec for (k, p), built on first use and shared afterwards.
    public static func codec(dataCells k: Int, parityCells p: Int) throws(ErasureCodeError) -> ErasureCodec {
        guard (2...dataCellsMax).contains(k), (1...parityCellsMax).contains(p), p <= k else {
            throw .unsupported(dataCells: k, parityCells: p)
        }
        return shared.withLock { cache in
            if let codec = cache[k << 8 | p] { return codec }
            let codec = ErasureCodec(k: k, p: p)
            cache[k << 8 | p] = codec
            return codec
        }
    }

    public static func codec(for redundancy: Redundancy) throws(ErasureCodeError) -> ErasureCodec {
        guard case .erasure(let k, let p) = redundancy.scheme else { throw .notErasureCoded(redundancy) }
        return try codec(dataCells: k, parityCells: p)
    }

    private init(k: Int, p: Int) {
        dataCells = k
        parityCells = p
        var generator = [UInt8](repeating: 0, count: (k + p) * k)
        gf_gen_cauchy1_matrix(&generator, Int32(k + p), Int32(k))
        var tables = [UInt8](repeating: 0, count: 32 * k * p)
        generator.withUnsafeMutableBufferPointer { g in
            ec_init_tables(Int32(k), Int32(p), g.baseAddress! + k * k, &tables)
        }
        self.generator = generator
        self.encodeTables = tables
    }

    // MARK: - Encode

    /// Computes p parity cells from k data cells of `cellSize` bytes each.
    public func encode(
        cellSize: Int, data: UnsafeBufferPointer<UnsafeRawPointer>, parity: UnsafeBufferPointer<UnsafeMutableRawPointer>
    ) throws(ErasureCodeError) {
        guard data.count == dataCells, parity.count == parityCells else {
            throw .wrongCellCount(expected: dataCells + parityCells, got: data.count + parity.count)
        }
        guard cellSize > 0, cellSize <= Int(Int32.max) else { throw .invalidCellSize(cellSize) }
        encodeTables.withUnsafeBufferPointer { tables in
            ec_encode_data(Int32(cellSize), Int32(dataCells), Int32(parityCells),
                           UnsafeMutablePointer(mutating: tables.baseAddress!),
                           Self.bytePointers(data), Self.bytePointers(parity))
        }
    }

    /// Encodes a contiguous stripe of k cells into p contiguous parity cells.
    public func encode(stripe: UnsafeRawBufferPointer, parity: UnsafeMutableRawBufferPointer, cellSize: Int) throws(ErasureCodeError) {
        guard cellSize > 0, stripe.count == cellSize * dataCells, parity.count == cellSize * parityCells,
              let stripeBase = stripe.baseAddress, let parityBase = parity.baseAddress
        else { throw .bufferSizeMismatch(cellSize: cellSize) }
        let k = dataCells
        let p = parityCells
        try withUnsafeTemporaryAllocation(of: UnsafeRawPointer.self, capacity: k) { (data) throws(ErasureCodeError) in
            for i in 0..<k { data[i] = stripeBase + i * cellSize }
            try withUnsafeTemporaryAllocation(of: UnsafeMutableRawPointer.self, capacity: p) { (out) throws(ErasureCodeError) in
                for i in 0..<p { out[i] = parityBase + i * cellSize }
                try encode(cellSize: cellSize, data: UnsafeBufferPointer(data), parity: UnsafeBufferPointer(out))
            }
        }
    }

    // MARK: - Decode

    /// Rebuilds the cells listed in `erased` (indices 0..<k+p; data first, then parity) from the
    /// others. `cells` holds all k + p cell buffers in order: the erased ones are written, the
    /// rest are read (only k of them).
    public func reconstruct(
        cellSize: Int, cells: UnsafeBufferPointer<UnsafeMutableRawPointer>, erased: [Int]
    ) throws(ErasureCodeError) {
        let total = dataCells + parityCells
        guard cells.count == total else { throw .wrongCellCount(expected: total, got: cells.count) }
        guard cellSize > 0, cellSize <= Int(Int32.max) else { throw .invalidCellSize(cellSize) }
        guard !erased.isEmpty else { return }
        var mask: UInt64 = 0
        for index in erased {
            guard (0..<total).contains(index) else { throw .invalidCellIndex(index) }
            mask |= 1 << UInt64(index)
        }
        let erasedSorted = (0..<total).filter { mask & (1 << UInt64($0)) != 0 }
        guard erasedSorted.count <= parityCells else {
            throw .tooManyErasures(erased: erasedSorted.count, parityCells: parityCells)
        }
        let plan = try decodePlan(for: mask, erased: erasedSorted)
        let k = dataCells
        let rows = erasedSorted.count
        withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<UInt8>?.self, capacity: k) { sources in
            for (i, cell) in plan.sources.enumerated() { sources[i] = cells[cell].assumingMemoryBound(to: UInt8.self) }
            withUnsafeTemporaryAllocation(of: UnsafeMutablePointer<UInt8>?.self, capacity: rows) { outputs in
                for (i, cell) in erasedSorted.enumerated() { outputs[i] = cells[cell].assumingMemoryBound(to: UInt8.self) }
                plan.tables.withUnsafeBufferPointer { tables in
                    ec_encode_data(Int32(cellSize), Int32(k), Int32(rows), UnsafeMutablePointer(mutating: tables.baseAddress!),
                                   sources.baseAddress!, outputs.baseAddress!)
                }
            }
        }
    }

    /// Decoding matrix for one erasure pattern: invert the generator rows of the first k
    /// surviving cells; a lost data cell is a row of that inverse, a lost parity cell is its
    /// generator row times the inverse.
    private func decodePlan(for mask: UInt64, erased: [Int]) throws(ErasureCodeError) -> DecodePlan {
        if let plan = decodeTables.withLock({ $0[mask] }) { return plan }
        let k = dataCells
        let total = dataCells + parityCells
        let sources = Array((0..<total).lazy.filter { mask & (1 << UInt64($0)) == 0 }.prefix(k))
        var survivorRows = [UInt8](repeating: 0, count: k * k)
        for (r, cell) in sources.enumerated() {
            for c in 0..<k { survivorRows[r * k + c] = generator[cell * k + c] }
        }
        var inverse = [UInt8](repeating: 0, count: k * k)
        guard gf_invert_matrix(&survivorRows, &inverse, Int32(k)) == 0 else { throw .singularMatrix }
        var decodeRows = [UInt8](repeating: 0, count: erased.count * k)
        for (r, cell) in erased.enumerated() {
            if cell < k {
                for c in 0..<k { decodeRows[r * k + c] = inverse[cell * k + c] }
            } else {
                for c in 0..<k {
                    var sum: UInt8 = 0
                    for j in 0..<k { sum ^= gf_mul(generator[cell * k + j], inverse[j * k + c]) }
                    decodeRows[r * k + c] = sum
                }
            }
        }
        var tables = [UInt8](repeating: 0, count: 32 * k * erased.count)
        ec_init_tables(Int32(k), Int32(erased.count), &decodeRows, &tables)
        let plan = DecodePlan(sources: sources, tables: tables)
        decodeTables.withLock { cache in
            if cache.count >= Self.decodePlansMax { cache.removeAll(keepingCapacity: true) }
            cache[mask] = plan
        }
        return plan
    }

    private static func bytePointers<P>(_ pointers: UnsafeBufferPointer<P>) -> UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?> {
        // ISA-L takes `unsigned char **` for both inputs and outputs; it never writes the inputs.
        UnsafeMutableRawPointer(mutating: UnsafeRawPointer(pointers.baseAddress!))
            .assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self)
    }
}

public enum ErasureCodeError: Error, Equatable, CustomStringConvertible {
    case unsupported(dataCells: Int, parityCells: Int)
    case notErasureCoded(Redundancy)
    case wrongCellCount(expected: Int, got: Int)
    case invalidCellSize(Int)
    case bufferSizeMismatch(cellSize: Int)
    case invalidCellIndex(Int)
    case tooManyErasures(erased: Int, parityCells: Int)
    case singularMatrix

    public var description: String {
        switch self {
        case .unsupported(let k, let p):
            return "erasure code \(k)+\(p) is not supported (2 ≤ k ≤ \(ErasureCodec.dataCellsMax), 1 ≤ p ≤ min(k, \(ErasureCodec.parityCellsMax)))"
        case .notErasureCoded(let redundancy): return "redundancy \(redundancy) is not an erasure code"
        case .wrongCellCount(let expected, let got): return "expected \(expected) cell buffers, got \(got)"
        case .invalidCellSize(let size): return "invalid cell size \(size)"
        case .bufferSizeMismatch(let cellSize): return "buffer sizes do not match k or p cells of \(cellSize) bytes"
        case .invalidCellIndex(let index): return "cell index \(index) out of range"
        case .tooManyErasures(let erased, let parity): return "\(erased) cells lost, the code recovers at most \(parity)"
        case .singularMatrix: return "decoding matrix is singular"
        }
    }
}
