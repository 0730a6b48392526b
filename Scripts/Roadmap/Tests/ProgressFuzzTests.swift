// Progress.json under TestSupport's fuzz harness: a file with every kind of record, mutated (week
// keys, counts and dates edited to huge or negative values, bytes flipped, truncated). Every case
// decodes or throws one RoadmapError line; a decoded file also answers the status questions the
// verbs ask of it.

import Foundation
@testable import RoadmapKit
import TestSupport
import XCTest

final class ProgressFuzzTests: XCTestCase {
    func testFuzzProgressDecoding() throws {
        var progress = LearnerProgress(startDate: "2025-01-06")
        progress[week: 1].set(.study, 1, checkedAt: FakeCourse.day("2025-01-07"))
        progress[week: 10].set(.target, 2, checkedAt: FakeCourse.day("2025-03-01"))
        progress[week: 2].build = BuildRecord(lastSuccess: FakeCourse.day("2025-01-14"), arguments: ["--fast"])
        progress[week: 2].assess = AssessRecord(verdict: .failed, at: FakeCourse.day("2025-01-15"), testsRun: 4,
                                                testsFailed: 1, failures: ["T.test: boom"], fingerprint: "fnv1a64:00")
        let seed = [UInt8](try ProgressCodec.encode(progress))
        let tokens = ["\"schemaVersion\"", "\"weeks\"", "\"02\"", "\"10\"", "\"passed\"", "\"failed\"", "null", "true", "{", "["]
        let report = Fuzz.run("Progress.json", seeds: [seed], tokens: tokens) { bytes -> Int in
            let decoded = try ProgressCodec.decode(Data(bytes), path: "Progress.json").progress
            var checked = 0
            for (number, week) in decoded.weeks {
                XCTAssertGreaterThan(number, 0)
                for item in 1...3 where week.isChecked(.study, item) || week.isChecked(.target, item) { checked += 1 }
            }
            return checked
        }
        XCTAssertGreaterThan(report.errors, 0)
        XCTAssertGreaterThan(report.values, 0)
    }

    func testHugeSchemaVersionAndWeekKeyAreErrors() {
        let future = Data("{\"schemaVersion\": 99999999999999999999, \"weeks\": {}}".utf8)
        XCTAssertThrowsError(try ProgressCodec.decode(future, path: "p")) { XCTAssertTrue("\($0)".contains("schemaVersion"), "\($0)") }
        let week = Data("{\"schemaVersion\": 1, \"weeks\": {\"99999999999999999999\": {\"study\": {}, \"targets\": {}}}}".utf8)
        XCTAssertThrowsError(try ProgressCodec.decode(week, path: "p")) { XCTAssertTrue("\($0)".contains("is not a week number"), "\($0)") }
    }
}
