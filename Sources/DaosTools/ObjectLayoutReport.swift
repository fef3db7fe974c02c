import DaosObject

/// `daos object query POOL CONT OID`: where each shard of an object lives, computed by the same
/// placement every client and engine runs (no RPC: the layout is a pure function of the ID and
/// the pool map). Text as DAOS prints it, `replica <member> <rank>:<target index>` per
/// redundancy group, with a marker on shards that sit on a fallback target (or have none).
public struct ObjectLayoutReport {
    public struct Replica: Equatable, Sendable {
        public var rank: UInt32
        /// The target's index inside its engine (DAOS's `sd_tgt_idx`), not its pool-wide index.
        public var targetIndex: Int
        public var isFallback: Bool
        public var isAvailable: Bool
    }

    public let id: ObjectID
    public let objectClass: ObjectClass
    public let mapVersion: UInt32
    public let faultDomainLevel: FaultDomainLevel
    /// `groups[g][m]`: member m of redundancy group g.
    public let groups: [[Replica]]

    public init(id: ObjectID, map: PoolMap) throws(ToolError) {
        let oclass = try Self.objectClass(of: id)
        let level = FaultDomainLevel.serviceDefault(for: map)
        let placement = PlacementMap(map, level: level)
        guard placement.domainCount > 0 else { throw .failed("the pool map has no targets to place on") }
        let layout = placement.layout(of: id)
        var groups: [[Replica]] = []
        groups.reserveCapacity(layout.groupCount)
        for group in 0..<layout.groupCount {
            groups.append(layout.group(group).map { shard in
                let target = Int(shard.target)
                let firstOfEngine = map.engines[map.targets[target].engine].targets.lowerBound
                return Replica(rank: shard.rank, targetIndex: target - firstOfEngine,
                               isFallback: shard.isFallback, isAvailable: shard.isAvailable)
            })
        }
        self.id = id
        objectClass = oclass
        mapVersion = map.version
        faultDomainLevel = level
        self.groups = groups
    }

    /// The class in the ID's high word, or why there is none (checked before connecting).
    public static func objectClass(of id: ObjectID) throws(ToolError) -> ObjectClass {
        guard let oclass = id.objectClass, id.groupCount >= 1 else {
            throw .badArgument("object ID \(ObjectIDArgument.format(id)) carries no object class "
                               + "(its high word's class bits are not a known class; hex IDs need 0x)")
        }
        return oclass
    }

    public var text: String {
        var lines = ["oid: \(ObjectIDArgument.format(id)) ver \(mapVersion) grp_nr: \(groups.count)",
                     "class: \(objectClass)"]
        for (index, group) in groups.enumerated() {
            lines.append("grp: \(index)")
            for (member, replica) in group.enumerated() {
                let note = !replica.isAvailable ? " (unavailable)" : replica.isFallback ? " (fallback)" : ""
                lines.append("replica \(member) \(replica.rank):\(replica.targetIndex)" + note)
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// DAOS's `{oid, version, class, shards: [{replicas: [{rank, target}]}]}`, plus whether
    /// each replica is on a fallback target and available.
    public var json: JSONValue {
        [
            "oid": .string(ObjectIDArgument.format(id)),
            "version": .number(mapVersion),
            "class": .string(objectClass.description),
            "shards": .array(groups.map { group in
                ["replicas": .array(group.map { replica in
                    ["rank": .number(replica.rank), "target": .number(replica.targetIndex),
                     "fallback": .bool(replica.isFallback), "available": .bool(replica.isAvailable)]
                })]
            }),
        ]
    }
}
