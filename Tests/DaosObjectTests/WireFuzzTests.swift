import DaosObject
import Testing

/// One million random and mutated frames through `Frame.decode` and `Frame.message()`. A trap
/// anywhere fails the whole test run; the counts show every layer of the decoder was reached.
@Suite struct WireFuzzTests {
    static let iterations = 1_000_000

    /// A valid frame of every opcode's request, reply and error reply, plus the variants.
    static func seeds() throws -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        for opcode in Opcode.allCases {
            let header = FrameHeader(opcode: opcode, rpcID: RPCID(UInt64(opcode.rawValue)), epoch: .latest)
            if let request = WireSamples.request(opcode) { seeds.append(try Frame.encoded(header: header, message: request)) }
            let status: WireStatus = opcode == .protocolError ? .protocolError : .success
            seeds.append(try Frame.encoded(header: header.reply(status: status, mapVersion: 3), message: WireSamples.reply(opcode)))
            seeds.append(try Frame.encoded(header: header.reply(status: .busy, mapVersion: 3), message: WireSamples.error))
        }
        let header = FrameHeader(opcode: .objectUpdate, rpcID: RPCID(1))
        seeds.append(try Frame.encoded(header: header, message: WireSamples.updateBulk))
        seeds.append(try Frame.encoded(header: header, message: WireSamples.updatePunching))
        let fetch = FrameHeader(opcode: .objectFetch, rpcID: RPCID(3))
        seeds.append(try Frame.encoded(header: fetch, message: WireSamples.fetchLocated))
        seeds.append(try Frame.encoded(header: fetch.reply(status: .success, mapVersion: 1), message: WireSamples.locatedReply))
        let batch = FrameHeader(opcode: .objectFetchBatch, rpcID: RPCID(4))
        seeds.append(try Frame.encoded(header: batch, message: ObjectFetchBatchRequest([WireSamples.fetch, WireSamples.fetchLocated])))
        seeds.append(try Frame.encoded(header: batch.reply(status: .success, mapVersion: 1), message: WireSamples.fetchBatchReply))
        let updates = FrameHeader(opcode: .objectUpdateBatch, rpcID: RPCID(5))
        seeds.append(try Frame.encoded(header: updates, message: WireSamples.updateBatch))
        seeds.append(try Frame.encoded(header: updates.reply(status: .success, mapVersion: 1), message: WireSamples.updateBatchReply))
        let connect = FrameHeader(opcode: .poolConnect, rpcID: RPCID(2)).reply(status: .success, mapVersion: 1)
        seeds.append(try Frame.encoded(header: connect, message: WireSamples.poolConnectReply))
        return seeds
    }

    struct Tally {
        var tried = 0
        var accepted = 0
        var rejected: [WireError.Layer: Int] = [:]
        var resealed = 0
    }

    @Test func oneMillionFramesNeverTrap() throws {
        let seeds = try Self.seeds()
        var random = SplitMix64(seed: 0x5EED_DA05)
        var tally = Tally()
        var frame: [UInt8] = []
        frame.reserveCapacity(WireLimits.frameBytesMax + 64)
        let clock = ContinuousClock()
        let started = clock.now
        for _ in 0..<Self.iterations {
            Self.makeFrame(into: &frame, seeds: seeds, random: &random)
            if frame.count >= 64, random.below(2) == 0 {
                Self.reseal(&frame)
                tally.resealed += 1
            }
            tally.tried += 1
            switch decodeFrame(frame) {
            case .success: tally.accepted += 1
            case .failure(let error): tally.rejected[error.layer, default: 0] += 1
            }
        }
        let elapsed = clock.now - started
        let decodeLayers: [WireError.Layer] = [.header, .checksum, .semantics, .payload]
        let layers = decodeLayers.map { "\($0.rawValue) \(tally.rejected[$0, default: 0])" }
        print("wire fuzz: \(tally.tried) frames (\(tally.resealed) re-sealed) in \(elapsed): accepted \(tally.accepted); rejected at "
              + layers.joined(separator: ", "))
        #expect(tally.tried == Self.iterations)
        #expect(tally.accepted + tally.rejected.values.reduce(0, +) == tally.tried)
        for layer in decodeLayers {
            #expect(tally.rejected[layer, default: 0] > 0, "no frame reached the \(layer) layer")
        }
        #expect(tally.accepted > 0)
    }

    /// Accepted frames re-encode to the very bytes they came from: one meaning, one encoding.
    @Test func acceptedMutantsAreCanonical() throws {
        let seeds = try Self.seeds()
        var random = SplitMix64(seed: 0xCA70_0001)
        var frame: [UInt8] = []
        var checked = 0
        for _ in 0..<20_000 {
            Self.makeFrame(into: &frame, seeds: seeds, random: &random)
            guard frame.count >= 64 else { continue }
            Self.reseal(&frame)
            frame.withUnsafeBytes { raw in
                guard let decoded = try? Frame.decode(raw), let message = try? decoded.message() else { return }
                checked += 1
                #expect(message.encoded() == Array(decoded.payload), "\(decoded.header.opcode) re-encodes differently")
            }
        }
        #expect(checked > 100)
    }

    static func makeFrame(into frame: inout [UInt8], seeds: [[UInt8]], random: inout SplitMix64) {
        frame.removeAll(keepingCapacity: true)
        let kind = random.below(16)
        if kind == 0 {  // noise, half of it behind a valid magic and version
            let count = random.below(160)
            for _ in 0..<count { frame.append(UInt8(truncatingIfNeeded: random.next())) }
            if count >= 6, random.below(2) == 0 { frame.replaceSubrange(0..<6, with: [0x44, 0x41, 0x4F, 0x53, 1, 0]) }
            return
        }
        frame.append(contentsOf: seeds[random.below(seeds.count)])
        let mutations = 1 + random.below(3)
        for _ in 0..<mutations { mutate(&frame, random: &random) }
    }

    static func mutate(_ frame: inout [UInt8], random: inout SplitMix64) {
        guard !frame.isEmpty else { return }
        switch random.below(6) {
        case 0:  // flip a bit
            frame[random.below(frame.count)] ^= 1 << UInt8(random.below(8))
        case 1:  // truncate
            frame.removeLast(1 + random.below(min(frame.count, 24)))
        case 2:  // extend
            for _ in 0..<(1 + random.below(16)) { frame.append(UInt8(truncatingIfNeeded: random.next())) }
        case 3, 4:  // a length or count (in the payload, mostly) becomes huge or edgy
            let values: [UInt64] = [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x4000, 0x4001, 0x7FFF_FFFF, 0xFFFF_FFFF, .max, random.next()]
            let value = values[random.below(values.count)]
            let width = [1, 2, 4, 8][random.below(4)]
            let low = frame.count > 64 && random.below(4) != 0 ? 64 : 0
            guard frame.count - low >= width else { return }
            let offset = low + random.below(frame.count - low - width + 1)
            for index in 0..<width { frame[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        default:  // a random byte
            frame[random.below(frame.count)] = UInt8(truncatingIfNeeded: random.next())
        }
    }

    /// Makes the length field and CRC agree with the mutated bytes, so the decoder gets past
    /// the header and the checksum and the payload decoders see the mutation.
    static func reseal(_ frame: inout [UInt8]) {
        let payloadLength = UInt32(min(frame.count - 64, Int(UInt32.max)))
        withUnsafeBytes(of: payloadLength.littleEndian) { frame.replaceSubrange(12..<16, with: $0) }
        let crc = frame.withUnsafeBytes { raw in
            CRC.crc32c(UnsafeRawBufferPointer(rebasing: raw[64...]), seed: CRC.crc32c(UnsafeRawBufferPointer(rebasing: raw[..<60])))
        }
        withUnsafeBytes(of: crc.littleEndian) { frame.replaceSubrange(60..<64, with: $0) }
    }
}
