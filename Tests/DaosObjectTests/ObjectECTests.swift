import DaosObject
import Testing

// Tests of the pure EC layout (Sources/DaosObject/ObjectEC): a reference shard store fed by
// write plans, read back through read plans, healthy and degraded, against a flat array model.

// MARK: - Reference models

/// What the group's shards hold for one akey of one dkey: per member, a log of extents written or
/// punched in the member's local index space at increasing epochs. Reads take the newest entry
/// at or before the read epoch, per record, as the VOS does.
struct ECShardStore {
    struct Entry {
        var offset: UInt64
        var records: UInt64
        var bytes: [UInt8]  // empty for a punch
        var punched: Bool
        var epoch: Epoch
    }

    /// The newest entry of one record: its epoch, and whether it is a punch.
    struct RecordState: Equatable, Hashable {
        var epoch: Epoch
        var punched: Bool
    }

    let geometry: ECGeometry
    var logs: [[Entry]]

    init(geometry: ECGeometry) {
        self.geometry = geometry
        logs = Array(repeating: [], count: geometry.groupSize)
    }

    /// Applies a write plan as the engines would: every member stores its extents at `epoch`,
    /// gathering their bytes from the caller's buffer and the parity buffer.
    mutating func apply(_ plan: ECWritePlan, data: [UInt8], parity: [UInt8], epoch: Epoch) {
        for (member, writes) in plan.members.enumerated() {
            for write in writes {
                var bytes: [UInt8] = []
                for piece in write.pieces {
                    let source = piece.buffer == .caller ? data : parity
                    bytes += source[piece.offset..<piece.offset + piece.byteCount]
                }
                precondition(bytes.count == Int(write.records) * geometry.recordSize)
                logs[member].append(Entry(offset: write.localOffset, records: write.records, bytes: bytes, punched: false, epoch: epoch))
            }
        }
    }

    mutating func apply(_ plan: ECPunchPlan, epoch: Epoch) {
        for (member, extents) in plan.members.enumerated() {
            for extent in extents {
                logs[member].append(Entry(offset: extent.start, records: extent.count, bytes: [], punched: true, epoch: epoch))
            }
        }
    }

    /// Newest-wins bytes of a local extent at `epoch` (holes and punches zero-filled) and the
    /// state of each record (nil: never written).
    func fetch(member: Int, extent: WireExtent, at epoch: Epoch) -> (bytes: [UInt8], states: [RecordState?]) {
        let r = geometry.recordSize
        var bytes = [UInt8](repeating: 0, count: Int(extent.count) * r)
        var states = [RecordState?](repeating: nil, count: Int(extent.count))
        for entry in logs[member] where entry.epoch <= epoch {  // logs are in epoch order
            let lower = max(entry.offset, extent.start)
            let upper = min(entry.offset + entry.records, extent.start + extent.count)
            guard lower < upper else { continue }
            let to = Int(lower - extent.start) * r
            let count = Int(upper - lower) * r
            if entry.punched {
                bytes.replaceSubrange(to..<to + count, with: repeatElement(0, count: count))
            } else {
                let from = Int(lower - entry.offset) * r
                bytes.replaceSubrange(to..<to + count, with: entry.bytes[from..<from + count])
            }
            for i in Int(lower - extent.start)..<Int(upper - extent.start) {
                states[i] = RecordState(epoch: entry.epoch, punched: entry.punched)
            }
        }
        return (bytes, states)
    }

    /// A parity slice as a degraded fetch returns it: bytes and the parity epoch, nil when the
    /// newest entry is a punch or there is none.
    func fetchParity(member: Int, extent: WireExtent, at epoch: Epoch) -> (cell: ECFetchedCell, uniform: Bool) {
        let fetched = fetch(member: member, extent: extent, at: epoch)
        let states = Set(fetched.states)
        let state = states.first ?? nil
        return (ECFetchedCell(bytes: fetched.bytes, epoch: state?.punched == false ? state?.epoch : nil), states.count == 1)
    }

    /// The replicated partial writes and punches on a parity member over a daos extent, with
    /// epochs: every version (`visibleOnly == false`), or only what is visible at `epoch`, in runs.
    func replicas(member: Int, extent: WireExtent, at epoch: Epoch, visibleOnly: Bool) -> [ECReplicaExtent] {
        let r = geometry.recordSize
        var result: [ECReplicaExtent] = []
        if visibleOnly {
            let (bytes, states) = fetch(member: member, extent: extent, at: epoch)
            var i = 0
            while i < states.count {
                guard let run = states[i] else { i += 1; continue }
                var j = i
                while j < states.count, states[j] == run { j += 1 }
                let offset = extent.start + UInt64(i)
                result.append(run.punched ? ECReplicaExtent(punchedAt: offset, records: UInt64(j - i), epoch: run.epoch)
                                          : ECReplicaExtent(offset: offset, bytes: Array(bytes[i * r..<j * r]), epoch: run.epoch))
                i = j
            }
            return result
        }
        for entry in logs[member] where entry.epoch <= epoch && entry.offset < ECGeometry.parityBit {
            let lower = max(entry.offset, extent.start)
            let upper = min(entry.offset + entry.records, extent.start + extent.count)
            guard lower < upper else { continue }
            if entry.punched {
                result.append(ECReplicaExtent(punchedAt: lower, records: upper - lower, epoch: entry.epoch))
            } else {
                let from = Int(lower - entry.offset) * r
                result.append(ECReplicaExtent(offset: lower, bytes: Array(entry.bytes[from..<from + Int(upper - lower) * r]),
                                              epoch: entry.epoch))
            }
        }
        return result.reversed()  // the order must not matter, only the epochs
    }
}

/// The truth: the array as a log of writes and punches over a window [base, base + records).
struct FlatArrayModel {
    struct Operation {
        var extents: [WireExtent]
        var data: [UInt8]?  // nil: a punch
        var epoch: Epoch
    }

    let base: UInt64
    let records: Int
    let recordSize: Int
    var operations: [Operation] = []

