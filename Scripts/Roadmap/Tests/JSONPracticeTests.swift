// `--json` on practice mode's verbs and on assess, against the fake course with exercises and the
// simulated `swift` of PracticeTests: `practice N`, `hint`, `solution`, `verify`, `assess` and
// `prove` each print one JSON document whose values follow from the steps taken, and the verbs
// that run tests do not echo the test output into it.

import Foundation
@testable import RoadmapKit
import XCTest

/// Passes every command to `inner` and records whether it asked for the output to be echoed.
final class EchoRecorder: CommandRunner, @unchecked Sendable {
    let inner: any CommandRunner
    private let lock = NSLock()
    private var recorded: [Bool] = []
    init(_ inner: any CommandRunner) { self.inner = inner }

    var echoes: [Bool] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func run(_ arguments: [String], in directory: URL, mode: OutputMode) throws -> CommandResult {
        lock.lock()
        if case .capture(let echo) = mode { recorded.append(echo) } else { recorded.append(true) }
        lock.unlock()
        return try inner.run(arguments, in: directory, mode: mode)
    }
}

final class JSONPracticeTests: XCTestCase {
    let source = "Weeks/Week01Alpha/Sources/Statistics.swift"

    func exercises(_ document: [String: Any]) throws -> [[String: Any]] {
        try XCTUnwrap(document["exercises"] as? [[String: Any]])
    }

    func testPracticeListingJSON() throws {
        let course = try FakeCourse.withExercises()
        let listed = try jsonObject(course.run(["practice", "1", "--json"]))
        XCTAssertEqual(listed["name"] as? String, "Week01Alpha")
        let all = try exercises(listed)
        XCTAssertEqual(all.map { $0["name"] as? String }, ["sum", "mean", "variance"])
        XCTAssertEqual(all.map { $0["line"] as? Int }, [4, 13, 21], "the header lines in Statistics.swift")
        XCTAssertEqual(all.map { $0["hintsTotal"] as? Int }, [2, 1, 3])
        XCTAssertEqual(all.map { $0["state"] as? String }, ["notStarted", "notStarted", "notStarted"])
        XCTAssertEqual(all[2]["tests"] as? [String], ["VarianceTests/testVariance", "VarianceTests/testConstant"])
        XCTAssertEqual(all[0].keys.sorted(), ["file", "goal", "hintsShown", "hintsTotal", "lastVerify", "line", "name",
                                              "startedAt", "state", "tests", "verifiedAt"])

        XCTAssertEqual(course.run(["practice", "1", "variance"], runner: SimulatedSwift()).status, 0)
        let hint = try jsonObject(course.run(["hint", "1", "variance", "--json"]))
        XCTAssertEqual(hint["shown"] as? Int, 1)
        XCTAssertEqual(hint["total"] as? Int, 3)
        XCTAssertEqual(hint["new"] as? String, "The mean of the squared deviations from the mean.")
        XCTAssertEqual(hint["hints"] as? [String], ["The mean of the squared deviations from the mean."])
        let seen = try jsonObject(course.run(["hint", "1", "variance", "--all", "--json"]))
        XCTAssertTrue(seen["new"] is NSNull, "--all reveals nothing new")
        XCTAssertEqual(seen["shown"] as? Int, 1)

        let variance = try exercises(try jsonObject(course.run(["practice", "1", "--json"])))[2]
        XCTAssertEqual(variance["state"] as? String, "blanked")
        XCTAssertEqual(variance["hintsShown"] as? Int, 1)
        XCTAssertEqual(variance["hintsTotal"] as? Int, 3, "from the stored reference")
        XCTAssertEqual(variance["startedAt"] as? String, "2025-01-06T00:00:00Z")
        let card = try jsonObject(course.run(["show", "1", "--json"]))
        XCTAssertEqual((card["practice"] as? [String: Any])?["started"] as? Int, 1)
        XCTAssertEqual((card["practice"] as? [String: Any])?["total"] as? Int, 3)
        XCTAssertEqual(try exercises(card).map { $0["state"] as? String }, ["notStarted", "notStarted", "blanked"])
    }

