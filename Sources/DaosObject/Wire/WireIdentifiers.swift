/// Typed identifiers carried in frame headers, so no function takes two bare `UInt64`s.

/// Chosen by the client for each request and echoed in the reply; matches replies to requests.
public struct RPCID: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "rpc#\(rawValue)" }
}

/// A pool or container handle as the service issued it. Zero is never issued and means "none".
public struct HandleCookie: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public static let none = HandleCookie(0)
    public var description: String { "0x" + String(rawValue, radix: 16) }
}

/// Which of an engine's threads a frame is for: a target (owner of one VOS) or the service
/// thread that runs the pool, container and management services.
public struct TargetIndex: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }
    public static let serviceThread = TargetIndex(0xFFFF_FFFF)
    public var description: String { self == .serviceThread ? "service" : "tgt\(rawValue)" }
}

/// A 128-bit UUID as 16 raw bytes in RFC 4122 order (the order it prints in). Pools,
/// containers and handles are named by these; no Foundation is needed to carry or print one.
public struct WireUUID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Bytes 0..<8, big-endian, so `(high, low)` orders like the printed text.
    public var high: UInt64
    /// Bytes 8..<16, big-endian.
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    public static let zero = WireUUID(high: 0, low: 0)

    /// Builds a UUID from exactly 16 bytes.
    public init(bytes: some Collection<UInt8>) {
        precondition(bytes.count == 16, "a UUID is 16 bytes, got \(bytes.count)")
        var high: UInt64 = 0
        var low: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
        }
        self.init(high: high, low: low)
    }

    /// A random version-4 UUID; the generator is a parameter so tests and simulations replay.
    public static func random(using generator: inout some RandomNumberGenerator) -> WireUUID {
        let high = (generator.next() & ~0xF000) | 0x4000  // version 4 in bits 12..15 of byte 6-7
        let low = (generator.next() & ~(0xC0 << 56)) | (0x80 << 56)  // RFC 4122 variant
        return WireUUID(high: high, low: low)
    }

    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
    }

    public static func < (a: WireUUID, b: WireUUID) -> Bool { (a.high, a.low) < (b.high, b.low) }

    /// Canonical lowercase 8-4-4-4-12 form.
    public var description: String {
        let hex = (String(high, radix: 16).leftPadded(to: 16) + String(low, radix: 16).leftPadded(to: 16))
        let digits = Array(hex)
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32]
        return groups.map { String(digits[$0]) }.joined(separator: "-")
    }

    /// Parses the canonical 8-4-4-4-12 form (either case); nil for anything else.
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 36 else { return nil }
        var nibbles: [UInt8] = []
        nibbles.reserveCapacity(32)
        for (index, char) in utf8.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard char == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard let nibble = Self.hexValue(char) else { return nil }
            nibbles.append(nibble)
        }
        let high = nibbles[0..<16].reduce(UInt64(0)) { $0 << 4 | UInt64($1) }
        let low = nibbles[16..<32].reduce(UInt64(0)) { $0 << 4 | UInt64($1) }
        self.init(high: high, low: low)
    }

    private static func hexValue(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): char - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