    /// Bytes of `extents` (back to back) at `epoch`, zero where never written or punched, and
    /// which records hold data.
    func read(_ extents: [WireExtent], at epoch: Epoch) -> (bytes: [UInt8], written: [Bool]) {
        var bytes = [UInt8](repeating: 0, count: records * recordSize)
        var written = [Bool](repeating: false, count: records)
        for operation in operations where operation.epoch <= epoch {
            var offset = 0
            for extent in operation.extents {
                let at = Int(extent.start - base)
                let count = Int(extent.count)
                let range = at * recordSize..<(at + count) * recordSize
                if let data = operation.data {
                    bytes.replaceSubrange(range, with: data[offset..<offset + count * recordSize])
                } else {
                    bytes.replaceSubrange(range, with: repeatElement(0, count: range.count))
                }
                for i in at..<at + count { written[i] = operation.data != nil }
                offset += count * recordSize
            }
        }
        var result: [UInt8] = []
        var mask: [Bool] = []
        for extent in extents {
            let at = Int(extent.start - base)
            result += bytes[at * recordSize..<(at + Int(extent.count)) * recordSize]
            mask += written[at..<at + Int(extent.count)]
        }
        return (result, mask)
    }
}

/// A transport-free client: plans, "sends" to the shard store, reconstructs.
struct ECTestClient {
    var store: ECShardStore
    var flat: FlatArrayModel
    let dkeyHash: UInt64
    var geometry: ECGeometry { store.geometry }
    /// How many rebuilt stripes had parity plus newer replicas, and how many had no parity.
    var rebuiltWithOverlay = 0
    var rebuiltFromReplicasOnly = 0
    var rebuiltWithPunchOverlay = 0

    mutating func write(_ extents: [WireExtent], data: [UInt8], epoch: Epoch) throws {
        let plan = try ECWritePlan(geometry: geometry, dkeyHash: dkeyHash, extents: extents, bufferByteCount: data.count)
        let parity = try plan.computeParity(data: data)
        store.apply(plan, data: data, parity: parity, epoch: epoch)
        flat.operations.append(.init(extents: extents, data: data, epoch: epoch))
    }

    mutating func punch(_ extents: [WireExtent], epoch: Epoch) throws {
        store.apply(try ECPunchPlan(geometry: geometry, dkeyHash: dkeyHash, extents: extents), epoch: epoch)
        flat.operations.append(.init(extents: extents, data: nil, epoch: epoch))
    }

    func readHealthy(_ extents: [WireExtent], at epoch: Epoch) throws -> [UInt8] {
        let byteCount = extents.reduce(0) { $0 + Int($1.count) * geometry.recordSize }
        let plan = try ECReadPlan(geometry: geometry, dkeyHash: dkeyHash, extents: extents, bufferByteCount: byteCount)
        var buffer = [UInt8](repeating: 0xEE, count: byteCount)
        for (member, reads) in plan.members.enumerated() { scatter(reads, from: member, at: epoch, into: &buffer) }
        return buffer
    }

    /// A degraded read; returns the bytes and the holes the reconstruction reported.
    mutating func readDegraded(_ extents: [WireExtent], at epoch: Epoch, unavailable: [Int], random: inout SplitMix64)
        throws -> (bytes: [UInt8], rebuiltHoles: [WireExtent], rebuilt: [ECRecoveredPiece]) {
        let byteCount = extents.reduce(0) { $0 + Int($1.count) * geometry.recordSize }
        let plan = try ECReadPlan(geometry: geometry, dkeyHash: dkeyHash, extents: extents, bufferByteCount: byteCount)
            .degraded(unavailable: unavailable)
        var buffer = [UInt8](repeating: 0xEE, count: byteCount)
        for (member, reads) in plan.members.enumerated() {
            #expect(reads.isEmpty || !unavailable.contains(member), "read from unavailable member \(member)")
            scatter(reads, from: member, at: epoch, into: &buffer)
        }
        var holes: [WireExtent] = []
        var rebuilt: [ECRecoveredPiece] = []
        for recovery in plan.recoveries {
            let sources = recovery.paritySources + recovery.dataSources
            #expect(sources.count == geometry.dataCells)
            #expect(sources.allSatisfy { !unavailable.contains($0.member) })
            #expect(!unavailable.contains(recovery.replicaMember))
            // Phase 1, at the read epoch: parity (with its epoch) and the replicated copies.
            let parity = recovery.paritySources.map { source -> ECFetchedCell in
                let fetched = store.fetchParity(member: source.member, extent: source.extent, at: epoch)
                #expect(fetched.uniform, "a parity slice has one state")
                return fetched.cell
            }
            let visibleOnly = random.chance(50)
            let replicas = recovery.replicaExtents.flatMap {
                store.replicas(member: recovery.replicaMember, extent: $0, at: epoch, visibleOnly: visibleOnly)
            }
            // Phase 2, at the parity epoch: the surviving data cells.
            var data: [[UInt8]] = []
            if let parityEpoch = parity.first?.epoch {
                data = recovery.dataSources.map { store.fetch(member: $0.member, extent: $0.extent, at: parityEpoch).bytes }
                if replicas.contains(where: { $0.epoch > parityEpoch }) { rebuiltWithOverlay += 1 }
                if replicas.contains(where: { $0.epoch > parityEpoch && $0.isPunch }) { rebuiltWithPunchOverlay += 1 }
            } else {
                rebuiltFromReplicasOnly += 1
            }
            holes += try ECReconstruction.rebuild(recovery, fetched: ECStripeFetch(parity: parity, data: data, replicas: replicas),
                                                  geometry: geometry, into: &buffer)
            rebuilt += recovery.destinations
        }
        return (buffer, holes, rebuilt)
    }

    private func scatter(_ reads: [ECShardRead], from member: Int, at epoch: Epoch, into buffer: inout [UInt8]) {
        for read in reads {
            let bytes = store.fetch(member: member, extent: read.extent, at: epoch).bytes
            var offset = 0
            for piece in read.pieces {
                #expect(piece.buffer == .caller)
                buffer.replaceSubrange(piece.offset..<piece.offset + piece.byteCount, with: bytes[offset..<offset + piece.byteCount])
                offset += piece.byteCount
            }
            #expect(offset == bytes.count)
        }
    }
}

// MARK: - Random workloads

struct ECWorkloadConfig: CustomStringConvertible, Sendable {
    var redundancy: Redundancy
    var recordSize: Int
    var cellSizeBytes: Int
    /// Stripes in the window written and read.
    var stripes: Int

