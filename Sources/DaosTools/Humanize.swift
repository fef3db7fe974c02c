/// Numbers as DAOS's tools print them: sizes in SI units with one or two significant decimals
/// (`4.3 GB`, `268 MB`), rank lists as ranges (`[0-2,5]`).
public enum Humanize {
    /// `4294967296` → `4.3 GB`; three significant digits, like DAOS's humanize.Bytes.
    public static func bytes(_ value: UInt64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
        var amount = Double(value)
        var unit = 0
        while amount >= 1000 && unit < units.count - 1 {
            amount /= 1000
            unit += 1
        }
        if unit == 0 { return "\(value) B" }
        let rounded = amount < 10 ? (amount * 10).rounded() / 10 : amount.rounded()
        let text = rounded == rounded.rounded() && amount >= 10 ? String(Int(rounded)) : String(rounded)
        return "\(text) \(units[unit])"
    }

    /// Binary sizes for properties DAOS shows that way (`128 KiB`, `1.0 MiB`).
    public static func binaryBytes(_ value: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var amount = value
        var unit = 0
        while amount >= 1024 && amount % 1024 == 0 && unit < units.count - 1 {
            amount /= 1024
            unit += 1
        }
        return "\(amount) \(units[unit])"
    }

    /// `[0, 1, 2, 5]` → `[0-2,5]`.
    public static func ranks(_ ranks: [UInt32]) -> String {
        let sorted = Array(Set(ranks)).sorted()
        var parts: [String] = []
        var index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
            index = end + 1
        }
        return "[" + parts.joined(separator: ",") + "]"
    }
}
