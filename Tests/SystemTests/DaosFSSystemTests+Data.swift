import DaosFS
import DaosObject
import Foundation
import Testing

/// File data through DaosFS against a model: a byte array the test keeps itself.
extension DaosFSSystemTests {
    /// What a file should hold: writes extend it with zeros, truncates cut or extend it.
    struct Model {
        var bytes: [UInt8] = []

        mutating func write(_ data: some Collection<UInt8>, at offset: Int) {
            if bytes.count < offset + data.count { bytes += [UInt8](repeating: 0, count: offset + data.count - bytes.count) }
            bytes.replaceSubrange(offset..<offset + data.count, with: data)
        }

        mutating func truncate(_ size: Int) {
            if size < bytes.count { bytes.removeLast(bytes.count - size) } else { bytes += [UInt8](repeating: 0, count: size - bytes.count) }
        }

        /// What a read of `count` bytes at `offset` returns.
        func read(_ offset: Int, _ count: Int) -> [UInt8] {
            guard offset < bytes.count else { return [] }
            return Array(bytes[offset..<min(bytes.count, offset + count)])
        }
    }

    /// Random writes and reads with 4 KiB chunks, so most cross a chunk boundary; reads across
    /// the end of the file come back short.
    static func checkRandomIO(_ file: DaosFile, model: inout Model, random: inout SplitMix64) throws {
        for _ in 0..<40 {
            let offset = Int(random.next() % 60_000)
            let data = randomBytes(1 + Int(random.next() % 9_000), &random)
            try file.write(at: UInt64(offset), data)
            model.write(data, at: offset)
        }
        #expect(try file.size() == UInt64(model.bytes.count))
        #expect(try file.read(at: 0, count: model.bytes.count + 100) == model.bytes)
        for _ in 0..<30 {
            let offset = Int(random.next() % UInt64(model.bytes.count + 5_000))
            let count = Int(random.next() % 12_000)
            #expect(try file.read(at: UInt64(offset), count: count) == model.read(offset, count), "read \(count) at \(offset)")
        }
        #expect(try file.read(at: UInt64(model.bytes.count), count: 10).isEmpty)
    }

    /// List I/O: several extents (out of order, one past the end) over several memory segments.
    static func checkListIO(_ file: DaosFile, model: inout Model, random: inout SplitMix64) throws {
        let extents = [FileExtent(offset: 9_000, length: 3_000), FileExtent(offset: 100, length: 50), FileExtent(offset: 5, length: 20),
                       FileExtent(offset: 70_000, length: 10_000)]
        let data = randomBytes(13_070, &random)
        let written = try data.withUnsafeBytes { raw in
            try file.write(extents, from: [UnsafeRawBufferPointer(rebasing: raw[0..<30]), UnsafeRawBufferPointer(rebasing: raw[30...])])
        }
        #expect(written == 13_070)
        var at = 0
        for extent in extents {
            model.write(data[at..<at + Int(extent.length)], at: Int(extent.offset))
            at += Int(extent.length)
        }
        var back = [UInt8](repeating: 0xEE, count: data.count)
        let moved = try back.withUnsafeMutableBytes { raw in
            try file.read(extents, into: [UnsafeMutableRawBufferPointer(rebasing: raw[0..<5_000]),
                                          UnsafeMutableRawBufferPointer(rebasing: raw[5_000...])])
        }
        #expect(moved == 13_070 && back == data)
        // Extents across and past the end of the file: the count is what lies inside.
        let end = UInt64(model.bytes.count)
        var tail = [UInt8](repeating: 0xEE, count: 25)
        let short = try tail.withUnsafeMutableBytes { raw in
            try file.read([FileExtent(offset: end - 10, length: 20), FileExtent(offset: end + 100, length: 5)], into: [raw])
        }
        #expect(short == 10 && Array(tail.prefix(10)) == model.read(Int(end) - 10, 10))
    }

