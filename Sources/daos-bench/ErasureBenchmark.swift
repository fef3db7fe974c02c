import ArgumentParser
import DaosObject
#if canImport(Glibc)
import Glibc
#endif

/// Encode and decode throughput of the ISA-L codec next to memcpy of the same input bytes.
struct ErasureBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ec", abstract: "Erasure-code encode/decode GB/s vs memcpy.")

    @Option(help: "Cell size in KiB.") var cellKiB = 128
    @Option(help: "Data bytes per measured pass, in MiB (beyond the CPU caches).") var passMiB = 64
    @Option(help: "Codes to measure, as k+p pairs.") var codes = "2+1,4+2,8+2,16+2"

    func run() throws {
        let cellSize = cellKiB * 1024
        print("cell \(cellKiB) KiB, \(passMiB) MiB of data per pass; GB/s of data (input) bytes")
        print("code    encode GB/s  decode GB/s  memcpy GB/s  encode/memcpy  decode/memcpy")
        for pair in codes.split(separator: ",") {
            let parts = pair.split(separator: "+").compactMap { Int($0) }
            guard parts.count == 2 else { throw ValidationError("bad code '\(pair)'") }
            try measure(k: parts[0], p: parts[1], cellSize: cellSize)
        }
    }

    private func measure(k: Int, p: Int, cellSize: Int) throws {
        let codec = try ErasureCodec.codec(dataCells: k, parityCells: p)
        let stripeBytes = k * cellSize
        let stripes = max(1, passMiB * 1024 * 1024 / stripeBytes)
        let dataBytes = stripes * stripeBytes
        let data = UnsafeMutableRawBufferPointer.allocate(byteCount: dataBytes, alignment: 64)
        let parity = UnsafeMutableRawBufferPointer.allocate(byteCount: stripes * p * cellSize, alignment: 64)
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: dataBytes, alignment: 64)
        defer { data.deallocate(); parity.deallocate(); copy.deallocate() }
        var generator = SplitMix64(seed: UInt64(k * 100 + p))
        for i in stride(from: 0, to: dataBytes, by: 8) { data.storeBytes(of: generator.next(), toByteOffset: i, as: UInt64.self) }
        memset(copy.baseAddress!, 1, dataBytes)
        memset(parity.baseAddress!, 1, parity.count)

        let encodeRate = try rate {
            for s in 0..<stripes {
                try codec.encode(stripe: UnsafeRawBufferPointer(rebasing: data[s * stripeBytes..<(s + 1) * stripeBytes]),
                                 parity: UnsafeMutableRawBufferPointer(rebasing: parity[s * p * cellSize..<(s + 1) * p * cellSize]),
                                 cellSize: cellSize)
            }
        }
        // Decode: lose the first p data cells of every stripe and rebuild them into `copy`.
        let erased = Array(0..<p)
        var cells = [UnsafeMutableRawPointer](repeating: data.baseAddress!, count: k + p)
        let decodeRate = try rate {
            for s in 0..<stripes {
                for i in 0..<k { cells[i] = data.baseAddress! + s * stripeBytes + i * cellSize }
                for i in 0..<p { cells[k + i] = parity.baseAddress! + (s * p + i) * cellSize }
                for i in erased { cells[i] = copy.baseAddress! + s * stripeBytes + i * cellSize }
                try cells.withUnsafeBufferPointer { try codec.reconstruct(cellSize: cellSize, cells: $0, erased: erased) }
            }
        }
        // The rebuilt cells must equal the originals, or the figure means nothing.
        for s in [0, stripes - 1] {
            for i in erased where memcmp(copy.baseAddress! + s * stripeBytes + i * cellSize,
                                         data.baseAddress! + s * stripeBytes + i * cellSize, cellSize) != 0 {
                throw ValidationError("decode of \(k)+\(p) produced wrong bytes")
            }
        }
        let memcpyRate = rate { _ = memcpy(copy.baseAddress!, data.baseAddress!, dataBytes) }
        let gb = Double(dataBytes) / 1e9
        let name = pad("\(k)+\(p)", 8)
        func column(_ text: String) -> String { pad(text, 13) }
        print(name + column(format(encodeRate * gb)) + column(format(decodeRate * gb)) + column(format(memcpyRate * gb))
              + column(format(encodeRate / memcpyRate)) + format(decodeRate / memcpyRate))
    }
}
