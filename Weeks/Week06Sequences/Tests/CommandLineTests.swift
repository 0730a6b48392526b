// The command line: parser errors in-process, and the built executable's one-line errors and exit
// codes for a missing file and a bad column.

import Foundation
import Shared
import TestSupport
import Week06Sequences
import XCTest

final class CommandLineTests: XCTestCase {
    func testParserRejectsUnknownOptionsAndCommands() throws {
        let cli = Week06CommandLine.parser
        XCTAssertThrowsError(try cli.parse(["forecast", "--colum", "x"])) { XCTAssertTrue("\($0)".contains("--colum")) }
        XCTAssertThrowsError(try cli.parse(["train"]))
        let invocation = try XCTUnwrap(try cli.parse(["charlm", "--steps", "7", "--json"]))
        XCTAssertEqual(invocation.int("steps"), 7)
        XCTAssertTrue(invocation.flag("json"))
    }

    func testMissingFileIsOneLineAndExitOne() throws {
        let result = try Executables.run("Week06Sequences", ["forecast", "--file", "/nonexistent/series.csv"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        XCTAssertTrue(result.stderr.contains("/nonexistent/series.csv"), result.stderr)
    }

    func testBadColumnNamesTheColumn() throws {
        let directory = try TemporaryDirectory()
        let csv = directory.file("series.csv")
        try "t,value\n1,2\n2,3\n".write(to: csv, atomically: true, encoding: .utf8)
        let result = try Executables.run("Week06Sequences", ["forecast", "--file", csv.path, "--column", "price"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.contains("price"), result.stderr)
        let missingText = try Executables.run("Week06Sequences", ["charlm", "--file", directory.file("none.txt").path])
        XCTAssertEqual(missingText.status, 1)
        XCTAssertTrue(missingText.stderr.contains("none.txt"), missingText.stderr)
    }
}