    @Test func fileDataThroughContiguousAndListIO() throws {
        let system = try TestSystem(name: "dfs-data", config: Self.config(basePort: 32910))
        defer { system.tearDown() }
        try system.start()
        let (_, _, fs) = try Self.formatted(system)
        var random = SplitMix64(seed: 9)
        try fs.mkdir("/d")
        let file = try fs.open("/d/data", flags: [.readWrite, .create, .exclusive], chunkSize: 4096)
        #expect(try file.size() == 0 && file.read(at: 0, count: 10).isEmpty)
        var model = Model()
        try Self.checkRandomIO(file, model: &model, random: &random)
        try Self.checkListIO(file, model: &model, random: &random)
        let status = try fs.stat("/d/data")
        #expect(status.size == UInt64(model.bytes.count) && status.chunkSize == 4096 && status.kind == .regular)

        // Truncate: shrink, grow (the new bytes read as zeros), shrink into a hole.
        try file.truncate(to: 7_000)
        model.truncate(7_000)
        #expect(try file.size() == 7_000 && file.read(at: 0, count: 8_000) == model.bytes)
        try file.truncate(to: 30_000)
        model.truncate(30_000)
        #expect(try file.size() == 30_000 && file.read(at: 0, count: 40_000) == model.bytes)
        let sparse = try fs.open("/d/sparse", flags: [.readWrite, .create], chunkSize: 4096)
        try sparse.write(at: 10_000, Self.randomBytes(100, &random))
        try sparse.truncate(to: 5_000)
        #expect(try sparse.size() == 5_000 && sparse.read(at: 0, count: 6_000) == [UInt8](repeating: 0, count: 5_000))

        // Punch: inside the file a hole, to the end a truncate.
        try file.punch(FileExtent(offset: 1_000, length: 2_000))
        model.write([UInt8](repeating: 0, count: 2_000), at: 1_000)
        #expect(try file.size() == 30_000 && file.read(at: 0, count: 30_000) == model.bytes)
        try file.punch(FileExtent(offset: 15_000, length: 100_000))
        model.truncate(15_000)
        #expect(try file.size() == 15_000)

        // O_TRUNC empties; truncate by path; a read-only handle refuses writes.
        let again = try fs.open("/d/data", flags: [.readWrite, .truncate])
        #expect(try again.size() == 0 && fs.stat("/d/data").size == 0)
        try again.write(at: 0, Array("hello".utf8))
        try fs.truncate("/d/data", size: 2)
        #expect(try fs.open("/d/data", flags: .readOnly).read(at: 0, count: 10) == Array("he".utf8))
        #expect(Self.failure { try fs.open("/d/data", flags: .readOnly).write(at: 0, [1]) } == "EBADF")
        #expect(Self.failure { try file.write(at: UInt64(Int64.max), [1]) } == "EFBIG")
        try Self.checkLargeListIO(fs, random: &random)
        try system.stop()
    }

    /// List I/O larger than the staging limit goes segment by segment: still the same bytes.
    static func checkLargeListIO(_ fs: DaosFileSystem, random: inout SplitMix64) throws {
        let file = try fs.open("/d/large", flags: [.readWrite, .create])
        let data = randomBytes(17 << 20, &random)
        let extents = [FileExtent(offset: 3 << 20, length: 9 << 20), FileExtent(offset: 0, length: 8 << 20)]
        _ = try data.withUnsafeBytes { raw in
            try file.write(extents, from: [UnsafeRawBufferPointer(rebasing: raw[0..<(5 << 20)]),
                                           UnsafeRawBufferPointer(rebasing: raw[(5 << 20)...])])
        }
        var back = [UInt8](repeating: 0, count: 12 << 20)
        let moved = try back.withUnsafeMutableBytes { try file.read(at: 0, into: $0) }
        var model = Model()
        model.write(data[0..<(9 << 20)], at: 3 << 20)
        model.write(data[(9 << 20)...], at: 0)
        #expect(moved == 12 << 20 && back == model.bytes)
    }
}
