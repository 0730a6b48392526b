// The command line, split into a verb, its positional arguments and its flags. Global options
// (--root DIR, --help) may appear anywhere — except after `run N`, where everything is passed
// through to the week's executable untouched. Each verb accepts only its own flags.

public struct Arguments: Equatable, Sendable {
    public var verb: String = "status"
    public var positionals: [String] = []
    public var flags: [String: String] = [:]   // "json" → "", "date" → "2025-01-06"
    public var root: String?
    public var help = false
    /// Whether the verb was typed (rather than the default `status`).
    public var explicitVerb = false

    /// Flags each verb accepts; those mapped to true take a value.
    static let verbFlags: [String: [String: Bool]] = [
        "status": ["json": false], "start": ["date": true, "json": false], "show": ["json": false],
        "check": ["json": false], "uncheck": ["json": false],
        "run": [:], "assess": ["all": false, "json": false], "next": ["json": false], "list": ["json": false],
        "reset": ["yes": false, "json": false], "doctor": ["json": false], "report": ["json": false], "help": [:],
    ].merging(practiceVerbFlags) { $1 }

    /// Practice mode's verbs (Sources/Practice).
    static let practiceVerbFlags: [String: [String: Bool]] = [
        "practice": ["force": false, "json": false], "hint": ["all": false, "json": false], "verify": ["json": false],
        "watch": ["iterations": true], "solution": ["force": false, "json": false], "prove": ["json": false],
    ]

    public static let verbs = verbFlags.keys.sorted()

    public static func parse(_ tokens: [String]) throws -> Arguments {
        var arguments = Arguments()
        var verb: String?
        var rawFlags: [(name: String, value: String?)] = []
        var index = 0
        func value(for flag: String) throws -> String {
            index += 1
            guard index < tokens.count else { throw RoadmapError.usage("\(flag) needs a value") }
            return tokens[index]
        }
        while index < tokens.count {
            let token = tokens[index]
            defer { index += 1 }
            if verb == "run" && !arguments.positionals.isEmpty {
                // run N [args…]: the rest belongs to the week's executable ("--" optional).
                if !(token == "--" && arguments.positionals.count == 1) { arguments.positionals.append(token) }
                continue
            }
            if token == "--" {
                arguments.positionals += tokens[(index + 1)...]
                index = tokens.count
                continue
            }
            if token == "--help" || token == "-h" {
                arguments.help = true
            } else if token == "--root" {
                arguments.root = try value(for: token)
            } else if token.hasPrefix("--root=") {
                arguments.root = String(token.dropFirst("--root=".count))
            } else if token == "-y" {
                rawFlags.append(("yes", nil))
            } else if token.hasPrefix("--") {
                let body = token.dropFirst(2)
                if let equals = body.firstIndex(of: "=") {
                    rawFlags.append((String(body[..<equals]), String(body[body.index(after: equals)...])))
                } else {
                    let name = String(body)
                    let takesValue = verbFlags[verb ?? ""]?[name] == true
                    rawFlags.append((name, takesValue ? try value(for: token) : nil))
                }
            } else if token.hasPrefix("-") && token.count > 1 && Int(token) == nil {
                throw RoadmapError.usage("unknown option '\(token)'")
            } else if verb == nil {
                guard verbFlags[token] != nil else {
                    throw RoadmapError.usage("unknown command '\(token)'; commands are \(verbs.joined(separator: ", "))")
                }
                verb = token
            } else {
                arguments.positionals.append(token)
            }
        }
        arguments.verb = verb ?? "status"
        arguments.explicitVerb = verb != nil
        let allowed = verbFlags[arguments.verb] ?? [:]
        for (name, value) in rawFlags {
            guard let takesValue = allowed[name] else {
                throw RoadmapError.usage("unknown option '--\(name)' for '\(arguments.verb)'")
            }
            if takesValue && value == nil { throw RoadmapError.usage("--\(name) needs a value") }
            if !takesValue && value != nil { throw RoadmapError.usage("--\(name) takes no value") }
            arguments.flags[name] = value ?? ""
        }
        return arguments
    }

    public func has(_ flag: String) -> Bool { flags[flag] != nil }

    /// The week argument at `position`: a number ("7", "07") or an executable name.
    public func weekNumber(at position: Int, in course: Course) throws -> Int {
        guard position < positionals.count else { throw RoadmapError.usage("'\(verb)' needs a week number") }
        let text = positionals[position]
        if let number = Int(text) {
            _ = try course.week(number)
            return number
        }
        if let week = course.weeks.first(where: { $0.name.lowercased() == text.lowercased() }) {
            return week.number
        }
        throw RoadmapError.usage("'\(text)' is not a week number or a week's executable name")
    }

    /// Fails when more positionals were given than the verb takes.
    public func expectPositionals(atMost count: Int) throws {
        if positionals.count > count {
            throw RoadmapError.usage("unexpected argument '\(positionals[count])' for '\(verb)'")
        }
    }
}
