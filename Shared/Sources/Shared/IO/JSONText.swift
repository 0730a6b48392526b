// Ordered JSON output for `--json` lines: keys in the order the program gives them (so the line
// reads like the table it summarises), numbers printed the shortest way that round-trips.
// Parsing uses Foundation's JSONSerialization; this file only writes.

import Foundation

public enum JSONValue: Sendable, Equatable {
    case number(Double)
    case float(Float)
    case int(Int)
    case string(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.text == b.text }

    public var text: String {
        switch self {
        case let .number(x):
            if !x.isFinite { return "null" }
            if x == x.rounded() && abs(x) < 1e15 { return String(format: "%.1f", x) }
            return "\(x)"
        case let .float(x):
            return x.isFinite ? "\(x)" : "null"
        case let .int(i): return String(i)
        case let .string(s): return JSONText.quote(s)
        case let .bool(b): return b ? "true" : "false"
        case .null: return "null"
        case let .array(items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case let .object(pairs):
            return "{" + pairs.map { "\(JSONText.quote($0.0)): \($0.1.text)" }.joined(separator: ", ") + "}"
        }
    }
}

public enum JSONText {
    /// A JSON string literal with the escapes RFC 8259 requires.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                out += String(format: "\\u%04x", c.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A JSONSerialization value as an Int when it is a whole number that fits: 1e300, 2.5, a
    /// 20-digit number and true/false give nil. (NSNumber.intValue traps on 1e300, and on Linux
    /// `NSNumber(1) is Bool` is true, so booleans are told apart by their Objective-C type "c".)
    public static func exactInt(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        return value as? Int
    }

    /// One JSON object line from ordered pairs.
    public static func line(_ pairs: [(String, JSONValue)]) -> String { JSONValue.object(pairs).text }

    /// Parses a JSON document, turning Foundation's byte offset into a line:column position.
    public static func parse(_ data: Data, path: String) throws -> Any {
        do {
            return try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            let nsError = error as NSError
            var reason = "invalid JSON"
            if let index = nsError.userInfo["NSJSONSerializationErrorIndex"] as? Int {
                let prefix = data.prefix(index)
                let line = prefix.filter { $0 == 0x0A }.count + 1
                let column = index - (prefix.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
                reason += " at line \(line), column \(column)"
            }
            throw DataFileError.malformed(path: path, reason: reason)
        }
    }
}

extension JSONValue {
    public static func floats<S: Sequence>(_ values: S) -> JSONValue where S.Element == Float {
        .array(values.map { .float($0) })
    }

    public static func doubles<S: Sequence>(_ values: S) -> JSONValue where S.Element == Double {
        .array(values.map { .number($0) })
    }
}
