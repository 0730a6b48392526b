// What the user asked for: the subcommand, its positional arguments and its option values, already
// checked against the declarations (type, range, choices) by the parser.
//
//   let epochs = invocation.int("epochs")            // the given value, else the declared default
//   let limit = invocation.optionalInt("limit")      // nil when not given (an option with no default)
//   if invocation.flag("json") { … }
//
// Reading an option the command did not declare, with the wrong type, or with `int` when it has no
// default is a programmer error (a precondition failure naming the option), not a usage error.
//
// Does not: check relations between options (e.g. --heads divides --hidden); commands do that.

import Foundation

public struct Invocation {
    public var command: String
    public var positionals: [String]
    var declared: [String: Option]
    var values: [String: OptionValue]
    var flags: Set<String>

    /// True when the user gave the option (a value or the flag).
    public func isGiven(_ name: String) -> Bool {
        _ = declaration(name)
        return values[name] != nil || flags.contains(name)
    }

    public func flag(_ name: String) -> Bool {
        precondition(declaration(name).kind == .flag, "--\(name) is not a flag")
        return flags.contains(name)
    }

    public func int(_ name: String) -> Int {
        guard case .int(let v) = required(name, .int) else { preconditionFailure("--\(name) is not an int") }
        return v
    }
    public func optionalInt(_ name: String) -> Int? {
        guard let value = given(name, .int) else { return nil }
        guard case .int(let v) = value else { preconditionFailure("--\(name) is not an int") }
        return v
    }

    public func double(_ name: String) -> Double {
        guard case .double(let v) = required(name, .double) else { preconditionFailure("--\(name) is not a double") }
        return v
    }
    public func optionalDouble(_ name: String) -> Double? {
        guard let value = given(name, .double) else { return nil }
        guard case .double(let v) = value else { preconditionFailure("--\(name) is not a double") }
        return v
    }

    public func string(_ name: String) -> String {
        guard case .string(let v) = required(name, .string) else { preconditionFailure("--\(name) is not a string") }
        return v
    }
    public func optionalString(_ name: String) -> String? {
        guard let value = given(name, .string) else { return nil }
        guard case .string(let v) = value else { preconditionFailure("--\(name) is not a string") }
        return v
    }

    public func ints(_ name: String) -> [Int] {
        guard case .ints(let v) = required(name, .ints) else { preconditionFailure("--\(name) is not a list of ints") }
        return v
    }
    public func optionalInts(_ name: String) -> [Int]? {
        guard let value = given(name, .ints) else { return nil }
        guard case .ints(let v) = value else { preconditionFailure("--\(name) is not a list of ints") }
        return v
    }

    public func doubles(_ name: String) -> [Double] {
        guard case .doubles(let v) = required(name, .doubles) else { preconditionFailure("--\(name) is not a list of numbers") }
        return v
    }
    public func optionalDoubles(_ name: String) -> [Double]? {
        guard let value = given(name, .doubles) else { return nil }
        guard case .doubles(let v) = value else { preconditionFailure("--\(name) is not a list of numbers") }
        return v
    }

    /// A string option the command cannot run without (the help says "required").
    public func requiredString(_ name: String) throws -> String {
        guard let v = optionalString(name) else { throw UsageError("--\(name) is required (see \(command) --help)") }
        return v
    }

    func declaration(_ name: String) -> Option {
        guard let option = declared[name] else { preconditionFailure("'\(command)' declares no option --\(name)") }
        return option
    }

    func given(_ name: String, _ kind: Option.Kind) -> OptionValue? {
        let option = declaration(name)
        precondition(option.kind == kind, "--\(name) is declared as \(option.kind), read as \(kind)")
        precondition(option.defaultValue == nil, "--\(name) has a default: read it with \(kind)(\"\(name)\")")
        return values[name]
    }

    func required(_ name: String, _ kind: Option.Kind) -> OptionValue {
        let option = declaration(name)
        precondition(option.kind == kind, "--\(name) is declared as \(option.kind), read as \(kind)")
        guard let value = values[name] ?? option.defaultValue else {
            preconditionFailure("--\(name) has no default: read it with optional\(kind)")
        }
        return value
    }
}

extension Option {
    /// The typed value of `text`, or a UsageError naming the option, the value and what is allowed.
    func parse(_ text: String) throws -> OptionValue {
        switch kind {
        case .flag: preconditionFailure("a flag has no value")
        case .string:
            if let choices, !choices.contains(text) {
                throw UsageError("--\(name) must be one of \(choices.joined(separator: ", ")), got '\(text)'")
            }
            return .string(text)
        case .int: return .int(try wholeNumber(text, whole: text))
        case .double: return .double(try number(text, whole: text))
        case .ints:
            return .ints(try Option.items(text).map { try wholeNumber($0, whole: text) })
        case .doubles:
            return .doubles(try Option.items(text).map { try number($0, whole: text) })
        }
    }

    func wholeNumber(_ item: String, whole: String) throws -> Int {
        guard let v = Int(item) else {
            let what = kind == .ints ? "comma-separated whole numbers" : "a whole number"
            throw UsageError("--\(name) expects \(what)\(rangeNote), got '\(whole)'")
        }
        try check(Double(v), item)
        return v
    }

    func number(_ item: String, whole: String) throws -> Double {
        guard let v = Double(item), v.isFinite else {
            let what = kind == .doubles ? "comma-separated numbers" : "a number"
            throw UsageError("--\(name) expects \(what)\(rangeNote), got '\(whole)'")
        }
        try check(v, item)
        return v
    }

    func check(_ v: Double, _ text: String) throws {
        guard let range, !range.contains(v) else { return }
        throw UsageError("--\(name) must be \(range.words(integer: kind == .int || kind == .ints)), got \(text)")
    }

    var rangeNote: String {
        guard let range else { return "" }
        return " (\(range.phrase(integer: kind == .int || kind == .ints)))"
    }

    /// A declared default must pass the option's own checks.
    var acceptsItsDefault: Bool {
        switch defaultValue {
        case nil: return true
        case .string(let v)?: return choices?.contains(v) ?? true
        case let v?: return (try? parse("\(v)")) != nil
        }
    }

    static func items(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
