// `roadmap run N` builds and runs the week's executable (a success marks Build); `roadmap assess`
// runs the week's test target and records the verdict (Assess): passed, failed, or incomplete when
// nothing failed but tests were skipped (XCTSkip), which never checks Assess. Both build into their own scratch
// path (.build-weeks) so that `swift run roadmap …`, which holds the lock of .build, does not
// wait on itself.

import Foundation

extension Session {
    func run() throws -> Int32 {
        let week = try workspace.implementedWeek(try arguments.weekNumber(at: 0, in: course))
        let passed = Array(arguments.positionals.dropFirst())
        let command = [environment.swift, "run", "--scratch-path", environment.scratchPath, week.name] + passed
        environment.errors.line("roadmap: \(command.joined(separator: " "))")
        let result = try environment.runner.run(command, in: workspace.root, mode: .inherit)
        guard result.status == 0 else {
            environment.errors.line("roadmap: \(week.name) exited with status \(result.status); Build not marked")
            return result.status
        }
        let now = environment.now()
        try workspace.store.update { progress in
            progress[week: week.number].build = BuildRecord(lastSuccess: now, arguments: passed)
        }
        environment.errors.line("roadmap: week \(week.number) Build marked (\(DayDate.timestamp(now)))")
        return 0
    }

    func assess() throws -> Int32 {
        let weeks: [Week]
        let text = textSession()   // with --json the lines below go to a buffer, and tests are not echoed
        if arguments.has("all") {
            try arguments.expectPositionals(atMost: 0)
            weeks = course.weeks.filter(workspace.isImplemented)
            if weeks.isEmpty { text.out.line("No week is implemented yet.") }
        } else {
            try arguments.expectPositionals(atMost: 1)
            weeks = [try workspace.implementedWeek(try arguments.weekNumber(at: 0, in: course))]
        }
        var failed: [Int] = []
        var incomplete: [Int] = []
        var records: [[String: Any]] = []
        for week in weeks {
            let record = try text.assess(week)
            records.append(Self.assessJSON(week, record))
            switch record.verdict {
            case .passed: break
            case .failed: failed.append(week.number)
            case .incomplete: incomplete.append(week.number)
            }
        }
        if wantsJSON {
            // {passed, weeks [{number, name, verdict, at, testsRun, testsFailed, testsSkipped, failures}]}
            try printJSON(["passed": failed.isEmpty && incomplete.isEmpty, "weeks": records])
        } else if weeks.count > 1 {
            if failed.isEmpty && incomplete.isEmpty { out.line("All \(weeks.count) weeks pass.") }
            if !failed.isEmpty { out.line("Failing weeks: \(failed.map(String.init).joined(separator: ", "))") }
            if !incomplete.isEmpty { out.line("Incomplete weeks (tests skipped): \(incomplete.map(String.init).joined(separator: ", "))") }
        }
        return failed.isEmpty && incomplete.isEmpty ? 0 : 1
    }

    static func assessJSON(_ week: Week, _ record: AssessRecord) -> [String: Any] {
        ["number": week.number, "name": week.name, "verdict": record.verdict.rawValue, "at": DayDate.timestamp(record.at),
         "testsRun": record.testsRun, "testsFailed": record.testsFailed, "testsSkipped": record.testsSkipped ?? 0,
         "failures": record.failures]
    }

    /// Runs one week's tests and records the verdict; returns the record.
    func assess(_ week: Week) throws -> AssessRecord {
        let filter = "^\(week.name)Tests\\."
        let command = [environment.swift, "test", "--disable-swift-testing", "--scratch-path", environment.scratchPath,
                       "--filter", filter]
        out.line("Assessing week \(week.number) (\(week.name)): \(command.joined(separator: " "))")
        // The fingerprint is taken before the tests run: if a file changes while they run,
        // the verdict is (correctly) stale afterwards.
        let fingerprint = try workspace.fingerprint(of: week)
        // The output streams through as it comes (a build can take minutes) and is parsed afterwards.
        let result = try environment.runner.run(command, in: workspace.root, mode: .capture(echo: !wantsJSON))
        let report = TestReport.parse(result.output)
        let executed = report.executed ?? 0
        let clean = result.status == 0 && executed > 0 && report.failed == 0
        let incomplete = clean && (report.skipped > 0 || !report.skippedTests.isEmpty)
        let passed = clean && !incomplete
        var failures = report.messages
        if failures.isEmpty { failures = report.failedTests }
        if incomplete { failures = report.skippedTests }
        if !passed && failures.isEmpty {
            failures = [executed == 0 ? "no tests ran (exit status \(result.status)); is \(week.name)Tests empty or did the build fail?"
                        : incomplete ? "\(report.skipped) tests skipped" : "swift test exited with status \(result.status)"]
        }
        let skipped = max(report.skipped, report.skippedTests.count)
        let record = AssessRecord(verdict: passed ? .passed : (incomplete ? .incomplete : .failed), at: environment.now(),
                                  testsRun: executed, testsFailed: clean ? 0 : max(report.failed, 1),
                                  testsSkipped: skipped > 0 ? skipped : nil,
                                  failures: Array(failures.prefix(20)), fingerprint: fingerprint)
        try workspace.store.update { progress in progress[week: week.number].assess = record }
        if passed {
            out.marked("✓ Week \(week.number) passes: \(executed) tests. Assess checked.")
        } else if incomplete {
            out.marked("? Week \(week.number) is incomplete: \(skipped) of \(executed) tests skipped, none failed. Assess not checked.")
            for skip in failures.prefix(20) { out.line("  - \(skip)") }
        } else {
            let what = executed == 0 ? "no tests ran" : "\(record.testsFailed) of \(executed) tests failed"
            out.marked("✗ Week \(week.number) fails: \(what). Assess not checked.")
            for failure in failures.prefix(20) { out.marked("  ✗ \(failure)") }
        }
        return record
    }
}
