import DaosObject
import Testing

@testable import DaosEngine

/// The services answered through real frames: every request and reply is encoded, checked and
/// decoded as on the fabric, so what `dmg` and `daos` will send is what is exercised here.
@Suite struct ServiceDispatchTests {
    final class Wire {
        let service: PoolService
        var rpc: UInt64 = 0
        var usedBytes: UInt64 = 0

        init(_ service: PoolService) { self.service = service }

        /// Sends `message` as a request frame and returns the decoded reply or the error status.
        func call<Reply: WireMessage>(_ opcode: Opcode, _ message: some WireMessage, as: Reply.Type,
                                      pool: HandleCookie = .none, container: HandleCookie = .none) throws -> Result<Reply, ServiceError> {
            rpc += 1
            let header = FrameHeader(opcode: opcode, rpcID: RPCID(rawValue: rpc), poolHandle: pool, containerHandle: container)
            let requestBytes = try Frame.encoded(header: header, message: message)
            let request = try requestBytes.withUnsafeBytes { raw in
                let frame = try Frame.decode(raw)
                return ServiceRequest(opcode: frame.header.opcode, poolHandle: frame.header.poolHandle,
                                      containerHandle: frame.header.containerHandle, message: try frame.message())
            }
            let used = usedBytes
            do {
                let reply = try service.handle(request, serviceRank: 0, usedBytes: { _ in used })
                let replyBytes = try Frame.encoded(header: header.reply(status: .success, mapVersion: 0), message: reply as! Reply)
                return .success(try replyBytes.withUnsafeBytes { try Frame.decode($0).message(as: Reply.self) })
            } catch let error as ServiceError {
                return .failure(error)
            }
        }
    }

    @Test func adminAndUserFlows() throws {
        try withTemporaryDirectory { dir in
            let wire = Wire(try PoolServiceTests.service(dir))
            let created = try wire.call(.poolCreate, PoolCreateRequest(label: "tank", sizeBytes: 4 << 30), as: PoolCreateReply.self).get()
            #expect(created.storageRanks == [0, 1, 2] && created.totalBytes == 4 << 30 - (4 << 30) % 12)
            if case .failure(let error) = try wire.call(.poolCreate, PoolCreateRequest(label: "tank", sizeBytes: 1 << 30),
                                                         as: PoolCreateReply.self) {
                #expect(error.status == .exists)
            } else {
                Issue.record("a second pool 'tank' was created")
            }
            wire.usedBytes = 1 << 30
            let list = try wire.call(.poolList, ListPageRequest(countMax: 100), as: PoolListReply.self).get()
            #expect(list.pools.map(\.label) == ["tank"] && list.pools[0].freeBytes == created.totalBytes - (1 << 30))

            let connected = try wire.call(.poolConnect, PoolConnectRequest(name: "tank", access: .readWrite, handleUUID: .zero),
                                          as: PoolConnectReply.self).get()
            guard case .inline(let map) = connected.map else { Issue.record("map not inline"); return }
            #expect(map.targets.count == 12 && connected.mapVersion == map.version)
            let query = try wire.call(.poolQuery, PoolQueryRequest(name: "tank"), as: PoolQueryReply.self).get()
            #expect(query.targetsTotal == 12 && query.targetsDisabled == 0 && query.handlesOpen == 1)
            #expect(query.tiers.first?.freeBytes == created.totalBytes - (1 << 30))

            let pool = connected.handle
            _ = try wire.call(.containerCreate, ContainerCreateRequest(label: "c1", type: .posix, properties: [.redundancyFactor(1)]),
                              as: ContainerCreateReply.self, pool: pool).get()
            let refused = try wire.call(.containerCreate, ContainerCreateRequest(label: "c2", type: .posix, properties: [.redundancyFactor(4)]),
                                        as: ContainerCreateReply.self, pool: pool)
            if case .failure(let error) = refused { #expect(error.status == .invalidArgument) } else { Issue.record("rd_fac:4 accepted") }
            let opened = try wire.call(.containerOpen, ContainerOpenRequest(name: "c1", access: .readWrite),
                                       as: ContainerOpenReply.self, pool: pool).get()
            let ec2p1 = try ObjectClass(parsing: "EC_2P1GX")
            #expect(opened.type == .posix && opened.properties.contains(.fileObjectClass(ec2p1)))
            let props = try wire.call(.containerGetProperties, ContainerGetPropertiesRequest(tags: [.redundancyFactor, .chunkSizeBytes]),
                                      as: ContainerPropertiesMessage.self, container: opened.handle).get()
            #expect(props.properties == [.redundancyFactor(1), .chunkSizeBytes(1 << 20)])
            let first = try wire.call(.objectIDAllocate, ObjectIDAllocateRequest(count: 10), as: ObjectIDAllocateReply.self,
                                      container: opened.handle).get().first
            let second = try wire.call(.objectIDAllocate, ObjectIDAllocateRequest(count: 1), as: ObjectIDAllocateReply.self,
                                       container: opened.handle).get().first
            #expect(second == first + 10)
            let snap = try wire.call(.snapshotCreate, SnapshotCreateRequest(), as: EpochReply.self, container: opened.handle).get().epoch
            #expect(try wire.call(.snapshotList, ListPageRequest(countMax: 10), as: SnapshotListReply.self,
                                  container: opened.handle).get().snapshots.map(\.epoch) == [snap])
            _ = try wire.call(.snapshotDestroy, SnapshotDestroyRequest(epoch: snap), as: EmptyMessage.self, container: opened.handle).get()
            let query2 = try wire.call(.containerQuery, EmptyMessage(), as: ContainerQueryReply.self, container: opened.handle).get()
            #expect(query2.label == "c1" && query2.snapshotCount == 0 && query2.nextObjectID == second + 1)

            // dmg pool exclude / reintegrate: the map moves DOWN → UP → UPIN, version by version.
            let excluded = try wire.call(.poolExclude, PoolTargetsRequest(name: "tank", rank: 1), as: PoolTargetsReply.self).get()
            #expect(try wire.call(.poolQuery, PoolQueryRequest(name: "tank"), as: PoolQueryReply.self).get().targetsDisabled == 4)
            let back = try wire.call(.poolReintegrate, PoolTargetsRequest(name: "tank", rank: 1), as: PoolTargetsReply.self).get()
            #expect(back.mapVersion == excluded.mapVersion + 2)
            #expect(try wire.call(.poolQuery, PoolQueryRequest(name: "tank"), as: PoolQueryReply.self).get().targetsDisabled == 0)

            let busy = try wire.call(.poolDestroy, PoolDestroyRequest(name: "tank"), as: EmptyMessage.self)
            if case .failure(let error) = busy { #expect(error.status == .busy) } else { Issue.record("destroyed a connected pool") }
            _ = try wire.call(.containerClose, EmptyMessage(), as: EmptyMessage.self, container: opened.handle).get()
            _ = try wire.call(.containerDestroy, ContainerDestroyRequest(name: "c1"), as: EmptyMessage.self, pool: pool).get()
            _ = try wire.call(.poolDisconnect, EmptyMessage(), as: EmptyMessage.self, pool: pool).get()
            _ = try wire.call(.poolDestroy, PoolDestroyRequest(name: "tank"), as: EmptyMessage.self).get()
            #expect(try wire.call(.poolList, ListPageRequest(countMax: 100), as: PoolListReply.self).get().pools.isEmpty)
            let stale = try wire.call(.containerQuery, EmptyMessage(), as: ContainerQueryReply.self, container: opened.handle)
            if case .failure(let error) = stale { #expect(error.status == .noHandle) } else { Issue.record("closed handle answered") }
        }
    }
}
