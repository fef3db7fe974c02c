/// A 128-bit object identifier with DAOS's bit layout, so IDs compare across systems.
///
///     hi: 63..56 object type | 55..48 redundancy code | 47..32 group count | 31..0 user
///     lo: 63..0 user
///
/// The 96 user bits must be unique inside a container (the container's OID allocator hands out
/// `lo` values); the upper 32 bits of `hi` are the system's and are written by `generate`.
public struct ObjectID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var hi: UInt64
    public var lo: UInt64

    static let typeShift: UInt64 = 56
    static let redundancyShift: UInt64 = 48
    static let groupsShift: UInt64 = 32
    static let userHiMask: UInt64 = 0xFFFF_FFFF

    public init(hi: UInt64, lo: UInt64) {
        self.hi = hi
        self.lo = lo
    }

    /// Builds an ID from user bits and a resolved class (group count already concrete).
    public init(userHi: UInt32 = 0, lo: UInt64, type: ObjectType, redundancy: Redundancy, groups: UInt16) {
        self.hi = UInt64(type.rawValue) << Self.typeShift
            | UInt64(redundancy.rawValue) << Self.redundancyShift
            | UInt64(groups) << Self.groupsShift
            | UInt64(userHi)
        self.lo = lo
    }

    /// The object type, or nil when the type byte is not one this system knows.
    public var type: ObjectType? { ObjectType(rawValue: UInt8(truncatingIfNeeded: hi >> Self.typeShift)) }

    public var redundancyCode: UInt8 { UInt8(truncatingIfNeeded: hi >> Self.redundancyShift) }

    /// The number of redundancy groups stored in the ID (never the X sentinel for a generated ID).
    public var groupCount: UInt16 { UInt16(truncatingIfNeeded: hi >> Self.groupsShift) }

    public var userHi: UInt32 { UInt32(truncatingIfNeeded: hi & Self.userHiMask) }

    /// The object class encoded in the ID, or nil when the redundancy code is unknown.
    public var objectClass: ObjectClass? {
        guard let redundancy = Redundancy(rawValue: redundancyCode) else { return nil }
        return ObjectClass(redundancy: redundancy, groups: .count(groupCount))
    }

    public static func < (a: ObjectID, b: ObjectID) -> Bool {
        (a.hi, a.lo) < (b.hi, b.lo)
    }

    /// DAOS prints IDs as `hi.lo` in hex.
    public var description: String {
        String(hi, radix: 16) + "." + String(lo, radix: 16)
    }

    /// Parses the `hi.lo` hex form printed by `description`.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[0].count <= 16, parts[1].count <= 16,
              let hi = UInt64(parts[0], radix: 16), let lo = UInt64(parts[1], radix: 16)
        else { return nil }
        self.init(hi: hi, lo: lo)
    }
}

/// Object types (DAOS `daos_otype_t` values). The key kind decides how VOS orders keys:
/// uint64 and lexical keys are ordered, which is what "max dkey" queries (array size) need.
public enum ObjectType: UInt8, Sendable, CaseIterable {
    case multiHashed = 0
    case objectIndexTable = 1
    case dkeyUInt64 = 2
    case akeyUInt64 = 3
    case multiUInt64 = 4
    case dkeyLexical = 5
    case akeyLexical = 6
    case multiLexical = 7
    case keyValueHashed = 8
    case keyValueUInt64 = 9
    case keyValueLexical = 10
    case array = 11
    case arrayAttributes = 12
    case byteArray = 13

    /// Arrays and byte arrays: the types that default to erasure coding under `rd_fac` ≥ 1.
    public var isArray: Bool { self == .array || self == .arrayAttributes || self == .byteArray }

    /// Flat key-value objects have a dkey and no akey.
    public var isFlatKeyValue: Bool {
        self == .keyValueHashed || self == .keyValueUInt64 || self == .keyValueLexical
    }

    /// Distribution keys of these types are integers: their own value is the dkey hash.
    public var hasUInt64DistributionKey: Bool {
        self == .dkeyUInt64 || self == .multiUInt64 || self == .keyValueUInt64
            || self == .array || self == .arrayAttributes || self == .byteArray
    }
}
