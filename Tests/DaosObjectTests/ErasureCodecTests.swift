import DaosObject
import Testing

@Suite struct ErasureCodecTests {
    static let codes: [(Int, Int)] = [(2, 1), (2, 2), (4, 1), (4, 2), (8, 1), (8, 2), (16, 1), (16, 2), (4, 3), (8, 3), (16, 3)]

    static func erasurePatterns(cells: Int, upTo maximum: Int) -> [[Int]] {
        var result: [[Int]] = []
        func extend(_ current: [Int], from next: Int) {
            if !current.isEmpty { result.append(current) }
            guard current.count < maximum else { return }
            for i in next..<cells { extend(current + [i], from: i + 1) }
        }
        extend([], from: 0)
        return result
    }

    /// Every erasure pattern of up to p cells, at random cell sizes, rebuilds the exact bytes.
    @Test(arguments: codes.map { "\($0.0)+\($0.1)" })
    func roundTripsEveryErasurePattern(code: String) throws {
        let parts = code.split(separator: "+").map { Int($0)! }
        let (k, p) = (parts[0], parts[1])
        let codec = try ErasureCodec.codec(dataCells: k, parityCells: p)
        var random = SplitMix64(seed: UInt64(k * 31 + p))
        let patterns = Self.erasurePatterns(cells: k + p, upTo: p)
        #expect(patterns.count == (1...p).reduce(0) { $0 + binomial(k + p, $1) })
        for (n, erased) in patterns.enumerated() {
            let cellSize = n % 7 == 0 ? Int.random(in: 1...4096, using: &random) : Int.random(in: 1...257, using: &random)
            let stripe = (0..<k * cellSize).map { _ in UInt8.random(in: 0...255, using: &random) }
            var parity = [UInt8](repeating: 0, count: p * cellSize)
            try stripe.withUnsafeBytes { data in
                try parity.withUnsafeMutableBytes { try codec.encode(stripe: data, parity: $0, cellSize: cellSize) }
            }
            var cells = (0..<k).map { Array(stripe[$0 * cellSize..<($0 + 1) * cellSize]) }
                + (0..<p).map { Array(parity[$0 * cellSize..<($0 + 1) * cellSize]) }
            let original = cells
            for i in erased { cells[i] = [UInt8](repeating: 0xA5, count: cellSize) }
            try withPointers(&cells) { try codec.reconstruct(cellSize: cellSize, cells: $0, erased: erased) }
            #expect(cells == original, "\(k)+\(p) erased \(erased) cell \(cellSize)")
        }
    }

    @Test func parityIsNotTrivial() throws {
        let codec = try ErasureCodec.codec(dataCells: 4, parityCells: 2)
        let stripe = [UInt8](repeating: 0, count: 12) + [1, 0, 0, 0]
        var parity = [UInt8](repeating: 0, count: 8)
        try stripe.withUnsafeBytes { d in try parity.withUnsafeMutableBytes { try codec.encode(stripe: d, parity: $0, cellSize: 4) } }
        #expect(parity[0] != 0 && parity[4] != 0 && parity[0] != parity[4])
        #expect(parity[1...3].allSatisfy { $0 == 0 })
    }

    @Test func codecsAreSharedPerCode() throws {
        #expect(try ErasureCodec.codec(dataCells: 8, parityCells: 2) === ErasureCodec.codec(for: .ec8P2))
    }

    @Test func badArgumentsAreErrors() throws {
        #expect(throws: ErasureCodeError.unsupported(dataCells: 2, parityCells: 3)) { try ErasureCodec.codec(dataCells: 2, parityCells: 3) }
        #expect(throws: ErasureCodeError.unsupported(dataCells: 1, parityCells: 1)) { try ErasureCodec.codec(dataCells: 1, parityCells: 1) }
        #expect(throws: ErasureCodeError.notErasureCoded(.replicas3)) { try ErasureCodec.codec(for: .replicas3) }
        let codec = try ErasureCodec.codec(dataCells: 2, parityCells: 1)
        var cells = [[UInt8]](repeating: [0, 0], count: 3)
        #expect(throws: ErasureCodeError.tooManyErasures(erased: 2, parityCells: 1)) {
            try withPointers(&cells) { try codec.reconstruct(cellSize: 2, cells: $0, erased: [0, 1]) }
        }
        #expect(throws: ErasureCodeError.invalidCellIndex(3)) {
            try withPointers(&cells) { try codec.reconstruct(cellSize: 2, cells: $0, erased: [3]) }
        }
        #expect(throws: ErasureCodeError.bufferSizeMismatch(cellSize: 3)) {
            try [UInt8](repeating: 0, count: 5).withUnsafeBytes { d in
                var parity = [UInt8](repeating: 0, count: 3)
                try parity.withUnsafeMutableBytes { try codec.encode(stripe: d, parity: $0, cellSize: 3) }
            }
        }
    }
}

func binomial(_ n: Int, _ k: Int) -> Int { k == 0 ? 1 : binomial(n - 1, k - 1) * n / k }

/// Hands the codec one pointer per cell array, as an engine would hand it its buffers.
func withPointers(_ cells: inout [[UInt8]], _ body: (UnsafeBufferPointer<UnsafeMutableRawPointer>) throws -> Void) throws {
    var pointers: [UnsafeMutableRawPointer] = []
    var buffers = cells.map { cell -> UnsafeMutableRawBufferPointer in
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: cell.count, alignment: 16)
        buffer.copyBytes(from: cell)
        return buffer
    }
    defer { buffers.forEach { $0.deallocate() } }
    pointers = buffers.map { $0.baseAddress! }
    try pointers.withUnsafeBufferPointer(body)
    for i in cells.indices { cells[i] = Array(buffers[i]) }
    buffers = buffers.map { $0 }
}
