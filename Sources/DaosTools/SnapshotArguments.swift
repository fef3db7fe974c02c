import DaosObject

/// Which snapshots `daos container destroy-snap` removes: `--epc EPOCH`, `--epcrange A-B`
/// (inclusive) or `--snap NAME`, exactly one of them. Epochs are decimal as DAOS reads them, or
/// `0x…` hex as `list-snaps` prints them.
public enum SnapshotSelection: Equatable {
    case epochs(ClosedRange<Epoch>)
    case name(String)

    public init(epoch: String?, range: String?, name: String?) throws(ToolError) {
        switch (epoch, range, name) {
        case (let epoch?, nil, nil):
            let value = try Self.epoch(epoch)
            self = .epochs(value...value)
        case (nil, let range?, nil):
            self = .epochs(try Self.range(range))
        case (nil, nil, let name?):
            guard !name.isEmpty else { throw .badArgument("empty snapshot name") }
            self = .name(name)
        default:
            throw .badArgument("give exactly one of --epc EPOCH, --epcrange A-B or --snap NAME")
        }
    }

    /// A snapshot epoch: ≥ 1, decimal or `0x` hex.
    public static func epoch(_ text: String) throws(ToolError) -> Epoch {
        let digits = Substring(text)
        let value: UInt64?
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") {
            let hex = digits.dropFirst(2)
            value = !hex.isEmpty && hex.allSatisfy({ $0.isASCII && $0.isHexDigit }) ? UInt64(hex, radix: 16) : nil
        } else {
            value = !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? UInt64(digits) : nil
        }
        guard let value, value >= 1 else { throw .badArgument("'\(text.prefix(40))' is not a snapshot epoch (decimal or 0x hex, ≥ 1)") }
        return Epoch(value)
    }

    /// `A-B`, both ends included, A ≤ B.
    public static func range(_ text: String) throws(ToolError) -> ClosedRange<Epoch> {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count == 2 else { throw .badArgument("epoch range '\(text.prefix(80))': expected A-B") }
        let first = try epoch(String(ends[0]))
        let last = try epoch(String(ends[1]))
        guard first <= last else { throw .badArgument("epoch range '\(text.prefix(80))': begin is after end") }
        return first...last
    }
}
