// `roadmap verify N [NAME]` runs only the tests an exercise declares (every started exercise of the
// week without NAME), prints pass or fail with the failing assertion's message or the stub/crash
// line, and records the result; `roadmap watch N [NAME]` re-runs it whenever a .swift file of the
// week changes (mtimes polled every second; Ctrl-C ends it).

import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one `swift test` run of an exercise's tests says.
public struct ExerciseTestOutcome: Equatable, Sendable {
    public var status: Int32
    public var report: TestReport
    /// "exercise NAME: not written yet — …" and other "Fatal error:" texts, in order.
    public var fatalErrors: [String]

    public init(_ result: CommandResult) {
        status = result.status
        report = TestReport.parse(result.output)
        fatalErrors = result.output.split(whereSeparator: \.isNewline).compactMap { line in
            line.range(of: "Fatal error: ").map { String(line[$0.upperBound...]) }
        }
    }

    public var executed: Int { report.executed ?? 0 }
    public var passed: Bool { status == 0 && executed > 0 && report.failed == 0 }

    /// The names of the exercises whose stub a test reached.
    public var stubsReached: [String] {
        fatalErrors.compactMap { text in
            guard let rest = text.dropPrefix("exercise ") else { return nil }
            let name = String(rest.prefix { $0 != ":" })
            return ExerciseParser.isName(name) && rest.dropFirst(name.count).hasPrefix(":") ? name : nil
        }
    }

    /// The assertion messages after the one `reason` gives (at most 5).
    public var extraMessages: [String] {
        Array(report.messages.dropFirst(fatalErrors.isEmpty ? 1 : 0).prefix(5))
    }

    /// Why it failed, in one line: the stub or crash, else the first assertion, else the status.
    public var reason: String {
        if let crash = fatalErrors.first { return "crashed: \(crash)" }
        if let message = report.messages.first { return message }
        if let test = report.failedTests.first { return "\(test) failed" }
        return executed == 0 ? "no test ran (exit status \(status)); did the build fail?" : "swift test exited with status \(status)"
    }
}

/// One exercise's verify: what ran, what it said, and whether Progress.json recorded it.
struct ExerciseVerification {
    var name: String
    var command: [String]
    var outcome: ExerciseTestOutcome
    /// False when the exercise is not being practised (nothing to record).
    var recorded: Bool

    var json: [String: Any] {
        ["exercise": name, "passed": outcome.passed, "testsRun": outcome.executed,
         "reason": (outcome.passed ? nil : outcome.reason) as Any,
         "messages": Array(outcome.report.messages.prefix(20)), "recorded": recorded, "command": command]
    }
}

extension Session {
    /// `swift test` of the exercise's declared tests only: one --filter per test, anchored, so that
    /// "AdamTests" does not also run "AdamTestsSlow".
    func verifyCommand(_ exercise: Exercise, _ week: Week, scratchPath: String? = nil, skipBuild: Bool = false) -> [String] {
        var command = [environment.swift, "test"] + (skipBuild ? ["--skip-build"] : [])
            + ["--disable-swift-testing", "--scratch-path", scratchPath ?? environment.scratchPath]
        for test in exercise.tests {
            let escaped = "\(week.name)Tests.\(test)".replacingOccurrences(of: ".", with: "\\.")
            command += ["--filter", test.contains("/") ? "^\(escaped)$" : "^\(escaped)/"]
        }
        return command
    }

    func verify() throws -> Int32 {
        try arguments.expectPositionals(atMost: 2)
        let (week, exercises) = try practiceWeek()
        let targets = try verifyTargets(week, exercises)
        let results = try textSession().verify(week, targets: targets)
        let passed = results.allSatisfy(\.outcome.passed)
        if wantsJSON {
            // {week, name, passed, exercises [{exercise, passed, testsRun, reason, messages, recorded, command}]}
            try printJSON(["week": week.number, "name": week.name, "passed": passed, "exercises": results.map(\.json)])
        }
        return passed ? 0 : 1
    }

