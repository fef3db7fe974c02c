/// Object layouts: which target holds each shard of an object.
///
/// The base layout spreads objects with a low-discrepancy sequence instead of a random hash.
/// The container's OID allocator hands out consecutive `lo` values; a golden-ratio Weyl
/// sequence indexed by `lo` (offset by a hash of `hi`) puts the first shard of consecutive
/// objects at evenly spaced positions among all targets, listed domain by domain. Shard k then
/// sits k strides further on in domain order, at the same slot inside its domain, so for each
/// stride every shard index is a bijection of the first position: targets fill evenly
/// (max/mean 1.05 at Aurora scale, where independent random hashing leaves the fullest target
/// about 4 standard deviations, 1.3×, above the mean). IDs with unrelated `lo` values still
/// spread like a good hash.
///
/// Shard k of an object lives in domain (d0 + k·stride) mod D with the stride coprime with D,
/// so the shards of a group — k consecutive — are in distinct domains whenever the group is no
/// larger than D. When a target stops holding shards (DOWN, DOWNOUT, UP), each of its shards
/// alone is remapped to a fallback chosen by jump consistent hash with retries, avoiding the
/// domains its group already uses; no other shard moves, and a target that returns to UPIN
/// gets exactly its shards back, because the base layout never depends on component states.
public struct ShardLocation: Hashable, Sendable {
    public var target: Int32
    public var rank: UInt32
    /// The shard sits on a fallback target because its own target does not hold shards now.
    public var isFallback: Bool
    /// False when no healthy target could be found (every candidate is down).
    public var isAvailable: Bool
}

public struct ObjectLayout: Hashable, Sendable {
    public let id: ObjectID
    public let groupSize: Int
    public let groupCount: Int
    /// Shard k = group × groupSize + member.
    public var shards: [ShardLocation]

    public func group(_ index: Int) -> ArraySlice<ShardLocation> {
        shards[index * groupSize..<(index + 1) * groupSize]
    }

    /// The redundancy group a distribution key's hash selects.
    public func groupIndex(forDistributionKeyHash hash: UInt64) -> Int {
        PlacementHash.jump(hash, buckets: groupCount)
    }

    /// The member of a group that holds logical cell `cell` of an erasure-coded dkey (data cells
    /// 0..<k, parity k..<k+p). Parity rotates per dkey so parity load spreads over the group.
    public static func erasureMember(cell: Int, distributionKeyHash hash: UInt64, groupSize: Int) -> Int {
        (Int(hash % UInt64(groupSize)) + cell) % groupSize
    }
}

/// One shard that a map change moves.
public struct ShardMove: Hashable, Sendable {
    public var shard: Int
    public var from: Int32
    public var to: Int32
}

extension PlacementMap {
    /// The golden-ratio Weyl step in 64-bit fixed point: the 1-D sequence with the lowest
    /// discrepancy, so every interval of positions gets its share of consecutive IDs ± 1 or 2.
    static let stepPosition: UInt64 = 0x9E37_79B9_7F4A_7C15
    static let positionSalt: UInt64 = 0x5A17_C0DE
    static let fallbackSalt: UInt64 = 0xDEAD_2BAD
    static let fallbackRetriesMax = 32

    public func layout(of id: ObjectID) -> ObjectLayout {
        var shards: [ShardLocation] = []
        let (groupSize, groupCount) = Self.dimensions(of: id)
        place(id, into: &shards)
        return ObjectLayout(id: id, groupSize: groupSize, groupCount: groupCount, shards: shards)
    }

    static func dimensions(of id: ObjectID) -> (groupSize: Int, groupCount: Int) {
        let groupSize = Redundancy(rawValue: id.redundancyCode)?.groupSize ?? 1
        return (groupSize, max(1, Int(id.groupCount)))
    }

