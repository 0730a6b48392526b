// Practice mode against the fake course, with three exercises in week 1 and one in week 2, and a
// stand-in `swift` (SimulatedSwift) that "runs" a test by looking at the regions it calls in the
// directory it is run in: a blanked region crashes with its stub's message, a region holding
// "WRONG" fails an assertion, anything else passes. So the verbs' whole loop (blank, verify, hint,
// solution, reset, prove with its rounds) is exercised without building.

import Foundation
import XCTest
@testable import RoadmapKit

extension FakeCourse {
    static let statistics = """
    // Statistics for the practice tests.

    public func sum(_ values: [Double]) -> Double {
        // exercise sum: Add up the values.
        // hint: Start from zero.
        // hint: reduce(0, +) does it in one call.
        // tests: SumTests/testSum
        values.reduce(0, +)
        // end exercise sum
    }

    public func mean(_ values: [Double]) -> Double {
        // exercise mean: The arithmetic mean of the values.
        // hint: The sum divided by the count.
        // tests: MeanTests
        sum(values) / Double(values.count)
        // end exercise mean
    }

    public func variance(_ values: [Double]) -> Double {
        // exercise variance: The population variance of the values.
        // hint: The mean of the squared deviations from the mean.
        // hint: Compute the mean once, outside the loop.
        // hint: values.map { ($0 - m) * ($0 - m) } then the mean of that.
        // tests: VarianceTests/testVariance, VarianceTests/testConstant
        let m = mean(values)
        return mean(values.map { ($0 - m) * ($0 - m) })
        // end exercise variance
    }

    """

    static let beta = """
    public func beta() -> Int {
        // exercise beta-step: Return the beta.
        // hint: It is two.
        // tests: BetaTests
        2
        // end exercise beta-step
    }

    """

    /// The fake course with exercises: week 1 has sum, mean and variance, week 2 only beta-step.
    static func withExercises() throws -> FakeCourse {
        let course = try FakeCourse()
        try course.write("Weeks/Week01Alpha/Sources/Statistics.swift", statistics)
        try course.write("Weeks/Week02Beta/Sources/Beta.swift", beta)
        return course
    }
}

/// A `swift` that builds nothing and runs a test by checking the regions it calls, in order.
final class SimulatedSwift: CommandRunner, @unchecked Sendable {
    /// Test (Week.Class/method) → the exercises it calls, in order. MeanTests computes its expected
    /// value with sum() first, so with everything blanked it stops at sum's stub, not mean's.
    static let calls: [String: [String]] = [
        "Week01AlphaTests.SumTests/testSum": ["sum"],
        "Week01AlphaTests.MeanTests/testMean": ["sum", "mean"],
        "Week01AlphaTests.VarianceTests/testVariance": ["variance"],
        "Week01AlphaTests.VarianceTests/testConstant": ["variance"],
        "Week02BetaTests.BetaTests/testBeta": [],
    ]
    private let lock = NSLock()
    private var recorded: [(arguments: [String], directory: URL)] = []

    var commands: [[String]] {
        lock.lock()
        defer { lock.unlock() }
        return recorded.map(\.arguments)
    }

    func run(_ arguments: [String], in directory: URL, mode: OutputMode) throws -> CommandResult {
        lock.lock()
        recorded.append((arguments, directory))
        lock.unlock()
        guard arguments.count > 1, arguments[1] == "test" else { return CommandResult(status: 0, output: "Build complete!\n") }
        let filters = arguments.indices.filter { arguments[$0] == "--filter" }.map { arguments[$0 + 1] }
        let tests = Self.calls.keys.sorted().filter { test in
            filters.contains { filter in test.range(of: filter, options: .regularExpression) != nil }
        }
        var regions: [String: (week: Int, exercise: Exercise)] = [:]
        for (week, name) in [(1, "Week01Alpha"), (2, "Week02Beta")] {
            for exercise in try ExerciseParser.exercises(ofWeek: name, root: directory, strict: false) {
                regions[exercise.name] = (week, exercise)
            }
        }
        var failing: [(test: String, message: String)] = []
        for test in tests {
            for name in Self.calls[test] ?? [] {
                guard let (week, exercise) = regions[name] else { continue }
                if exercise.isBlanked(week: week) {
                    return CommandResult(status: 1, output: "Test Case '\(test)' started\n"
                        + "\(exercise.file):3: Fatal error: exercise \(name): not written yet\n")
                }
                if exercise.region.contains("WRONG") {
                    failing.append((test.split(separator: ".", maxSplits: 1)[1].replacingOccurrences(of: "/", with: "."), "XCTAssertEqual failed: (\"1.0\") is not equal to (\"2.0\")"))
                    break
                }
            }
        }
        return CommandResult(status: failing.isEmpty ? 0 : 1, output: xctestOutput(executed: tests.count, failing: failing))
    }
}

