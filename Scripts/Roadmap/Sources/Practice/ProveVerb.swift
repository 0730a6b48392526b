// `roadmap prove [N …]`: the CI proof that every exercise is real. In a copy of the course (under
// .build-prove, with its own scratch path, so reruns are incremental and the learner's tree is never
// touched):
//   1. build, and run each exercise's declared tests on the reference: they must pass, ≥ 1 test run;
//   2. blank all exercises at once, rebuild, run each exercise's tests: they must fail and print
//      "exercise NAME:" (its own stub was reached);
//   3. exercises whose tests failed on another stub (or crashed elsewhere) first are proved again with
//      only them blanked, then each alone if still ambiguous. A blanked build that does not compile
//      is halved until the exercise whose blank breaks it stands alone.
// A week of Package.swift's table with fewer than 3 exercises fails the proof too. `prove N …` builds
// only those weeks and the weeks they use (the copy's table is trimmed to them).

import Foundation

/// What `prove` found, for its summary and its --json.
struct ProofResult {
    struct Verdict {
        var week: String
        var exercise: String
        var proved: Bool
        /// The verdict line without its mark and id, e.g. "reference passes (2 tests); blanked, …".
        var text: String
    }

    var passed: Bool
    var proved: Int
    var seconds: Int
    var weeks: [String]
    /// Week-level problems ("Week01Alpha: 2 exercises; a week needs at least 3").
    var problems: [String]
    var verdicts: [Verdict]
}

/// One exercise of one week, as the proof handles it.
struct ProofItem {
    var week: Week
    var exercise: Exercise
    var id: String { "\(week.name) \(exercise.name)" }
}

extension Session {
    func prove() throws -> Int32 {
        let text = textSession()   // with --json the lines go to the document's "log"
        let result = try text.proveInCopy()
        if wantsJSON {
            // {passed, proved, total, seconds, weeks, problems, exercises [{week, exercise, proved, verdict}], log}
            try printJSON([
                "passed": result.passed, "proved": result.proved, "total": result.verdicts.count, "seconds": result.seconds,
                "weeks": result.weeks, "problems": result.problems,
                "exercises": result.verdicts.map { ["week": $0.week, "exercise": $0.exercise, "proved": $0.proved, "verdict": $0.text] },
                "log": text.out.text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init),
            ])
        }
        return result.passed ? 0 : 1
    }

    func proveInCopy() throws -> ProofResult {
        let started = Date()
        let weeks = try proofWeeks()
        let folder = environment.variables["ROADMAP_PROVE_DIR"].map { URL(fileURLWithPath: $0) }
            ?? workspace.root.appendingPathComponent(".build-prove")
        let copy = folder.appendingPathComponent("course")
        let scratch = folder.appendingPathComponent("scratch").path
        let written = try CourseCopy.sync(from: workspace.root, to: copy)
        if !arguments.positionals.isEmpty {
            try CourseCopy.trimTable(in: copy, keeping: CourseCopy.closure(of: weeks.map(\.name), in: workspace.table))
        }
        out.line("Proving \(weeks.count) week\(weeks.count == 1 ? "" : "s") in \(copy.path) (\(written) files updated; scratch \(scratch))")
        try restorePractised(weeks, in: copy)

        var problems: [String] = []
        var items: [ProofItem] = []
        for week in weeks {
            do {
                let exercises = try ExerciseParser.exercises(ofWeek: week.name, root: copy, strict: true)
                if exercises.count < 3 {
                    problems.append("✗ \(week.name): \(exercises.count) exercise\(exercises.count == 1 ? "" : "s"); a week needs at least 3")
                }
                items += exercises.map { ProofItem(week: week, exercise: $0) }
            } catch let error as ExerciseSyntaxError {
                problems.append("✗ \(week.name): \(error)")
            }
        }
        for problem in problems { out.marked(problem) }
        var prover = Prover(session: self, copy: copy, scratch: scratch, items: items)
        let proved = try prover.run()
        let seconds = Int(Date().timeIntervalSince(started).rounded())
        let failed = items.count - proved + problems.count
        out.line("\(proved) of \(items.count) exercises proved in \(weeks.count) week\(weeks.count == 1 ? "" : "s")"
            + (problems.isEmpty ? "" : "; \(problems.count) week problem\(problems.count == 1 ? "" : "s")")
            + " (\(seconds) s)")
        let verdicts = items.map { item -> ProofResult.Verdict in
            let line = prover.verdicts[item.id] ?? "✗ \(item.id): not proved"
            return ProofResult.Verdict(week: item.week.name, exercise: item.exercise.name, proved: line.hasPrefix("✓"),
                                       text: String(line.dropFirst("✓ \(item.id): ".count)))
        }
        return ProofResult(passed: failed == 0, proved: proved, seconds: seconds, weeks: weeks.map(\.name),
                           problems: problems.map { String($0.dropFirst("✗ ".count)) }, verdicts: verdicts)
    }

    /// The weeks named, or every implemented week of Package.swift's table.
    func proofWeeks() throws -> [Week] {
        if arguments.positionals.isEmpty { return course.weeks.filter(workspace.isImplemented) }
        return try arguments.positionals.indices.map { try workspace.implementedWeek(try arguments.weekNumber(at: $0, in: course)) }
    }

    /// Exercises the learner is practising are proved on their reference, not on the learner's code.
    func restorePractised(_ weeks: [Week], in copy: URL) throws {
        for week in weeks {
            guard let exercises = try? ExerciseParser.exercises(ofWeek: week.name, root: copy, strict: false) else { continue }
            for exercise in exercises.reversed() {
                guard let reference = exerciseStore.reference(week: week.name, name: exercise.name),
                      reference != exercise.lines else { continue }
                let url = copy.appendingPathComponent(exercise.file)
                let text = ExerciseText.replacing(exercise, in: try Workspace.read(url), with: reference)
                try AtomicFile.write(Data(text.utf8), to: url)
            }
        }
    }
}

