import DaosObject
import Testing

/// Representative values of every message type, shared by the golden, frame and fuzz tests.
enum WireSamples {
    static let uuid1 = WireUUID("01234567-89ab-cdef-0123-456789abcdef")!
    static let uuid2 = WireUUID("fedcba98-7654-3210-fedc-ba9876543210")!
    static let oid = ObjectID(hi: 0x0100_0002_0000_0003, lo: 0x10)
    static let map = PoolMap(shape: [[2], [1]])

    static let noop = NoopMessage(bytes: [0xAA, 0xBB])
    static let error = ErrorReply(detail: "no", leaderHint: 2)
    static let protocolError = ProtocolErrorReply(offendingOpcode: 0x0999, detail: "bad")
    static let epoch = EpochReply(epoch: Epoch(0x0102_0304_0506_0708))
    static let listPage = ListPageRequest(countMax: 16, anchor: ListAnchor(bytes: [7]))
    static let poolCreate = PoolCreateRequest(
        label: "tank", sizeBytes: 1 << 32, rankCount: 0,
        properties: [.redundancyFactor(1), .ecCellSizeBytes(131_072)])
    static let poolCreateReply = PoolCreateReply(
        uuid: uuid1, serviceRanks: [0], storageRanks: [0, 1], totalBytes: 1 << 32)
    static let poolDestroy = PoolDestroyRequest(name: "tank", force: true)
    static let poolList = PoolListReply(pools: [
        PoolSummary(uuid: uuid1, label: "tank", totalBytes: 0x1000, freeBytes: 0x800, targetsTotal: 12, targetsDisabled: 1),
    ])
    static let poolConnect = PoolConnectRequest(name: "tank", access: .readWrite, handleUUID: uuid2)
    static let poolConnectReply = PoolConnectReply(
        handle: HandleCookie(0x42), poolUUID: uuid1, mapVersion: 1, map: .viaBulk(byteCount: 20_000))
    static let poolConnectInline = PoolConnectReply(
        handle: HandleCookie(0x42), poolUUID: uuid1, mapVersion: 1, map: .inline(map))
    static let poolQuery = PoolQueryRequest(name: "tank")
    static let poolQueryReply = PoolQueryReply(
        uuid: uuid1, label: "tank", mapVersion: 3, leaderRank: 0, targetsTotal: 12, targetsDisabled: 0,
        handlesOpen: 1, tiers: [TierSpace(totalBytes: 0x1000, freeBytes: 0x800, freeMaxBytes: 0x100, freeMinBytes: 0x80)])
    static let mapFetch = PoolMapFetchRequest(
        knownVersion: 2, bulk: BulkDescriptor(address: 0x1000, length: 0x4000, rkey: 0x99))
    static let mapFetchReply = PoolMapFetchReply(mapVersion: 5, map: .viaBulk(byteCount: 20_000))
    static let poolTargets = PoolTargetsRequest(name: "tank", rank: 2, targetIndices: [1, 3])
    static let poolTargetsReply = PoolTargetsReply(mapVersion: 7)
    static let containerCreate = ContainerCreateRequest(
        label: "c1", type: .posix,
        properties: [.redundancyFactor(1), .checksum(.crc32),
                     .fileObjectClass(ObjectClass(redundancy: .ec2P1, groups: .max)), .chunkSizeBytes(1 << 20)])
    static let containerCreateReply = ContainerCreateReply(uuid: uuid1)
    static let containerOpen = ContainerOpenRequest(name: "c1", access: .readOnly)
    static let containerOpenReply = ContainerOpenReply(
        handle: HandleCookie(0x43), uuid: uuid2, type: .hdf5, properties: [.label("c1")])
    static let containerDestroy = ContainerDestroyRequest(name: "c1", force: false)
    static let containerList = ContainerListReply(
        containers: [ContainerSummary(uuid: uuid2, label: "c1")], next: ListAnchor(bytes: [1, 2]))
    static let containerQueryReply = ContainerQueryReply(
        uuid: uuid2, poolUUID: uuid1, label: "c1", type: .posix, snapshotCount: 1, latestSnapshot: Epoch(0x100),
        handlesOpen: 2, nextObjectID: 0x20)
    static let getProperties = ContainerGetPropertiesRequest(tags: [.redundancyFactor, .checksum])
    static let properties = ContainerPropertiesMessage(properties: [.ecCellSizeBytes(131_072), .owner("alice@")])
    static let snapshotCreate = SnapshotCreateRequest(name: "s1")
    static let snapshotList = SnapshotListReply(snapshots: [SnapshotEntry(epoch: Epoch(0x100))])
    static let snapshotDestroy = SnapshotDestroyRequest(first: Epoch(1), last: Epoch(2))
    static let oidAllocate = ObjectIDAllocateRequest(count: 64)
    static let oidAllocateReply = ObjectIDAllocateReply(first: 0x1000)
    static let update = ObjectUpdateRequest(
        oid: oid, shard: 1, condition: .dkeyInsert, dkey: .uint64(7),
        iods: [IODescriptor(akey: .lexical("a"), value: .single(sizeBytes: 3)),
               IODescriptor(akey: .bytes([0x62]), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: 2)]))],
        data: .inline([1, 2, 3, 4, 5]))
    static let updateBulk = ObjectUpdateRequest(
        oid: oid, shard: 0, dkey: .uint64(0),
        iods: [IODescriptor(akey: .uint64(0), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: 1 << 20)]))],
        data: .bulk(BulkDescriptor(address: 0x7F_0000, length: 1 << 20, rkey: 5)))
    /// A parity member's update that also punches the partial copies its stripe replaces.
    static let updatePunching = ObjectUpdateRequest(
        oid: oid, shard: 2, dkey: .uint64(3),
        iods: [IODescriptor(akey: .uint64(0), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 1 << 63, count: 2)]))],
        data: .inline([0x0A, 0x0B]),
        punchedRecords: [.init(akey: .uint64(0), extents: [WireExtent(start: 0, count: 8)])])
    static let fetch = ObjectFetchRequest(
        oid: oid, shard: 0, dkey: .lexical("d"),
        iods: [IODescriptor(akey: .uint64(1), value: .array(recordSizeBytes: 4096, extents: [WireExtent(start: 0x10, count: 0x100)]))],
        bulk: BulkDescriptor(address: 0x2000, length: 0x10_0000, rkey: 0xAB,
                             segments: [.init(offset: 0, length: 0x8_0000), .init(offset: 0x8_0000, length: 0x8_0000)]))
    static let fetchLocated = ObjectFetchRequest(
        oid: oid, shard: 0, dkey: .uint64(1),
        iods: [IODescriptor(akey: .uint64(1), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: 0x10)]))],
        bulk: BulkDescriptor(address: 0x2000, length: 0x10, rkey: 1), acceptsLocated: true)
    static let locatedReply = ObjectFetchReply(
        values: [FetchedValue(sizeBytes: 1, holes: [WireExtent(start: 8, count: 8)])],
        data: .located(LocatedData(directory: Array("/t".utf8), device: 0x801, inode: 12, generation: 3,
                                   spans: [.init(blobOffset: 0x1000, byteCount: 8), .init(blobOffset: LocatedData.holeOffset, byteCount: 8)])))
    static let fetchReply = ObjectFetchReply(
        values: [FetchedValue(sizeBytes: 3), FetchedValue(sizeBytes: 1, holes: [WireExtent(start: 1, count: 1)])],
        data: .inline([9, 8, 7, 6, 0]))
    static let fetchBatch = ObjectFetchBatchRequest([fetchLocated])
    static let updateBatch = ObjectUpdateBatchRequest([updateBulk, updateBulk])
    static let updateBulkHex = "1000000000000000030000000200000100000000000000000100000000000000000100010000000000000000020100000001000000000000000000000000001000000000000200007f0000000000000010000000000005000000000000000000000000000000000000000000000000000000"
    static let updateBatchReply = ObjectUpdateBatchReply(entries: [.answered(EpochReply(epoch: Epoch(7)), epoch: Epoch(7)), .refused(.noSpace, detail: "x")])
    static let fetchBatchReply = ObjectFetchBatchReply(entries: [.answered(locatedReply, epoch: Epoch(5)), .refused(.canceled, detail: "")])
    static let punch = ObjectPunchRequest(oid: oid, shard: 2, scope: .akeys(dkey: .uint64(1), akeys: [.lexical("x")]))
    static let dkeyList = DkeyListRequest(oid: oid, shard: 0, countMax: 100)
    static let akeyList = AkeyListRequest(oid: oid, shard: 0, dkey: .bytes([0x64, 0x6B]), countMax: 10, anchor: ListAnchor(bytes: [0xFF]))
    static let extentList = ExtentListRequest(oid: oid, shard: 0, dkey: .uint64(0), akey: .uint64(1), countMax: 5)
    static let keyList = KeyListReply(keys: [.uint64(3), .lexical("k")], next: ListAnchor(bytes: [3]))
    static let extentListReply = ExtentListReply(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: 10)])
    static let queryMax = ObjectQueryMaxRequest(oid: oid, shard: 0, query: .maxDkeyThenExtent(akey: .uint64(0)))
    static let queryMaxReply = ObjectQueryMaxReply(dkey: .uint64(9), extent: WireExtent(start: 0, count: 4096))
    static let mapUpdate = PoolMapUpdate(pool: WireUUID(bytes: Array(0..<16)), mapVersion: 5, map: .viaBulk(byteCount: 20_000))
    static let spaceQuery = SpaceQueryRequest(containers: [WireUUID(bytes: Array(0..<16))])
    static let blobReserve = BlobReserveRequest(bytes: 0x0102_0304_0506_0708)
    static let placementReserve = PlacementReserveRequest(localKey: 0x2122_2324_2526_2728, lengths: [0x10000, 0x20000])
    static let placementReply = PlacementReserveReply(directory: Array("/t".utf8), device: 0x801, inode: 12,
                                                      reservations: [.init(token: 0x55, blobOffset: 0x1000)])
    static let localBulkProof = LocalBulkProof(pid: 0x0102_0304, address: 0x1112_1314_1516_1718, key: 0x2122_2324_2526_2728)
    static let spaceReply = SpaceQueryReply(usedBytes: 0x1000, capacityBytes: 0x4000_0000)
    static let ping = PingReply(rank: 1, incarnation: 0x55, clock: Epoch(0x1000))
    static let stop = EngineStopRequest(force: false)
    static let engineQuery = EngineQueryReply(
        rank: 2, state: .ready, targetCount: 4, rpcsInFlight: 0, incarnation: 1, uptimeSeconds: 60, provider: "tcp")

    static let oidHex = "1000000000000000 0300000002000001"
    static let uuid1Hex = "0123456789abcdef0123456789abcdef"
    static let uuid2Hex = "fedcba9876543210fedcba9876543210"

    /// Hand-written expected bytes, field by field, for one value of every message type.
    static let goldens: [(name: String, message: any WireMessage, hex: String)] = [
        ("EmptyMessage", EmptyMessage(), ""),
        ("NoopMessage", noop, "02000000 aabb"),
        ("ErrorReply", error, "02000000 0200 6e6f"),
        ("ProtocolErrorReply", protocolError, "9909 0300 626164"),
        ("EpochReply", epoch, "0807060504030201"),
        ("PlacementReserveRequest", placementReserve, "2827262524232221 0200 0000010000000000 0000020000000000"),
        ("PlacementReserveReply", placementReply,
         "0200 2f74  0108000000000000 0c00000000000000  0100 5500000000000000 0010000000000000"),
        ("ListPageRequest", listPage, "10000000 01 07"),
        ("PoolCreateRequest", poolCreate,
         "0400 74616e6b  0000000001000000  00000000  0200  0200 01  0300 00000200"),
        ("PoolCreateReply", poolCreateReply,
         uuid1Hex + "0100 00000000  0200 00000000 01000000  0000000001000000"),
        ("PoolDestroyRequest", poolDestroy, "0400 74616e6b 01"),
        ("PoolListReply", poolList,
         "0100" + uuid1Hex + "0400 74616e6b 0010000000000000 0008000000000000 0c000000 01000000  00"),
        ("PoolConnectRequest", poolConnect, "0400 74616e6b 02" + uuid2Hex),
        ("PoolConnectReply", poolConnectReply, "4200000000000000" + uuid1Hex + "01000000  02 204e0000"),
        ("PoolQueryRequest", poolQuery, "0400 74616e6b"),
        ("PoolQueryReply", poolQueryReply,
         uuid1Hex + "0400 74616e6b  03000000 00000000 0c000000 00000000 01000000"
            + "01 0010000000000000 0008000000000000 0001000000000000 8000000000000000"
            + "00 00000000 0000000000000000 0000000000000000"),
        ("PoolMapFetchRequest", mapFetch,
         "02000000 01  0010000000000000 0040000000000000 9900000000000000 0000000000000000 0000000000000000 0000 0000"),
        ("PoolMapFetchReply", mapFetchReply, "05000000 02 204e0000"),
        ("PoolTargetsRequest", poolTargets, "0400 74616e6b 02000000 0200 01000000 03000000"),
        ("PoolTargetsReply", poolTargetsReply, "07000000"),
        ("ContainerCreateRequest", containerCreate,
         "0200 6331  01  0400  0300 01  0400 02  0600 ffff0020  0800 0000100000000000"),
        ("ContainerCreateReply", containerCreateReply, uuid1Hex),
        ("ContainerOpenRequest", containerOpen, "0200 6331 01"),
        ("ContainerOpenReply", containerOpenReply, "4300000000000000" + uuid2Hex + "02  0100 0100 0200 6331"),
        ("ContainerDestroyRequest", containerDestroy, "0200 6331 00"),
        ("ContainerListReply", containerList, "0100" + uuid2Hex + "0200 6331  01 02 0102"),
        ("ContainerQueryReply", containerQueryReply,
         uuid2Hex + uuid1Hex + "0200 6331 01 01000000 0001000000000000 02000000 2000000000000000"),
        ("ContainerGetPropertiesRequest", getProperties, "0200 0300 0400"),
        ("ContainerPropertiesMessage", properties, "0200  0500 00000200  0900 0600 616c69636540"),
        ("SnapshotCreateRequest", snapshotCreate, "0200 7331"),
        ("SnapshotListReply", snapshotList, "0100 0001000000000000 0000  00"),
        ("SnapshotDestroyRequest", snapshotDestroy, "0100000000000000 0200000000000000"),
        ("ObjectIDAllocateRequest", oidAllocate, "4000000000000000"),
        ("ObjectIDAllocateReply", oidAllocateReply, "0010000000000000"),
        ("ObjectUpdateRequest", update,
         oidHex + "01000000 01 000000  01 0700000000000000  0200"
            + "02 0100 61  01 0300000000000000"
            + "03 0100 62  02 01000000 01000000 0000000000000000 0200000000000000"
            + "01 05000000 0102030405"),
        ("ObjectUpdateRequest", updatePunching,
         oidHex + "02000000 00 01 0000  01 0300000000000000  0100"
            + "01 0000000000000000  02 01000000 01000000 0000000000000080 0200000000000000"
            + "01 02000000 0a0b"
            + "0100  01 0000000000000000  01000000 0000000000000000 0800000000000000"),
        ("ObjectFetchRequest", fetch,
         oidHex + "00000000  02 0100 64  0100  01 0100000000000000  02 00100000 01000000"
            + "1000000000000000 0001000000000000"
            + "01  0020000000000000 0000100000000000 ab00000000000000 0000000000000000 0000000000000000 0200 0000"
            + "0000000000000000 0000080000000000  0000080000000000 0000080000000000"),
        ("ObjectFetchRequest", fetchLocated,
         oidHex + "00000000  01 0100000000000000  0100  01 0100000000000000  02 01000000 01000000"
            + "0000000000000000 1000000000000000"
            + "02  0020000000000000 1000000000000000 0100000000000000 0000000000000000 0000000000000000 0000 0000"),
        ("ObjectFetchReply", locatedReply,
         "0100  0100000000000000 01000000 0800000000000000 0800000000000000"
            + "03 0200 2f74  0108000000000000 0c00000000000000 0300000000000000"
            + "0200 0010000000000000 0800000000000000  ffffffffffffffff 0800000000000000"),
        ("ObjectFetchReply", fetchReply,
         "0200  0300000000000000 00000000  0100000000000000 01000000 0100000000000000 0100000000000000"
            + "01 05000000 0908070600"),
        ("ObjectBatchRequest<ObjectFetchRequest>", fetchBatch,
         "0100" + oidHex + "00000000  01 0100000000000000  0100  01 0100000000000000  02 01000000 01000000"
            + "0000000000000000 1000000000000000"
            + "02  0020000000000000 1000000000000000 0100000000000000 0000000000000000 0000000000000000 0000 0000"),
        ("ObjectBatchReply<ObjectFetchReply>", fetchBatchReply,
         "0200  00000000 0500000000000000"
            + "0100  0100000000000000 01000000 0800000000000000 0800000000000000"
            + "03 0200 2f74  0108000000000000 0c00000000000000 0300000000000000"
            + "0200 0010000000000000 0800000000000000  ffffffffffffffff 0800000000000000"
            + "fa030000 0000000000000000 0000"),
        ("ObjectBatchRequest<ObjectUpdateRequest>", updateBatch, "0200" + updateBulkHex + updateBulkHex),
        ("ObjectBatchReply<EpochReply>", updateBatchReply,
         "0200  00000000 0700000000000000 0700000000000000  ef030000 0000000000000000 0100 78"),
        ("ObjectPunchRequest", punch, oidHex + "02000000  03  01 0100000000000000  01000000 02 0100 78"),
        ("DkeyListRequest", dkeyList, oidHex + "00000000 64000000 00"),
        ("AkeyListRequest", akeyList, oidHex + "00000000 03 0200 646b 0a000000 01 ff"),
        ("ExtentListRequest", extentList,
         oidHex + "00000000 01 0000000000000000 01 0100000000000000 05000000 00"),
        ("KeyListReply", keyList, "02000000 01 0300000000000000 02 0100 6b  01 01 03"),
        ("ExtentListReply", extentListReply, "01000000 01000000 0000000000000000 0a00000000000000 00"),
        ("ObjectQueryMaxRequest", queryMax, oidHex + "00000000 03 01 0000000000000000"),
        ("ObjectQueryMaxReply", queryMaxReply, "01 01 0900000000000000 01 0000000000000000 0010000000000000"),
        ("PoolMapUpdate", mapUpdate, "000102030405060708090a0b0c0d0e0f 05000000 02 204e0000"),
        ("SpaceQueryRequest", spaceQuery, "0100 000102030405060708090a0b0c0d0e0f"),
        ("BlobReserveRequest", blobReserve, "0807060504030201"),
        ("LocalBulkProof", localBulkProof, "0403020100000000 1817161514131211 2827262524232221"),
        ("SpaceQueryReply", spaceReply, "0010000000000000 0000004000000000"),
        ("PingReply", ping, "01000000 5500000000000000 0010000000000000"),
        ("EngineStopRequest", stop, "00"),
        ("EngineQueryReply", engineQuery,
         "02000000 02 000000 04000000 00000000 0100000000000000 3c00000000000000 0300 746370"),
    ]

    static func request(_ opcode: Opcode) -> (any WireMessage)? {
        switch opcode {
        case .noop: noop
        case .localBulkProof: localBulkProof
        case .protocolError: nil
        case .poolCreate: poolCreate
        case .poolDestroy: poolDestroy
        case .poolList, .containerList, .snapshotList: listPage
        case .poolConnect: poolConnect
        case .poolDisconnect, .containerClose, .containerQuery, .enginePing, .engineQuery: EmptyMessage()
        case .poolQuery: poolQuery
        case .poolMapFetch: mapFetch
        case .poolExclude, .poolReintegrate, .poolDrain: poolTargets
        case .containerCreate: containerCreate
        case .containerOpen: containerOpen
        case .containerDestroy: containerDestroy
        case .containerGetProperties: getProperties
        case .containerSetProperties: properties
        case .snapshotCreate: snapshotCreate
        case .snapshotDestroy: snapshotDestroy
        case .objectIDAllocate: oidAllocate
        case .objectUpdate: update
        case .objectFetch: fetch
        case .objectFetchBatch: fetchBatch
        case .objectUpdateBatch: updateBatch
        case .objectPunch: punch
        case .dkeyList: dkeyList
        case .akeyList: akeyList
        case .extentList: extentList
        case .objectQueryMax: queryMax
        case .engineStop: stop
        case .enginePoolMapUpdate: mapUpdate
        case .targetSpaceQuery, .targetContainerDestroy: spaceQuery
        case .targetBlobReserve: blobReserve
        case .placementReserve: placementReserve
        }
    }

    static func reply(_ opcode: Opcode) -> any WireMessage {
        switch opcode {
        case .noop: noop
        case .localBulkProof: EmptyMessage()
        case .protocolError: protocolError
        case .poolCreate: poolCreateReply
        case .poolDestroy, .poolDisconnect, .containerClose, .containerDestroy, .containerSetProperties,
             .snapshotDestroy, .engineStop, .enginePoolMapUpdate, .targetContainerDestroy,
             .targetBlobReserve: EmptyMessage()
        case .targetSpaceQuery: spaceReply
        case .poolList: poolList
        case .poolConnect: poolConnectInline
        case .poolQuery: poolQueryReply
        case .poolMapFetch: mapFetchReply
        case .poolExclude, .poolReintegrate, .poolDrain: poolTargetsReply
        case .containerCreate: containerCreateReply
        case .containerOpen: containerOpenReply
        case .containerList: containerList
        case .containerQuery: containerQueryReply
        case .containerGetProperties: properties
        case .snapshotCreate, .objectUpdate, .objectPunch: epoch
        case .snapshotList: snapshotList
        case .objectIDAllocate: oidAllocateReply
        case .objectFetch: fetchReply
        case .objectFetchBatch: fetchBatchReply
        case .objectUpdateBatch: updateBatchReply
        case .placementReserve: placementReply
        case .dkeyList, .akeyList: keyList
        case .extentList: extentListReply
        case .objectQueryMax: queryMaxReply
        case .enginePing: ping
        case .engineQuery: engineQuery
        }
    }
}

