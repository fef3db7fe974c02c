/// Sizes as DAOS's tools write them: `4G`, `4GB`, `4GiB`, `512M`, `1T`, or a plain byte count
/// (binary multiples either way, as `dmg pool create --size` reads them).
public enum ByteSize {
    public static func parse(_ text: String) -> UInt64? {
        var digits = Substring(text)
        while digits.first?.isWhitespace == true { digits.removeFirst() }
        while digits.last?.isWhitespace == true { digits.removeLast() }
        var multiplier: UInt64 = 1
        let units: [(String, UInt64)] = [("TIB", 1 << 40), ("GIB", 1 << 30), ("MIB", 1 << 20), ("KIB", 1 << 10),
                                         ("TB", 1 << 40), ("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10),
                                         ("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1)]
        let upper = digits.uppercased()
        for (suffix, value) in units where upper.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            multiplier = value
            break
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let number = UInt64(digits) else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: multiplier)
        return overflow ? nil : bytes
    }
}

