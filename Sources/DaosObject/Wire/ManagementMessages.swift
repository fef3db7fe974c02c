/// Engine management (opcodes 0x04xx), served by the engine's service thread. Ping and query
/// requests are empty (`EmptyMessage`).

/// `enginePing` reply: enough to tell a restarted engine from the one you knew.
///
///     0  4  rank
///     4  8  incarnation (changes on every engine start)
///     12 8  the engine's HLC epoch, so callers can merge clocks
public struct PingReply: WireMessage, Hashable {
    public var rank: UInt32
    public var incarnation: UInt64
    public var clock: Epoch

    public init(rank: UInt32, incarnation: UInt64, clock: Epoch) {
        self.rank = rank
        self.incarnation = incarnation
        self.clock = clock
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(rank)
        writer.write(incarnation)
        writer.write(clock)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        rank = try reader.read()
        incarnation = try reader.read()
        clock = try reader.readEpoch()
    }
}

/// `engineStop` request: graceful (finish in-flight RPCs, checkpoint) unless forced.
///
///     0  1  force (0/1)
public struct EngineStopRequest: WireMessage, Hashable {
    public var force: Bool
    public init(force: Bool = false) { self.force = force }
    public func encode(into writer: inout ByteWriter) { writer.write(force) }
    public init(decoding reader: inout ByteReader) throws(DecodeError) { force = try reader.readBool() }
}

/// An engine's life cycle as `dmg system query` shows it.
public enum EngineState: UInt8, Sendable, CaseIterable {
    case starting = 1, ready, stopping
}

/// `engineQuery` reply.
///
///     0   4  rank | 1 state | 3 reserved zero
///     8   4  target count | 4 RPCs in flight
///     16  8  incarnation | 8 uptime in seconds
///     32  2  provider length N (0…64) | N bytes, e.g. `tcp;ofi_rxm`
public struct EngineQueryReply: WireMessage, Hashable {
    public var rank: UInt32
    public var state: EngineState
    public var targetCount: UInt32
    public var rpcsInFlight: UInt32
    public var incarnation: UInt64
    public var uptimeSeconds: UInt64
    public var provider: String

    public init(rank: UInt32, state: EngineState, targetCount: UInt32, rpcsInFlight: UInt32,
                incarnation: UInt64, uptimeSeconds: UInt64, provider: String) {
        precondition(provider.utf8.count <= WireLimits.providerBytesMax, "provider name too long")
        self.rank = rank
        self.state = state
        self.targetCount = targetCount
        self.rpcsInFlight = rpcsInFlight
        self.incarnation = incarnation
        self.uptimeSeconds = uptimeSeconds
        self.provider = provider
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(rank)
        writer.write(state.rawValue)
        writer.writeZeros(3)
        writer.write(targetCount)
        writer.write(rpcsInFlight)
        writer.write(incarnation)
        writer.write(uptimeSeconds)
        writer.writeLengthPrefixed(provider, as: UInt16.self)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        rank = try reader.read()
        state = try reader.readEnum(EngineState.self)
        try reader.readZeros(3)
        targetCount = try reader.read()
        rpcsInFlight = try reader.read()
        incarnation = try reader.read()
        uptimeSeconds = try reader.read()
        provider = try reader.readLengthPrefixedString(UInt16.self, limit: WireLimits.providerBytesMax)
    }
}

/// `enginePoolMapUpdate` request: a pool's map as the service rank now has it.
///
///     0   16  pool UUID
///     16  4   map version
///     20  …   `PoolMapTransfer` (`viaBulk` when the map does not fit: the engine then only
///             learns the version and fetches the map when it needs it)
public struct PoolMapUpdate: WireMessage, Hashable {
    public var pool: WireUUID
    public var mapVersion: UInt32
    public var map: PoolMapTransfer

    public init(pool: WireUUID, mapVersion: UInt32, map: PoolMapTransfer) {
        self.pool = pool
        self.mapVersion = mapVersion
        self.map = map
    }

    /// Bytes before the map transfer.
    public static let otherPayloadBytes = 20

    public func encode(into writer: inout ByteWriter) {
        writer.write(pool)
        writer.write(mapVersion)
        map.encode(into: &writer)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        pool = try reader.readUUID()
        mapVersion = try reader.read()
        map = try PoolMapTransfer(decoding: &reader, version: mapVersion)
    }
}

/// `targetSpaceQuery` request, sent to a target endpoint: the containers to count.
///
///     0  2  container count C (≤ 1024) | C × 16 UUID
public struct SpaceQueryRequest: WireMessage, Hashable {
    public var containers: [WireUUID]

    public init(containers: [WireUUID]) {
        precondition(containers.count <= WireLimits.listEntriesMax, "\(containers.count) containers")
        self.containers = containers
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(UInt16(containers.count))
        for uuid in containers { writer.write(uuid) }
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        let count = try reader.readCount(UInt16.self, minimumElementSize: 16, limit: WireLimits.listEntriesMax)
        var containers: [WireUUID] = []
        containers.reserveCapacity(count)
        for _ in 0..<count { containers.append(try reader.readUUID()) }
        self.containers = containers
    }
}

/// `targetBlobReserve` request: back the first `bytes` of the target's blob (the shares of
/// every pool on its engine).
///
///     0  8  bytes
public struct BlobReserveRequest: WireMessage, Hashable {
    public var bytes: UInt64

    public init(bytes: UInt64) { self.bytes = bytes }

    public func encode(into writer: inout ByteWriter) { writer.write(bytes) }

    public init(decoding reader: inout ByteReader) throws(DecodeError) { bytes = try reader.read() }
}

/// `targetSpaceQuery` reply.
///
///     0  8  bytes used by those containers on this target | 8 target capacity in bytes
public struct SpaceQueryReply: WireMessage, Hashable {
    public var usedBytes: UInt64
    public var capacityBytes: UInt64

    public init(usedBytes: UInt64, capacityBytes: UInt64) {
        self.usedBytes = usedBytes
        self.capacityBytes = capacityBytes
    }

    public func encode(into writer: inout ByteWriter) {
        writer.write(usedBytes)
        writer.write(capacityBytes)
    }

    public init(decoding reader: inout ByteReader) throws(DecodeError) {
        usedBytes = try reader.read()
        capacityBytes = try reader.read()
    }
}