    var description: String { "\(redundancy) r\(recordSize) cell\(cellSizeBytes)B" }
}

enum ECWorkload {
    static func randomBytes(_ count: Int, _ random: inout SplitMix64) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count {
            var word = random.next()
            for _ in 0..<min(8, count - i) { bytes[i] = UInt8(truncatingIfNeeded: word); word >>= 8; i += 1 }
        }
        return bytes
    }

    /// 1…maxCount disjoint extents inside [base, base + records), in random order.
    static func disjointExtents(base: UInt64, records: Int, maxCount: Int, maxLength: Int, _ random: inout SplitMix64) -> [WireExtent] {
        var extents: [WireExtent] = []
        for _ in 0..<1 + random.below(maxCount) {
            let start = random.below(records)
            let length = 1 + random.below(min(maxLength, records - start))
            let candidate = start..<start + length
            if extents.allSatisfy({ !candidate.overlaps(Int($0.start - base)..<Int($0.start - base + $0.count)) }) {
                extents.append(WireExtent(start: base + UInt64(start), count: UInt64(length)))
            }
        }
        return extents.shuffled(using: &random)
    }

    /// The extents of one random write: full stripes, partial pieces, multi-extent requests,
    /// stripes covered jointly by several extents, long spans.
    static func randomWrite(stripeRecords: Int, base: UInt64, records: Int, _ random: inout SplitMix64) -> [WireExtent] {
        let stripes = records / stripeRecords
        switch random.below(5) {
        case 0: // whole stripes
            let first = random.below(stripes)
            let count = 1 + random.below(min(2, stripes - first))
            return [WireExtent(start: base + UInt64(first * stripeRecords), count: UInt64(count * stripeRecords))]
        case 1: // one stripe in several adjacent extents, shuffled
            let first = random.below(stripes) * stripeRecords
            var cuts = Set((0..<random.below(4)).map { _ in 1 + random.below(stripeRecords) }).filter { $0 < stripeRecords }
            cuts.insert(0)
            let sorted = cuts.sorted() + [stripeRecords]
            return (0..<sorted.count - 1).map {
                WireExtent(start: base + UInt64(first + sorted[$0]), count: UInt64(sorted[$0 + 1] - sorted[$0]))
            }.shuffled(using: &random)
        case 2: // a long span, possibly covering several stripes with partial ends
            let start = random.below(records)
            return [WireExtent(start: base + UInt64(start), count: UInt64(1 + random.below(records - start)))]
        default: // small partial pieces
            return disjointExtents(base: base, records: records, maxCount: 3, maxLength: max(1, stripeRecords * 3 / 2), &random)
        }
    }
}

// MARK: - Tests

@Suite struct ObjectECTests {
    static let workloads: [ECWorkloadConfig] = [
        ECWorkloadConfig(redundancy: .ec2P1, recordSize: 1, cellSizeBytes: 8, stripes: 6),
        ECWorkloadConfig(redundancy: .ec2P1, recordSize: 3, cellSizeBytes: 16, stripes: 5),
        ECWorkloadConfig(redundancy: .ec4P2, recordSize: 1, cellSizeBytes: 16, stripes: 5),
        ECWorkloadConfig(redundancy: .ec4P2, recordSize: 8, cellSizeBytes: 20, stripes: 5),
        ECWorkloadConfig(redundancy: .ec4P2, recordSize: 5, cellSizeBytes: 4, stripes: 8),
        ECWorkloadConfig(redundancy: .ec8P2, recordSize: 1, cellSizeBytes: 8, stripes: 4),
        ECWorkloadConfig(redundancy: .ec8P2, recordSize: 4, cellSizeBytes: 32, stripes: 4),
        ECWorkloadConfig(redundancy: .ec4P3, recordSize: 2, cellSizeBytes: 6, stripes: 4),
    ]

    /// Every set of up to p members (all singles, all pairs for p = 2, …).
    static func unavailableSets(groupSize: Int, upTo maximum: Int) -> [[Int]] {
        var result: [[Int]] = []
        func extend(_ current: [Int], from next: Int) {
            if !current.isEmpty { result.append(current) }
            guard current.count < maximum else { return }
            for i in next..<groupSize { extend(current + [i], from: i + 1) }
        }
        extend([], from: 0)
        return result
    }

