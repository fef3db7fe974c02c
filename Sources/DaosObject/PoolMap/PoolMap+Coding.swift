/// Binary form of a pool map, as pushed to engines and fetched by clients.
///
///     offset  size  field
///     0       4     magic "DPMP" (0x504D5044, little-endian)
///     4       2     format version (1)
///     6       2     reserved, zero
///     8       4     map version
///     12      4     node count N
///     16      N×16  node: id u32 | state u8 | pad u8×3 | version u32 | engine count u32
///             E×16  engine: rank u32 | state u8 | pad u8×3 | version u32 | target count u32
///             T×8   target: state u8 | pad u8×3 | version u32
///     end-4   4     CRC-32C of every byte before it
///
/// Engines follow in node order and targets in engine order, so counts alone rebuild the tree.
extension PoolMap {
    static let magic: UInt32 = 0x504D_5044
    static let formatVersion: UInt16 = 1
    static let nodeRecordSize = 16
    static let engineRecordSize = 16
    static let targetRecordSize = 8

    public func encoded() -> [UInt8] {
        var writer = ByteWriter(capacity: 20 + nodes.count * 16 + engines.count * 16 + targets.count * 8)
        writer.write(Self.magic)
        writer.write(Self.formatVersion)
        writer.write(UInt16(0))
        writer.write(version)
        writer.write(UInt32(nodes.count))
        for node in nodes {
            writer.write(node.id)
            writer.write(node.state.rawValue)
            writer.write([0, 0, 0])
            writer.write(node.version)
            writer.write(UInt32(node.engines.count))
        }
        for engine in engines {
            writer.write(engine.rank)
            writer.write(engine.state.rawValue)
            writer.write([0, 0, 0])
            writer.write(engine.version)
            writer.write(UInt32(engine.targets.count))
        }
        for target in targets {
            writer.write(target.state.rawValue)
            writer.write([0, 0, 0])
            writer.write(target.version)
        }
        let crc = writer.bytes.withUnsafeBytes { CRC.crc32c($0) }
        writer.write(crc)
        return writer.bytes
    }

    /// Decodes and validates a map: checksum first, then every count against the bytes that
    /// remain, every state against the known values, and the tree's counts against each other.
    public init(decoding bytes: UnsafeRawBufferPointer) throws(DecodeError) {
        guard bytes.count >= 20 else { throw .truncated(offset: 0, needed: 20, available: bytes.count) }
        let body = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 4)])
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self))
        var reader = ByteReader(body)
        let magic: UInt32 = try reader.read()
        guard magic == Self.magic else { throw .badMagic(found: magic) }
        let computed = CRC.crc32c(body)
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        let format: UInt16 = try reader.read()
        guard format == Self.formatVersion else { throw .unsupportedVersion(format) }
        guard try reader.read(UInt16.self) == 0 else { throw .invalid(offset: 6, reason: "reserved field not zero") }
        let version: UInt32 = try reader.read()

        let nodeCount = try reader.readCount(UInt32.self, minimumElementSize: Self.nodeRecordSize, limit: Self.nodesMax)
        var nodes: [Node] = []
        nodes.reserveCapacity(nodeCount)
        var engineTotal = 0
        for _ in 0..<nodeCount {
            let id: UInt32 = try reader.read()
            let state = try Self.readState(&reader)
            let nodeVersion: UInt32 = try reader.read()
            let count = try reader.readCount(UInt32.self, minimumElementSize: 0, limit: Self.enginesMax)
            nodes.append(Node(id: id, state: state, version: nodeVersion, engines: engineTotal..<engineTotal + count))
            engineTotal += count
            guard engineTotal <= Self.enginesMax else { throw .invalid(offset: reader.offset, reason: "too many engines") }
        }
        guard reader.remaining >= engineTotal * Self.engineRecordSize else {
            throw .truncated(offset: reader.offset, needed: engineTotal * Self.engineRecordSize, available: reader.remaining)
        }
        var engines: [Engine] = []
        engines.reserveCapacity(engineTotal)
        var targetTotal = 0
        var ranks = Set<UInt32>()
        for nodeIndex in nodes.indices {
            for _ in nodes[nodeIndex].engines {
                let at = reader.offset
                let rank: UInt32 = try reader.read()
                guard ranks.insert(rank).inserted else { throw .invalid(offset: at, reason: "duplicate rank \(rank)") }
                let state = try Self.readState(&reader)
                let engineVersion: UInt32 = try reader.read()
                let count = try reader.readCount(UInt32.self, minimumElementSize: 0, limit: Self.targetsMax)
                engines.append(Engine(rank: rank, state: state, version: engineVersion, node: nodeIndex,
                                      targets: targetTotal..<targetTotal + count))
                targetTotal += count
                guard targetTotal <= Self.targetsMax else { throw .invalid(offset: reader.offset, reason: "too many targets") }
            }
        }
        guard reader.remaining == targetTotal * Self.targetRecordSize else {
            throw .invalid(offset: reader.offset,
                           reason: "\(reader.remaining) bytes left for \(targetTotal) targets of \(Self.targetRecordSize) bytes")
        }
        var targets: [Target] = []
        targets.reserveCapacity(targetTotal)
        for engineIndex in engines.indices {
            for _ in engines[engineIndex].targets {
                let state = try Self.readState(&reader)
                let targetVersion: UInt32 = try reader.read()
                guard targetVersion <= version else {
                    throw .invalid(offset: reader.offset - 4, reason: "target version \(targetVersion) newer than map \(version)")
                }
                targets.append(Target(state: state, version: targetVersion, engine: engineIndex))
            }
        }
        self.init(version: version, nodes: nodes, engines: engines, targets: targets)
    }

    public init(decoding bytes: [UInt8]) throws(DecodeError) {
        let result = bytes.withUnsafeBytes { raw in Result<PoolMap, DecodeError> { () throws(DecodeError) in try PoolMap(decoding: raw) } }
        self = try result.get()
    }

    private static func readState(_ reader: inout ByteReader) throws(DecodeError) -> ComponentState {
        let at = reader.offset
        let raw: UInt8 = try reader.read()
        guard let state = ComponentState(rawValue: raw) else { throw .invalid(offset: at, reason: "unknown state \(raw)") }
        guard try reader.read(UInt8.self) == 0, try reader.read(UInt16.self) == 0 else {
            throw .invalid(offset: at + 1, reason: "padding not zero")
        }
        return state
    }
}
