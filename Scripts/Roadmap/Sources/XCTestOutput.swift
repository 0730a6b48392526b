// Reads what `swift test` printed: how many tests ran, how many failed, and why. Understands
// both spellings of a test case, Linux's 'Class.test' and Darwin's '-[Module.Class test]':
//
//   /…/Tests/MathTests.swift:12: error: MathTests.testAdd : XCTAssertEqual failed: ("3") is not equal to ("4")
//   Test Case 'MathTests.testAdd' failed (0.002 seconds)
//   \t Executed 7 tests, with 1 failure (0 unexpected) in 0.010 (0.011) seconds
//
// and tests skipped with XCTSkip, which prove nothing and so are counted apart:
//
//   /…/Tests/AppTests.swift:4: AppTests.testRun : Test skipped - the executable was not built
//   Test Case 'AppTests.testRun' skipped (0.0 seconds)
//   \t Executed 5 tests, with 2 tests skipped and 1 failure (0 unexpected) in 0.002 (0.002) seconds

import Foundation

public struct TestReport: Equatable, Sendable {
    /// nil if no "Executed …" line was printed (the build failed, or nothing ran).
    public var executed: Int?
    public var failed: Int
    /// Names of failed test cases, in order of appearance.
    public var failedTests: [String]
    /// "testName: message" for each assertion failure, or compiler errors if the build failed.
    public var messages: [String]
    /// Tests skipped (XCTSkip), from the last "Executed …" line; they are part of `executed`.
    public var skipped: Int = 0
    /// "testName: reason" for each skipped test (the name alone if no reason was printed).
    public var skippedTests: [String] = []

    public static func parse(_ output: String) -> TestReport {
        var report = TestReport(executed: nil, failed: 0, failedTests: [], messages: [])
        var skipReasons: [String: String] = [:]
        var compilerErrors: [String] = []
        for rawLine in output.split(whereSeparator: \.isNewline) {
            // XCTest indents the suite summaries ("\t Executed …").
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("Executed "), let counts = executedCounts(line) {
                // Nested suites each print a summary; the last one is the whole run.
                report.executed = counts.tests
                report.failed = counts.failures
                report.skipped = counts.skipped
            } else if line.hasPrefix("Test Case '"), line.contains("' failed") {
                let name = line.dropFirst("Test Case '".count).prefix { $0 != "'" }
                report.failedTests.append(normalise(String(name)))
            } else if line.hasPrefix("Test Case '"), line.contains("' skipped") {
                let name = normalise(String(line.dropFirst("Test Case '".count).prefix { $0 != "'" }))
                report.skippedTests.append(skipReasons[name].map { "\(name): \($0)" } ?? name)
            } else if let range = line.range(of: " : Test skipped"), !line.contains(": error: ") {
                // "/path:4: Class.test : Test skipped - reason" (or "Test skipped: reason").
                let before = line[..<range.lowerBound]
                let name = normalise(String(before.split(separator: " ").last ?? ""))
                var reason = line[range.upperBound...].drop { $0 == " " || $0 == "-" || $0 == ":" }
                if reason.isEmpty { reason = "skipped" }
                skipReasons[name] = String(reason)
            } else if let range = line.range(of: ": error: ") {
                let detail = String(line[range.upperBound...])
                if let split = detail.range(of: " : ") {
                    let test = normalise(String(detail[..<split.lowerBound]))
                    report.messages.append("\(test): \(detail[split.upperBound...])")
                } else {
                    compilerErrors.append(line)
                }
            }
        }
        if report.executed == nil { report.messages += compilerErrors }
        return report
    }

    /// "-[Module.Class testName]" → "Class.testName"; "Class.testName" unchanged.
    static func normalise(_ name: String) -> String {
        guard name.hasPrefix("-["), name.hasSuffix("]") else { return name }
        let inner = name.dropFirst(2).dropLast()
        let parts = inner.split(separator: " ")
        guard parts.count == 2 else { return String(inner) }
        let className = parts[0].split(separator: ".").last.map(String.init) ?? String(parts[0])
        return "\(className).\(parts[1])"
    }

    /// "Executed 7 tests, with 1 failure …" or "Executed 5 tests, with 2 tests skipped and 1 failure …".
    static func executedCounts(_ line: String) -> (tests: Int, failures: Int, skipped: Int)? {
        let words = line.split(separator: " ")
        guard words.count >= 5, let tests = Int(words[1]), words[3] == "with", let first = Int(words[4]) else {
            return nil
        }
        if words.count >= 9, words[6] == "skipped", words[7] == "and", let failures = Int(words[8]) {
            return (tests, failures, first)
        }
        return (tests, first, 0)
    }
}
