/// The label of the container that holds the HDF5 file `name` (DAOS labels: 1–127 letters,
/// digits, '.', '_', '-', ':', not shaped like a UUID). A name that already is a valid label is
/// its own label, so `daos container list` shows `data.h5`. Any other name (a path with '/',
/// too long, odd characters) keeps its last 100 bytes with the odd characters made '_', and
/// gets '-' and 16 hex digits of a 64-bit FNV-1a hash of the whole name, so different names
/// get different labels and every rank derives the same one.
enum ContainerLabel {
    static let lengthMax = 127
    static let keptBytesMax = 100

    static func forFile(_ name: String) -> String {
        precondition(!name.isEmpty, "HDF5 refuses empty file names before the connector sees them")
        if isValid(name) { return name }
        let kept = name.utf8.suffix(keptBytesMax).map { isAllowed($0) ? $0 : UInt8(ascii: "_") }
        let label = String(decoding: kept, as: UTF8.self) + "-" + hex(fnv1a(Array(name.utf8)))
        assert(isValid(label), "derived label \(label) is valid")
        return label
    }

    static func isValid(_ label: String) -> Bool {
        let bytes = Array(label.utf8)
        guard !bytes.isEmpty, bytes.count <= lengthMax, bytes.allSatisfy(isAllowed) else { return false }
        return !looksLikeUUID(bytes)
    }

    static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":"):
            true
        default:
            false
        }
    }

    /// 8-4-4-4-12 hex digits.
    static func looksLikeUUID(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                let isHex = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
                guard isHex else { return false }
            }
        }
        return true
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    static func hex(_ value: UInt64) -> String {
        let digits = Array("0123456789abcdef")
        return String((0..<16).map { digits[Int((value >> (60 - 4 * UInt64($0))) & 0xF)] })
    }
}
