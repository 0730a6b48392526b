// Progress.json: syntax errors with line:column, refusing malformed and future files without
// touching them, migration with a backup, and a readable round-trip encoding.

import Foundation
import XCTest
@testable import RoadmapKit

final class ProgressFileTests: XCTestCase {
    func testJSONSyntaxErrorsNameLineAndColumn() {
        // (document, line, column) worked out by hand
        let cases: [(String, Int, Int)] = [
            ("{\n \"a\": 1,\n \"b\": tru\n}", 3, 10),      // 't','r','u' at columns 7–9; the newline breaks "true"
            ("{\"a\": 1,}", 1, 9),                          // a trailing comma: a key was expected at '}'
            ("{\n  \"a\": [1, 2\n}", 3, 1),                 // the array is not closed
            ("{\"a\": \"x", 1, 9),                          // unterminated string at end of file
            ("{} x", 1, 4),
        ]
        for (document, line, column) in cases {
            XCTAssertThrowsError(try JSONSyntax.check(Array(document.utf8)), document) { error in
                let syntax = error as? JSONSyntaxError
                XCTAssertEqual(syntax?.line, line, document)
                XCTAssertEqual(syntax?.column, column, document)
            }
        }
        for valid in ["{}", "[1, -2.5e3, true, false, null]", "{\"k\": \"\\u00e9\\n\\\"\", \"n\": {\"m\": []}}", " 0 "] {
            XCTAssertNoThrow(try JSONSyntax.check(Array(valid.utf8)), valid)
        }
    }

    func testMalformedProgressIsReportedWithItsPositionAndLeftUntouched() throws {
        let course = try FakeCourse()
        let broken = "{\n  \"schemaVersion\": 1,\n  \"startDate\": null\n  \"weeks\": {}\n}\n"
        try course.write("Progress.json", broken)
        let result = course.run(["check", "1", "target", "1"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errors.hasPrefix("roadmap: error: Progress.json:4:3: invalid JSON: expected '}' or ','"),
                      result.errors)
        XCTAssertEqual(result.errors.filter { $0 == "\n" }.count, 1, "one line")
        XCTAssertEqual(try course.read("Progress.json"), Data(broken.utf8))
        XCTAssertEqual(course.run(["status"]).status, 1, "status refuses it too")
    }

    func testWrongShapeNamesTheKeyPath() throws {
        let course = try FakeCourse()
        let document = """
        {"schemaVersion": 1, "startDate": null, "weeks": {"01": {"targets": {}, "study": {},
         "assess": {"verdict": "maybe", "at": "2025-01-06T00:00:00Z", "testsRun": 1, "testsFailed": 0,
                    "failures": [], "fingerprint": "x"}}}}
        """
        try course.write("Progress.json", document)
        let result = course.run(["show", "1"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errors.contains("weeks.01.assess.verdict"), result.errors)
        XCTAssertEqual(try course.read("Progress.json"), Data(document.utf8))
    }

    func testFutureSchemaVersionIsRefusedAndLeftUntouched() throws {
        let course = try FakeCourse()
        let future = "{\"schemaVersion\": 2, \"weeks\": {}, \"somethingNew\": true}"
        try course.write("Progress.json", future)
        let result = course.run(["check", "1", "study", "1"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.errors.contains("schema version 2"), result.errors)
        XCTAssertEqual(try course.read("Progress.json"), Data(future.utf8))
    }

    func testMigrationKeepsABackupOfTheOriginal() throws {
        let course = try FakeCourse()
        // A made-up version 0 that listed checked targets as an array, to exercise the mechanism.
        let old = "{\"schemaVersion\": 0, \"weeks\": {\"01\": {\"done\": [2]}}}"
        try course.write("Progress.json", old)
        let migrations: [Int: ProgressMigration] = [0: { document in
            var weeks = document["weeks"] as? [String: Any] ?? [:]
            for (key, value) in weeks {
                let done = (value as? [String: Any])?["done"] as? [Int] ?? []
                let targets = Dictionary(uniqueKeysWithValues: done.map { ("\($0)", "2025-01-01T00:00:00Z") })
                weeks[key] = ["targets": targets, "study": [String: String]()]
            }
            document["weeks"] = weeks
            document["startDate"] = NSNull()
        }]
        let store = ProgressStore(root: course.root, migrations: migrations)
        XCTAssertTrue(try store.load()[week: 1].isChecked(.target, 2))
        XCTAssertEqual(try course.read("Progress.json"), Data(old.utf8), "loading alone writes nothing")
        try store.update { $0[week: 1].set(.study, 1, checkedAt: FakeCourse.day("2025-01-02")) }
        XCTAssertEqual(try course.read("Progress.v0.json.bak"), Data(old.utf8))
        let migrated = try ProgressStore(root: course.root).load()
        XCTAssertEqual(migrated.schemaVersion, 1)
        XCTAssertTrue(migrated[week: 1].isChecked(.target, 2))
        XCTAssertTrue(migrated[week: 1].isChecked(.study, 1))
    }

    func testEncodingIsSortedAndRoundTrips() throws {
        var progress = LearnerProgress(startDate: "2025-01-06")
        progress[week: 10].set(.target, 2, checkedAt: FakeCourse.day("2025-03-01"))
        progress[week: 2].build = BuildRecord(lastSuccess: FakeCourse.day("2025-01-14"), arguments: ["--fast"])
        progress[week: 2].assess = AssessRecord(verdict: .failed, at: FakeCourse.day("2025-01-15"), testsRun: 4,
                                                testsFailed: 1, failures: ["T.test: boom"], fingerprint: "fnv1a64:00")
        let data = try ProgressCodec.encode(progress)
        let text = String(decoding: data, as: UTF8.self)
        let week2 = try XCTUnwrap(text.range(of: "\"02\""))
        let week10 = try XCTUnwrap(text.range(of: "\"10\""))
        XCTAssertLessThan(week2.lowerBound, week10.lowerBound, "zero-padded keys sort in week order")
        XCTAssertTrue(text.contains("\"lastSuccess\" : \"2025-01-14T00:00:00Z\""), text)
        XCTAssertEqual(try ProgressCodec.decode(data, path: "p").progress, progress)
    }
}
