/// DAOS's two text layouts (its `txtfmt` package), so every report lines up the same way.
public enum TextTable {
    /// Columns as wide as their widest cell, one space apart, titles underlined with dashes as
    /// long as the title; trailing spaces trimmed.
    ///
    ///     Rank  State
    ///     ----  -----
    ///     [0-2] Joined
    public static func render(titles: [String], rows: [[String]], indent: String = "") -> String {
        var widths = titles.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() where column < widths.count { widths[column] = max(widths[column], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { column, cell in
                cell + String(repeating: " ", count: max(0, widths[column] - cell.count))
            }
            var text = indent + padded.joined(separator: " ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        var text = line(titles) + line(titles.map { String(repeating: "-", count: $0.count) })
        for row in rows { text += line(Array(row.prefix(titles.count))) }
        return text
    }

    /// Key/value lines with the keys padded to the longest:
    ///
    ///       Container UUID : 0477964f-…
    ///       Container Label: c1
    public static func entity(_ rows: [(key: String, value: String)]) -> String {
        let width = rows.map(\.key.count).max() ?? 0
        return rows.map { "  " + $0.key + String(repeating: " ", count: width - $0.key.count) + ": " + $0.value + "\n" }.joined()
    }
}
