// Week 2's CSV inputs from a hostile user (issue 18): a numeric column with a stray text, NaN or
// infinite cell used to drop out of the features silently (it no longer parsed as numeric); now
// it is one error naming the file, line and column, through the library and the executable.

import Foundation
import Shared
import TestSupport
@testable import Week02Optimization
import XCTest

final class BadFeatureTableTests: XCTestCase {
    func testStrayCellsInNumericColumnsAreErrors() throws {
        let dir = try TemporaryDirectory()
        let rows = (0..<12).map { "\(Double($0) * 0.5),\(Double($0 % 3)),\($0 % 2)" }
        let cases: [(String, String)] = [
            ("nan,1,0", "line 8: column 'a' value 'nan' is NaN (not accepted)"),
            ("1,1e999999,0", "line 8: column 'b' value '1e999999' is infinite or beyond Double's range"),
            ("x7,1,0", "line 8: column 'a' value 'x7' is not a number"),
        ]
        for (i, (bad, message)) in cases.enumerated() {
            var lines = ["a,b,target"] + rows
            lines.insert(bad, at: 7)
            let url = dir.file("t\(i).csv")
            try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: url)
            XCTAssertThrowsError(try FeatureTable.load(url)) { error in
                XCTAssertEqual("\(error)", "\(url.path): malformed: \(message)" + (message.hasSuffix("range") ? " (not accepted)" : ""))
            }
            let r = try Executables.run("Week02Optimization", ["gmm", url.path])
            XCTAssertEqual(r.status, 1, r.stderr)
            XCTAssertTrue(r.stderr.contains(message), r.stderr)
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        }
    }

    func testNonFiniteValueInASingleColumnIsAnError() throws {
        let dir = try TemporaryDirectory()
        try AtomicFile.write("x\n1\n2\n-inf\n4\n", to: dir.file("c.csv"))
        XCTAssertThrowsError(try FeatureTable.column(dir.file("c.csv"), named: "x")) { error in
            XCTAssertTrue("\(error)".contains("line 4: column 'x' value '-inf' is infinite"), "\(error)")
        }
    }
}
