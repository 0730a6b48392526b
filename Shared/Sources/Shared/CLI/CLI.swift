// The command-line parser every week's executable uses.
//
//   Week01LinearAlgebra svd data.npy --out factors/     (subcommand, positional, option)
//   Week01LinearAlgebra bench --json                     (boolean flag)
//   Week01LinearAlgebra --components=3 pca data.csv      (--name=value works too)
//
// The conventions every week follows:
// - Each week declares its CLI in its library's `Sources/CommandLine.swift` (`WeekNNCommandLine.cli(…)`),
//   so its tests can drive the parser and the dispatch without a process. The handlers live in the
//   App and are passed in by name; each `Subcommand` carries its own handler and `main()` runs it.
//   There is no fall-through: a command only ever runs its own handler.
// - The FIRST declared command is the default: it runs when no command is named, and `--help`
//   shows it in brackets (`Week04MNIST [train]`).
// - Options are typed and state their default and range once (Option.swift); `--help` renders them.
//   An unknown command or option, a missing or malformed value, a value out of range or a wrong
//   number of arguments is a `UsageError`: one line on stderr and exit code 2. Any other error
//   thrown by a handler prints as one line with exit code 1.
//
// Does not: support short options, option bundling or options repeated to accumulate.

import CHelpers
import Foundation

public struct Subcommand: Sendable {
    public typealias Handler = @Sendable (Invocation) throws -> Void

    public var name: String
    public var arguments: String  // e.g. "FILE", shown in usage
    public var positionals: ClosedRange<Int>
    public var summary: String
    public var options: [Option]
    public var run: Handler

    public init(_ name: String, arguments: String = "", positionals: ClosedRange<Int> = 0...0,
                summary: String, options: [Option] = [], run: @escaping Handler) {
        let names = options.map(\.name)
        precondition(Set(names).count == names.count, "'\(name)' declares an option twice: \(names)")
        for o in options { precondition(o.acceptsItsDefault, "--\(o.name)'s default is outside its range or choices") }
        self.name = name
        self.arguments = arguments
        self.positionals = positionals
        self.summary = summary
        self.options = options
        self.run = run
    }
}

public struct UsageError: Error, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public struct CLI: Sendable {
    public var program: String
    public var summary: String
    public var commands: [Subcommand]

    public init(program: String, summary: String, commands: [Subcommand]) {
        precondition(!commands.isEmpty, "a CLI needs at least one command")
        precondition(Set(commands.map(\.name)).count == commands.count, "\(program) declares a command twice")
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
        var values: [String: OptionValue] = [:]
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
                if option.kind == .flag {
                    guard inline == nil else { throw UsageError("--\(name) takes no value") }
                    flags.insert(name)
                } else if let inline {
                    values[name] = try option.parse(inline)
                } else {
                    guard i + 1 < args.count else { throw UsageError("--\(name) needs a value (\(option.valueName ?? "VALUE"))") }
                    i += 1
                    values[name] = try option.parse(args[i])
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
        let declared = Dictionary(uniqueKeysWithValues: command.options.map { ($0.name, $0) })
        return Invocation(command: command.name, positionals: positionals, declared: declared, values: values, flags: flags)
    }

    /// Parses `arguments` and runs the named command's own handler (nothing when help was printed).
    public func run(_ arguments: [String]) throws {
        guard let invocation = try parse(arguments) else { return }
        guard let command = commands.first(where: { $0.name == invocation.command }) else {
            preconditionFailure("parse returned an undeclared command '\(invocation.command)'")
        }
        try command.run(invocation)
    }

    public func help() -> String {
        var lines = ["\(program) — \(summary)", "", "Usage:"]
        for (i, c) in commands.enumerated() {
            let name = i == 0 ? "[\(c.name)]" : c.name
            lines.append("  \(program) \(name)\(c.arguments.isEmpty ? "" : " " + c.arguments)\(c.options.isEmpty ? "" : " [options]")")
            lines.append("      \(c.summary)")
        }
        lines.append("")
        lines.append("With no command, \(program) runs [\(commands[0].name)]. '\(program) COMMAND --help' lists a command's options.")
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
                lines.append("  " + left.padding(toLength: width + 4, withPad: " ", startingAt: 0) + o.helpText)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Parses the process arguments and runs the command's handler; prints errors as one line and
    /// exits 2 (usage) or 1 (anything else).
    public func main() -> Never {
        // Line-buffer stdout even into a pipe, so it interleaves with progress on stderr.
        chelpers_line_buffer_stdout()
        do {
            try run(Array(CommandLine.arguments.dropFirst()))
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
