// Every verb, driven in-process against the fake course with a fake command runner and a fixed
// clock: what it prints, what it records, and how it fails.

import Foundation
import XCTest
@testable import RoadmapKit

final class VerbTests: XCTestCase {
    func testCheckAndUncheckByNumberAndByText() throws {
        let course = try FakeCourse()
        XCTAssertEqual(course.run(["check", "1", "target", "2"]).status, 0)
        let byText = course.run(["check", "01", "study", "eckart"])
        XCTAssertEqual(byText.status, 0, byText.errors)
        XCTAssertTrue(byText.output.contains("study 5 [x] Eckart–Young theorem"))
        var week = try course.progress()[week: 1]
        XCTAssertEqual(week.targets.keys.sorted(), ["2"])
        XCTAssertEqual(week.study.keys.sorted(), ["5"])
        XCTAssertEqual(week.targets["2"], FakeCourse.day("2025-01-06"))
        XCTAssertEqual(course.run(["uncheck", "Week01Alpha", "target", "multiply", "matrices"]).status, 0)
        week = try course.progress()[week: 1]
        XCTAssertTrue(week.targets.isEmpty)
        XCTAssertTrue(course.run(["uncheck", "1", "target", "2"]).output.contains("(it already was)"))
    }

    func testBadItemsWeeksVerbsAndFlagsFailWithOneLine() throws {
        let course = try FakeCourse()
        let cases: [([String], Int32, String)] = [
            (["check", "1", "target", "6"], 1, "there are 5 targets, numbered 1–5"),
            (["check", "1", "study", "chapter"], 1, "matches study items 1, 2, 4; give the number"),
            (["check", "1", "study", "nothing like it"], 1, "matches none"),
            (["check", "9", "target", "1"], 1, "there is no week 9; weeks are 1–3"),
            (["check", "3", "target", "1"], 1, "week 3 (Week03Gamma) is planned but not yet in the repository"),
            (["run", "3"], 1, "planned"),
            (["check", "1", "goal", "1"], 2, "neither 'target' nor 'study'"),
            (["frobnicate"], 2, "unknown command 'frobnicate'"),
            (["status", "--verbose"], 2, "unknown option '--verbose' for 'status'"),
            (["show"], 2, "'show' needs a week number"),
            (["show", "one"], 2, "'one' is not a week number"),
            (["list", "finished"], 2, "unknown filter 'finished'"),
            (["start", "--date", "2025-02-30"], 2, "not a date"),
        ]
        for (arguments, status, message) in cases {
            let result = course.run(arguments)
            XCTAssertEqual(result.status, status, "\(arguments)")
            XCTAssertTrue(result.errors.hasPrefix("roadmap: error: "), "\(arguments): \(result.errors)")
            XCTAssertTrue(result.errors.contains(message), "\(arguments): \(result.errors)")
            XCTAssertEqual(result.errors.filter { $0 == "\n" }.count, 1, "\(arguments): one line")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: course.url("Progress.json").path), "nothing written")
    }

    func testShowPrintsTheCardWithStateAndCommands() throws {
        let course = try FakeCourse()
        _ = course.run(["check", "1", "study", "3"])
        let card = course.run(["show", "1"]).output
        XCTAssertTrue(card.hasPrefix("Week 01 · Week01Alpha · Alpha things\nQ1 · Basics · ·s·· · in progress"), card)
        XCTAssertTrue(card.contains("  [x] 3. Trefethen & Bau, lecture 4  (2025-01-06)"))
        XCTAssertTrue(card.contains("  [ ] 1. Strang, chapter 1"))
        XCTAssertTrue(card.contains("Build   swift run Week01Alpha\n        prints a table of benchmark results."))
        XCTAssertTrue(card.contains("roadmap assess 1"))
        let planned = course.run(["show", "3"])
        XCTAssertEqual(planned.status, 0)
        XCTAssertTrue(planned.output.contains("This week is planned"))
    }

    func testRunMarksBuildOnlyWhenTheExecutableSucceeds() throws {
        let course = try FakeCourse()
        let failing = FakeRunner { _ in CommandResult(status: 3, output: "") }
        XCTAssertEqual(course.run(["run", "2", "--epochs", "1"], runner: failing).status, 3, "exit status passed on")
        XCTAssertNil(try course.progress()[week: 2].build)
        XCTAssertEqual(failing.commands, [["swift", "run", "--scratch-path", ".build-weeks", "Week02Beta", "--epochs", "1"]])
        let runner = FakeRunner()
        XCTAssertEqual(course.run(["run", "2", "--", "--help"], runner: runner).status, 0)
        XCTAssertEqual(runner.commands.first?.suffix(2), ["Week02Beta", "--help"], "flags after N go to the week")
        let build = try XCTUnwrap(try course.progress()[week: 2].build)
        XCTAssertEqual(build.arguments, ["--help"])
        XCTAssertEqual(build.lastSuccess, FakeCourse.day("2025-01-06"))
    }

    func testAssessRecordsAPassingVerdict() throws {
        let course = try FakeCourse()
        let runner = FakeRunner { _ in CommandResult(status: 0, output: xctestOutput(executed: 3, failing: [])) }
        let result = course.run(["assess", "1"], runner: runner)
        XCTAssertEqual(result.status, 0, result.output + result.errors)
        XCTAssertEqual(runner.commands, [["swift", "test", "--disable-swift-testing", "--scratch-path", ".build-weeks",
                                          "--filter", "^Week01AlphaTests\\."]])
        let record = try XCTUnwrap(try course.progress()[week: 1].assess)
        XCTAssertEqual(record.verdict, .passed)
        XCTAssertEqual(record.testsRun, 3)
        XCTAssertEqual(record.testsFailed, 0)
        let table = PackageTable.parse(FakeCourse.package)
        XCTAssertEqual(record.fingerprint, try Fingerprinter(root: course.root, table: table).fingerprint(of: "Week01Alpha"))
        XCTAssertTrue(course.run(["list"]).output.contains("01 Week01Alpha                ···A"))
    }

    func testAssessListsFailuresAndDoesNotCheckAssess() throws {
        let course = try FakeCourse()
        let output = xctestOutput(executed: 4, failing: [
            ("AlphaTests.testSum", "XCTAssertEqual failed: (\"3\") is not equal to (\"4\")"),
            ("AlphaTests.testProduct", "XCTAssertTrue failed - product"),
        ])
        let runner = FakeRunner { _ in CommandResult(status: 1, output: output) }
        let result = course.run(["assess", "1"], runner: runner)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.output.contains("2 of 4 tests failed"), result.output)
        XCTAssertTrue(result.output.contains("✗ AlphaTests.testSum: XCTAssertEqual failed: (\"3\") is not equal to (\"4\")"))
        let record = try XCTUnwrap(try course.progress()[week: 1].assess)
        XCTAssertEqual(record.verdict, .failed)
        XCTAssertEqual(record.failures.count, 2)
        XCTAssertTrue(course.run(["show", "1"]).output.contains("✗ AlphaTests.testProduct: XCTAssertTrue failed - product"))

        // A build failure: no test ran, so the week fails with the compiler's error.
        let broken = FakeRunner { _ in CommandResult(status: 1, output: "/src/A.swift:3:5: error: cannot find 'x' in scope\n") }
        XCTAssertEqual(course.run(["assess", "1"], runner: broken).status, 1)
        let failed = try XCTUnwrap(try course.progress()[week: 1].assess)
        XCTAssertEqual(failed.testsRun, 0)
        XCTAssertEqual(failed.failures, ["/src/A.swift:3:5: error: cannot find 'x' in scope"])
    }

    func testAssessAllRunsEveryImplementedWeek() throws {
        let course = try FakeCourse()
        let runner = FakeRunner { arguments in
            let fails = arguments.last?.contains("Week02Beta") == true
            return CommandResult(status: fails ? 1 : 0, output: xctestOutput(
                executed: 2, failing: fails ? [("BetaTests.testBeta", "XCTFail")] : []))
        }
        let result = course.run(["assess", "--all"], runner: runner)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(runner.commands.count, 2, "the planned week 3 is not run")
        XCTAssertTrue(result.output.contains("Failing weeks: 2"))
        XCTAssertEqual(try course.progress()[week: 1].assess?.verdict, .passed)
        XCTAssertEqual(try course.progress()[week: 2].assess?.verdict, .failed)
    }

    func testAChangeToSharedOrAnEarlierWeekMakesAPassedWeekStale() throws {
        let course = try FakeCourse()
        let runner = FakeRunner { _ in CommandResult(status: 0, output: xctestOutput(executed: 1, failing: [])) }
        XCTAssertEqual(course.run(["assess", "--all"], runner: runner).status, 0)
        XCTAssertEqual(course.run(["list", "stale"]).output, "No stale weeks.\n")

        // Week 2 uses week 1: changing week 2 leaves week 1 valid.
        try course.write("Weeks/Week02Beta/Sources/Week02Beta.swift", "public enum Week02Beta { case changed }\n")
        XCTAssertTrue(course.run(["list", "stale"]).output.hasPrefix("02 Week02Beta"))
        XCTAssertFalse(course.run(["list", "stale"]).output.contains("Week01Alpha"))

        XCTAssertEqual(course.run(["assess", "2"], runner: runner).status, 0)
        try course.write("Weeks/Week01Alpha/Tests/NewTests.swift", "// a new file\n")
        let stale = course.run(["list", "stale"]).output
        XCTAssertTrue(stale.contains("Week01Alpha") && stale.contains("Week02Beta"), "week 2 depends on week 1: \(stale)")

        XCTAssertEqual(course.run(["assess", "--all"], runner: runner).status, 0)
        // An edit to a Shared file the weeks use (a new Shared file they do not name leaves them
        // valid: FingerprintTests).
        try course.write("Shared/Sources/Shared/Shared.swift", "public let shared = 2\n")
        XCTAssertEqual(course.run(["list", "stale"]).output.split(separator: "\n").count, 2)
        XCTAssertTrue(course.run(["show", "1"]).output.contains("but stale"))
        XCTAssertTrue(course.run(["status"]).output.contains("01 Week01Alpha                · · · !"))
    }

    func testStatusShowsPaceCurrentWeekAndTheNextStep() throws {
        let course = try FakeCourse()
        let unstarted = course.run(["status"])
        XCTAssertTrue(unstarted.output.contains("Not started yet"))
        XCTAssertTrue(unstarted.output.hasSuffix("Next: set the day you start (today, or --date YYYY-MM-DD) so pace can be tracked\n      roadmap start\n"))
        XCTAssertEqual(course.run(["start", "--date", "2025-01-01"]).status, 0)
        // 15 days after the start the plan is in week 3 (days 14–20); the learner is on week 1.
        let status = course.run(["status"], now: FakeCourse.day("2025-01-16"))
        XCTAssertTrue(status.output.contains("Started 2025-01-01 · the plan says week 3, you are on 1 (2 behind)"), status.output)
        XCTAssertTrue(status.output.contains("▶ 01 Week01Alpha"))
        XCTAssertTrue(status.output.contains("  03 Week03Gamma                · · · ·  ░░░░  planned"))
        XCTAssertTrue(status.output.hasSuffix("Next: study: Strang, chapter 1\n      roadmap check 1 study 1\n"), status.output)

        for item in 1...5 { _ = course.run(["check", "1", "study", "\(item)"]) }
        XCTAssertEqual(course.run(["next"]).output, "Next: build and run Week01Alpha: prints a table of benchmark results.\n      roadmap run 1\n")
        XCTAssertEqual(course.run(["start"]).output, "You started on 2025-01-01; to change it: roadmap start --date YYYY-MM-DD\n")
    }

    func testStatusJSONForScripts() throws {
        let course = try FakeCourse()
        _ = course.run(["start", "--date", "2025-01-01"])
        _ = course.run(["check", "1", "target", "1"])
        let result = course.run(["status", "--json"], now: FakeCourse.day("2025-01-09"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        XCTAssertEqual(json["planWeek"] as? Int, 2)
        XCTAssertEqual(json["currentWeek"] as? Int, 1)
        XCTAssertEqual(json["startDate"] as? String, "2025-01-01")
        let weeks = try XCTUnwrap(json["weeks"] as? [[String: Any]])
        XCTAssertEqual(weeks.map { $0["implemented"] as? Bool }, [true, true, false])
        XCTAssertEqual((weeks[0]["targets"] as? [String: Int])?["done"], 1)
        XCTAssertEqual((json["next"] as? [String: Any])?["command"] as? String, "roadmap check 1 study 1")
    }

    func testResetAsksFirst() throws {
        let course = try FakeCourse()
        _ = course.run(["check", "1", "target", "1"])
        let declined = course.run(["reset", "1"], answers: ["n"])
        XCTAssertEqual(declined.status, 1)
        XCTAssertTrue(declined.output.contains("Forget all progress of week 1 (Week01Alpha)? [y/N]"))
        XCTAssertTrue(try course.progress()[week: 1].isChecked(.target, 1))
        XCTAssertEqual(course.run(["reset", "1"], answers: []).status, 1, "no answer (end of input) means no")
        XCTAssertEqual(course.run(["reset", "1"], answers: ["y"]).status, 0)
        XCTAssertTrue(try course.progress()[week: 1].isEmpty)
        _ = course.run(["check", "1", "target", "1"])
        XCTAssertEqual(course.run(["reset", "1", "--yes"]).status, 0)
        XCTAssertTrue(try course.progress()[week: 1].isEmpty)
    }

    func testReportWritesMarkdownAndHTMLWithAChart() throws {
        let course = try FakeCourse()
        _ = course.run(["check", "1", "target", "1"])
        let result = course.run(["report"])
        XCTAssertEqual(result.status, 0, result.errors)
        let markdown = course.url("Output/roadmap/report.md")
        let html = course.url("Output/roadmap/report.html")
        XCTAssertEqual(result.output, markdown.path + "\n" + html.path + "\n")
        let text = try String(contentsOf: markdown, encoding: .utf8)
        XCTAssertTrue(text.contains("| 1 | Week01Alpha | Alpha things | 1/5 | 0/5 |  |  | in progress |"), text)
        let page = try String(contentsOf: html, encoding: .utf8)
        XCTAssertTrue(page.contains("<svg"))
        XCTAssertEqual(page.components(separatedBy: "<title>Week ").count - 1, 3, "a bar per week")
    }

    func testDoctorReportsToolsDatasetsAndFiles() throws {
        let course = try FakeCourse()
        try course.write("Datasets/sklearn/iris.csv", "1,2\n")
        let runner = FakeRunner { arguments in
            switch arguments {
            case ["swift", "--version"]: return CommandResult(status: 0, output: "Swift version 6.3.1 (swift-6.3.1-RELEASE)\nTarget: x\n")
            case ["pkg-config", "--modversion", "openblas"]: return CommandResult(status: 0, output: "0.3.21\n")
            default: return CommandResult(status: 0, output: "/usr/lib\n")
            }
        }
        let result = course.run(["doctor"], runner: runner, variables: ["OPENBLAS_CORETYPE": "Haswell"])
        XCTAssertTrue(result.output.contains("✓ Swift          Swift version 6.3.1"), result.output)
        XCTAssertTrue(result.output.contains("✓ OpenBLAS       0.3.21 in /usr/lib · core: Haswell (forced by OPENBLAS_CORETYPE)"))
        XCTAssertTrue(result.output.contains("✓ Dataset        sklearn: 1 entries"))
        XCTAssertTrue(result.output.contains("✗ Dataset        minilm: missing; run ./Scripts/setup.sh"))
        XCTAssertTrue(result.output.contains("✗ Roadmap.md     3 weeks"), "the fake course is not the full year")
        XCTAssertEqual(result.status, 0, "missing datasets are warnings")
        let noBLAS = FakeRunner { arguments in CommandResult(status: arguments[0] == "pkg-config" ? 1 : 0, output: "Swift version 6\n") }
        XCTAssertEqual(course.run(["doctor"], runner: noBLAS).status, 1)
    }

    func testHelpAndRootDiscovery() throws {
        let course = try FakeCourse()
        let help = course.run(["--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.output.contains("check N target|study K"))
        XCTAssertTrue(course.run(["assess", "--help"]).output.hasPrefix("roadmap assess N | --all"))
        XCTAssertTrue(course.run(["help", "reset"]).output.hasPrefix("roadmap reset N [--yes]"))

        let subdirectory = course.url("Weeks/Week01Alpha/Sources")
        let environment = RoadmapEnvironment(currentDirectory: subdirectory, variables: [:], runner: FakeRunner(),
                                             now: { Date() }, output: Console(), errors: Console(), readLine: { nil })
        XCTAssertEqual(try Workspace.findRoot(explicit: nil, environment: environment).standardizedFileURL.path,
                       course.root.standardizedFileURL.path)
        XCTAssertThrowsError(try Workspace.findRoot(explicit: "/", environment: environment)) { error in
            XCTAssertEqual(error as? RoadmapError, .rootNotFound(searchedFrom: "/"))
        }
    }
}
