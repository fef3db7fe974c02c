import DaosObject

/// Object IDs on the command line, `HI.LO`. DAOS prints and parses both words in decimal
/// (`281479271677952.5`), so a word of decimal digits is decimal; a word with a `0x` prefix or
/// any of the letters a–f is hex (what `ObjectID.description` writes, once prefixed). A hex
/// word written without `0x` and without letters cannot be told from decimal: it is read as
/// decimal, and `daos object query` says so when the result carries no object class.
public enum ObjectIDArgument {
    public static func parse(_ text: String) throws(ToolError) -> ObjectID {
        let words = text.split(separator: ".", omittingEmptySubsequences: false)
        guard words.count == 2, let hi = word(words[0]), let lo = word(words[1]) else {
            throw .badArgument("'\(text.prefix(80))' is not an object ID: expected HI.LO in decimal or hex (0x…)")
        }
        return ObjectID(hi: hi, lo: lo)
    }

    /// DAOS's printed form: both words in decimal.
    public static func format(_ id: ObjectID) -> String { "\(id.hi).\(id.lo)" }

    static func word(_ text: Substring) -> UInt64? {
        // Explicit digit checks: UInt64(_:radix:) accepts a leading sign.
        if text.hasPrefix("0x") || text.hasPrefix("0X") { return hex(text.dropFirst(2)) }
        if !text.isEmpty, text.count <= 20, text.allSatisfy({ $0.isASCII && $0.isNumber }) { return UInt64(text) }
        return hex(text)
    }

    private static func hex(_ text: Substring) -> UInt64? {
        guard !text.isEmpty, text.count <= 16, text.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        return UInt64(text, radix: 16)
    }
}
