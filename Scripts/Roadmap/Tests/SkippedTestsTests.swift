// A run that skips tests (XCTSkip) and fails none is incomplete, never a pass: the parser counts
// skips apart from failures, `assess` records the verdict `incomplete`, and status, show, list and
// report show it as such.
//
// The samples are what swift-corelibs-xctest printed (Swift 6, Linux) for a throwaway package of
// five tests, two of them skipped (`throw XCTSkip("the executable was not built")` and
// `try XCTSkipIf(true, "no data")`) and, in the second run, one failing (`XCTFail("asked to fail")`):
// `swift test`, then `SAMPLE_FAIL=1 swift test`. Timestamps and the package path are as printed.

import Foundation
import XCTest
@testable import RoadmapKit

let skippedRun = """
Test Suite 'All tests' started at 2026-12-03 12:10:37.548
Test Suite 'debug.xctest' started at 2026-12-03 12:10:37.549
Test Suite 'MixedTests' started at 2026-12-03 12:10:37.549
Test Case 'MixedTests.testFailsOnRequest' started at 2026-12-03 12:10:37.549
Test Case 'MixedTests.testFailsOnRequest' passed (0.001 seconds)
Test Case 'MixedTests.testSkippedToo' started at 2026-12-03 12:10:37.550
/tmp/skipsample/Tests/SkipTests/FailTests.swift:4: MixedTests.testSkippedToo : Test skipped: required true value but got false - no data
Test Case 'MixedTests.testSkippedToo' skipped (0.0 seconds)
Test Suite 'MixedTests' passed at 2026-12-03 12:10:37.551
\t Executed 2 tests, with 1 test skipped and 0 failures (0 unexpected) in 0.001 (0.001) seconds
Test Suite 'SampleTests' started at 2026-12-03 12:10:37.551
Test Case 'SampleTests.testAlsoPasses' started at 2026-12-03 12:10:37.551
Test Case 'SampleTests.testAlsoPasses' passed (0.0 seconds)
Test Case 'SampleTests.testPasses' started at 2026-12-03 12:10:37.551
Test Case 'SampleTests.testPasses' passed (0.0 seconds)
Test Case 'SampleTests.testSkipped' started at 2026-12-03 12:10:37.551
/tmp/skipsample/Tests/SkipTests/SkipTests.swift:4: SampleTests.testSkipped : Test skipped - the executable was not built
Test Case 'SampleTests.testSkipped' skipped (0.0 seconds)
Test Suite 'SampleTests' passed at 2026-12-03 12:10:37.551
\t Executed 3 tests, with 1 test skipped and 0 failures (0 unexpected) in 0.0 (0.0) seconds
Test Suite 'debug.xctest' passed at 2026-12-03 12:10:37.551
\t Executed 5 tests, with 2 tests skipped and 0 failures (0 unexpected) in 0.002 (0.002) seconds
Test Suite 'All tests' passed at 2026-12-03 12:10:37.551
\t Executed 5 tests, with 2 tests skipped and 0 failures (0 unexpected) in 0.002 (0.002) seconds

"""

let skippedAndFailedRun = """
Test Suite 'All tests' started at 2026-12-03 12:10:38.844
Test Suite 'debug.xctest' started at 2026-12-03 12:10:38.846
Test Suite 'MixedTests' started at 2026-12-03 12:10:38.846
Test Case 'MixedTests.testFailsOnRequest' started at 2026-12-03 12:10:38.846
/tmp/skipsample/Tests/SkipTests/FailTests.swift:6: error: MixedTests.testFailsOnRequest : failed - asked to fail
Test Case 'MixedTests.testFailsOnRequest' failed (0.001 seconds)
Test Case 'MixedTests.testSkippedToo' started at 2026-12-03 12:10:38.847
/tmp/skipsample/Tests/SkipTests/FailTests.swift:4: MixedTests.testSkippedToo : Test skipped: required true value but got false - no data
Test Case 'MixedTests.testSkippedToo' skipped (0.0 seconds)
Test Suite 'MixedTests' failed at 2026-12-03 12:10:38.847
\t Executed 2 tests, with 1 test skipped and 1 failure (0 unexpected) in 0.001 (0.001) seconds
Test Suite 'SampleTests' started at 2026-12-03 12:10:38.847
Test Case 'SampleTests.testAlsoPasses' started at 2026-12-03 12:10:38.847
Test Case 'SampleTests.testAlsoPasses' passed (0.0 seconds)
Test Case 'SampleTests.testPasses' started at 2026-12-03 12:10:38.847
Test Case 'SampleTests.testPasses' passed (0.0 seconds)
Test Case 'SampleTests.testSkipped' started at 2026-12-03 12:10:38.847
/tmp/skipsample/Tests/SkipTests/SkipTests.swift:4: SampleTests.testSkipped : Test skipped - the executable was not built
Test Case 'SampleTests.testSkipped' skipped (0.0 seconds)
Test Suite 'SampleTests' passed at 2026-12-03 12:10:38.848
\t Executed 3 tests, with 1 test skipped and 0 failures (0 unexpected) in 0.0 (0.0) seconds
Test Suite 'debug.xctest' failed at 2026-12-03 12:10:38.848
\t Executed 5 tests, with 2 tests skipped and 1 failure (0 unexpected) in 0.002 (0.002) seconds
Test Suite 'All tests' failed at 2026-12-03 12:10:38.848
\t Executed 5 tests, with 2 tests skipped and 1 failure (0 unexpected) in 0.002 (0.002) seconds

"""

