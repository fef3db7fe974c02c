/// What ID generation needs to know about a pool: its size at the fault-domain level in use.
public struct PoolShape: Hashable, Sendable {
    public var targetCount: Int
    public var domainCount: Int

    public init(targetCount: Int, domainCount: Int) {
        self.targetCount = targetCount
        self.domainCount = domainCount
    }

    var targetsPerDomain: Int { domainCount == 0 ? 0 : targetCount / domainCount }
}

extension ObjectClass {
    /// Groups kept free when X is resolved, so rebuild has targets to move shards to
    /// (DAOS's `reserve_grp_by_rf`): a number of fault domains that grows with the pool,
    /// converted to targets and then to whole groups.
    static func reservedGroups(groupSize: Int, shape: PoolShape, redundancyFactor: Int) -> Int {
        let rf = redundancyFactor
        let domains = shape.domainCount
        func percent(_ p: Int) -> Int { (domains * p + 99) / 100 }
        let reservedDomains: Int
        switch domains {
        case ..<16: reservedDomains = rf
        case ..<32: reservedDomains = rf + 1
        case ..<64: reservedDomains = rf + 2
        case ..<128: reservedDomains = max(percent(4), rf + 2)
        case ..<256: reservedDomains = max(percent(6), rf + 2)
        default: reservedDomains = max(percent(8), rf + 2)
        }
        let reservedTargets = reservedDomains * shape.targetsPerDomain
        return (reservedTargets + groupSize - 1) / groupSize
    }

    /// The concrete group count an ID of this class gets on a pool of this shape.
    /// X becomes "as many groups as the targets hold, minus the rebuild reserve" (at least 1).
    public func resolvedGroupCount(on shape: PoolShape, redundancyFactor: Int = 0) throws(ObjectClassError) -> UInt16 {
        guard shape.targetCount > 0, shape.domainCount > 0 else { throw .emptyPool }
        guard groupSize <= shape.domainCount else {
            throw .groupSizeExceedsFaultDomains(self, domains: shape.domainCount)
        }
        switch groups {
        case .count(let n):
            return n
        case .max:
            let fitting = shape.targetCount / groupSize
            let reserved = Self.reservedGroups(groupSize: groupSize, shape: shape, redundancyFactor: redundancyFactor)
            let resolved = max(1, fitting - reserved)
            return UInt16(min(resolved, Int(GroupCount.maxSentinel) - 1))
        }
    }

    /// The class DAOS picks when none is given, from the container's `rd_fac` and the number of
    /// fault domains: erasure codes for arrays where enough domains exist, replication otherwise.
    /// Arrays and flat key-value objects spread over as many groups as fit (X); everything else
    /// (directories, for instance) gets one group.
    public static func defaultClass(
        for type: ObjectType, redundancyFactor rf: Int, domains: Int
    ) throws(ObjectClassError) -> ObjectClass {
        guard (0...4).contains(rf) else { throw .redundancyFactorOutOfRange(rf) }
        guard domains > rf else { throw .redundancyFactorExceedsFaultDomains(redundancyFactor: rf, domains: domains) }
        let groups: GroupCount = type.isArray || type.isFlatKeyValue ? .max : .count(1)
        let redundancy: Redundancy
        switch (rf, type.isArray) {
        case (0, _):
            redundancy = .none
        case (1, true) where domains >= 3:
            redundancy = domains >= 18 ? .ec16P1 : domains >= 10 ? .ec8P1 : domains >= 6 ? .ec4P1 : .ec2P1
        case (1, _):
            redundancy = .replicas2
        case (2, true) where domains >= 4:
            redundancy = domains >= 20 ? .ec16P2 : domains >= 12 ? .ec8P2 : domains >= 8 ? .ec4P2 : .ec2P2
        case (2, _):
            redundancy = .replicas3
        case (3, true) where domains >= 10:
            redundancy = domains >= 22 ? .ec16P3 : domains >= 14 ? .ec8P3 : .ec4P3
        case (3, _):
            redundancy = .replicas4
        default:
            redundancy = .replicas5
        }
        return ObjectClass(redundancy: redundancy, groups: groups)
    }
}

extension ObjectID {
    /// Generates the ID of a new object from its user bits (the container's OID allocator gives
    /// `lo`), writing type, redundancy and the resolved group count into `hi[63:32]`.
    /// A class that protects against fewer failures than the container's `rd_fac` is refused.
    public static func generate(
        lo: UInt64, userHi: UInt32 = 0, type: ObjectType, objectClass: ObjectClass,
        on shape: PoolShape, redundancyFactor: Int = 0
    ) throws(ObjectClassError) -> ObjectID {
        guard (0...4).contains(redundancyFactor) else { throw .redundancyFactorOutOfRange(redundancyFactor) }
        guard objectClass.redundancy.faultTolerance >= redundancyFactor else {
            throw .classBelowRedundancyFactor(objectClass, redundancyFactor: redundancyFactor)
        }
        let groups = try objectClass.resolvedGroupCount(on: shape, redundancyFactor: redundancyFactor)
        return ObjectID(userHi: userHi, lo: lo, type: type, redundancy: objectClass.redundancy, groups: groups)
    }
}
