// What a command accepts: each option declared once with its type, its default and its allowed
// range, so the parser checks the value and `--help` renders "(default X; ≥ 1)" from the same
// declaration. A default is never written in the help text by hand.
//
//   .int("k", default: 10, range: 1...1000, help: "neighbours per query")
//   .double("lr", default: 0.001, range: .above(0), help: "Adam learning rate")
//   .choice("arch", ["resnet", "simple"], default: "resnet", help: "the network")
//   .path("weights", whenAbsent: "read from the run's output folder", help: "saved weights")
//   .seed(default: 42), .epochs(default: 15), .batchSize(default: 128), .lr(default: 0.001), .json
//
// An option without a fixed default (its value depends on other options or on the data) is read
// with `optionalInt`/`optionalString`…; `whenAbsent:` says in the help what happens then.
//
// Does not: parse (CLI.swift), read values (Invocation.swift).

public struct Option: Sendable {
    public enum Kind: Sendable, Equatable { case flag, int, double, string, ints, doubles }

    public var name: String
    public var kind: Kind
    public var valueName: String?  // nil: a boolean flag
    public var help: String
    public var defaultValue: OptionValue?
    public var range: Bounds?
    public var choices: [String]?
    public var whenAbsent: String?

    public static func flag(_ name: String, _ help: String) -> Option {
        Option(name: name, kind: .flag, valueName: nil, help: help)
    }

    public static func int(_ name: String, _ valueName: String = "N", default value: Int? = nil, range: Bounds? = nil,
                           whenAbsent: String? = nil, help: String) -> Option {
        Option(name: name, kind: .int, valueName: valueName, help: help, defaultValue: value.map(OptionValue.int),
               range: range, whenAbsent: whenAbsent)
    }

    public static func int(_ name: String, _ valueName: String = "N", default value: Int? = nil, range: ClosedRange<Int>,
                           whenAbsent: String? = nil, help: String) -> Option {
        int(name, valueName, default: value, range: .within(range), whenAbsent: whenAbsent, help: help)
    }

    public static func double(_ name: String, _ valueName: String = "X", default value: Double? = nil, range: Bounds? = nil,
                              whenAbsent: String? = nil, help: String) -> Option {
        Option(name: name, kind: .double, valueName: valueName, help: help, defaultValue: value.map(OptionValue.double),
               range: range, whenAbsent: whenAbsent)
    }

    public static func double(_ name: String, _ valueName: String = "X", default value: Double? = nil, range: ClosedRange<Double>,
                              whenAbsent: String? = nil, help: String) -> Option {
        double(name, valueName, default: value, range: .within(range), whenAbsent: whenAbsent, help: help)
    }

    public static func string(_ name: String, _ valueName: String = "TEXT", default value: String? = nil,
                              whenAbsent: String? = nil, help: String) -> Option {
        Option(name: name, kind: .string, valueName: valueName, help: help, defaultValue: value.map(OptionValue.string),
               whenAbsent: whenAbsent)
    }

    /// A file or folder; the same as a string option, named for what it holds.
    public static func path(_ name: String, _ valueName: String = "PATH", default value: String? = nil,
                            whenAbsent: String? = nil, help: String) -> Option {
        string(name, valueName, default: value, whenAbsent: whenAbsent, help: help)
    }

    /// One of a fixed list of words.
    public static func choice(_ name: String, _ choices: [String], default value: String? = nil,
                              whenAbsent: String? = nil, help: String) -> Option {
        Option(name: name, kind: .string, valueName: "NAME", help: help, defaultValue: value.map(OptionValue.string),
               choices: choices, whenAbsent: whenAbsent)
    }

    /// Comma-separated whole numbers ("256,128"), each within `range`.
    public static func ints(_ name: String, _ valueName: String = "N,N,…", default value: [Int]? = nil, range: Bounds? = nil,
                            whenAbsent: String? = nil, help: String) -> Option {
        Option(name: name, kind: .ints, valueName: valueName, help: help, defaultValue: value.map(OptionValue.ints),
               range: range, whenAbsent: whenAbsent)
    }

    /// Comma-separated numbers ("-1.5,2"), each within `range`.
    public static func doubles(_ name: String, _ valueName: String = "X,X,…", default value: [Double]? = nil, range: Bounds? = nil,
                               whenAbsent: String? = nil, help: String) -> Option {
        Option(name: name, kind: .doubles, valueName: valueName, help: help, defaultValue: value.map(OptionValue.doubles),
               range: range, whenAbsent: whenAbsent)
    }

    /// The option's line in `--help`: the help, then the choices, the default and the range.
    public var helpText: String {
        var notes: [String] = []
        if let choices { notes.append(choices.joined(separator: " | ")) }
        if let defaultValue { notes.append("default \(defaultValue)") }
        else if let whenAbsent { notes.append("default: \(whenAbsent)") }
        if let range { notes.append(range.phrase(integer: kind == .int || kind == .ints)) }
        return notes.isEmpty ? help : "\(help) (\(notes.joined(separator: "; ")))"
    }
}

/// A typed option value, as declared (the default) or as parsed from the command line.
public enum OptionValue: Sendable, Equatable, CustomStringConvertible {
    case int(Int), double(Double), string(String), ints([Int]), doubles([Double])