/// Bytes from a hex string; spaces are for the reader.
func wireHex(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8.filter { $0 != UInt8(ascii: " ") })
    precondition(digits.count % 2 == 0, "odd hex string")
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
}

func wireHexString(_ bytes: [UInt8]) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

@Suite struct WireMessageGoldenTests {
    @Test func everyMessageTypeHasAGolden() {
        let covered = Set(WireSamples.goldens.map(\.name))
        var expected = Set<String>()
        for opcode in Opcode.allCases {
            if let type = opcode.requestType { expected.insert(String(describing: type)) }
            expected.insert(String(describing: opcode.replyType))
        }
        expected.insert("ErrorReply")
        #expect(expected.subtracting(covered).isEmpty, "no golden for \(expected.subtracting(covered).sorted())")
    }

    @Test(arguments: WireSamples.goldens.indices)
    func goldenBytes(index: Int) throws {
        let golden = WireSamples.goldens[index]
        try Self.check(golden.message, hex: golden.hex, name: golden.name)
    }

    private static func check<M: WireMessage>(_ message: M, hex: String, name: String) throws {
        let expected = wireHex(hex)
        #expect(String(describing: M.self) == name)
        #expect(wireHexString(message.encoded()) == wireHexString(expected), "\(name) bytes changed")
        #expect(try M(payload: expected) == message, "\(name) does not decode to its value")
        if !expected.isEmpty {
            #expect(throws: DecodeError.self) { try M(payload: expected + [0]) }  // trailing byte
            #expect(throws: DecodeError.self) { try M(payload: Array(expected.dropLast())) }
        }
    }