final class PracticeTests: XCTestCase {
    let source = "Weeks/Week01Alpha/Sources/Statistics.swift"

    func text(_ course: FakeCourse, _ path: String) throws -> String {
        String(decoding: try course.read(path), as: UTF8.self)
    }

    func testPracticeListsTheWeeksExercises() throws {
        let course = try FakeCourse.withExercises()
        let list = course.run(["practice", "1"])
        XCTAssertEqual(list.status, 0, list.errors)
        XCTAssertTrue(list.output.contains("  sum       Add up the values.  [not started]"), list.output)
        XCTAssertTrue(list.output.contains("  variance  The population variance of the values.  [not started]"), list.output)
        XCTAssertTrue(course.run(["practice", "3"]).errors.contains("planned"))
        XCTAssertTrue(course.run(["help", "practice"]).output.hasPrefix("roadmap practice N [NAME] [--force]"))
        XCTAssertTrue(course.run(["--help"]).output.contains("prove [N …]"))
        XCTAssertEqual(course.run(["watch", "1", "--iterations", "0"]).status, 2, "a usage error")
        let unknown = course.run(["practice", "1", "median"])
        XCTAssertEqual(unknown.status, 1)
        XCTAssertTrue(unknown.errors.contains("week 1 exercise 'median': no such exercise; its exercises are sum, mean, variance"),
                      unknown.errors)
    }

    func testABrokenMarkerIsOneLineNamingFileAndLine() throws {
        let course = try FakeCourse.withExercises()
        let broken = FakeCourse.statistics.replacingOccurrences(of: "    // end exercise mean\n", with: "")
        try course.write(source, broken)
        for arguments in [["practice", "1"], ["practice", "1", "sum"], ["verify", "1", "sum"], ["hint", "1", "sum"]] {
            let result = course.run(arguments, runner: SimulatedSwift())
            XCTAssertEqual(result.status, 1, "\(arguments)")
            XCTAssertEqual(result.errors, "roadmap: error: \(source):13: exercise mean: no `// end exercise mean` "
                + "before the next exercise at line 20\n", "\(arguments)")
        }
        XCTAssertEqual(try text(course, source), broken, "nothing written")
        let proof = course.run(["prove", "1"], runner: SimulatedSwift())
        XCTAssertEqual(proof.status, 1)
        XCTAssertTrue(proof.output.contains("✗ Week01Alpha: \(source):13: exercise mean: no `// end exercise mean`"), proof.output)
    }

