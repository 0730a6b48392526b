// Reads what `swift test` printed: how many tests ran, how many failed, and why. Understands
// both spellings of a test case, Linux's 'Class.test' and Darwin's '-[Module.Class test]':
//
//   /…/Tests/MathTests.swift:12: error: MathTests.testAdd : XCTAssertEqual failed: ("3") is not equal to ("4")
//   Test Case 'MathTests.testAdd' failed (0.002 seconds)
//   \t Executed 7 tests, with 1 failure (0 unexpected) in 0.010 (0.011) seconds

import Foundation

public struct TestReport: Equatable, Sendable {
    /// nil if no "Executed …" line was printed (the build failed, or nothing ran).
    public var executed: Int?
    public var failed: Int
    /// Names of failed test cases, in order of appearance.
    public var failedTests: [String]
    /// "testName: message" for each assertion failure, or compiler errors if the build failed.
    public var messages: [String]

    public static func parse(_ output: String) -> TestReport {
        var report = TestReport(executed: nil, failed: 0, failedTests: [], messages: [])
        var compilerErrors: [String] = []
        for rawLine in output.split(whereSeparator: \.isNewline) {
            // XCTest indents the suite summaries ("\t Executed …").
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("Executed "), let counts = executedCounts(line) {
                // Nested suites each print a summary; the last one is the whole run.
                report.executed = counts.tests
                report.failed = counts.failures
            } else if line.hasPrefix("Test Case '"), line.contains("' failed") {
                let name = line.dropFirst("Test Case '".count).prefix { $0 != "'" }
                report.failedTests.append(normalise(String(name)))
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

    static func executedCounts(_ line: String) -> (tests: Int, failures: Int)? {
        let words = line.split(separator: " ")
        guard words.count >= 5, let tests = Int(words[1]), words[3] == "with", let failures = Int(words[4]) else {
            return nil
        }
        return (tests, failures)
    }
}