    /// Random writes and punches at increasing epochs; then healthy reads at the latest and at
    /// earlier epochs match the flat model, and for every set of ≤ p unavailable members degraded
    /// reads rebuild the exact bytes and report exactly the holes.
    @Test(arguments: workloads)
    func randomWorkloadMatchesFlatModel(config: ECWorkloadConfig) throws {
        let geometry = try ECGeometry(redundancy: config.redundancy, cellSizeBytes: config.cellSizeBytes, recordSize: config.recordSize)
        let stripeRecords = Int(geometry.stripeRecords)
        let records = config.stripes * stripeRecords
        var random = SplitMix64(seed: UInt64(config.redundancy.rawValue) << 16 | UInt64(config.recordSize << 8 | config.cellSizeBytes))
        let sets = Self.unavailableSets(groupSize: geometry.groupSize, upTo: geometry.parityCells)
        var totals = (degradedReads: 0, overlay: 0, replicasOnly: 0, punchOverlay: 0)
        for round in 0..<geometry.groupSize + 1 {
            // Vary the rotation; the last round sits just below the parity bit.
            let dkeyHash = round < geometry.groupSize ? UInt64(round) : random.next()
            let topStripe = ECGeometry.parityBit / geometry.stripeRecords
            let base = round == geometry.groupSize ? (topStripe - UInt64(config.stripes)) * geometry.stripeRecords
                                                   : UInt64(random.below(1000)) * geometry.stripeRecords
            var client = ECTestClient(store: ECShardStore(geometry: geometry),
                                      flat: FlatArrayModel(base: base, records: records, recordSize: config.recordSize),
                                      dkeyHash: dkeyHash)
            var epoch: UInt64 = 10
            // Stripe 0: full, then partially overwritten (the epoch rule). Last stripe: only ever
            // partial writes (no parity).
            try client.write([WireExtent(start: base, count: UInt64(stripeRecords))],
                             data: ECWorkload.randomBytes(geometry.stripeBytes, &random), epoch: Epoch(epoch))
            epoch += 1
            let lastStripe = base + UInt64(records - stripeRecords)
            try client.write([WireExtent(start: lastStripe + 1, count: UInt64(stripeRecords - 2))],
                             data: ECWorkload.randomBytes((stripeRecords - 2) * config.recordSize, &random), epoch: Epoch(epoch))
            epoch += 1
            // Stripe 1: full, then a punch across a cell boundary (parity stays, the punch is newer).
            // Stripe 2: full, punched whole (parity punched too), then one record written again.
            let cell = geometry.cellRecords
            for stripe in [UInt64(1), 2] {
                try client.write([WireExtent(start: base + stripe * geometry.stripeRecords, count: geometry.stripeRecords)],
                                 data: ECWorkload.randomBytes(geometry.stripeBytes, &random), epoch: Epoch(epoch))
                epoch += 1
            }
            try client.punch([WireExtent(start: base + geometry.stripeRecords + cell / 2, count: cell)], epoch: Epoch(epoch))
            try client.punch([WireExtent(start: base + 2 * geometry.stripeRecords, count: geometry.stripeRecords)], epoch: Epoch(epoch + 1))
            try client.write([WireExtent(start: base + 2 * geometry.stripeRecords, count: 1)],
                             data: ECWorkload.randomBytes(config.recordSize, &random), epoch: Epoch(epoch + 2))
            epoch += 3
            let preludeEpoch = Epoch(epoch - 1)
            for _ in 0..<24 {
                if random.chance(20) {
                    let extents = random.chance(30)
                        ? [WireExtent(start: base + UInt64(random.below(config.stripes)) * geometry.stripeRecords, count: geometry.stripeRecords)]
                        : ECWorkload.disjointExtents(base: base, records: records, maxCount: 3, maxLength: stripeRecords, &random)
                    try client.punch(extents, epoch: Epoch(epoch))
                    epoch += 1
                    continue
                }
                var extents = ECWorkload.randomWrite(stripeRecords: stripeRecords, base: base, records: records, &random)
                // Keep the last stripe partial-only.
                extents = extents.compactMap { extent in
                    let end = min(extent.start + extent.count, lastStripe + UInt64(stripeRecords - 1))
                    return end > extent.start ? WireExtent(start: extent.start, count: end - extent.start) : nil
                }
                guard !extents.isEmpty else { continue }
                let bytes = extents.reduce(0) { $0 + Int($1.count) } * config.recordSize
                try client.write(extents, data: ECWorkload.randomBytes(bytes, &random), epoch: Epoch(epoch))
                epoch += 1 + UInt64(random.below(3))
            }
            try client.write([WireExtent(start: base + 1, count: 2)], data: ECWorkload.randomBytes(2 * config.recordSize, &random),
                             epoch: Epoch(epoch))

            let readEpochs = [Epoch.latest, Epoch(11 + UInt64(random.below(Int(epoch) - 10))), Epoch(10), preludeEpoch]
            var reads: [[WireExtent]] = [[WireExtent(start: base, count: UInt64(records))]]
            for _ in 0..<6 { reads.append(ECWorkload.disjointExtents(base: base, records: records, maxCount: 3, maxLength: records, &random)) }
            for extents in reads {
                for readEpoch in readEpochs {
                    let expected = client.flat.read(extents, at: readEpoch)
                    #expect(try client.readHealthy(extents, at: readEpoch) == expected.bytes, "\(config) healthy \(extents) @\(readEpoch)")
                }
            }
            for unavailable in sets {
                for (n, extents) in reads.enumerated() where n < 4 {
                    let readEpoch = readEpochs[(n + unavailable.count) % readEpochs.count]
                    let expected = client.flat.read(extents, at: readEpoch)
                    let degraded = try client.readDegraded(extents, at: readEpoch, unavailable: unavailable, random: &random)
                    totals.degradedReads += 1
                    #expect(degraded.bytes == expected.bytes, "\(config) hash \(dkeyHash) down \(unavailable) \(extents) @\(readEpoch)")
                    // Reported holes are exactly the never-written or punched records among the rebuilt ones.
                    let holes = Set(degraded.rebuiltHoles.flatMap { $0.start..<$0.start + $0.count })
                    let bufferStarts = Self.bufferRecordIndex(extents)
                    for piece in degraded.rebuilt {
                        for record in piece.daosOffset..<piece.daosOffset + piece.records {
                            #expect(holes.contains(record) == !expected.written[bufferStarts(record)], "hole \(record)")
                        }
                    }
                }
            }
            totals.overlay += client.rebuiltWithOverlay
            totals.replicasOnly += client.rebuiltFromReplicasOnly
            totals.punchOverlay += client.rebuiltWithPunchOverlay
        }
        #expect(totals.degradedReads > 0 && totals.overlay > 0 && totals.replicasOnly > 0 && totals.punchOverlay > 0, "\(totals)")
    }

    /// Maps a daos record of a request to its index in the request's buffer, in records.
    static func bufferRecordIndex(_ extents: [WireExtent]) -> (UInt64) -> Int {
        { record in
            var index = 0
            for extent in extents {
                if record >= extent.start, record < extent.start + extent.count { return index + Int(record - extent.start) }
                index += Int(extent.count)
            }
            preconditionFailure("record \(record) not in request")
        }
    }

    // MARK: Layout contract

