// The command-line parser every week's executable uses.
//
//   Week01LinearAlgebra svd data.npy --out factors/     (subcommand, positional, option)
//   Week01LinearAlgebra bench --json                     (boolean flag)
//   Week01LinearAlgebra --components=3 pca data.csv      (--name=value works too)
//
// A program declares its subcommands with their options; the first is the default (run when no
// subcommand is named). `--help` prints usage; an unknown subcommand or option, a missing value
// or a wrong number of arguments is a `UsageError`: one line on stderr and exit code 2.
// Any other error thrown by the program prints as one line with exit code 1.

import CHelpers
import Foundation

public struct Option: Sendable {
    public var name: String
    public var valueName: String?  // nil: a boolean flag
    public var help: String

    public static func value(_ name: String, _ valueName: String, _ help: String) -> Option {
        Option(name: name, valueName: valueName, help: help)
    }

    public static func flag(_ name: String, _ help: String) -> Option {
        Option(name: name, valueName: nil, help: help)
    }
}

public struct Subcommand: Sendable {
    public var name: String
    public var arguments: String  // e.g. "FILE", shown in usage
    public var positionals: ClosedRange<Int>
    public var summary: String
    public var options: [Option]

    public init(_ name: String, arguments: String = "", positionals: ClosedRange<Int> = 0...0,
                summary: String, options: [Option] = []) {
        self.name = name
        self.arguments = arguments
        self.positionals = positionals
        self.summary = summary
        self.options = options
    }
}

public struct UsageError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// What the user asked for: the subcommand, its positional arguments and option values.
public struct Invocation {
    public var command: String
    public var positionals: [String]
    var values: [String: String]
    var flags: Set<String>

    public func flag(_ name: String) -> Bool { flags.contains(name) }
    public func string(_ name: String) -> String? { values[name] }

    public func int(_ name: String, default fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let v = Int(text) else { throw UsageError("--\(name) expects a whole number, got '\(text)'") }
        return v
    }

    public func double(_ name: String, default fallback: Double) throws -> Double {
        guard let text = values[name] else { return fallback }
        guard let v = Double(text), v.isFinite else { throw UsageError("--\(name) expects a number, got '\(text)'") }
        return v
    }

    /// A comma-separated list of numbers ("1,2,3").
    public func doubles(_ name: String) throws -> [Double]? {
        guard let text = values[name] else { return nil }
        return try text.split(separator: ",").map {
            guard let v = Double($0.trimmingCharacters(in: .whitespaces)) else {
                throw UsageError("--\(name) expects comma-separated numbers, got '\(text)'")
            }
            return v
        }
    }
}

public struct CLI: Sendable {
    public var program: String
    public var summary: String
    public var commands: [Subcommand]

    public init(program: String, summary: String, commands: [Subcommand]) {
        precondition(!commands.isEmpty, "a CLI needs at least one command")
        self.program = program
        self.summary = summary
        self.commands = commands
    }

    /// Parses `arguments` (without the program name). Returns nil when help was printed.
    public func parse(_ arguments: [String]) throws -> Invocation? {
        var args = arguments
        var command = commands[0]
        var named = false
        if let first = args.first, !first.hasPrefix("-") {
            if let match = commands.first(where: { $0.name == first }) {
                command = match
                named = true
                args.removeFirst()
            } else if commands[0].positionals.upperBound == 0 {
                throw UsageError("unknown command '\(first)' (commands: \(commands.map(\.name).joined(separator: ", ")); see --help)")
            }
        }
        if args.contains("--help") || args.contains("-h") || args.first == "help" {
            print(named ? help(for: command) : help())
            return nil
        }
        var positionals: [String] = []
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var i = 0
        while i < args.count {
            let arg = args[i]
            if arg == "--" {
                positionals += args[(i + 1)...]
                break
            }
            if arg.hasPrefix("--") {
                var name = String(arg.dropFirst(2))
                var inline: String?
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                guard let option = command.options.first(where: { $0.name == name }) else {
                    throw UsageError("unknown option --\(name) for '\(command.name)' (see \(program) \(named ? command.name + " " : "")--help)")
                }
                if option.valueName == nil {
                    guard inline == nil else { throw UsageError("--\(name) takes no value") }
                    flags.insert(name)
                } else if let inline {
                    values[name] = inline
                } else {
                    guard i + 1 < args.count else { throw UsageError("--\(name) needs a value (\(option.valueName!))") }
                    i += 1
                    values[name] = args[i]
                }
            } else if arg.hasPrefix("-") && arg.count > 1 && Double(arg) == nil {
                throw UsageError("unknown option \(arg) (options start with --; see --help)")
            } else {
                positionals.append(arg)
            }
            i += 1
        }
        guard command.positionals.contains(positionals.count) else {
            let expected = command.arguments.isEmpty ? "no arguments" : command.arguments
            throw UsageError("'\(command.name)' expects \(expected), got \(positionals.count) argument(s) (see --help)")
        }
        return Invocation(command: command.name, positionals: positionals, values: values, flags: flags)
    }

    public func help() -> String {
        var lines = ["\(program) — \(summary)", "", "Usage:"]
        for (i, c) in commands.enumerated() {
            let name = i == 0 ? "[\(c.name)]" : c.name
            lines.append("  \(program) \(name)\(c.arguments.isEmpty ? "" : " " + c.arguments)\(c.options.isEmpty ? "" : " [options]")")
            lines.append("      \(c.summary)")
        }
        lines.append("")
        lines.append("'\(program) COMMAND --help' lists a command's options.")
        return lines.joined(separator: "\n")
    }

    public func help(for command: Subcommand) -> String {
        var lines = ["\(program) \(command.name)\(command.arguments.isEmpty ? "" : " " + command.arguments) — \(command.summary)"]
        if !command.options.isEmpty {
            lines.append("")
            lines.append("Options:")
            let width = command.options.map { $0.name.count + ($0.valueName.map { $0.count + 1 } ?? 0) }.max() ?? 0
            for o in command.options {
                let left = "--\(o.name)" + (o.valueName.map { " " + $0 } ?? "")
                lines.append("  " + left.padding(toLength: width + 4, withPad: " ", startingAt: 0) + o.help)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Parses the process arguments and runs `body`; prints errors as one line and exits non-zero.
    public func main(_ body: (Invocation) throws -> Void) -> Never {
        // Line-buffer stdout even into a pipe, so it interleaves with progress on stderr.
        chelpers_line_buffer_stdout()
        do {
            guard let invocation = try parse(Array(CommandLine.arguments.dropFirst())) else { exit(0) }
            try body(invocation)
            exit(0)
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("\(program): error: \(error.message)\n".utf8))
            exit(2)
        } catch {
            FileHandle.standardError.write(Data("\(program): error: \(error)\n".utf8))
            exit(1)
        }
    }
}
