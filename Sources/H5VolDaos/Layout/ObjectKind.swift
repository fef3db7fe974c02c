import DaosObject

/// What an HDF5 object is, kept in the top two user bits of its object ID (vol-daos's
/// convention), so a token or a hard link tells the kind without a lookup.
///
///     hi: 63..32 the system's (type, redundancy, groups) | 31..30 kind | 29..0 zero
///     lo: the container's OID allocator (0 is never allocated: the file's fixed objects)
enum ObjectKind: UInt32, Sendable, CaseIterable {
    case group = 0
    case dataset = 1
    case datatype = 2
    /// The file's own metadata object (format, FCPL, blobs); never a link target.
    case fileMetadata = 3

    static let shift: UInt32 = 30

    var userHi: UInt32 { rawValue << Self.shift }

    init?(_ id: ObjectID) {
        guard id.userHi & ((1 << Self.shift) - 1) == 0 else { return nil }
        self.init(rawValue: id.userHi >> Self.shift)
    }
}

extension ObjectID {
    /// The HDF5 kind of an ID this connector generated (nil for a foreign or damaged ID).
    var kind: ObjectKind? { ObjectKind(self) }
}

/// The 16-byte HDF5 object token of an object: its ID, `lo` then `hi`, little-endian.
enum ObjectToken {
    static let sizeBytes = 16

    static func bytes(_ id: ObjectID) -> [UInt8] {
        var writer = ByteWriter(capacity: sizeBytes)
        writer.write(id.lo)
        writer.write(id.hi)
        let result = writer.bytes
        assert(result.count == sizeBytes)
        return result
    }

    static func id(_ bytes: some Collection<UInt8>) -> ObjectID? {
        guard bytes.count == sizeBytes else { return nil }
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            if index < 8 { lo |= UInt64(byte) << (8 * UInt64(index)) } else { hi |= UInt64(byte) << (8 * UInt64(index - 8)) }
        }
        let id = ObjectID(hi: hi, lo: lo)
        return id.kind == nil ? nil : id
    }

    /// Text form for `H5Otoken_to_str`: 32 hex digits of the token bytes.
    static func string(_ id: ObjectID) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in bytes(id) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return text
    }

    static func id(string text: String) -> ObjectID? {
        let scalars = Array(text.utf8)
        guard scalars.count == 2 * sizeBytes else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: scalars.count, by: 2) {
            guard let high = hexValue(scalars[index]), let low = hexValue(scalars[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return id(bytes)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
