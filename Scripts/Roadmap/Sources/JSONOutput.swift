// `--json`: every reporting verb prints one JSON document on stdout instead of its text, for
// scripts. Keys are camelCase and sorted; timestamps are ISO 8601 UTC strings; an absent value is
// null, never a missing key, so a script can rely on each documented key being there. Errors stay
// what they are without --json: one line on stderr and a non-zero exit, with nothing on stdout.
// Colours never apply to it. The shapes are listed in Help.swift (`roadmap help VERB`).

import Foundation

enum JSONOutput {
    static func string(_ object: Any) throws -> String {
        let cleaned = nullify(object)
        let data = try JSONSerialization.data(withJSONObject: cleaned, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// Optionals wrapped in Any become NSNull, so nil prints as null.
    static func nullify(_ value: Any) -> Any {
        if let dictionary = value as? [String: Any] { return dictionary.mapValues(nullify) }
        if let array = value as? [Any] { return array.map(nullify) }
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return NSNull() }
            return nullify(wrapped)
        }
        return value
    }

    static func timestamp(_ date: Date?) -> Any {
        date.map(DayDate.timestamp) as Any
    }
}

extension Session {
    var wantsJSON: Bool { arguments.has("json") }

    func printJSON(_ object: Any) throws {
        out.line(try JSONOutput.string(object))
    }

    /// While --json is given, the human text goes to a buffer (returned in the document's "log"
    /// by verbs that have one) and stdout stays one document.
    func textSession() -> Session {
        guard wantsJSON else { return self }
        var environment = environment
        environment.output = Console()
        return Session(arguments: arguments, workspace: workspace, environment: environment)
    }
}
