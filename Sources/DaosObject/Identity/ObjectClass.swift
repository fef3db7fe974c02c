/// How an object's shards protect data: the "redundancy code" byte of an `ObjectID`.
/// Raw values are DAOS's `daos_obj_redun` codes so IDs stay comparable with DAOS.
public enum Redundancy: UInt8, Sendable, CaseIterable {
    case none = 1
    case replicas2 = 8, replicas3 = 9, replicas4 = 10, replicas5 = 11, replicas6 = 12
    case replicas8 = 13, replicas12 = 14, replicas16 = 15, replicas24 = 16, replicas32 = 17
    case replicas48 = 18, replicas64 = 19, replicas128 = 20
    case ec2P1 = 32, ec2P2 = 33, ec4P1 = 34, ec4P2 = 35, ec8P1 = 36, ec8P2 = 37
    case ec16P1 = 38, ec16P2 = 39, ec4P3 = 40, ec8P3 = 41, ec16P3 = 42

    public enum Scheme: Hashable, Sendable {
        case none
        case replication(replicas: Int)
        case erasure(data: Int, parity: Int)
    }

    public var scheme: Scheme {
        switch self {
        case .none: return .none
        case .replicas2: return .replication(replicas: 2)
        case .replicas3: return .replication(replicas: 3)
        case .replicas4: return .replication(replicas: 4)
        case .replicas5: return .replication(replicas: 5)
        case .replicas6: return .replication(replicas: 6)
        case .replicas8: return .replication(replicas: 8)
        case .replicas12: return .replication(replicas: 12)
        case .replicas16: return .replication(replicas: 16)
        case .replicas24: return .replication(replicas: 24)
        case .replicas32: return .replication(replicas: 32)
        case .replicas48: return .replication(replicas: 48)
        case .replicas64: return .replication(replicas: 64)
        case .replicas128: return .replication(replicas: 128)
        case .ec2P1: return .erasure(data: 2, parity: 1)
        case .ec2P2: return .erasure(data: 2, parity: 2)
        case .ec4P1: return .erasure(data: 4, parity: 1)
        case .ec4P2: return .erasure(data: 4, parity: 2)
        case .ec8P1: return .erasure(data: 8, parity: 1)
        case .ec8P2: return .erasure(data: 8, parity: 2)
        case .ec16P1: return .erasure(data: 16, parity: 1)
        case .ec16P2: return .erasure(data: 16, parity: 2)
        case .ec4P3: return .erasure(data: 4, parity: 3)
        case .ec8P3: return .erasure(data: 8, parity: 3)
        case .ec16P3: return .erasure(data: 16, parity: 3)
        }
    }

    public init?(_ scheme: Scheme) {
        guard let match = Redundancy.allCases.first(where: { $0.scheme == scheme }) else { return nil }
        self = match
    }

    /// Shards in one redundancy group: replicas, or data + parity cells.
    public var groupSize: Int {
        switch scheme {
        case .none: return 1
        case .replication(let replicas): return replicas
        case .erasure(let data, let parity): return data + parity
        }
    }

    /// How many shards of a group may be lost without losing data.
    public var faultTolerance: Int {
        switch scheme {
        case .none: return 0
        case .replication(let replicas): return replicas - 1
        case .erasure(_, let parity): return parity
        }
    }
}

/// The number of redundancy groups of a class: a count, or X ("as many as fit"), which is
/// resolved to a count when an ID is generated so an object never widens as the pool grows.
public enum GroupCount: Hashable, Sendable {
    case count(UInt16)
    case max

    /// The sentinel DAOS stores for X in a 32-bit class id.
    static let maxSentinel: UInt16 = 0xFFFF
}

/// An object class: redundancy scheme × number of groups, e.g. `EC_8P2G1`, `RP_3GX`, `SX`.
public struct ObjectClass: Hashable, Sendable, CustomStringConvertible {
    public var redundancy: Redundancy
    public var groups: GroupCount

    public init(redundancy: Redundancy, groups: GroupCount) {
        self.redundancy = redundancy
        self.groups = groups
    }

    public var groupSize: Int { redundancy.groupSize }

    /// DAOS's 32-bit `daos_oclass_id_t`: redundancy code << 24 | group count (0xFFFF = X).
    public var id: UInt32 {
        let groupBits: UInt16
        switch groups {
        case .count(let n): groupBits = n
        case .max: groupBits = GroupCount.maxSentinel
        }
        return UInt32(redundancy.rawValue) << 24 | UInt32(groupBits)
    }

