/// A JSON document built in code and written the way DAOS's tools print `-j` output: two-space
/// indent, keys in the order they were given. Hand-rolled rather than Foundation's
/// JSONSerialization because key order is part of the output (and of what tests check) and the
/// trees are a few dozen values.
public indirect enum JSONValue {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case string(String)
    case array([JSONValue])
    /// Members in output order; keys are not checked for repeats.
    case object([(key: String, value: JSONValue)])

    /// Any integer, signed or not, without the caller picking a case.
    public static func number(_ value: some BinaryInteger) -> JSONValue {
        value < 0 ? .int(Int64(value)) : .uint(UInt64(value))
    }

    /// Pretty-printed, no trailing newline.
    public func rendered() -> String {
        var out = ""
        write(into: &out, level: 0)
        return out
    }

    private func write(into out: inout String, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .uint(let value): out += String(value)
        case .string(let text): Self.quote(text, into: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                out += (index == 0 ? "\n" : ",\n") + Self.indent(level + 1)
                item.write(into: &out, level: level + 1)
            }
            out += "\n" + Self.indent(level) + "]"
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, member) in members.enumerated() {
                out += (index == 0 ? "\n" : ",\n") + Self.indent(level + 1)
                Self.quote(member.key, into: &out)
                out += ": "
                member.value.write(into: &out, level: level + 1)
            }
            out += "\n" + Self.indent(level) + "}"
        }
    }

    private static func indent(_ level: Int) -> String { String(repeating: "  ", count: level) }

    /// RFC 8259 string escaping: quote, backslash and control characters; everything else is
    /// written as UTF-8.
    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension JSONValue: ExpressibleByDictionaryLiteral {
    /// Dictionary literals keep their written order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(elements.map { (key: $0.0, value: $0.1) })
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension JSONValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}
