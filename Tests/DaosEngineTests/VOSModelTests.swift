import DaosObject
import Testing

@testable import DaosEngine

/// Model-based property test: random update / punch / fetch / list / snapshot / aggregate /
/// checkpoint / reopen sequences at random epochs, every read compared with ReferenceModel.
/// After an aggregation with bound B, reads are compared only where aggregation promises
/// equality: at retained snapshots and at epochs ≥ B.
@Suite struct VOSModelTests {
    static let containers = [ContainerID(hi: 1, lo: 1), ContainerID(hi: 2, lo: 2)]
    static let objects = (0..<2).map { ObjectID(hi: 0x10, lo: UInt64($0)) }
    static let dkeys: [Key] = (0..<3).map { Key.uint64(UInt64($0)) } + [.lexical("p")]
    static let singleAkeys: [Key] = [.lexical("s0"), .lexical("s1")]
    static let arrayAkeys: [(Key, UInt32)] = [(.lexical("v0"), 1), (.lexical("v1"), 1), (.lexical("w"), 4)]

    @Test(arguments: [(UInt64(1), Durability.pageCache), (2, .pageCache), (3, .sync), (4, .pageCache), (5, .sync)])
    func matchesReferenceModel(seed: UInt64, durability: Durability) throws {
        try withTemporaryDirectory { dir in
            var run = try ModelRun(dir: dir, seed: seed, durability: durability)
            for step in 0..<2000 { try run.step(step) }
            // The comparisons must mostly be about data, not about empty keys.
            #expect(run.checks > 800)
            #expect(run.nonEmptyReads > 150)
            #expect(run.aggregations > 15)
        }
    }
}

struct ModelRun {
    typealias M = ReferenceModel
    let dir: String
    let durability: Durability
    var rng: SplitMix64
    var target: VOSTarget
    var model = ReferenceModel()
    var now: UInt64 = 10
    var bounds: [ContainerID: UInt64] = [:]
    var snapshots: [ContainerID: [UInt64]] = [:]
    var checks = 0
    var nonEmptyReads = 0
    var aggregations = 0

    init(dir: String, seed: UInt64, durability: Durability) throws {
        self.dir = dir
        self.durability = durability
        rng = SplitMix64(seed: seed)
        // A small WAL threshold so automatic checkpoints happen inside the run too.
        target = try openTarget(dir, durability, checkpointWALBytes: 256 << 10)
        for c in VOSModelTests.containers {
            try target.createContainer(c)
            model.containers.insert(c)
        }
    }