    func testPracticeVerifyResetVerify() throws {
        let course = try FakeCourse.withExercises()
        let original = try text(course, source)
        let swift = SimulatedSwift()
        let practised = course.run(["practice", "1", "variance"], runner: swift)
        XCTAssertEqual(practised.status, 0, practised.errors)
        XCTAssertTrue(practised.output.contains("Implement: The population variance of the values."), practised.output)
        XCTAssertTrue(practised.output.contains("Checked by: VarianceTests/testVariance, VarianceTests/testConstant"))
        XCTAssertTrue(practised.output.contains("swift run roadmap verify 1 variance"))
        XCTAssertTrue(practised.output.contains("(3 hints)"))
        let blanked = try text(course, source)
        XCTAssertTrue(blanked.contains("""
                // exercise variance: The population variance of the values.
                // tests: VarianceTests/testVariance, VarianceTests/testConstant
                fatalError("exercise variance: not written yet — `swift run roadmap hint 1 variance` gives a nudge")
                // end exercise variance
            """), blanked)
        XCTAssertTrue(blanked.contains("values.reduce(0, +)"), "the other exercises stay")
        let store = ExerciseStore(root: course.root)
        XCTAssertEqual(try String(contentsOf: store.originalURL(week: "Week01Alpha", name: "variance"), encoding: .utf8), original)
        XCTAssertTrue(try XCTUnwrap(store.reference(week: "Week01Alpha", name: "variance")).joined(separator: "\n")
            .contains("return mean(values.map"))
        XCTAssertEqual(try course.progress()[week: 1][exercise: "variance"]?.startedAt, FakeCourse.day("2025-01-06"))

        // Idempotent: practising it again says so and changes nothing.
        let again = course.run(["practice", "1", "variance"], runner: swift)
        XCTAssertEqual(again.status, 0)
        XCTAssertTrue(again.output.contains("already blanked"), again.output)
        XCTAssertEqual(try text(course, source), blanked)

        let failing = course.run(["verify", "1", "variance"], runner: swift)
        XCTAssertEqual(failing.status, 1)
        XCTAssertTrue(failing.output.contains("✗ variance: crashed: exercise variance: not written yet"), failing.output)
        XCTAssertEqual(swift.commands.last, ["swift", "test", "--disable-swift-testing", "--scratch-path", ".build-weeks",
                                             "--filter", "^Week01AlphaTests\\.VarianceTests/testVariance$",
                                             "--filter", "^Week01AlphaTests\\.VarianceTests/testConstant$"])
        let record = try XCTUnwrap(try course.progress()[week: 1][exercise: "variance"])
        XCTAssertEqual(record.lastVerify?.passed, false)
        XCTAssertNil(record.verifiedAt)
        XCTAssertTrue(course.run(["status"]).output.contains("exercises 0/3 verified · 1 started"))

        // The learner writes a wrong answer: an edited region is never overwritten without --force.
        try course.write(source, blanked.replacingOccurrences(of: "    fatalError(\"exercise variance: not written yet — `swift run roadmap hint 1 variance` gives a nudge\")",
                                                                with: "    return 0 // WRONG"))
        let wrong = course.run(["verify", "1"], runner: swift)
        XCTAssertEqual(wrong.status, 1)
        XCTAssertTrue(wrong.output.contains("✗ variance: VarianceTests.testConstant: XCTAssertEqual failed"), wrong.output)
        let refused = course.run(["practice", "1", "variance"], runner: swift)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.errors.contains("holds your code"), refused.errors)
        XCTAssertTrue(try text(course, source).contains("return 0 // WRONG"))