    public var description: String {
        switch self {
        case .int(let v): return "\(v)"
        case .double(let v): return Bounds.format(v)
        case .string(let v): return v.isEmpty ? "\"\"" : v
        case .ints(let v): return v.map(String.init).joined(separator: ",")
        case .doubles(let v): return v.map(Bounds.format).joined(separator: ",")
        }
    }
}

/// The values a numeric option allows: an interval whose ends may be open, closed or absent.
public struct Bounds: Sendable, Equatable {
    public var lower: Double?
    public var lowerOpen = false
    public var upper: Double?
    public var upperOpen = false

    public static func within(_ range: ClosedRange<Int>) -> Bounds {
        Bounds(lower: Double(range.lowerBound), upper: Double(range.upperBound))
    }
    public static func within(_ range: ClosedRange<Double>) -> Bounds { Bounds(lower: range.lowerBound, upper: range.upperBound) }
    public static func atLeast(_ v: Double) -> Bounds { Bounds(lower: v) }
    public static func above(_ v: Double) -> Bounds { Bounds(lower: v, lowerOpen: true) }
    public static func atMost(_ v: Double) -> Bounds { Bounds(upper: v) }
    /// lower < x < upper.
    public static func between(_ lower: Double, _ upper: Double) -> Bounds {
        Bounds(lower: lower, lowerOpen: true, upper: upper, upperOpen: true)
    }
    /// lower ≤ x < upper.
    public static func atLeast(_ lower: Double, below upper: Double) -> Bounds { Bounds(lower: lower, upper: upper, upperOpen: true) }
    /// lower < x ≤ upper.
    public static func above(_ lower: Double, atMost upper: Double) -> Bounds { Bounds(lower: lower, lowerOpen: true, upper: upper) }

    public func contains(_ x: Double) -> Bool {
        if let lower, lowerOpen ? !(x > lower) : !(x >= lower) { return false }
        if let upper, upperOpen ? !(x < upper) : !(x <= upper) { return false }
        return true
    }

    /// "1…1000", "≥ 1", "> 0", "> 0 and ≤ 10".
    public func phrase(integer: Bool) -> String {
        let text = { (v: Double) in integer ? String(Int(v)) : Bounds.format(v) }
        switch (lower, upper) {
        case let (l?, u?) where !lowerOpen && !upperOpen: return "\(text(l))…\(text(u))"
        case let (l?, u?): return "\(lowerOpen ? ">" : "≥") \(text(l)) and \(upperOpen ? "<" : "≤") \(text(u))"
        case let (l?, nil): return "\(lowerOpen ? ">" : "≥") \(text(l))"
        case let (nil, u?): return "\(upperOpen ? "<" : "≤") \(text(u))"
        case (nil, nil): return "any"
        }
    }

    /// The same in words, for errors: "between 1 and 1000", "at least 1", "positive".
    public func words(integer: Bool) -> String {
        let text = { (v: Double) in integer ? String(Int(v)) : Bounds.format(v) }
        let low = lower.map { lowerOpen ? ($0 == 0 ? "positive" : "greater than \(text($0))") : "at least \(text($0))" }
        let high = upper.map { upperOpen ? "less than \(text($0))" : "at most \(text($0))" }
        switch (lower, upper) {
        case let (l?, u?) where !lowerOpen && !upperOpen: return "between \(text(l)) and \(text(u))"
        default: return [low, high].compactMap { $0 }.joined(separator: " and ")
        }
    }

    /// 0.001 rather than 1e-03; whole values without ".0".
    static func format(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
}

// The presets: one name and one meaning per concept in every week.
extension Option {
    /// --seed S: a non-negative random seed.
    public static func seed(default value: Int, help: String = "random seed") -> Option {
        .int("seed", "S", default: value, range: .atLeast(0), help: help)
    }

    /// --json: machine-readable output.
    public static var json: Option { .json("print JSON lines instead of tables") }
    public static func json(_ help: String) -> Option { .flag("json", help) }

    /// --epochs N: passes over the training set.
    public static func epochs(default value: Int?, range: Bounds = .within(1...1000), whenAbsent: String? = nil,
                              help: String = "passes over the training set") -> Option {
        .int("epochs", "N", default: value, range: range, whenAbsent: whenAbsent, help: help)
    }

    /// --batch-size B: examples per step.
    public static func batchSize(default value: Int, range: ClosedRange<Int> = 1...1_000_000, help: String = "examples per step") -> Option {
        .int("batch-size", "B", default: value, range: range, help: help)
    }

    /// --lr LR: the (peak) learning rate.
    public static func lr(default value: Double, range: Bounds = .above(0), help: String = "learning rate") -> Option {
        .double("lr", "LR", default: value, range: range, help: help)
    }

    /// --out PATH: where the command writes.
    public static func out(default value: String? = nil, whenAbsent: String? = nil, _ valueName: String = "PATH",
                           help: String = "where to write") -> Option {
        .path("out", valueName, default: value, whenAbsent: whenAbsent, help: help)
    }

    /// --limit N: use only the first N examples.
    public static func limit(help: String = "use only the first N examples", whenAbsent: String = "all") -> Option {
        .int("limit", "N", range: .atLeast(1), whenAbsent: whenAbsent, help: help)
    }
}