/// The rounds of the proof over one copy.
struct Prover {
    let session: Session
    let copy: URL
    let scratch: String
    let items: [ProofItem]
    /// The reference text of every file holding an exercise.
    var originals: [String: String] = [:]
    /// ProofItem.id → its verdict line ("✓ …" or "✗ …"), filled by `run`.
    var verdicts: [String: String] = [:]

    init(session: Session, copy: URL, scratch: String, items: [ProofItem]) {
        self.session = session
        self.copy = copy
        self.scratch = scratch
        self.items = items
    }

    var out: Console { session.out }

    /// Returns how many exercises are proved; prints one line each.
    mutating func run() throws -> Int {
        guard !items.isEmpty else { return 0 }
        for item in items where originals[item.exercise.file] == nil {
            originals[item.exercise.file] = try Workspace.read(copy.appendingPathComponent(item.exercise.file))
        }
        defer { try? write(blanked: []) }
        guard try build("reference") else { return 0 }
        var candidates: [ProofItem] = []
        for item in items {
            let outcome = try test(item)
            if outcome.passed {
                candidates.append(item)
            } else {
                verdicts[item.id] = "✗ \(item.id): the reference fails its tests: \(outcome.reason)"
            }
        }
        var rounds: [[ProofItem]] = candidates.isEmpty ? [] : [candidates]
        while let group = rounds.first {
            rounds.removeFirst()
            let label = group.count == candidates.count ? "all blanked"
                : (group.count == 1 ? "\(group[0].id) blanked alone" : "\(group.count) blanked")
            try write(blanked: group)
            guard try build(label) else {
                // Some blank does not compile: halve the group until the culprit stands alone.
                if group.count > 1 {
                    rounds += [Array(group.prefix(group.count / 2)), Array(group.dropFirst(group.count / 2))]
                } else {
                    verdicts[group[0].id] = "✗ \(group[0].id): blanked, the code does not compile; the region must be "
                        + "the complete body of its function (Exercises.md, rule 5)"
                }
                continue
            }
            var ambiguous: [ProofItem] = []
            for item in group {
                let outcome = try test(item)
                let name = item.exercise.name
                if outcome.passed {
                    verdicts[item.id] = "✗ \(item.id): its tests pass with the region blanked; they do not reach it"
                } else if outcome.fatalErrors.contains(where: { $0.hasPrefix("exercise \(name):") }) {
                    let ran = referenceCounts[item.id].map { " (\($0) test\($0 == 1 ? "" : "s"))" } ?? ""
                    verdicts[item.id] = "✓ \(item.id): reference passes\(ran); blanked, its tests stop at its stub"
                } else {
                    ambiguous.append(item)
                    verdicts[item.id] = "✗ \(item.id): blanked, its tests fail without reaching its stub: \(outcome.reason)"
                }
            }
            if !ambiguous.isEmpty && ambiguous.count < group.count {
                rounds.append(ambiguous)
            } else if ambiguous.count > 1 {
                rounds += ambiguous.map { [$0] }
            }
        }
        for item in items { out.marked(verdicts[item.id] ?? "✗ \(item.id): not proved") }
        return items.filter { verdicts[$0.id]?.hasPrefix("✓") == true }.count
    }

    /// Reference tests run per exercise (filled by `test` while nothing is blanked).
    var referenceCounts: [String: Int] = [:]

    /// Every exercise file back to its reference, then the given exercises blanked.
    func write(blanked: [ProofItem]) throws {
        for (file, original) in originals {
            let inFile = blanked.filter { $0.exercise.file == file }
            let text = inFile.isEmpty ? original
                : ExerciseText.blanking(inFile.map(\.exercise), in: original, week: inFile[0].week.number)
            let url = copy.appendingPathComponent(file)
            if (try? Workspace.read(url)) != text { try AtomicFile.write(Data(text.utf8), to: url) }
        }
    }

    func build(_ label: String) throws -> Bool {
        let started = Date()
        let command = [session.environment.swift, "build", "--build-tests", "--scratch-path", scratch]
        let result = try session.environment.runner.run(command, in: copy, mode: .capture(echo: false))
        let seconds = Int(Date().timeIntervalSince(started).rounded())
        guard result.status == 0 else {
            out.marked("✗ build (\(label)) failed after \(seconds) s: \(command.joined(separator: " "))")
            for line in result.output.split(separator: "\n").suffix(30) { out.line("  \(line)") }
            return false
        }
        out.line("build (\(label)): \(seconds) s")
        return true
    }

    mutating func test(_ item: ProofItem) throws -> ExerciseTestOutcome {
        let command = session.verifyCommand(item.exercise, item.week, scratchPath: scratch, skipBuild: true)
        let outcome = ExerciseTestOutcome(try session.environment.runner.run(command, in: copy, mode: .capture(echo: false)))
        if outcome.passed { referenceCounts[item.id] = outcome.executed }
        return outcome
    }
}
