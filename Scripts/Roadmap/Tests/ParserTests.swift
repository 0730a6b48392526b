// Roadmap.md and Package.swift parsing: the fake course, the real 52-week Roadmap.md, and broken
// files whose errors must name the right line.

import Foundation
import XCTest
@testable import RoadmapKit

final class ParserTests: XCTestCase {
    func testParsesTheFakeCourse() throws {
        let course = try RoadmapParser.parse(FakeCourse.roadmap)
        XCTAssertEqual(course.weeks.map(\.name), ["Week01Alpha", "Week02Beta", "Week03Gamma"])
        XCTAssertEqual(course.quarters.map(\.title), ["Basics", "Later"])
        let first = course.weeks[0]
        XCTAssertEqual(first.title, "Alpha things")
        XCTAssertEqual(first.targets.count, 5)
        XCTAssertEqual(first.study[4], "Eckart–Young theorem")
        XCTAssertEqual(first.build.command, "swift run Week01Alpha")
        XCTAssertEqual(first.build.explanation, "prints a table of benchmark results.")   // two lines joined
        XCTAssertEqual(first.line, 7)
        XCTAssertEqual(course.weeks[1].build.command, "swift run Week02Beta demo")
        XCTAssertEqual(course.weeks[2].quarter.number, 2)
    }

    func testBrokenRoadmapsReportTheLine() {
        // (what to replace, with what, the line the error must name, a piece of the message)
        let cases: [(String, String, Int, String)] = [
            ("#### Study\n- [ ] Strang, chapter 1", "#### Build\n- [ ] Strang, chapter 1", 14, "expected '#### Study'"),
            ("### Week 02 · Week02Beta", "### Week 04 · Week04Beta", 26, "Week 02"),
            ("- [ ] I can beta", "* I can beta", 28, "checklist items"),
            ("`swift run Week02Beta demo` — beta demo.", "`swift run Other` — beta demo.", 32, "swift run Week02Beta"),
            ("`swift run roadmap assess 2` — beta works.", "swift run roadmap assess 2 — beta works.", 34, "backticks"),
            ("#### Assess\n`swift run roadmap assess 3` — gamma works.", "", 38, "lacks the section '#### Assess'"),
            ("## Q2 · Later", "## Q3 · Later", 36, "Q2"),
        ]
        for (old, new, line, message) in cases {
            let broken = FakeCourse.roadmap.replacingOccurrences(of: old, with: new)
            XCTAssertNotEqual(broken, FakeCourse.roadmap, "case not applied: \(old)")
            XCTAssertThrowsError(try RoadmapParser.parse(broken), "\(old)") { error in
                guard case RoadmapError.roadmapSyntax(let reported, let text) = error else {
                    return XCTFail("wrong error \(error)")
                }
                XCTAssertEqual(reported, line, "\(old) → \(text)")
                XCTAssertTrue(text.contains(message), "\(text) lacks \(message)")
            }
        }
    }

    /// The project's own Roadmap.md: 52 weeks, 4 quarters, the executable names of curriculum.md.
    func testTheRepositoryRoadmapHasAllFiftyTwoWeeks() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let course = try RoadmapParser.parse(String(contentsOf: root.appendingPathComponent("Roadmap.md"), encoding: .utf8))
        XCTAssertEqual(course.weeks.count, 52)
        XCTAssertEqual(course.quarters.count, 4)
        XCTAssertEqual(course.weeks[0].name, "Week01LinearAlgebra")
        XCTAssertEqual(course.weeks[16].name, "Week17TinyGPT")
        XCTAssertEqual(course.weeks[51].name, "Week52Retrospective")
        XCTAssertEqual(course.weeks.filter { $0.quarter.number == 3 }.map(\.number), Array(25...36))
        for week in course.weeks {
            XCTAssertTrue((3...5).contains(week.targets.count), "week \(week.number) targets")
            XCTAssertTrue((3...5).contains(week.study.count), "week \(week.number) study")
        }
        let progress = try ProgressCodec.decode(try Data(contentsOf: root.appendingPathComponent("Progress.json")),
                                                path: "Progress.json").progress
        // It holds the learner's state once they start, so only its validity is checked here.
        XCTAssertEqual(progress.schemaVersion, LearnerProgress.schemaVersion, "the committed Progress.json is valid")
    }

    func testPackageTableReadsNamesAndUses() {
        let table = PackageTable.parse(FakeCourse.package)
        XCTAssertEqual(table.weeks.keys.sorted(), ["Week01Alpha", "Week02Beta"])   // the commented line is not a week
        XCTAssertEqual(table.weeks["Week02Beta"]?.uses, ["Week01Alpha"])
        XCTAssertEqual(table.weeks["Week01Alpha"]?.uses, [])
        XCTAssertEqual(table.weeks["Week02Beta"]?.entry, "Week(\"Week02Beta\", uses: [\"Week01Alpha\"]),")
    }
}
