// Assertions for the weeks' CLI dispatch tests: a bad command line is one `UsageError` line that
// names what was wrong, and a subcommand's `--help` line for an option says its default and range.
//
//   assertUsageError(Week01CommandLine.parser, ["pca", "a.npy", "--components", "0"],
//                    mentions: ["--components must be at least 1, got 0"])
//   XCTAssertTrue(helpLine(cli, "pca", "components").contains("(default 2; ≥ 1)"))
//
// Does not: run a process (Executables.swift does), or check what a handler does with the values.

import Shared
import XCTest

/// Asserts that parsing `arguments` throws a one-line `UsageError` containing every fragment.
public func assertUsageError(_ cli: CLI, _ arguments: [String], mentions fragments: [String],
                             file: StaticString = #filePath, line: UInt = #line) {
    do {
        _ = try cli.parse(arguments)
        XCTFail("\(arguments) parsed; expected a usage error", file: file, line: line)
    } catch let error as UsageError {
        XCTAssertFalse(error.message.contains("\n"), "\(arguments): not one line: \(error.message)", file: file, line: line)
        for fragment in fragments {
            XCTAssertTrue(error.message.contains(fragment), "\(arguments): '\(error.message)' lacks '\(fragment)'", file: file, line: line)
        }
    } catch {
        XCTFail("\(arguments): not a UsageError: \(error)", file: file, line: line)
    }
}

/// The line of `--option` in `command`'s `--help`, or "" (and a failure) when there is none.
public func helpLine(_ cli: CLI, _ command: String, _ option: String, file: StaticString = #filePath, line: UInt = #line) -> String {
    guard let subcommand = cli.commands.first(where: { $0.name == command }) else {
        XCTFail("\(cli.program) declares no command '\(command)'", file: file, line: line)
        return ""
    }
    let lines = cli.help(for: subcommand).split(separator: "\n").map(String.init)
    guard let found = lines.first(where: { $0.hasPrefix("  --\(option) ") || $0 == "  --\(option)" }) else {
        XCTFail("\(cli.program) \(command) --help has no line for --\(option)", file: file, line: line)
        return ""
    }
    return found
}

/// Asserts that `command`'s help line for each option (name → expected fragment, e.g. "(default 2; ≥ 1)") contains it.
public func assertHelp(_ cli: CLI, _ command: String, shows expected: KeyValuePairs<String, String>,
                       file: StaticString = #filePath, line: UInt = #line) {
    for (option, fragment) in expected {
        let text = helpLine(cli, command, option, file: file, line: line)
        XCTAssertTrue(text.contains(fragment), "--\(option) of '\(command)': '\(text)' lacks '\(fragment)'", file: file, line: line)
    }
}
