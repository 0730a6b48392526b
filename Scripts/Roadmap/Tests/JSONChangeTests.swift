// `--json` on the verbs that change progress: check, uncheck, start, reset N and reset N NAME each
// print the state they leave as one document, against the fake course; reset N --json never asks.

import Foundation
@testable import RoadmapKit
import XCTest

final class JSONChangeTests: XCTestCase {
    func testCheckAndUncheckJSON() throws {
        let course = try FakeCourse()
        let checked = try jsonObject(course.run(["check", "1", "target", "multiply", "--json"]))
        XCTAssertEqual(checked["week"] as? Int, 1)
        XCTAssertEqual(checked["name"] as? String, "Week01Alpha")
        XCTAssertEqual(checked["kind"] as? String, "target")
        XCTAssertEqual(checked["item"] as? Int, 2)
        XCTAssertEqual(checked["text"] as? String, "I can multiply matrices")
        XCTAssertEqual(checked["checked"] as? Bool, true)
        XCTAssertEqual(checked["changed"] as? Bool, true)
        XCTAssertEqual(checked["checkedAt"] as? String, "2025-01-06T00:00:00Z")
        XCTAssertEqual(checked["done"] as? Int, 1)
        XCTAssertEqual(checked["total"] as? Int, 5)

        let again = try jsonObject(course.run(["check", "1", "target", "2", "--json"]))
        XCTAssertEqual(again["changed"] as? Bool, false)
        let study = try jsonObject(course.run(["check", "1", "study", "3", "--json"]))
        XCTAssertEqual(study["done"] as? Int, 1)
        XCTAssertEqual(study["kind"] as? String, "study")

        let unchecked = try jsonObject(course.run(["uncheck", "1", "target", "2", "--json"]))
        XCTAssertEqual(unchecked["checked"] as? Bool, false)
        XCTAssertEqual(unchecked["changed"] as? Bool, true)
        XCTAssertTrue(unchecked["checkedAt"] is NSNull, "\(unchecked)")
        XCTAssertEqual(unchecked["done"] as? Int, 0)
        XCTAssertFalse(try course.progress()[week: 1].isChecked(.target, 2))
    }

    func testStartJSON() throws {
        let course = try FakeCourse()
        let first = try jsonObject(course.run(["start", "--json"], now: FakeCourse.day("2025-01-20")))
        XCTAssertEqual(first["startDate"] as? String, "2025-01-20")
        XCTAssertTrue(first["previous"] is NSNull, "\(first)")
        XCTAssertEqual(first["changed"] as? Bool, true)
        XCTAssertEqual(first["planWeek"] as? Int, 1)

        let kept = try jsonObject(course.run(["start", "--json"], now: FakeCourse.day("2025-01-27")))
        XCTAssertEqual(kept["startDate"] as? String, "2025-01-20", "start without --date keeps the date")
        XCTAssertEqual(kept["previous"] as? String, "2025-01-20")
        XCTAssertEqual(kept["changed"] as? Bool, false)
        XCTAssertEqual(kept["planWeek"] as? Int, 2)

        let moved = try jsonObject(course.run(["start", "--date", "2025-01-13", "--json"], now: FakeCourse.day("2025-01-27")))
        XCTAssertEqual(moved["startDate"] as? String, "2025-01-13")
        XCTAssertEqual(moved["previous"] as? String, "2025-01-20")
        XCTAssertEqual(moved["changed"] as? Bool, true)
        XCTAssertEqual(moved["planWeek"] as? Int, 3)
        XCTAssertEqual(try course.progress().startDate, "2025-01-13")
    }

    func testResetWeekJSONNeedsYesAndListsWhatWasForgotten() throws {
        let course = try FakeCourse()
        _ = course.run(["check", "1", "target", "1"])
        _ = course.run(["check", "1", "target", "2"])
        _ = course.run(["check", "1", "study", "1"])
        let asked = course.run(["reset", "1", "--json"], answers: ["y"])
        XCTAssertEqual(asked.status, 2)
        XCTAssertEqual(asked.output, "")
        XCTAssertTrue(asked.errors.contains("add --yes"), asked.errors)
        XCTAssertTrue(try course.progress()[week: 1].isChecked(.target, 1), "refused: nothing forgotten")

        let reset = try jsonObject(course.run(["reset", "1", "--yes", "--json"]))
        XCTAssertEqual(reset["week"] as? Int, 1)
        XCTAssertEqual(reset["name"] as? String, "Week01Alpha")
        XCTAssertEqual(reset["changed"] as? Bool, true)
        let forgot = try XCTUnwrap(reset["forgot"] as? [String: Any])
        XCTAssertEqual(forgot["targets"] as? Int, 2)
        XCTAssertEqual(forgot["study"] as? Int, 1)
        XCTAssertEqual(forgot["build"] as? Bool, false)
        XCTAssertTrue(forgot["assess"] is NSNull, "\(forgot)")
        XCTAssertEqual(forgot["exercises"] as? [String], [])
        XCTAssertTrue(try course.progress()[week: 1].isEmpty)

        let again = try jsonObject(course.run(["reset", "1", "--yes", "--json"]))
        XCTAssertEqual(again["changed"] as? Bool, false)
    }

    func testResetExerciseJSON() throws {
        let course = try FakeCourse.withExercises()
        let source = "Weeks/Week01Alpha/Sources/Statistics.swift"
        let original = try String(decoding: course.read(source), as: UTF8.self)
        XCTAssertEqual(course.run(["practice", "1", "variance"]).status, 0)
        let blanked = try String(decoding: course.read(source), as: UTF8.self)
        let stub = "    fatalError(\"exercise variance: not written yet — `swift run roadmap hint 1 variance` gives a nudge\")"
        try course.write(source, blanked.replacingOccurrences(of: stub, with: "    return 0 // MINE"))

        let reset = try jsonObject(course.run(["reset", "1", "variance", "--json"]))
        XCTAssertEqual(reset["week"] as? Int, 1)
        XCTAssertEqual(reset["exercise"] as? String, "variance")
        XCTAssertEqual(reset["file"] as? String, source)
        let line = try XCTUnwrap(reset["line"] as? Int)
        XCTAssertEqual(original.components(separatedBy: "\n")[line - 1].trimmingCharacters(in: .whitespaces),
                       "// exercise variance: The population variance of the values.")
        XCTAssertEqual(reset["restored"] as? Bool, true)
        let attempt = try XCTUnwrap(reset["attempt"] as? String)
        XCTAssertTrue(try String(contentsOfFile: attempt, encoding: .utf8).contains("return 0 // MINE"))
        XCTAssertEqual(try String(decoding: course.read(source), as: UTF8.self), original)

        let idle = try jsonObject(course.run(["reset", "1", "variance", "--json"]))
        XCTAssertEqual(idle["restored"] as? Bool, false)
        XCTAssertTrue(idle["attempt"] is NSNull, "\(idle)")
    }
}