    @Test func rotationPutsEveryMemberInEveryRole() throws {
        for redundancy in Redundancy.allCases {
            guard case .erasure(let k, let p) = redundancy.scheme else { continue }
            let geometry = try ECGeometry(redundancy: redundancy, cellSizeBytes: 4096, recordSize: 1)
            var parityMembers = Set<Int>()
            for hash in UInt64(0)..<UInt64(3 * (k + p)) {
                let rotation = geometry.rotation(dkeyHash: hash)
                let data = (0..<k).map { geometry.memberForDataCell($0, dkeyHash: hash) }
                let parity = (0..<p).map { geometry.memberForParity($0, dkeyHash: hash) }
                #expect(Set(data + parity).count == k + p, "members of \(redundancy) form a permutation")
                parityMembers.formUnion(parity)
                for (cell, member) in data.enumerated() { #expect(try geometry.role(ofMember: member, rotation: rotation) == .data(cell)) }
                for (cell, member) in parity.enumerated() { #expect(try geometry.role(ofMember: member, rotation: rotation) == .parity(cell)) }
            }
            #expect(parityMembers == Set(0..<k + p), "\(redundancy): every member holds parity for some dkey")
            #expect(throws: ECLayoutError.invalidMember(k + p)) { try geometry.role(ofMember: k + p, rotation: 0) }
        }
        let geometry = try ECGeometry(redundancy: .ec4P2, cellSizeBytes: 8, recordSize: 1)
        #expect(geometry.rotation(dkeyHash: UInt64.max) == Int(UInt64.max % 6))
        #expect(geometry.memberForParity(1, dkeyHash: 3) == (4 + 1 + 3) % 6)
    }

    @Test func geometryFromClassAndSizes() throws {
        let g = try ECGeometry(redundancy: .ec8P2, cellSizeBytes: 128 * 1024, recordSize: 1)
        #expect(g.cellRecords == 128 * 1024 && g.stripeRecords == 1024 * 1024 && g.groupSize == 10 && g.cellBytes == 128 * 1024)
        #expect(try ECGeometry(redundancy: .ec4P2, cellSizeBytes: 100, recordSize: 8).cellRecords == 12)
        #expect(try ECGeometry(redundancy: .ec4P2, cellSizeBytes: 4, recordSize: 4096).cellRecords == 1)
        #expect(throws: ECLayoutError.notErasureCoded(.replicas3)) { try ECGeometry(redundancy: .replicas3, cellSizeBytes: 4096, recordSize: 1) }
        #expect(throws: ECLayoutError.notErasureCoded(.none)) { try ECGeometry(redundancy: .none, cellSizeBytes: 4096, recordSize: 1) }
        #expect(throws: ECLayoutError.invalidCellSize(0)) { try ECGeometry(redundancy: .ec2P1, cellSizeBytes: 0, recordSize: 1) }
        #expect(throws: ECLayoutError.invalidRecordSize(0)) { try ECGeometry(redundancy: .ec2P1, cellSizeBytes: 4096, recordSize: 0) }
        #expect(throws: ECLayoutError.invalidRecordSize(-3)) { try ECGeometry(redundancy: .ec2P1, cellSizeBytes: 4096, recordSize: -3) }
        #expect(throws: ECLayoutError.cellTooLarge(bytes: 1 << 31)) { try ECGeometry(redundancy: .ec2P1, cellSizeBytes: 1 << 31, recordSize: 1) }
        #expect(throws: ECLayoutError.cellTooLarge(bytes: UInt64.max)) {
            try ECGeometry(dataCells: 2, parityCells: 1, recordSize: 1 << 40, cellRecords: 1 << 40)
        }
        #expect(throws: ECLayoutError.unsupportedCode(dataCells: 2, parityCells: 3)) {
            try ECGeometry(dataCells: 2, parityCells: 3, recordSize: 1, cellRecords: 8)
        }
    }

