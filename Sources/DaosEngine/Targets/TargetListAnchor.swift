// Where a target's listing resumes, in the wire's opaque `ListAnchor` (≤ 64 bytes). A VOS
// anchor holds a whole key (up to 4096 bytes), so a long key travels as a prefix plus a hash
// and the target finds it again among the keys sharing that prefix (see `TargetService+List`).
// The hash is FNV-1a, not Swift's seeded `Hasher`: an anchor must mean the same after the
// engine restarts.
//
//     after key:       0  1  tag 1 | 1  1  key kind (1 uint64, 2 lexical, 3 hashed)
//                      2  …  the key: uint64 8 bytes little-endian; others 1…62 bytes
//     after long key:  0  1  tag 2 | 1  1  key kind (2 or 3) | 2  8  FNV-1a of the key bytes
//                      10 54 the key's first 54 bytes (the key itself is longer than 62)
//     from record:     0  1  tag 3 | 1  8  record index the next extent starts at or after
//     (empty)          from the start

import DaosObject

enum TargetListAnchor: Equatable {
    case start
    case afterKey(Key)
    case afterLongKey(kind: UInt8, prefix: [UInt8], hash: UInt64)
    case fromRecord(UInt64)

    static let inlineKeyBytesMax = WireLimits.anchorBytesMax - 2
    static let prefixBytes = WireLimits.anchorBytesMax - 10

    /// The anchor that resumes right after `key`.
    static func after(_ key: Key) -> TargetListAnchor {
        switch key {
        case .lexical(let bytes) where bytes.count > inlineKeyBytesMax:
            return .afterLongKey(kind: 2, prefix: Array(bytes.prefix(prefixBytes)), hash: fnv1a(bytes))
        case .hashed(let bytes) where bytes.count > inlineKeyBytesMax:
            return .afterLongKey(kind: 3, prefix: Array(bytes.prefix(prefixBytes)), hash: fnv1a(bytes))
        default:
            return .afterKey(key)
        }
    }

    var encoded: ListAnchor {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(WireLimits.anchorBytesMax)
        switch self {
        case .start: break
        case .afterKey(.uint64(let value)):
            bytes += [1, 1]
            withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
        case .afterKey(.lexical(let key)): bytes += [1, 2] + key
        case .afterKey(.hashed(let key)): bytes += [1, 3] + key
        case .afterLongKey(let kind, let prefix, let hash):
            bytes += [2, kind]
            withUnsafeBytes(of: hash.littleEndian) { bytes += $0 }
            bytes += prefix
        case .fromRecord(let index):
            bytes.append(3)
            withUnsafeBytes(of: index.littleEndian) { bytes += $0 }
        }
        return ListAnchor(bytes: bytes)
    }

    /// Decodes what a client sent back. The client may have mangled it: every length and tag is
    /// checked, and anything not written by `encoded` is refused.
    init(decoding anchor: ListAnchor) throws(TargetError) {
        let b = anchor.bytes
        guard !b.isEmpty else {
            self = .start
            return
        }
        let malformed = TargetError.invalidRequest("malformed list anchor of \(b.count) bytes")
        guard b.count <= WireLimits.anchorBytesMax else { throw malformed }
        switch b[0] {
        case 1 where b.count >= 3:
            let key = Array(b[2...])
            switch b[1] {
            case 1 where key.count == 8: self = .afterKey(.uint64(Self.load(key)))
            case 2 where key.count <= Self.inlineKeyBytesMax: self = .afterKey(.lexical(key))
            case 3 where key.count <= Self.inlineKeyBytesMax: self = .afterKey(.hashed(key))
            default: throw malformed
            }
        case 2 where b.count == WireLimits.anchorBytesMax && (b[1] == 2 || b[1] == 3):
            self = .afterLongKey(kind: b[1], prefix: Array(b[10...]), hash: Self.load(Array(b[2..<10])))
        case 3 where b.count == 9:
            self = .fromRecord(Self.load(Array(b[1...])))
        default:
            throw malformed
        }
    }

    private static func load(_ bytes: [UInt8]) -> UInt64 {
        bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

extension Key {
    /// The key's kind tag and bytes, for matching keys against a long-key anchor.
    var anchorParts: (kind: UInt8, bytes: [UInt8]) {
        switch self {
        case .uint64(let value): (1, withUnsafeBytes(of: value.littleEndian, Array.init))
        case .lexical(let bytes): (2, bytes)
        case .hashed(let bytes): (3, bytes)
        }
    }

    /// The key of `kind` made of `bytes` (a long-key anchor's prefix).
    static func anchorKey(kind: UInt8, bytes: [UInt8]) -> Key {
        kind == 2 ? .lexical(bytes) : .hashed(bytes)
    }
}