final class SkippedTestsTests: XCTestCase {
    func testSkipsAreCountedApartFromFailures() {
        let report = TestReport.parse(skippedRun)
        XCTAssertEqual(report.executed, 5)
        XCTAssertEqual(report.failed, 0)
        XCTAssertEqual(report.skipped, 2)
        XCTAssertEqual(report.skippedTests, ["MixedTests.testSkippedToo: required true value but got false - no data",
                                             "SampleTests.testSkipped: the executable was not built"])
        XCTAssertEqual(report.failedTests, [])
        XCTAssertEqual(report.messages, [], "a skip line is not an error")

        let mixed = TestReport.parse(skippedAndFailedRun)
        XCTAssertEqual(mixed.executed, 5)
        XCTAssertEqual(mixed.failed, 1)
        XCTAssertEqual(mixed.skipped, 2)
        XCTAssertEqual(mixed.failedTests, ["MixedTests.testFailsOnRequest"])
        XCTAssertEqual(mixed.messages, ["MixedTests.testFailsOnRequest: failed - asked to fail"])

        // The summary without skips still reads as before.
        XCTAssertEqual(TestReport.parse("\t Executed 7 tests, with 1 failure (0 unexpected) in 0.01 (0.01) seconds\n").skipped, 0)
    }

    func testAssessRecordsASkippingRunAsIncompleteNeverAsPassed() throws {
        let course = try FakeCourse()
        let runner = FakeRunner { _ in CommandResult(status: 0, output: skippedRun) }
        let result = course.run(["assess", "1"], runner: runner)
        XCTAssertEqual(result.status, 1, "an incomplete run is not a pass")
        XCTAssertFalse(result.output.contains("✓"), result.output)
        XCTAssertTrue(result.output.contains("? Week 1 is incomplete: 2 of 5 tests skipped, none failed. Assess not checked."), result.output)
        XCTAssertTrue(result.output.contains("  - SampleTests.testSkipped: the executable was not built"), result.output)

        let record = try XCTUnwrap(try course.progress()[week: 1].assess)
        XCTAssertEqual(record.verdict, .incomplete)
        XCTAssertEqual(record.testsRun, 5)
        XCTAssertEqual(record.testsFailed, 0)
        XCTAssertEqual(record.testsSkipped, 2)

        XCTAssertTrue(course.run(["list"]).output.contains("01 Week01Alpha                ···?"))
        XCTAssertTrue(course.run(["status"]).output.contains("01 Week01Alpha                · · · ?"))
        let card = course.run(["show", "1"]).output
        XCTAssertTrue(card.contains("incomplete 2025-01-06T"), card)
        XCTAssertTrue(card.contains("2 of 5 tests skipped, none failed"), card)
        XCTAssertTrue(card.contains("- MixedTests.testSkippedToo: required true value but got false - no data"), card)
        XCTAssertEqual(course.run(["report"]).status, 0)
        let markdown = try String(contentsOf: course.url("Output/roadmap/report.md"), encoding: .utf8)
        XCTAssertTrue(markdown.contains("| incomplete |"), markdown)

        // A later clean run passes and replaces the verdict.
        let clean = FakeRunner { _ in CommandResult(status: 0, output: xctestOutput(executed: 5, failing: [])) }
        XCTAssertEqual(course.run(["assess", "1"], runner: clean).status, 0)
        XCTAssertEqual(try course.progress()[week: 1].assess?.verdict, .passed)
        XCTAssertNil(try course.progress()[week: 1].assess?.testsSkipped)
    }

    func testAFailureWithSkipsIsAFailureAndAssessAllNamesIncompleteWeeks() throws {
        let course = try FakeCourse()
        let failing = FakeRunner { _ in CommandResult(status: 1, output: skippedAndFailedRun) }
        XCTAssertEqual(course.run(["assess", "1"], runner: failing).status, 1)
        let record = try XCTUnwrap(try course.progress()[week: 1].assess)
        XCTAssertEqual(record.verdict, .failed)
        XCTAssertEqual(record.testsFailed, 1)
        XCTAssertEqual(record.failures, ["MixedTests.testFailsOnRequest: failed - asked to fail"])

        let runner = FakeRunner { arguments in
            let skips = arguments.last?.contains("Week02Beta") == true
            return CommandResult(status: 0, output: skips ? skippedRun : xctestOutput(executed: 2, failing: []))
        }
        let all = course.run(["assess", "--all"], runner: runner)
        XCTAssertEqual(all.status, 1)
        XCTAssertTrue(all.output.contains("Incomplete weeks (tests skipped): 2"), all.output)
        XCTAssertFalse(all.output.contains("Failing weeks"), all.output)
        XCTAssertFalse(all.output.contains("All 2 weeks pass."), all.output)
    }
}