        // reset: the reference back, the learner's code saved aside; verify passes.
        let reset = course.run(["reset", "1", "variance"], runner: swift)
        XCTAssertEqual(reset.status, 0, reset.errors)
        XCTAssertTrue(reset.output.contains("Your code is saved in"), reset.output)
        XCTAssertEqual(try text(course, source), original)
        XCTAssertTrue(try XCTUnwrap(store.attempt(week: "Week01Alpha", name: "variance")).contains("    return 0 // WRONG"))
        XCTAssertNil(try course.progress()[week: 1][exercise: "variance"])
        let passing = course.run(["verify", "1", "variance"], runner: swift)
        XCTAssertEqual(passing.status, 0, passing.output)
        XCTAssertTrue(passing.output.contains("✓ variance: 2 tests pass."), passing.output)
        XCTAssertTrue(course.run(["reset", "1", "variance"]).output.contains("is not being practised"))
        XCTAssertEqual(course.run(["reset", "1", "--yes"]).status, 0, "reset N without NAME still forgets the week")
    }

    func testHintsAreCountedAndSolutionIsGatedOnVerify() throws {
        let course = try FakeCourse.withExercises()
        let swift = SimulatedSwift()
        XCTAssertEqual(course.run(["practice", "1", "variance"], runner: swift).status, 0)
        XCTAssertTrue(course.run(["hint", "1", "variance", "--all"]).output.contains("No hint of variance revealed yet"))
        XCTAssertEqual(course.run(["hint", "1", "variance"]).output, "hint 1 of 3: The mean of the squared deviations from the mean.\n")
        XCTAssertEqual(course.run(["hint", "1", "variance"]).output, "hint 2 of 3: Compute the mean once, outside the loop.\n")
        XCTAssertEqual(course.run(["hint", "1", "variance", "--all"]).output,
                       "hint 1 of 3: The mean of the squared deviations from the mean.\nhint 2 of 3: Compute the mean once, outside the loop.\n")
        XCTAssertTrue(course.run(["hint", "1", "variance"]).output.contains("(that was the last hint)"))
        XCTAssertTrue(course.run(["hint", "1", "variance"]).output.hasPrefix("All 3 hints of variance are shown"))
        XCTAssertEqual(try course.progress()[week: 1][exercise: "variance"]?.hintsShown, 3)
        XCTAssertTrue(course.run(["practice", "1"]).output.contains("[blanked: write it, 3 hints shown]"))

        let gated = course.run(["solution", "1", "variance"])
        XCTAssertEqual(gated.status, 1)
        XCTAssertTrue(gated.errors.contains("once `roadmap verify 1 variance` passes"), gated.errors)
        let forced = course.run(["solution", "1", "variance", "--force"])
        XCTAssertEqual(forced.status, 0)
        XCTAssertTrue(forced.output.contains("    return mean(values.map { ($0 - m) * ($0 - m) })"), forced.output)

        // The learner writes the right body; verify passes and records it; the solution opens.
        let blanked = try text(course, source)
        try course.write(source, blanked.replacingOccurrences(of: "    fatalError(\"exercise variance: not written yet — `swift run roadmap hint 1 variance` gives a nudge\")",
                                                                with: "    let m = mean(values)\n    return mean(values.map { ($0 - m) * ($0 - m) })"))
        XCTAssertEqual(course.run(["verify", "1"], runner: swift, now: FakeCourse.day("2025-01-07")).status, 0)
        XCTAssertEqual(try course.progress()[week: 1][exercise: "variance"]?.verifiedAt, FakeCourse.day("2025-01-07"))
        XCTAssertEqual(course.run(["solution", "1", "variance"]).status, 0)
        XCTAssertTrue(course.run(["status"]).output.contains("exercises 1/3 verified"))
        XCTAssertTrue(course.run(["show", "1"]).output.contains("Practice  exercises 1/3 verified"))
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(course.run(["status", "--json"]).output.utf8)) as? [String: Any])
        let weeks = try XCTUnwrap(json["weeks"] as? [[String: Any]])
        XCTAssertEqual(weeks[0]["exercises"] as? [String: Int], ["started": 1, "verified": 1, "total": 3])
        XCTAssertEqual(course.run(["report"]).status, 0)
        XCTAssertTrue(try text(course, "Output/roadmap/report.md").contains("exercises 1/3 verified"))
    }

    func testWatchVerifiesAgainWhenAFileChanges() throws {
        let course = try FakeCourse.withExercises()
        let swift = SimulatedSwift()
        XCTAssertEqual(course.run(["practice", "1", "sum"], runner: swift).status, 0)
        let once = course.run(["watch", "1", "--iterations", "1"], runner: swift)
        XCTAssertEqual(once.status, 1)
        XCTAssertEqual(once.output.components(separatedBy: "Verifying exercise sum").count - 1, 1)
        // A second round starts only after a change: write the answer from another thread.
        let path = course.url(source)
        let writer = Thread {
            usleep(300_000)
            let text = String(decoding: (try? Data(contentsOf: path)) ?? Data(), as: UTF8.self)
            let fixed = text.replacingOccurrences(of: "    fatalError(\"exercise sum: not written yet — `swift run roadmap hint 1 sum` gives a nudge\")",
                                                  with: "    values.reduce(0, +)")
            try? Data(fixed.utf8).write(to: path)
        }
        writer.start()
        let twice = course.run(["watch", "1", "sum", "--iterations", "2"], runner: swift, variables: ["ROADMAP_WATCH_INTERVAL_MS": "50"])
        XCTAssertEqual(twice.status, 0, twice.output)
        XCTAssertTrue(twice.output.contains("✗ sum"), twice.output)
        XCTAssertTrue(twice.output.hasSuffix("✓ sum: 1 test pass. Verified.\n"), twice.output)
    }

    func testProveBlanksAllThenTheAmbiguousAloneAndNamesThinWeeks() throws {
        let course = try FakeCourse.withExercises()
        // The learner is practising sum: the proof uses the reference, and the tree is untouched.
        XCTAssertEqual(course.run(["practice", "1", "sum"]).status, 0)
        let learnerText = try text(course, source)
        let swift = SimulatedSwift()
        let proveDir = course.url(".build-prove").path
        let week1 = course.run(["prove", "1"], runner: swift)
        XCTAssertEqual(week1.status, 0, week1.output + week1.errors)
        XCTAssertTrue(week1.output.contains("✓ Week01Alpha sum: reference passes (1 test); blanked, its tests stop at its stub"), week1.output)
        XCTAssertTrue(week1.output.contains("✓ Week01Alpha mean:"), week1.output)
        XCTAssertTrue(week1.output.contains("build (Week01Alpha mean blanked alone)"), "mean reached sum's stub first: \(week1.output)")
        XCTAssertTrue(week1.output.contains("3 of 3 exercises proved in 1 week"), week1.output)
        XCTAssertEqual(try text(course, source), learnerText)
        XCTAssertEqual(swift.commands.filter { $0[1] == "build" }.count, 3, "reference, all blanked, mean alone")
        XCTAssertTrue(swift.commands.allSatisfy { $0.contains("\(proveDir)/scratch") }, "\(swift.commands)")
        let manifest = try String(contentsOf: course.url(".build-prove/course/Package.swift"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("//     Week(\"Week02Beta\""), "prove 1 builds week 1 only: \(manifest)")
        let copy = course.url(".build-prove/course/\(source)")
        XCTAssertTrue(try String(contentsOf: copy, encoding: .utf8).contains("values.reduce(0, +)"), "the copy is restored")

        let all = course.run(["prove"], runner: SimulatedSwift())
        XCTAssertEqual(all.status, 1)
        XCTAssertTrue(all.output.contains("✗ Week02Beta: 1 exercise; a week needs at least 3"), all.output)
        XCTAssertTrue(all.output.contains("✗ Week02Beta beta-step: its tests pass with the region blanked; they do not reach it"), all.output)
        XCTAssertTrue(all.output.contains("3 of 4 exercises proved in 2 weeks; 1 week problem"), all.output)
        XCTAssertEqual(try course.read(".build-prove/course/Package.swift"), try course.read("Package.swift"), "the whole table again")
    }

    func testABlankThatDoesNotCompileIsFoundByHalving() throws {
        let course = try FakeCourse.withExercises()
        // A stand-in build that fails while sum is blanked (as if code after its region used a `let` of it).
        final class Compiler: CommandRunner, @unchecked Sendable {
            let tests = SimulatedSwift()
            func run(_ arguments: [String], in directory: URL, mode: OutputMode) throws -> CommandResult {
                guard arguments[1] == "build" else { return try tests.run(arguments, in: directory, mode: mode) }
                let text = try String(contentsOf: directory.appendingPathComponent("Weeks/Week01Alpha/Sources/Statistics.swift"), encoding: .utf8)
                let broken = text.contains("fatalError(\"exercise sum:")
                return CommandResult(status: broken ? 1 : 0, output: broken ? "Statistics.swift:9:5: error: cannot find 'total' in scope\n" : "")
            }
        }
        let proof = course.run(["prove", "1"], runner: Compiler())
        XCTAssertEqual(proof.status, 1)
        XCTAssertTrue(proof.output.contains("✗ Week01Alpha sum: blanked, the code does not compile"), proof.output)
        XCTAssertTrue(proof.output.contains("✓ Week01Alpha variance:"), proof.output)
        XCTAssertTrue(proof.output.contains("2 of 3 exercises proved"), proof.output)
    }

    func testProgressKeepsExerciseStateAndOldFilesLoad() throws {
        var progress = LearnerProgress(startDate: "2025-01-06")
        progress[week: 4][exercise: "adam-step"] = ExerciseRecord(
            startedAt: FakeCourse.day("2025-01-07"), hintsShown: 2, verifiedAt: FakeCourse.day("2025-01-08"),
            lastVerify: VerifyResult(passed: true, at: FakeCourse.day("2025-01-08"), message: nil))
        progress[week: 4][exercise: "rms-step"] = ExerciseRecord(
            startedAt: FakeCourse.day("2025-01-07"),
            lastVerify: VerifyResult(passed: false, at: FakeCourse.day("2025-01-08"), message: "crashed: exercise rms-step: …"))
        let data = try ProgressCodec.encode(progress)
        XCTAssertEqual(try ProgressCodec.decode(data, path: "p").progress, progress)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\"hintsShown\" : 2"))
        XCTAssertEqual(ExerciseTally(progress[week: 4])?.summary, "exercises 1/2 verified · 1 started")

        // A file from before practice mode (no "exercises") loads, and keeps no empty key on saving.
        let old = """
        {"schemaVersion": 1, "startDate": "2025-01-06", "weeks": {"01": {"targets": {"1": "2025-01-07T18:00:00Z"}, "study": {}}}}
        """
        let loaded = try ProgressCodec.decode(Data(old.utf8), path: "p").progress
        XCTAssertNil(loaded[week: 1].exercises)
        XCTAssertTrue(loaded[week: 1].isChecked(.target, 1))
        XCTAssertFalse(String(decoding: try ProgressCodec.encode(loaded), as: UTF8.self).contains("exercises"))

        // The repository's own Progress.json loads too.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        XCTAssertNoThrow(try ProgressCodec.decode(try Data(contentsOf: root.appendingPathComponent("Progress.json")), path: "Progress.json"))
    }
}
