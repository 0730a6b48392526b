// What went wrong when JSONDecoder refused a file, in one line a user can act on: Foundation's own
// description of a DecodingError is a nested dump of contexts and coding keys.

import Foundation

public enum JSONErrorText {
    /// "missing key 'format'", "items[2].size: expected a number", "not valid JSON"…; any other
    /// error's own description (kept to one line).
    public static func describe(_ error: Error) -> String {
        guard let decoding = error as? DecodingError else { return DataFileError.oneLine("\(error)") }
        switch decoding {
        case let .keyNotFound(key, context):
            return located(context.codingPath, "missing key '\(key.stringValue)'")
        case let .typeMismatch(type, context):
            return located(context.codingPath, "expected \(kind(type))")
        case let .valueNotFound(type, context):
            return located(context.codingPath, "is null, expected \(kind(type))")
        case let .dataCorrupted(context):
            if context.codingPath.isEmpty { return "not valid JSON" }
            return located(context.codingPath, DataFileError.oneLine(context.debugDescription))
        @unknown default:
            return "does not decode"
        }
    }

    /// "a.b[3]" for a coding path (empty for the top level).
    public static func path(_ keys: [any CodingKey]) -> String {
        var out = ""
        for key in keys {
            if let i = key.intValue { out += "[\(i)]" } else { out += out.isEmpty ? key.stringValue : "." + key.stringValue }
        }
        return out
    }

    static func located(_ keys: [any CodingKey], _ what: String) -> String {
        let where_ = path(keys)
        return where_.isEmpty ? what : "\(where_): \(what)"
    }

    static func kind(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Double.Type, is Float.Type, is Int64.Type, is UInt64.Type, is UInt8.Type: return "a number"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array<") { return "an array" }
            if name.hasPrefix("Dictionary<") { return "an object" }
            return "a \(name)"
        }
    }
}
