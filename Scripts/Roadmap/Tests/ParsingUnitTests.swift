// Small pure pieces: XCTest output parsing, argument splitting, FNV-1a, calendar days.

import Foundation
import XCTest
@testable import RoadmapKit

final class ParsingUnitTests: XCTestCase {
    func testXCTestOutputOnLinuxAndDarwin() {
        let linux = xctestOutput(executed: 5, failing: [("MathTests.testAdd", "XCTAssertEqual failed: (\"3\") is not equal to (\"4\")")])
            + "Executed 5 tests, with 1 failure (0 unexpected) in 0.02 (0.02) seconds\n"
        let report = TestReport.parse(linux)
        XCTAssertEqual(report.executed, 5)
        XCTAssertEqual(report.failed, 1)
        XCTAssertEqual(report.failedTests, ["MathTests.testAdd"])
        XCTAssertEqual(report.messages, ["MathTests.testAdd: XCTAssertEqual failed: (\"3\") is not equal to (\"4\")"])

        let darwin = """
        Test Case '-[Week01Tests.MathTests testAdd]' started.
        /x/MathTests.swift:9: error: -[Week01Tests.MathTests testAdd] : XCTAssertTrue failed
        Test Case '-[Week01Tests.MathTests testAdd]' failed (0.001 seconds).
        \t Executed 2 tests, with 1 failure (0 unexpected) in 0.001 (0.002) seconds
        Executed 2 tests, with 1 failure (0 unexpected) in 0.001 (0.002) seconds
        """
        let mac = TestReport.parse(darwin)
        XCTAssertEqual(mac.executed, 2)
        XCTAssertEqual(mac.failedTests, ["MathTests.testAdd"])
        XCTAssertEqual(mac.messages, ["MathTests.testAdd: XCTAssertTrue failed"])

        XCTAssertNil(TestReport.parse("error: fatalError\n").executed)
    }

    func testArgumentsPassThroughAfterRunAndValidateFlags() throws {
        let run = try Arguments.parse(["--root", "/r", "run", "4", "--epochs", "2", "--help"])
        XCTAssertEqual(run.verb, "run")
        XCTAssertEqual(run.positionals, ["4", "--epochs", "2", "--help"])
        XCTAssertEqual(run.root, "/r")
        XCTAssertFalse(run.help)
        let start = try Arguments.parse(["start", "--date", "2025-01-06"])
        XCTAssertEqual(start.flags["date"], "2025-01-06")
        XCTAssertEqual(try Arguments.parse([]).verb, "status")
        XCTAssertEqual(try Arguments.parse(["reset", "2", "-y"]).flags["yes"], "")
        XCTAssertThrowsError(try Arguments.parse(["watch", "1", "--json"])) { error in
            XCTAssertEqual((error as? RoadmapError)?.exitCode, 2)
        }
        XCTAssertThrowsError(try Arguments.parse(["start", "--date"]))
    }

    func testUnknownCommandsAndOptionsAreUsageErrorsNamingThem() {
        func usage(_ tokens: [String]) -> (code: Int32?, text: String) {
            do { _ = try Arguments.parse(tokens); return (nil, "parsed") } catch {
                return ((error as? RoadmapError)?.exitCode, "\(error)")
            }
        }
        let verb = usage(["frobnicate"])
        XCTAssertEqual(verb.code, 2)
        XCTAssertTrue(verb.text.contains("unknown command 'frobnicate'") && verb.text.contains("assess"), verb.text)
        let option = usage(["status", "--bogus"])
        XCTAssertEqual(option.code, 2)
        XCTAssertTrue(option.text.contains("unknown option '--bogus' for 'status'"), option.text)
        XCTAssertEqual(usage(["--bogus"]).code, 2)
        XCTAssertFalse(usage(["--bogus"]).text.contains("parsed"))
    }

    func testFNV1aMatchesPublishedVectors() {
        // Reference values from the FNV specification (draft-eastlake-fnv), 64-bit FNV-1a.
        var empty = FNV1a64()
        empty.combine([UInt8]())
        XCTAssertEqual(empty.hex, "cbf29ce484222325")
        var a = FNV1a64()
        a.combine(Array("a".utf8))
        XCTAssertEqual(a.hex, "af63dc4c8601ec8c")
        var foobar = FNV1a64()
        foobar.combine(Array("foobar".utf8))
        XCTAssertEqual(foobar.hex, "85944171f73967e8")
    }

    func testCalendarDays() {
        XCTAssertNil(DayDate.parse("2025-02-29"))
        XCTAssertNil(DayDate.parse("2025-1-6"))
        let start = DayDate.parse("2024-12-30")!
        XCTAssertEqual(DayDate.days(from: start, to: DayDate.parse("2025-01-06")!), 7)
        XCTAssertEqual(DayDate.format(start), "2024-12-30")
    }
}