    /// Writes the layout into `shards` (reusing its storage: no allocation once it is large enough).
    public func place(_ id: ObjectID, into shards: inout [ShardLocation]) {
        let (groupSize, groupCount) = Self.dimensions(of: id)
        let shardCount = groupSize * groupCount
        shards.removeAll(keepingCapacity: true)
        guard domainCount > 0 else { return }
        // One Weyl coordinate picks the first shard's position among all targets (domain-major),
        // so consecutive IDs fill positions evenly; the fraction left over inside that position
        // picks the stride. Every later shard is a fixed bijection of the first position for a
        // given stride, so each target receives as many shards as a position holds objects.
        let x = PlacementHash.mix(PlacementHash.mix(id.hi) ^ Self.positionSalt) &+ id.lo &* Self.stepPosition
        let (position, fraction) = x.multipliedFullWidth(by: UInt64(targetCount))
        let firstDomain = Int(positionDomain[Int(position)])
        let firstSlot = Int(position) - Int(domainStart[firstDomain])
        let stride = Int(strides[PlacementHash.scale(fraction, to: strides.count)])
        let domains = domainCount
        var anyMissing = false
        for k in 0..<shardCount {
            let domain = (firstDomain + (k % domains) * stride) % domains
            let round = k / domains
            let lower = Int(domainStart[domain])
            let size = Int(domainStart[domain + 1]) - lower
            let slot = (firstSlot + round) % size
            let target = domainTargets[lower + slot]
            let holds = targetHoldsShards[Int(target)]
            anyMissing = anyMissing || !holds
            shards.append(ShardLocation(target: target, rank: targetRank[Int(target)], isFallback: false, isAvailable: holds))
        }
        guard anyMissing else { return }
        for k in 0..<shardCount where !shards[k].isAvailable {
            remap(id, shard: k, groupSize: groupSize, shards: &shards)
        }
    }

    /// Moves one shard off a target that does not hold shards. Tries jump-hashed domains not used
    /// by the shard's group first; then any healthy target in a domain the group does not use;
    /// then any healthy target the group does not use ("don't be picky": better a shared domain
    /// than no copy); a target already holding a shard of the group only when there is no other
    /// (engines key a shard's data by object, so two shards of a group must not share a target).
    private func remap(_ id: ObjectID, shard k: Int, groupSize: Int, shards: inout [ShardLocation]) {
        let group = (k / groupSize) * groupSize..<(k / groupSize + 1) * groupSize
        func usedByGroup(domain: Int) -> Bool {
            group.contains { $0 != k && shards[$0].isAvailable && Int(targetDomain[Int(shards[$0].target)]) == domain }
        }
        func usedByGroup(target: Int32) -> Bool {
            group.contains { $0 != k && shards[$0].isAvailable && shards[$0].target == target }
        }
        func accept(_ target: Int32) {
            shards[k] = ShardLocation(target: target, rank: targetRank[Int(target)], isFallback: true, isAvailable: true)
        }
        let key = PlacementHash.mix(id.hi ^ PlacementHash.mix(id.lo ^ Self.fallbackSalt) ^ UInt64(k) << 24)
        for retry in 0..<Self.fallbackRetriesMax {
            let h = PlacementHash.mix(key &+ UInt64(retry))
            let domain = PlacementHash.jump(h, buckets: domainCount)
            if usedByGroup(domain: domain) { continue }
            let members = targets(ofDomain: domain)
            let start = PlacementHash.jump(PlacementHash.mix(h), buckets: members.count)
            for probe in 0..<members.count {
                let target = members[members.startIndex + (start + probe) % members.count]
                if targetHoldsShards[Int(target)] && !usedByGroup(target: target) {
                    accept(target)
                    return
                }
            }
        }
        let first = PlacementHash.scale(key, to: targetCount)
        for pass in 0..<3 {
            for probe in 0..<targetCount {
                let target = domainTargets[(first + probe) % targetCount]
                guard targetHoldsShards[Int(target)] else { continue }
                if pass == 0 && (usedByGroup(target: target) || usedByGroup(domain: domain(ofTarget: target))) { continue }
                if pass == 1 && usedByGroup(target: target) { continue }
                accept(target)
                return
            }
        }
    }

    /// The shards whose target differs between this map and `newer` (what rebuild, drain,
    /// reintegration or extension must move for this object).
    public func moves(of id: ObjectID, to newer: PlacementMap) -> [ShardMove] {
        let before = layout(of: id).shards
        let after = newer.layout(of: id).shards
        return zip(before.indices, zip(before, after)).compactMap { k, pair in
            pair.0.target == pair.1.target ? nil : ShardMove(shard: k, from: pair.0.target, to: pair.1.target)
        }
    }
}
