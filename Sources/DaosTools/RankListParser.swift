import DaosObject

/// Rank and target-index lists as `dmg` reads them (`--ranks 0,2`, `--ranks 0-3,5`,
/// `--ranks [0-3,5]`, `--target-idx 0,1`): sorted, without repeats, bounded so a range such as
/// `0-4294967295` is an error rather than four billion entries.
public enum RankListParser {
    public static func parse(_ text: String, what: String = "rank", limit: Int = SystemFile.enginesMax) throws(ToolError) -> [UInt32] {
        var body = Substring(text)
        if body.first == "[" && body.last == "]" && body.count >= 2 { body = body.dropFirst().dropLast() }
        guard !body.isEmpty else { throw .badArgument("empty \(what) list") }
        var values = Set<UInt32>()
        for part in body.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(ends.count), let first = number(ends[0]), let last = number(ends[ends.count - 1]),
                  first <= last
            else { throw .badArgument("\(what) list '\(text.prefix(80))': expected numbers and ranges such as 0,2-3") }
            guard Int(last - first) < limit - values.count else {
                throw .badArgument("\(what) list '\(text.prefix(80))' has more than \(limit) entries")
            }
            for value in first...last { values.insert(value) }
        }
        return values.sorted()
    }

    /// Decimal digits only: `UInt32("+1")` would accept a sign.
    private static func number(_ text: Substring) -> UInt32? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt32(text)
    }
}
