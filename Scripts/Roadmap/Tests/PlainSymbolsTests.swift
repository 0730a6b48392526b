// Symbols: the Unicode marks (✓ ✗ ▶ ·, █░ bars) only where colours go, i.e. on a terminal without
// NO_COLOR or TERM=dumb; piped they print as ok FAIL > . and [##..]. The decision with crafted
// inputs, the Console's translations, and status/doctor/assess rendered by a plain console.

import Foundation
@testable import RoadmapKit
import XCTest

final class PlainSymbolsTests: XCTestCase {
    let unicodeMarks: [Character] = ["✓", "✗", "▶", "█", "░"]

    func testSymbolsOnlyOnATerminalWithoutNoColourOrADumbTerm() {
        let cases: [(isTerminal: Bool, variables: [String: String], expected: Bool)] = [
            (true, [:], true),
            (true, ["TERM": "xterm-256color"], true),
            (true, ["NO_COLOR": ""], true),
            (false, [:], false),
            (false, ["TERM": "xterm"], false),
            (true, ["NO_COLOR": "1"], false),
            (true, ["TERM": "dumb"], false),
            (false, ["NO_COLOR": "", "TERM": "dumb"], false),
            (false, ["ROADMAP_SYMBOLS": "unicode"], true),
            (true, ["ROADMAP_SYMBOLS": "ascii"], false),
            (false, ["ROADMAP_SYMBOLS": ""], false),
            (true, ["ROADMAP_SYMBOLS": "other"], true),
        ]
        for (isTerminal, variables, expected) in cases {
            XCTAssertEqual(TerminalStyle.usesSymbols(isTerminal: isTerminal, variables: variables), expected,
                           "terminal \(isTerminal), \(variables)")
        }
    }

    func testConsoleTranslatesMarksAndBarsOnlyWithoutSymbols() {
        let unicode = Console()
        XCTAssertEqual(unicode.mark(true), "✓")
        XCTAssertEqual(unicode.bar(1, of: 4, width: 4), "█░░░")
        XCTAssertEqual(unicode.weekMarks("T s · A"), "T s · A")

        let plain = Console(symbols: false)
        XCTAssertEqual(plain.mark(true), "ok")
        XCTAssertEqual(plain.mark(false), "FAIL")
        XCTAssertEqual(plain.symbol("▶"), ">")
        XCTAssertEqual(plain.symbol("T"), "T")
        XCTAssertEqual(plain.bar(1, of: 4, width: 4), "[#...]")
        XCTAssertEqual(plain.bar(3, of: 6, width: 10), "[#####.....]")
        XCTAssertEqual(plain.weekMarks("T s · A"), "T s . A")
        plain.marked("  ✗ Tests.testSum: failed")
        plain.marked("✓ Week 1 passes")
        plain.marked("? Week 1 is incomplete")
        plain.marked("✗not a mark")
        XCTAssertEqual(plain.text, "  FAIL Tests.testSum: failed\nok Week 1 passes\n? Week 1 is incomplete\n✗not a mark\n")

        let paintedPlain = Console(colours: true, symbols: false)
        XCTAssertEqual(paintedPlain.mark(false), "\u{1B}[31mFAIL\u{1B}[0m")
    }

    func testPlainStatusHasNoUnicodeMarks() throws {
        let course = try FakeCourse()
        _ = course.run(["start", "--date", "2025-01-06"])
        _ = course.run(["check", "1", "target", "1"])
        let plain = course.run(["status"], symbols: false)
        XCTAssertEqual(plain.status, 0, plain.errors)
        XCTAssertFalse(plain.output.contains { unicodeMarks.contains($0) }, plain.output)
        XCTAssertTrue(plain.output.contains("Roadmap  [..............................]  0/12 parts"), plain.output)
        let weekLine = try XCTUnwrap(plain.output.split(separator: "\n").first { $0.contains("Week01Alpha") })
        XCTAssertTrue(weekLine.hasPrefix("> 01 Week01Alpha"), String(weekLine))
        XCTAssertTrue(weekLine.contains(" . . ") && weekLine.contains("  ["), String(weekLine))

        let unicode = course.run(["status"])
        XCTAssertTrue(unicode.output.contains("▶ 01 Week01Alpha"), unicode.output)
        XCTAssertTrue(unicode.output.contains("░"), unicode.output)
        let list = course.run(["list"], symbols: false).output
        XCTAssertFalse(list.contains("·"), list)
    }

    func testPlainDoctorAndAssessPrintOkAndFail() throws {
        let course = try FakeCourse()
        try course.write("Datasets/sklearn/iris.csv", "1,2\n")
        let runner = FakeRunner { arguments in
            arguments == ["swift", "--version"] ? CommandResult(status: 0, output: "Swift version 6\n")
                : CommandResult(status: 0, output: "0.3.21\n")
        }
        let doctor = course.run(["doctor"], runner: runner, symbols: false).output
        XCTAssertFalse(doctor.contains { unicodeMarks.contains($0) }, doctor)
        XCTAssertTrue(doctor.contains("ok Dataset        sklearn: 1 entries"), doctor)
        XCTAssertTrue(doctor.contains("FAIL Dataset        minilm: missing"), doctor)

        let failing = FakeRunner { _ in CommandResult(status: 1, output: xctestOutput(executed: 2, failing: [(test: "Week01AlphaTests.testSum", message: "XCTAssertEqual failed")])) }
        let assess = course.run(["assess", "1"], runner: failing, symbols: false)
        XCTAssertTrue(assess.output.contains("FAIL Week 1 fails"), assess.output)
        XCTAssertTrue(assess.output.contains("  FAIL Week01AlphaTests.testSum"), assess.output)
        XCTAssertFalse(assess.output.contains { unicodeMarks.contains($0) }, assess.output)
        let json = course.run(["status", "--json"], symbols: false).output
        XCTAssertTrue(json.contains("\"marks\" : \"····\""), "JSON values keep their marks: \(json)")
    }
}