    mutating func step(_ step: Int) throws {
        if rng.chance(30) { now += UInt64(rng.below(3)) }
        let c = VOSModelTests.containers[rng.below(2)]
        let object = M.ObjectPath(container: c, object: VOSModelTests.objects[rng.below(2)])
        let dkey = VOSModelTests.dkeys[rng.below(VOSModelTests.dkeys.count)]
        let roll = rng.below(100)
        switch roll {
        case 0..<35: try update(object, dkey)
        case 35..<43: try punch(object, dkey)
        case 43..<68: try checkFetch(object, dkey)
        case 68..<78: try checkList(object, dkey)
        case 78..<82:
            let epoch = readEpoch(c)
            #expect(
                try target.maxDkey(container: c, object: object.object, epoch: Epoch(epoch))
                    == model.dkeys(object, at: epoch).compactMap { if case .uint64(let v) = $0 { v } else { nil } }
                    .max())
            checks += 1
        case 82..<86: snapshots[c, default: []].append(now)
        case 86..<89: try aggregate(c)
        case 89..<92: try reopen()
        case 92..<94: try target.checkpoint()
        case 94..<95 where rng.chance(25):
            try target.destroyObject(container: c, object: object.object)
            model.destroy(object)
        default:
            // Writes below the aggregation bound are refused.
            if let bound = bounds[c], bound > 1 {
                let refused = error {
                    try target.update(
                        container: c, object: object.object, dkey: dkey, epoch: Epoch(bound),
                        akeys: [AkeyUpdate(akey: .lexical("s0"), value: .single([1]))])
                }
                #expect(refused == .epochBelowAggregation(Epoch(bound), aggregatedThrough: Epoch(bound)))
            }
        }
    }

    func writeEpoch(_ c: ContainerID) -> UInt64 {
        max(now, (bounds[c] ?? 0) + 1)
    }

    mutating func readEpoch(_ c: ContainerID) -> UInt64 {
        let bound = bounds[c] ?? 0
        if let snaps = snapshots[c], !snaps.isEmpty, rng.chance(30) { return snaps[rng.below(snaps.count)] }
        if rng.chance(10) { return UInt64.max }
        let low = max(bound, 1)
        if rng.chance(50) { return max(now, low) + UInt64(rng.below(3)) }
        return low + UInt64(rng.below(Int(max(now, low) - low) + 3))
    }

    mutating func update(_ object: M.ObjectPath, _ dkey: Key) throws {
        var epoch = writeEpoch(object.container)
        if rng.chance(20), epoch > 5 { epoch = max(epoch - UInt64(rng.below(5)), (bounds[object.container] ?? 0) + 1) }
        var akeys: [AkeyUpdate] = []
        for akey in VOSModelTests.singleAkeys where rng.chance(40) {
            let length = rng.chance(50) ? rng.below(40) : rng.below(3000)
            akeys.append(
                AkeyUpdate(akey: akey, value: .single((0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) })))
        }
        for (akey, size) in VOSModelTests.arrayAkeys where rng.chance(40) || akeys.isEmpty {
            var writes: [ArrayWrite] = []
            var cursor = UInt64(rng.below(20))
            for _ in 0..<(1 + rng.below(2)) {
                let count = UInt64(1 + rng.below(30))
                let data = (0..<(Int(count) * Int(size))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                writes.append(ArrayWrite(extent: RecordExtent(start: cursor, count: count), data: data))
                cursor += count + UInt64(rng.below(8))
            }
            akeys.append(AkeyUpdate(akey: akey, value: .array(recordSize: size, writes: writes)))
        }
        let path = M.DkeyPath(object: object, dkey: dkey)
        if rng.chance(10) {
            // Conditional insert: sent back for a newer epoch when the dkey changed after this
            // one, else refused exactly when the model sees the dkey at this epoch.
            let newest = model.newestEpoch(path)
            let exists = !model.akeys(path, at: epoch).isEmpty
            let result = error {
                try target.update(
                    container: object.container, object: object.object, dkey: dkey,
                    epoch: Epoch(epoch), akeys: akeys, condition: .dkeyInsert)
            }
            let expected: VOSError? = newest > epoch ? .conditionBehindNewerEpoch(Epoch(epoch), newest: Epoch(newest))
                : exists ? .keyExists : nil
            #expect(result == expected)
            if result == nil { model.update(path, epoch: epoch, akeys) }
            checks += 1
            return
        }
        try target.update(
            container: object.container, object: object.object, dkey: dkey, epoch: Epoch(epoch), akeys: akeys)
        model.update(path, epoch: epoch, akeys)
    }

    mutating func punch(_ object: M.ObjectPath, _ dkey: Key) throws {
        let epoch = writeEpoch(object.container)
        let target: PunchTarget
        switch rng.below(10) {
        case 0: target = .object
        case 1..<4: target = .dkey(dkey)
        case 4..<7:
            let all = VOSModelTests.singleAkeys + VOSModelTests.arrayAkeys.map(\.0)
            target = .akey(dkey: dkey, akey: all[rng.below(all.count)])
        default:
            let akey = VOSModelTests.arrayAkeys[rng.below(3)].0
            target = .extent(
                dkey: dkey, akey: akey, RecordExtent(start: UInt64(rng.below(60)), count: UInt64(1 + rng.below(20))))
        }
        try self.target.punch(container: object.container, object: object.object, target, epoch: Epoch(epoch))
        model.punch(object, target, epoch: epoch)
    }

    mutating func checkFetch(_ object: M.ObjectPath, _ dkey: Key) throws {
        let epoch = readEpoch(object.container)
        let path = M.DkeyPath(object: object, dkey: dkey)
        if rng.chance(40) {
            let akey = VOSModelTests.singleAkeys[rng.below(2)]
            let got = try target.fetchSingle(
                container: object.container, object: object.object, dkey: dkey, akey: akey, epoch: Epoch(epoch))
            #expect(got == model.single(M.AkeyPath(dkey: path, akey: akey), at: epoch), "single \(akey) at \(epoch)")
            if got != nil { nonEmptyReads += 1 }
        } else {
            let (akey, size) = VOSModelTests.arrayAkeys[rng.below(3)]
            let extent = RecordExtent(start: UInt64(rng.below(70)), count: UInt64(1 + rng.below(40)))
            let got = try target.fetchArray(
                container: object.container, object: object.object, dkey: dkey, akey: akey,
                extents: [extent], recordSize: size, epoch: Epoch(epoch))[0]
            var holes: [RecordExtent] = []
            var expected: [UInt8] = []
            for index in extent.start..<extent.end {
                if let record = model.record(M.AkeyPath(dkey: path, akey: akey), index, at: epoch) {
                    expected += record
                } else {
                    expected += [UInt8](repeating: 0, count: Int(size))
                    if let last = holes.last, last.end == index {
                        holes[holes.count - 1].count += 1
                    } else {
                        holes.append(RecordExtent(start: index, count: 1))
                    }
                }
            }
            #expect(got.bytes == expected, "array \(akey) \(extent) at \(epoch)")
            #expect(got.holes == holes, "holes of \(akey) \(extent) at \(epoch)")
            if holes != [extent] { nonEmptyReads += 1 }
        }
        checks += 1
    }

    mutating func checkList(_ object: M.ObjectPath, _ dkey: Key) throws {
        let epoch = readEpoch(object.container)
        let c = object.container
        let limit = 1 + rng.below(4)
        var listed: [Key] = []
        var anchor: VOSAnchor?
        repeat {
            let page = try target.listDkeys(
                container: c, object: object.object, epoch: Epoch(epoch), anchor: anchor, limit: limit)
            listed += page.keys
            anchor = page.next
        } while anchor != nil
        #expect(listed == model.dkeys(object, at: epoch), "dkeys at \(epoch)")
        let path = M.DkeyPath(object: object, dkey: dkey)
        let akeys = try target.listAkeys(container: c, object: object.object, dkey: dkey, epoch: Epoch(epoch))
        #expect(akeys.keys == model.akeys(path, at: epoch), "akeys at \(epoch)")
        let (akey, _) = VOSModelTests.arrayAkeys[rng.below(3)]
        let extents = try target.listExtents(
            container: c, object: object.object, dkey: dkey, akey: akey, epoch: Epoch(epoch))
        let expected = model.extents(M.AkeyPath(dkey: path, akey: akey), at: epoch)
        #expect(extents.extents == expected, "extents of \(akey) at \(epoch)")
        #expect(
            try target.maxRecordEnd(container: c, object: object.object, dkey: dkey, akey: akey, epoch: Epoch(epoch))
                == (expected.last?.end ?? 0))
        checks += 1
    }

    mutating func aggregate(_ c: ContainerID) throws {
        let floor = (bounds[c] ?? 0) + 1
        guard now > floor else { return }
        let bound = floor + UInt64(rng.below(Int(now - floor)))
        let before = target.space.usedBytes
        try target.aggregate(container: c, snapshots: (snapshots[c] ?? []).map { Epoch($0) }, bound: Epoch(bound))
        #expect(target.space.usedBytes <= before)
        bounds[c] = bound
        aggregations += 1
        // Snapshots above the bound stay meaningful; those below stay retained.
    }

    mutating func reopen() throws {
        // Quarantined ranges (sync mode, see VOSTarget.release) are free after a restart.
        let used = target.space.usedBytes - target.quarantinedBytes
        target.close()
        target = try openTarget(dir, durability, checkpointWALBytes: 256 << 10)
        // The allocator rebuilt from the index must account exactly what the live one did.
        #expect(target.space.usedBytes == used)
        checks += 1
    }
}
