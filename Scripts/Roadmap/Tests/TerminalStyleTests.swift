// Colours: the decision (a terminal, NO_COLOR unset or empty, TERM not dumb) tested with crafted
// inputs, and what the verbs print either way: plain text with the same symbols when colours are
// off, the symbols wrapped in ANSI codes when on, and never a code in --json.

import Foundation
@testable import RoadmapKit
import XCTest

final class TerminalStyleTests: XCTestCase {
    let escape = "\u{1B}["

    func testColoursOnlyOnATerminalWithoutNoColourOrADumbTerm() {
        let cases: [(isTerminal: Bool, variables: [String: String], expected: Bool)] = [
            (true, [:], true),
            (true, ["TERM": "xterm-256color"], true),
            (false, [:], false),
            (false, ["TERM": "xterm-256color"], false),
            (true, ["NO_COLOR": "1"], false),
            (true, ["NO_COLOR": "yes", "TERM": "xterm"], false),
            (true, ["NO_COLOR": ""], true),   // no-color.org: only a non-empty value disables
            (true, ["TERM": "dumb"], false),
            (false, ["NO_COLOR": "1", "TERM": "dumb"], false),
        ]
        for (isTerminal, variables, expected) in cases {
            XCTAssertEqual(TerminalStyle.usesColour(isTerminal: isTerminal, variables: variables), expected,
                           "terminal \(isTerminal), \(variables)")
        }
    }

    func testPaintAndMarkedAreIdentityWithoutColours() {
        let plain = Console()
        XCTAssertEqual(plain.paint("done", .green), "done")
        XCTAssertEqual(plain.mark(false), "✗")
        plain.marked("  ✗ Tests.testSum: failed")
        XCTAssertEqual(plain.text, "  ✗ Tests.testSum: failed\n")

        let coloured = Console(colours: true)
        XCTAssertEqual(coloured.paint("done", .green), "\u{1B}[32mdone\u{1B}[0m")
        coloured.marked("  ✗ Tests.testSum: failed")
        coloured.marked("? Week 1 is incomplete")
        coloured.marked("?not a mark")
        XCTAssertEqual(coloured.text, "  \u{1B}[31m✗\u{1B}[0m Tests.testSum: failed\n"
            + "\u{1B}[33m?\u{1B}[0m Week 1 is incomplete\n?not a mark\n")
    }

    func runner() -> FakeRunner {
        FakeRunner { arguments in
            arguments == ["swift", "--version"] ? CommandResult(status: 0, output: "Swift version 6\n")
                : CommandResult(status: 0, output: "0.3.21\n")
        }
    }

    func testDoctorIsPlainWithoutColoursAndPaintsItsMarksWithThem() throws {
        let course = try FakeCourse()
        try course.write("Datasets/sklearn/iris.csv", "1,2\n")
        let plain = course.run(["doctor"], runner: runner())
        XCTAssertFalse(plain.output.contains(escape), plain.output)
        XCTAssertTrue(plain.output.contains("✓ Dataset        sklearn: 1 entries"), plain.output)

        let coloured = course.run(["doctor"], runner: runner(), colours: true)
        XCTAssertTrue(coloured.output.contains("\u{1B}[32m✓\u{1B}[0m Dataset        sklearn: 1 entries"), coloured.output)
        XCTAssertTrue(coloured.output.contains("\u{1B}[31m✗\u{1B}[0m Dataset        minilm: missing"), coloured.output)
        let stripped = coloured.output.replacingOccurrences(of: "\u{1B}[32m", with: "")
            .replacingOccurrences(of: "\u{1B}[31m", with: "").replacingOccurrences(of: "\u{1B}[0m", with: "")
        XCTAssertEqual(stripped, plain.output, "colours add codes and change nothing else")
    }

    func testStatusColoursTheLabelAndJSONIsNeverPainted() throws {
        let course = try FakeCourse()
        let passing = FakeRunner { _ in CommandResult(status: 0, output: xctestOutput(executed: 1, failing: [])) }
        XCTAssertEqual(course.run(["assess", "1"], runner: passing, colours: true).output
            .components(separatedBy: "\u{1B}[32m✓\u{1B}[0m Week 1 passes").count, 2)
        try course.write("Shared/Sources/Shared/Shared.swift", "public let shared = 2\n")
        XCTAssertTrue(course.run(["status"], colours: true).output.contains("\u{1B}[33mstale\u{1B}[0m"))
        XCTAssertFalse(course.run(["status"]).output.contains(escape))
        for verb in [["status", "--json"], ["list", "--json"], ["doctor", "--json"], ["show", "1", "--json"]] {
            let result = course.run(verb, runner: runner(), colours: true)
            XCTAssertFalse(result.output.contains(escape), "\(verb): \(result.output)")
        }
    }
}