    /// Pins the on-disk contract on one small example: EC 2+1, 4-record cells, rotation 1.
    @Test func writePlanLayoutGolden() throws {
        let g = try ECGeometry(redundancy: .ec2P1, cellSizeBytes: 4, recordSize: 1)
        #expect(g.rotation(dkeyHash: 4) == 1)
        // Stripe 0 whole; stripe 1 records 9, 10 (cell 0, offsets 1…2).
        let plan = try ECWritePlan(geometry: g, dkeyHash: 4, extents: [WireExtent(start: 0, count: 8), WireExtent(start: 9, count: 2)],
                                   bufferByteCount: 10)
        let bit = ECGeometry.parityBit
        #expect(plan.members[0] == [  // parity 0
            ECShardWrite(kind: .replica, localOffset: 9, records: 2, pieces: [ECBufferPiece(buffer: .caller, offset: 8, byteCount: 2)]),
            ECShardWrite(kind: .parity, localOffset: bit, records: 4, pieces: [ECBufferPiece(buffer: .parity, offset: 0, byteCount: 4)]),
        ])
        #expect(plan.members[1] == [  // data cell 0
            ECShardWrite(kind: .data, localOffset: 0, records: 4, pieces: [ECBufferPiece(buffer: .caller, offset: 0, byteCount: 4)]),
            ECShardWrite(kind: .data, localOffset: 5, records: 2, pieces: [ECBufferPiece(buffer: .caller, offset: 8, byteCount: 2)]),
        ])
        #expect(plan.members[2] == [  // data cell 1
            ECShardWrite(kind: .data, localOffset: 0, records: 4, pieces: [ECBufferPiece(buffer: .caller, offset: 4, byteCount: 4)]),
        ])
        #expect(plan.fullStripes == [ECFullStripe(stripe: 0, ordinal: 0, dataPieces: [ECBufferPiece(buffer: .caller, offset: 0, byteCount: 8)])])
        #expect(plan.parityByteCount == 4)
        let data: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        let expectedParity = try Self.encode(g, stripe: Array(data[0..<8]))
        #expect(try plan.computeParity(data: data) == expectedParity)
    }

    /// A write over many stripes is one extent per shard (dense data shards, consecutive parity).
    @Test func writesSpanningStripesMerge() throws {
        let g = try ECGeometry(redundancy: .ec2P1, cellSizeBytes: 4, recordSize: 2)
        #expect(g.cellRecords == 2)
        // Records [1, 13): stripe 0 partial (1…3), stripes 1, 2 full (4…11), stripe 3 partial (12).
        let plan = try ECWritePlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 1, count: 12)], bufferByteCount: 24)
        #expect(plan.fullStripes.map(\.stripe) == [1, 2])
        #expect(plan.members[0].map(\.extent) == [WireExtent(start: 1, count: 6)])  // local 1 … 6 (cell 0 of stripes 0…3)
        #expect(plan.members[1].map(\.extent) == [WireExtent(start: 0, count: 6)])  // stripes 0…2 of cell 1
        #expect(plan.members[2].map(\.kind) == [.replica, .replica, .parity])
        #expect(plan.members[2].map(\.extent) == [WireExtent(start: 1, count: 3), WireExtent(start: 12, count: 1),
                                                  WireExtent(start: ECGeometry.parityBit | 2, count: 4)])
        #expect(plan.members[2].last!.pieces == [ECBufferPiece(buffer: .parity, offset: 0, byteCount: 8)])
        #expect(plan.members[0][0].pieces.count == 4, "one piece per cell: the caller's buffer is not dense per shard")

        // 1 GiB on EC 8+2 with 128 KiB cells: 1024 full stripes, one extent per shard.
        let big = try ECGeometry(redundancy: .ec8P2, cellSizeBytes: 128 << 10, recordSize: 1)
        let gib = try ECWritePlan(geometry: big, dkeyHash: 3, extents: [WireExtent(start: 0, count: 1 << 30)], bufferByteCount: 1 << 30)
        #expect(gib.fullStripes.count == 1024 && gib.parityByteCount == 2 * 1024 * (128 << 10))
        #expect(gib.members.allSatisfy { $0.count == 1 })
        #expect(gib.allWrites.filter { $0.write.kind == .parity }.allSatisfy { $0.write.pieces.count == 1 && $0.write.records == 1024 * (128 << 10) })
        #expect(gib.allWrites.filter { $0.write.kind == .data }.allSatisfy { $0.write.pieces.count == 1024 })
    }

    /// A stripe counts as full only when one request covers it, with one or several extents.
    @Test func fullStripeNeedsOneRequest() throws {
        let g = try ECGeometry(redundancy: .ec2P1, cellSizeBytes: 4, recordSize: 1)
        // Out of order, meeting inside cell 0: the cell is split over two buffer pieces.
        let plan = try ECWritePlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 3, count: 5), WireExtent(start: 0, count: 3)],
                                   bufferByteCount: 8)
        #expect(plan.fullStripes.count == 1)
        #expect(plan.fullStripes[0].dataPieces == [ECBufferPiece(buffer: .caller, offset: 5, byteCount: 3),
                                                   ECBufferPiece(buffer: .caller, offset: 0, byteCount: 5)])
        #expect(plan.allWrites.allSatisfy { $0.write.kind != .replica })
        let data: [UInt8] = [40, 50, 60, 70, 80, 10, 20, 30]  // daos order 10 20 30 40 50 60 70 80
        #expect(try plan.computeParity(data: data) == Self.encode(g, stripe: [10, 20, 30, 40, 50, 60, 70, 80]))

        for half in [WireExtent(start: 0, count: 4), WireExtent(start: 4, count: 4)] {
            let partial = try ECWritePlan(geometry: g, dkeyHash: 0, extents: [half], bufferByteCount: 4)
            #expect(partial.fullStripes.isEmpty && partial.parityByteCount == 0)
            #expect(partial.members[2].map(\.kind) == [.replica] && partial.members[2][0].extent == half)
        }
    }

    /// Several full stripes with cells split between extents: parity matches a direct encoding.
    @Test func parityOfManyStripesWithSplitCells() throws {
        let g = try ECGeometry(redundancy: .ec4P2, cellSizeBytes: 6, recordSize: 3)
        var random = SplitMix64(seed: 42)
        let stripeBytes = g.stripeBytes
        let flat = ECWorkload.randomBytes(3 * stripeBytes, &random)
        // Records [0, 24) (3 stripes of 8) cut at 5 and 13, sent in reverse order.
        let cuts: [(UInt64, UInt64)] = [(13, 11), (5, 8), (0, 5)]
        let extents = cuts.map { WireExtent(start: $0.0, count: $0.1) }
        let data = cuts.flatMap { flat[Int($0.0) * 3..<Int($0.0 + $0.1) * 3] }
        let plan = try ECWritePlan(geometry: g, dkeyHash: 7, extents: extents, bufferByteCount: data.count)
        #expect(plan.fullStripes.map(\.stripe) == [0, 1, 2])
        let parity = try plan.computeParity(data: data)
        for full in plan.fullStripes {
            let expected = try Self.encode(g, stripe: Array(flat[Int(full.stripe) * stripeBytes..<Int(full.stripe + 1) * stripeBytes]))
            for j in 0..<2 {
                let piece = plan.parityPiece(ordinal: full.ordinal, parity: j)
                #expect(Array(parity[piece.offset..<piece.offset + piece.byteCount]) == Array(expected[j * g.cellBytes..<(j + 1) * g.cellBytes]))
            }
        }
        #expect(throws: ECLayoutError.bufferSizeMismatch(expected: data.count, got: 3)) { try plan.computeParity(data: [1, 2, 3]) }
    }

    @Test func degradedPlanPrefersDataThenAvailableParity() throws {
        let g = try ECGeometry(redundancy: .ec4P2, cellSizeBytes: 4, recordSize: 1)
        // Rotation 0: data cells on members 0…3, parity on 4, 5. Read stripe 1 whole.
        let read = try ECReadPlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 16, count: 16)], bufferByteCount: 16)
        let plan = try read.degraded(unavailable: [1, 4])
        #expect(plan.members[1].isEmpty && plan.members[0].map(\.extent) == [WireExtent(start: 4, count: 4)])
        #expect(plan.recoveries.count == 1)
        let recovery = plan.recoveries[0]
        #expect(recovery.stripe == 1 && recovery.cellRange == 0..<4 && recovery.missingDataCells == [1])
        #expect(recovery.dataSources.map(\.cell) == [0, 2, 3] && recovery.dataSources.map(\.member) == [0, 2, 3])
        #expect(recovery.dataSources.allSatisfy { $0.extent == WireExtent(start: 4, count: 4) })
        #expect(recovery.paritySources == [ECCellSource(cell: 5, member: 5, extent: WireExtent(start: ECGeometry.parityBit | 4, count: 4))])
        #expect(recovery.replicaMember == 5 && recovery.replicaExtents == [WireExtent(start: 20, count: 4)])
        #expect(recovery.destinations == [ECRecoveredPiece(cell: 1, daosOffset: 20, records: 4, bufferOffset: 4)])

        // A read inside one cell fetches only that slice of every source.
        let narrow = try ECReadPlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 21, count: 2)], bufferByteCount: 2)
            .degraded(unavailable: [1])
        #expect(narrow.recoveries[0].cellRange == 1..<3)
        #expect(narrow.recoveries[0].paritySources.map(\.extent) == [WireExtent(start: ECGeometry.parityBit | 5, count: 2)])

        #expect(try read.degraded(unavailable: [4, 5]).recoveries.isEmpty)
        #expect(try read.degraded(unavailable: [4, 5]).members == read.members)
        #expect(throws: ECLayoutError.tooManyUnavailable(members: [1, 2, 4], parityCells: 2)) { try read.degraded(unavailable: [4, 2, 1]) }
        #expect(throws: ECLayoutError.invalidMember(6)) { try read.degraded(unavailable: [6]) }
        // Three members down but none holding requested data: nothing to rebuild, no error.
        let onlyCell0 = try ECReadPlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 0, count: 4)], bufferByteCount: 4)
        #expect(try onlyCell0.degraded(unavailable: [1, 2, 4]).recoveries.isEmpty)
    }

    @Test func reconstructionRefusesDisagreeingParity() throws {
        let g = try ECGeometry(redundancy: .ec4P2, cellSizeBytes: 4, recordSize: 1)
        let plan = try ECReadPlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 0, count: 16)], bufferByteCount: 16)
            .degraded(unavailable: [0, 1])
        let recovery = plan.recoveries[0]
        #expect(recovery.paritySources.count == 2)
        let cell = [UInt8](repeating: 1, count: 4)
        var buffer = [UInt8](repeating: 0, count: 16)
        let data = [[UInt8]](repeating: cell, count: 2)
        #expect(throws: ECLayoutError.parityEpochMismatch(stripe: 0)) {
            try ECReconstruction.rebuild(recovery, fetched: ECStripeFetch(
                parity: [ECFetchedCell(bytes: cell, epoch: Epoch(5)), ECFetchedCell(bytes: cell, epoch: Epoch(6))], data: data, replicas: []),
                geometry: g, into: &buffer)
        }
        #expect(throws: ECLayoutError.parityEpochMismatch(stripe: 0)) {
            try ECReconstruction.rebuild(recovery, fetched: ECStripeFetch(
                parity: [ECFetchedCell(bytes: cell, epoch: Epoch(5)), ECFetchedCell(bytes: [], epoch: nil)], data: data, replicas: []),
                geometry: g, into: &buffer)
        }
        #expect(throws: ECLayoutError.fetchedSizeMismatch(stripe: 0, expected: 4, got: 3)) {
            try ECReconstruction.rebuild(recovery, fetched: ECStripeFetch(
                parity: [ECFetchedCell(bytes: cell, epoch: Epoch(5)), ECFetchedCell(bytes: cell, epoch: Epoch(5))],
                data: [cell, [1, 2, 3]], replicas: []), geometry: g, into: &buffer)
        }
        // No parity anywhere: replicas only, the rest are holes, zero-filled.
        buffer = [UInt8](repeating: 0xEE, count: 16)
        let holes = try ECReconstruction.rebuild(recovery, fetched: ECStripeFetch(
            parity: [ECFetchedCell(bytes: [], epoch: nil), ECFetchedCell(bytes: [], epoch: nil)], data: [],
            replicas: [ECReplicaExtent(offset: 2, bytes: [7, 7, 7], epoch: Epoch(3)), ECReplicaExtent(offset: 3, bytes: [9], epoch: Epoch(4))]),
            geometry: g, into: &buffer)
        #expect(Array(buffer[0..<8]) == [0, 0, 7, 9, 7, 0, 0, 0])
        #expect(holes == [WireExtent(start: 0, count: 2), WireExtent(start: 5, count: 3)])
    }

    /// Offsets are refused, never trapped on, when they would reach the parity bit.
    @Test func extremeOffsetsAreTypedErrors() throws {
        let g = try ECGeometry(redundancy: .ec2P1, cellSizeBytes: 4, recordSize: 1)
        let bit = ECGeometry.parityBit
        let top = WireExtent(start: bit - 8, count: 8)
        let plan = try ECWritePlan(geometry: g, dkeyHash: 0, extents: [top], bufferByteCount: 8)
        #expect(plan.fullStripes.map(\.stripe) == [(bit - 8) / 8])
        #expect(plan.members[2].map(\.extent) == [WireExtent(start: bit | ((bit - 8) / 2), count: 4)])
        #expect(plan.members[0].map(\.extent) == [WireExtent(start: (bit - 8) / 2, count: 4)])
        let partialTop = try ECWritePlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: bit - 1, count: 1)], bufferByteCount: 1)
        #expect(partialTop.members[2].map(\.extent) == [WireExtent(start: bit - 1, count: 1)])
        for bad in [WireExtent(start: bit - 8, count: 9), WireExtent(start: bit, count: 1), WireExtent(start: UInt64.max, count: 1),
                    WireExtent(start: UInt64.max - 1, count: 5), WireExtent(start: 1 << 63, count: 1 << 63)] {
            #expect(throws: ECLayoutError.extentBeyondLimit(bad)) { try ECWritePlan(geometry: g, dkeyHash: 0, extents: [bad], bufferByteCount: 0) }
            #expect(throws: ECLayoutError.extentBeyondLimit(bad)) { try ECReadPlan(geometry: g, dkeyHash: 0, extents: [bad], bufferByteCount: 0) }
        }
        let wide = try ECGeometry(redundancy: .ec2P1, cellSizeBytes: 4096, recordSize: 1 << 20)
        #expect(throws: ECLayoutError.requestTooLarge) {
            try ECWritePlan(geometry: wide, dkeyHash: 0, extents: [WireExtent(start: 0, count: 1 << 61)], bufferByteCount: 0)
        }
        // A huge extent with a small buffer fails before any cell is walked.
        #expect(throws: ECLayoutError.bufferSizeMismatch(expected: Int(bit - 1), got: 16)) {
            try ECReadPlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 1, count: bit - 1)], bufferByteCount: 16)
        }
        #expect(throws: ECLayoutError.emptyExtent(index: 1)) {
            try ECWritePlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 0, count: 1), WireExtent(start: 5, count: 0)], bufferByteCount: 1)
        }
        #expect(throws: ECLayoutError.overlappingExtents(WireExtent(start: 2, count: 4), WireExtent(start: 5, count: 1))) {
            try ECWritePlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 5, count: 1), WireExtent(start: 2, count: 4)], bufferByteCount: 5)
        }
    }

    @Test func localHolesMapBackToDaosExtents() throws {
        let g = try ECGeometry(redundancy: .ec4P2, cellSizeBytes: 4, recordSize: 1)
        // Data cell 2 holds daos [8, 12), [24, 28), … at local [0, 4), [4, 8), …
        #expect(try g.daosExtents(dataCell: 2, localExtent: WireExtent(start: 3, count: 6)) ==
                [WireExtent(start: 11, count: 1), WireExtent(start: 24, count: 4), WireExtent(start: 40, count: 1)])
        #expect(g.dataLocalOffset(daosOffset: 26) == 6)
        #expect(g.parityLocalOffset(stripe: 3) == ECGeometry.parityBit | 12)
        // Cells of one record each: consecutive local records are stripes apart.
        let single = try ECGeometry(redundancy: .ec2P1, cellSizeBytes: 1, recordSize: 8)
        #expect(try single.daosExtents(dataCell: 1, localExtent: WireExtent(start: 0, count: 2)) ==
                [WireExtent(start: 1, count: 1), WireExtent(start: 3, count: 1)])
    }

    /// Punches are planned per extent: data shards punch one local range each, parity shards the
    /// replica range plus the parity of whole stripes. A punch up to the parity bit costs nothing.
    @Test func punchPlanLayout() throws {
        let g = try ECGeometry(redundancy: .ec2P1, cellSizeBytes: 4, recordSize: 1)
        let bit = ECGeometry.parityBit
        let partial = try ECPunchPlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 2, count: 12)])
        #expect(partial.members == [[WireExtent(start: 2, count: 6)], [WireExtent(start: 0, count: 6)], [WireExtent(start: 2, count: 12)]])
        #expect(partial.fullStripes.isEmpty)
        // Two touching extents covering stripes 0 and 1 whole, given out of order.
        let whole = try ECPunchPlan(geometry: g, dkeyHash: 1, extents: [WireExtent(start: 8, count: 8), WireExtent(start: 0, count: 8)])
        #expect(whole.fullStripes == [0..<2])
        #expect(whole.members[0] == [WireExtent(start: 0, count: 16), WireExtent(start: bit, count: 8)])  // parity (rotation 1)
        #expect(whole.members[1] == [WireExtent(start: 0, count: 8)] && whole.members[2] == [WireExtent(start: 0, count: 8)])
        let truncate = try ECPunchPlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 5, count: bit - 5)])
        #expect(truncate.members[0] == [WireExtent(start: 4, count: bit / 2 - 4)])
        #expect(truncate.members[1] == [WireExtent(start: 1, count: bit / 2 - 1)])
        #expect(truncate.members[2] == [WireExtent(start: 5, count: bit - 5), WireExtent(start: bit | 4, count: bit / 2 - 4)])
        #expect(throws: ECLayoutError.extentBeyondLimit(WireExtent(start: 5, count: bit))) {
            try ECPunchPlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 5, count: bit)])
        }
    }

    /// A punch newer than the parity hides what the parity encodes; replicas older than the parity
    /// are ignored; the rest is decoded.
    @Test func reconstructionOverlaysPunchesAfterParity() throws {
        let g = try ECGeometry(redundancy: .ec4P2, cellSizeBytes: 4, recordSize: 1)
        let stripe: [UInt8] = Array(1...16)
        let parity = try Self.encode(g, stripe: stripe)
        let plan = try ECReadPlan(geometry: g, dkeyHash: 0, extents: [WireExtent(start: 0, count: 4)], bufferByteCount: 4)
            .degraded(unavailable: [0])
        let recovery = plan.recoveries[0]
        #expect(recovery.dataSources.map(\.cell) == [1, 2, 3] && recovery.paritySources.map(\.cell) == [4])
        var buffer = [UInt8](repeating: 0xEE, count: 4)
        let holes = try ECReconstruction.rebuild(recovery, fetched: ECStripeFetch(
            parity: [ECFetchedCell(bytes: Array(parity[0..<4]), epoch: Epoch(5))],
            data: [Array(stripe[4..<8]), Array(stripe[8..<12]), Array(stripe[12..<16])],
            replicas: [ECReplicaExtent(offset: 2, bytes: [9], epoch: Epoch(7)),
                       ECReplicaExtent(punchedAt: 1, records: 2, epoch: Epoch(6)),
                       ECReplicaExtent(offset: 0, bytes: [77, 77, 77, 77], epoch: Epoch(4))]),
            geometry: g, into: &buffer)
        #expect(buffer == [1, 0, 9, 4])
        #expect(holes == [WireExtent(start: 1, count: 1)])
    }

    @Test func dataShardEndsMapBack() throws {
        let g = try ECGeometry(redundancy: .ec4P2, cellSizeBytes: 4, recordSize: 1)
        #expect(try g.daosEnd(dataCell: 2, localEnd: 6) == 26)
        #expect(try g.daosEnd(dataCell: 2, localEnd: 0) == 0)
        #expect(g.dataLocalCount(cell: 2, before: 26) == 6)
        #expect(g.dataLocalCount(cell: 3, before: 26) == 4 && g.dataLocalCount(cell: 0, before: 26) == 8)
        var random = SplitMix64(seed: 9)
        for _ in 0..<1000 {
            let cell = random.below(4)
            let end = random.next() % g.dataLocalCount(cell: cell, before: ECGeometry.parityBit)
            #expect(try g.dataLocalCount(cell: cell, before: g.daosEnd(dataCell: cell, localEnd: end)) == end)
        }
        let limit = g.dataLocalCount(cell: 1, before: ECGeometry.parityBit)
        #expect(try g.daosEnd(dataCell: 1, localEnd: limit) <= ECGeometry.parityBit)
        #expect(throws: ECLayoutError.self) { try g.daosEnd(dataCell: 1, localEnd: limit + 1) }
        #expect(throws: ECLayoutError.self) { try g.daosExtents(dataCell: 1, localExtent: WireExtent(start: UInt64.max, count: 1)) }
    }

    static func encode(_ g: ECGeometry, stripe: [UInt8]) throws -> [UInt8] {
        let codec = try ErasureCodec.codec(dataCells: g.dataCells, parityCells: g.parityCells)
        var parity = [UInt8](repeating: 0, count: g.parityCells * g.cellBytes)
        try stripe.withUnsafeBytes { data in
            try parity.withUnsafeMutableBytes { try codec.encode(stripe: data, parity: $0, cellSize: g.cellBytes) }
        }
        return parity
    }
}