    /// NAME's exercise, or every started exercise of the week.
    func verifyTargets(_ week: Week, _ exercises: [Exercise]) throws -> [Exercise] {
        if arguments.positionals.count >= 2 { return [try namedExercise(week, exercises)] }
        let progress = try workspace.store.load()[week: week.number]
        let started = exercises.filter { progress[exercise: $0.name]?.startedAt != nil }
        guard !started.isEmpty else {
            throw RoadmapError.cancelled("no exercise of week \(week.number) is started; `roadmap practice \(week.number)` lists them")
        }
        return started
    }

    /// Verifies each exercise in turn (its tests echoed unless --json).
    func verify(_ week: Week, targets: [Exercise]) throws -> [ExerciseVerification] {
        var results: [ExerciseVerification] = []
        for exercise in targets {
            let command = verifyCommand(exercise, week)
            out.line("Verifying exercise \(exercise.name) (week \(week.number)): \(command.joined(separator: " "))")
            let result = try environment.runner.run(command, in: workspace.root, mode: .capture(echo: !wantsJSON))
            let outcome = ExerciseTestOutcome(result)
            let now = environment.now()
            let recorded = try workspace.store.update { progress -> Bool in
                guard var record = progress[week: week.number][exercise: exercise.name], record.startedAt != nil else { return false }
                record.lastVerify = VerifyResult(passed: outcome.passed, at: now, message: outcome.passed ? nil : outcome.reason)
                if outcome.passed { record.verifiedAt = now }
                progress[week: week.number][exercise: exercise.name] = record
                return true
            }
            results.append(ExerciseVerification(name: exercise.name, command: command, outcome: outcome, recorded: recorded))
            if outcome.passed {
                let note = recorded ? " Verified." : " (not being practised, so nothing is recorded)"
                out.marked("✓ \(exercise.name): \(outcome.executed) test\(outcome.executed == 1 ? "" : "s") pass.\(note)")
            } else {
                out.marked("✗ \(exercise.name): \(outcome.reason)")
                for message in outcome.extraMessages { out.marked("  ✗ \(message)") }
            }
        }
        return results
    }

    func watch() throws -> Int32 {
        try arguments.expectPositionals(atMost: 2)
        var limit: Int?
        if let text = arguments.flags["iterations"] {
            guard let count = Int(text), count > 0 else { throw RoadmapError.usage("--iterations needs a positive number") }
            limit = count
        }
        let interval = UInt32(environment.variables["ROADMAP_WATCH_INTERVAL_MS"] ?? "") ?? 1000
        let (week, _) = try practiceWeek()
        var seen = snapshot(week)
        var runs = 0
        var passed = false
        while true {
            // Re-read each round: the learner may have edited the markers' lines too. A broken marker
            // or no started exercise is reported and watched on, not the end of the watch.
            do {
                let targets = try verifyTargets(week, try Self.exercises(of: week, root: workspace.root))
                passed = try verify(week, targets: targets).allSatisfy(\.outcome.passed)
            } catch let error as RoadmapError {
                environment.errors.line("roadmap: error: \(error)")
                passed = false
            }
            runs += 1
            if let limit, runs >= limit { break }
            out.line("Watching Weeks/\(week.name) for changes (Ctrl-C ends)…")
            while true {
                usleep(interval * 1000)
                let now = snapshot(week)
                if now != seen { seen = now; break }
            }
        }
        return passed ? 0 : 1
    }

    /// path → (mtime, size) of every .swift file of the week, tests included.
    func snapshot(_ week: Week) -> [String: [Double]] {
        var result: [String: [Double]] = [:]
        for file in ExerciseParser.weekFiles(week.name, root: workspace.root, includeTests: true) {
            let path = workspace.root.appendingPathComponent(file).path
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { continue }
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            result[file] = [modified, Double((attributes[.size] as? Int) ?? 0)]
        }
        return result
    }
}