    func testVerifyAndSolutionJSONWithoutEchoingTheTests() throws {
        let course = try FakeCourse.withExercises()
        let reference = String(decoding: try course.read(source), as: UTF8.self)
        XCTAssertEqual(course.run(["practice", "1", "variance"], runner: SimulatedSwift()).status, 0)
        let runner = EchoRecorder(SimulatedSwift())
        let failing = course.run(["verify", "1", "variance", "--json"], runner: runner)
        XCTAssertEqual(failing.status, 1)
        XCTAssertEqual(runner.echoes, [false])
        let failed = try jsonObject(failing)
        XCTAssertEqual(failed["passed"] as? Bool, false)
        let first = try XCTUnwrap(try exercises(failed).first)
        XCTAssertEqual(first["exercise"] as? String, "variance")
        XCTAssertEqual(first["recorded"] as? Bool, true)
        XCTAssertTrue((first["reason"] as? String)?.hasPrefix("crashed: exercise variance: not written yet") == true, "\(first)")
        XCTAssertEqual((first["command"] as? [String])?.suffix(2), ["--filter", "^Week01AlphaTests\\.VarianceTests/testConstant$"])

        try course.write(source, reference)   // the learner writes the reference's code back
        let passing = course.run(["verify", "1", "--json"], runner: runner)
        XCTAssertEqual(passing.status, 0, passing.errors)
        let passed = try jsonObject(passing)
        XCTAssertEqual(passed["passed"] as? Bool, true)
        XCTAssertEqual(try exercises(passed).first?["testsRun"] as? Int, 2)
        XCTAssertTrue(try exercises(passed).first?["reason"] is NSNull)
        XCTAssertEqual(try course.progress()[week: 1][exercise: "variance"]?.verifiedAt, FakeCourse.day("2025-01-06"))

        let solution = try jsonObject(course.run(["solution", "1", "variance", "--json"]))
        XCTAssertEqual(solution["file"] as? String, source)
        XCTAssertEqual(solution["line"] as? Int, 21)
        let lines = try XCTUnwrap(solution["lines"] as? [String])
        XCTAssertEqual(lines.count, 8, "header, 3 hints, tests, 2 body lines, end marker")
        XCTAssertEqual(lines.first, "    // exercise variance: The population variance of the values.")
        XCTAssertEqual(lines[6], "    return mean(values.map { ($0 - m) * ($0 - m) })")
    }

    func testAssessJSONIsOneDocumentForAllWeeks() throws {
        let course = try FakeCourse()
        let runner = EchoRecorder(FakeRunner { arguments in
            let fails = arguments.last?.contains("Week02Beta") == true
            return CommandResult(status: fails ? 1 : 0, output: xctestOutput(
                executed: 3, failing: fails ? [("BetaTests.testBeta", "XCTFail - beta")] : []))
        })
        let result = course.run(["assess", "--all", "--json"], runner: runner)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(runner.echoes, [false, false], "the test output is not echoed into the document")
        let document = try jsonObject(result)
        XCTAssertEqual(document["passed"] as? Bool, false)
        let weeks = try XCTUnwrap(document["weeks"] as? [[String: Any]])
        XCTAssertEqual(weeks.map { $0["verdict"] as? String }, ["passed", "failed"])
        XCTAssertEqual(weeks.map { $0["testsFailed"] as? Int }, [0, 1])
        XCTAssertEqual(weeks[1]["failures"] as? [String], ["BetaTests.testBeta: XCTFail - beta"])
        XCTAssertEqual(weeks[0]["at"] as? String, "2025-01-06T00:00:00Z")
        XCTAssertEqual(try course.progress()[week: 2].assess?.verdict, .failed, "recorded as without --json")
    }

    func testProveJSONListsEveryExerciseAndTheWeekProblems() throws {
        let course = try FakeCourse.withExercises()
        let week1 = course.run(["prove", "1", "--json"], runner: SimulatedSwift())
        XCTAssertEqual(week1.status, 0, week1.errors)
        let proved = try jsonObject(week1)
        XCTAssertEqual(proved["passed"] as? Bool, true)
        XCTAssertEqual(proved["proved"] as? Int, 3)
        XCTAssertEqual(proved["weeks"] as? [String], ["Week01Alpha"])
        let items = try exercises(proved)
        XCTAssertEqual(items.map { $0["exercise"] as? String }, ["sum", "mean", "variance"])
        XCTAssertEqual(items.map { $0["proved"] as? Bool }, [true, true, true])
        XCTAssertTrue((items[0]["verdict"] as? String)?.hasPrefix("reference passes (1 test)") == true, "\(items[0])")
        XCTAssertTrue((proved["log"] as? [String])?.last?.hasPrefix("3 of 3 exercises proved in 1 week") == true)

        let all = course.run(["prove", "--json"], runner: SimulatedSwift())
        XCTAssertEqual(all.status, 1)
        let document = try jsonObject(all)
        XCTAssertEqual(document["passed"] as? Bool, false)
        XCTAssertEqual(document["total"] as? Int, 4)
        XCTAssertEqual(document["problems"] as? [String], ["Week02Beta: 1 exercise; a week needs at least 3"])
    }
}
