// Week 6's inputs from a hostile user (issue 18): a forecast series with a NaN or out-of-range
// value, and a truncated char-LM checkpoint, are one error line naming the file and exit 1.

import Foundation
import Shared
import TestSupport
import XCTest

final class BadSeriesTests: XCTestCase {
    func testNonFiniteSeriesValueIsOneErrorLine() throws {
        let directory = try TemporaryDirectory()
        let csv = directory.file("series.csv")
        let values = (1...40).map { "\($0),\(Double($0 % 7))" }
        try AtomicFile.write((["t,value"] + values.prefix(20) + ["21,1e999999"] + values.suffix(19)).joined(separator: "\n"), to: csv)
        let result = try Executables.run("Week06Sequences", ["forecast", "--file", csv.path, "--column", "value"])
        XCTAssertEqual(result.status, 1, result.stdout)
        XCTAssertTrue(result.stderr.contains("\(csv.path): malformed: line 22: column 'value' value '1e999999' is infinite"), result.stderr)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
    }
}