    /// Placed update data (kind 3): the token and byte count in place of a window; the count
    /// must match the descriptors, and a batch may carry placed members (its bulk flag then
    /// says whether any member moves bulk).
    @Test func placedUpdateData() throws {
        let iods = [IODescriptor(akey: .uint64(1), value: .array(recordSizeBytes: 1, extents: [WireExtent(start: 0, count: 0x10000)]))]
        let placed = ObjectUpdateRequest(oid: WireSamples.oid, shard: 3, dkey: .uint64(0), iods: iods,
                                         data: .placed(token: 0x55, byteCount: 0x10000))
        let inline = ObjectUpdateRequest(oid: WireSamples.oid, shard: 3, dkey: .uint64(0), iods: iods,
                                         data: .inline([UInt8](repeating: 0, count: 0x10000))).encoded()
        let bytes = placed.encoded()
        #expect(bytes.count == placed.encodedByteCount)
        #expect(Array(bytes.dropLast(17)) == Array(inline.prefix(bytes.count - 17)), "the same fields up to the data kind")
        #expect(wireHexString(Array(bytes.suffix(17))) == "03" + "5500000000000000" + "0000010000000000")
        #expect(try ObjectUpdateRequest(payload: bytes) == placed)
        var wrongCount = bytes
        wrongCount[bytes.count - 8] = 1
        #expect((try? ObjectUpdateRequest(payload: wrongCount)) == nil, "a byte count the descriptors do not describe")
        let allPlaced = ObjectUpdateBatchRequest([placed, placed])
        #expect(allPlaced.bulkDescriptor == nil)
        #expect(try ObjectUpdateBatchRequest(payload: allPlaced.encoded()) == allPlaced)
        let mixed = ObjectUpdateBatchRequest([placed, WireSamples.updateBulk])
        #expect(mixed.bulkDescriptor == WireSamples.updateBulk.bulkDescriptor)
        #expect(try ObjectUpdateBatchRequest(payload: mixed.encoded()) == mixed)
        #expect((try? PlacementReserveRequest(payload: wireHex("0000000000000000 0000"))) == nil, "no lengths")
        #expect((try? PlacementReserveRequest(payload: wireHex("0000000000000000 0100 0000000000000000"))) == nil, "an empty reservation")
        #expect((try? PlacementReserveReply(payload: wireHex("0200 2f74 0000000000000000 0000000000000000 0000"))) == nil, "no reservations")
        #expect((try? PlacementReserveReply(payload: wireHex("0200 2f00 0000000000000000 0000000000000000 0100"
                                                              + "0100000000000000 0000000000000000"))) == nil, "a NUL in the directory")
    }

    /// The inline pool map is spliced from `PoolMap.encoded()`, whose own bytes PoolMapTests pin.
    @Test func inlinePoolMapGolden() throws {
        let mapBytes = WireSamples.map.encoded()
        let expected = wireHex("4200000000000000" + WireSamples.uuid1Hex + "01000000 01")
            + withUnsafeBytes(of: UInt32(mapBytes.count).littleEndian, Array.init) + mapBytes
        #expect(WireSamples.poolConnectInline.encoded() == expected)
        #expect(try PoolConnectReply(payload: expected) == WireSamples.poolConnectInline)
    }

    /// A fetch batch holds 1…64 bulk fetches; replies know their own size (the engine budgets
    /// a batch reply by it).
    @Test func fetchBatchLimitsAndSizes() throws {
        func decodes(_ hex: String) -> Bool { (try? ObjectFetchBatchRequest(payload: wireHex(hex))) != nil }
        let one = Array(WireSamples.fetchLocated.encoded())
        #expect(try ObjectFetchBatchRequest(payload: [1, 0] + one) == WireSamples.fetchBatch)
        #expect((try? ObjectFetchBatchRequest(payload: [0, 0])) == nil, "an empty batch")
        let full = [64, 0] + Array((0..<64).map { _ in one }.joined())
        #expect(try ObjectFetchBatchRequest(payload: full).members.count == 64)
        let over = [65, 0] + Array((0..<65).map { _ in one }.joined())
        #expect((try? ObjectFetchBatchRequest(payload: over)) == nil, "65 fetches")
        let inline = ObjectFetchRequest(oid: WireSamples.oid, shard: 0, dkey: .uint64(1),
                                        iods: [IODescriptor(akey: .uint64(1), value: .single(sizeBytes: 4))])
        #expect((try? ObjectFetchBatchRequest(payload: [1, 0] + inline.encoded())) == nil, "a batched fetch without a window")
        #expect(!decodes("0100"))
        // Update batches: whole bulk updates back to back; an inline update may not ride along.
        #expect(WireSamples.updateBatch.encoded() == [2, 0] + WireSamples.updateBulk.encoded() + WireSamples.updateBulk.encoded())
        #expect(try ObjectUpdateBatchRequest(payload: WireSamples.updateBatch.encoded()) == WireSamples.updateBatch)
        #expect((try? ObjectUpdateBatchRequest(payload: [1, 0] + WireSamples.update.encoded())) == nil, "an inline update in a batch")
        #expect(WireSamples.updateBatchReply.entries.reduce(2) { $0 + $1.encodedByteCount } == WireSamples.updateBatchReply.encoded().count)
        let replies: [ObjectFetchReply] = [
            WireSamples.locatedReply, WireSamples.fetchReply,
            ObjectFetchReply(values: [FetchedValue(sizeBytes: 1, holes: [WireExtent(start: 0, count: 1), WireExtent(start: 4, count: 2)])],
                             data: .pushed(byteCount: 9)),
        ]
        for reply in replies { #expect(reply.encodedByteCount == reply.encoded().count) }
        // Requests know their size too (a client fills batch frames by it): every key kind,
        // inline and bulk data, windows with and without segments.
        let requests: [any SizedWireMessage] = [
            WireSamples.fetch, WireSamples.fetchLocated, WireSamples.update, WireSamples.updateBulk,
            ObjectFetchRequest(oid: WireSamples.oid, shard: 1, dkey: .bytes([1, 2, 3]),
                               iods: [IODescriptor(akey: .lexical("abc"), value: .single(sizeBytes: 9))]),
        ]
        for request in requests { #expect(request.encodedByteCount == request.encoded().count, "\(request)") }
        let entries: [ObjectFetchBatchReply.Entry] = replies.map { .answered($0, epoch: Epoch(3)) }
            + [.refusal(.staleMap, String(repeating: "é", count: 300)), .refused(.canceled, detail: "")]
        let batch = ObjectFetchBatchReply(entries: entries)
        #expect(try ObjectFetchBatchReply(payload: batch.encoded()) == batch)
        #expect(batch.entries.reduce(2) { $0 + $1.encodedByteCount } == batch.encoded().count)
    }

    @Test func updateFlagsAndPunchedRecordsAreChecked() throws {
        let bytes = WireSamples.updatePunching.encoded()
        let flags = 21
        var unknownFlag = bytes
        unknownFlag[flags] = 0x03
        #expect(throws: DecodeError.self) { try ObjectUpdateRequest(payload: unknownFlag) }
        // The flag without the list after the data.
        var flagOnly = WireSamples.update.encoded()
        flagOnly[flags] = 0x01
        #expect(throws: DecodeError.self) { try ObjectUpdateRequest(payload: flagOnly) }
        // A list with no records, and a record with no extents.
        let listAt = bytes.count - 2 - 9 - 4 - 16
        #expect(throws: DecodeError.self) { try ObjectUpdateRequest(payload: Array(bytes[..<listAt]) + [0, 0]) }
        #expect(throws: DecodeError.self) {
            try ObjectUpdateRequest(payload: Array(bytes[..<listAt]) + [1, 0] + Array(bytes[(listAt + 2)..<(listAt + 11)]) + [0, 0, 0, 0])
        }
        #expect(WireSamples.updatePunching.encodedByteCount == bytes.count)
    }

    @Test func updateWithBulkRoundTrips() throws {
        let bytes = WireSamples.updateBulk.encoded()
        #expect(try ObjectUpdateRequest(payload: bytes) == WireSamples.updateBulk)
        #expect(WireSamples.updateBulk.bulkDescriptor?.byteCount == 1 << 20)
    }

    @Test func variantsRoundTrip() throws {
        let scopes: [PunchScope] = [
            .object, .dkeys([.uint64(1), .bytes([1, 2])]), .akeys(dkey: .lexical("d"), akeys: [.uint64(2)]),
            .extents(dkey: .uint64(0), akey: .uint64(0), extents: [WireExtent(start: 5, count: 5)]),
        ]
        for scope in scopes {
            let punch = ObjectPunchRequest(oid: WireSamples.oid, shard: 3, scope: scope)
            #expect(try ObjectPunchRequest(payload: punch.encoded()) == punch)
        }
        let queries: [MaxQuery] = [.maxDkey, .maxExtent(dkey: .uint64(1), akey: .lexical("a")), .maxDkeyThenExtent(akey: .uint64(2))]
        for query in queries {
            let request = ObjectQueryMaxRequest(oid: WireSamples.oid, shard: 0, query: query)
            #expect(try ObjectQueryMaxRequest(payload: request.encoded()) == request)
        }
        let pushed = ObjectFetchReply(values: [FetchedValue(sizeBytes: 0)], data: .pushed(byteCount: 1 << 20))
        #expect(try ObjectFetchReply(payload: pushed.encoded()) == pushed)
        let empty = ObjectQueryMaxReply()
        #expect(try ObjectQueryMaxReply(payload: empty.encoded()) == empty)
        let allPool: [PoolProperty] = [.label("p"), .redundancyFactor(2), .ecCellSizeBytes(1 << 20),
                                       .rebuildSpaceReservePercent(5), .owner("a@"), .group("g@")]
        let create = PoolCreateRequest(label: "x", sizeBytes: 1, properties: allPool)
        #expect(try PoolCreateRequest(payload: create.encoded()) == create)
        let allContainer: [ContainerProperty] = [
            .label("c"), .layoutType(.hdf5), .redundancyFactor(4), .checksum(.crc64), .ecCellSizeBytes(4096),
            .fileObjectClass(ObjectClass(redundancy: .none, groups: .count(1))),
            .directoryObjectClass(ObjectClass(redundancy: .replicas3, groups: .max)), .chunkSizeBytes(1), .owner("o@"),
            .group("g@"),
        ]
        let message = ContainerPropertiesMessage(properties: allContainer)
        #expect(try ContainerPropertiesMessage(payload: message.encoded()) == message)
    }

    @Test func uuidTextRoundTrips() {
        #expect(WireSamples.uuid1.description == "01234567-89ab-cdef-0123-456789abcdef")
        #expect(WireSamples.uuid1.bytes == wireHex(WireSamples.uuid1Hex))
        #expect(WireUUID(bytes: wireHex(WireSamples.uuid2Hex)) == WireSamples.uuid2)
        #expect(WireUUID("01234567-89AB-CDEF-0123-456789ABCDEF") == WireSamples.uuid1)
        #expect(WireUUID("01234567-89ab-cdef-0123-456789abcde") == nil)
        #expect(WireUUID("01234567+89ab-cdef-0123-456789abcdef") == nil)
        #expect(WireUUID("0123456g-89ab-cdef-0123-456789abcdef") == nil)
        var generator = SystemRandomNumberGenerator()
        let random = WireUUID.random(using: &generator)
        #expect(random.bytes[6] >> 4 == 4)
        #expect(random.bytes[8] >> 6 == 2)
        #expect(WireUUID(random.description) == random)
    }
}