    public init?(id: UInt32) {
        guard id >> 16 & 0xFF == 0, let redundancy = Redundancy(rawValue: UInt8(truncatingIfNeeded: id >> 24))
        else { return nil }
        let groupBits = UInt16(truncatingIfNeeded: id)
        guard groupBits != 0 else { return nil }
        self.init(redundancy: redundancy, groups: groupBits == GroupCount.maxSentinel ? .max : .count(groupBits))
    }

    public var description: String {
        let groupText: String
        switch groups {
        case .count(let n): groupText = String(n)
        case .max: groupText = "X"
        }
        switch redundancy.scheme {
        case .none: return "S" + groupText
        case .replication(let replicas): return "RP_\(replicas)G" + groupText
        case .erasure(let data, let parity): return "EC_\(data)P\(parity)G" + groupText
        }
    }

    /// Parses DAOS class names: `S1`…`S32`, `SX`, `RP_3G2`, `RP_2GX`, `EC_8P2G1`, `EC_4P2GX`,
    /// optionally prefixed `OC_`, in any letter case. A missing `G…` on RP/EC means one group.
    public init(parsing text: String) throws(ObjectClassError) {
        var name = Substring(text.uppercased())
        if name.hasPrefix("OC_") { name = name.dropFirst(3) }
        if name.hasPrefix("S") {
            self.init(redundancy: .none, groups: try Self.parseGroups(name.dropFirst(), whole: text))
            return
        }
        let groupText: Substring
        let schemeText: Substring
        if let g = name.firstIndex(of: "G") {
            schemeText = name[..<g]
            groupText = name[name.index(after: g)...]
        } else {
            schemeText = name
            groupText = "1"
        }
        let groups = try Self.parseGroups(groupText, whole: text)
        let scheme: Redundancy.Scheme
        if schemeText.hasPrefix("RP_"), let replicas = Int(schemeText.dropFirst(3)) {
            scheme = .replication(replicas: replicas)
        } else if schemeText.hasPrefix("EC_"), let p = schemeText.firstIndex(of: "P"),
                  let data = Int(schemeText[schemeText.index(schemeText.startIndex, offsetBy: 3)..<p]),
                  let parity = Int(schemeText[schemeText.index(after: p)...]) {
            scheme = .erasure(data: data, parity: parity)
        } else {
            throw .unknownName(text)
        }
        guard let redundancy = Redundancy(scheme) else { throw .unknownName(text) }
        self.init(redundancy: redundancy, groups: groups)
    }

    private static func parseGroups(_ text: Substring, whole: String) throws(ObjectClassError) -> GroupCount {
        if text == "X" { return .max }
        guard text.allSatisfy(\.isASCII), let n = UInt16(text), n >= 1, n < GroupCount.maxSentinel else {
            throw .unknownName(whole)
        }
        return .count(n)
    }
}

public enum ObjectClassError: Error, Equatable, CustomStringConvertible {
    case unknownName(String)
    case groupSizeExceedsFaultDomains(ObjectClass, domains: Int)
    case redundancyFactorOutOfRange(Int)
    case redundancyFactorExceedsFaultDomains(redundancyFactor: Int, domains: Int)
    case classBelowRedundancyFactor(ObjectClass, redundancyFactor: Int)
    case emptyPool

    public var description: String {
        switch self {
        case .unknownName(let name):
            return "unknown object class '\(name)' (expected S1…S32, SX, RP_<r>G<g>, EC_<k>P<p>G<g>, g = number or X)"
        case .groupSizeExceedsFaultDomains(let oclass, let domains):
            return "object class \(oclass) needs \(oclass.groupSize) fault domains per group, the pool has \(domains)"
        case .redundancyFactorOutOfRange(let rf):
            return "redundancy factor rd_fac:\(rf) is out of range 0…4"
        case .redundancyFactorExceedsFaultDomains(let rf, let domains):
            return "rd_fac:\(rf) needs at least \(rf + 1) fault domains, the pool has \(domains)"
        case .classBelowRedundancyFactor(let oclass, let rf):
            return "object class \(oclass) tolerates \(oclass.redundancy.faultTolerance) failures, the container's rd_fac is \(rf)"
        case .emptyPool:
            return "the pool has no targets"
        }
    }
}
