// Practice mode: `roadmap practice N [NAME]` lists or blanks an exercise, `hint` reveals its hints one
// at a time, `solution` shows the reference once verify passed, and `reset N NAME` puts the
// reference back. `verify` and `watch` are in VerifyVerbs.swift.
//
// Order of writes (each atomic), so that a kill at any instant loses nothing and a re-run recovers:
//   practice: store the file and the reference region → replace the source → record startedAt
//   reset:    store the learner's region as the attempt → replace the source → forget the record
//             → drop the stored reference
// The store (.roadmap/practice) is the journal: a stored reference means "practised"; the region in
// the source tells whether the blank (or restore) happened.

import Foundation

/// Where an exercise stands in the learner's working copy.
enum ExerciseState: Equatable {
    /// As written, not practised.
    case reference
    /// The stub is in place.
    case blanked
    /// Practised and the learner has written code in the region.
    case edited
}

extension Session {
    var exerciseStore: ExerciseStore { ExerciseStore(root: workspace.root) }

    /// The week at positional 0 and its exercises as they are in the working copy.
    func practiceWeek() throws -> (Week, [Exercise]) {
        let week = try workspace.implementedWeek(try arguments.weekNumber(at: 0, in: course))
        return (week, try Self.exercises(of: week, root: workspace.root))
    }

    static func exercises(of week: Week, root: URL) throws -> [Exercise] {
        do {
            return try ExerciseParser.exercises(ofWeek: week.name, root: root, strict: false)
        } catch ExerciseSyntaxError.malformed(let file, let line, let message) {
            throw RoadmapError.io(path: "\(file):\(line)", message: message)
        }
    }

    /// The exercise named at positional 1.
    func namedExercise(_ week: Week, _ exercises: [Exercise]) throws -> Exercise {
        guard arguments.positionals.count >= 2 else {
            throw RoadmapError.usage("'\(arguments.verb)' needs a week number and an exercise name")
        }
        let name = arguments.positionals[1]
        guard let exercise = exercises.first(where: { $0.name == name }) else {
            let known = exercises.isEmpty ? "it has none yet" : "its exercises are " + exercises.map(\.name).joined(separator: ", ")
            throw RoadmapError.badItem(week: week.number, kind: "exercise", key: name, reason: "no such exercise; \(known)")
        }
        return exercise
    }

    func state(of exercise: Exercise, in week: Week) -> ExerciseState {
        if exercise.isBlanked(week: week.number) { return .blanked }
        guard let reference = exerciseStore.reference(week: week.name, name: exercise.name) else { return .reference }
        return exercise.lines == reference ? .reference : .edited
    }

    /// The reference as written: from the store when practised, else the region itself.
    func reference(of exercise: Exercise, in week: Week) -> Exercise? {
        if let lines = exerciseStore.reference(week: week.name, name: exercise.name) {
            let parsed = try? ExerciseParser.parse(lines.joined(separator: "\n"), file: exercise.file, strict: false)
            return parsed?.first
        }
        return exercise.isBlanked(week: week.number) ? nil : exercise
    }

    func practice() throws -> Int32 {
        try arguments.expectPositionals(atMost: 2)
        let (week, exercises) = try practiceWeek()
        guard arguments.positionals.count == 2 else {
            if wantsJSON {
                try printJSON(try exerciseListJSON(week, exercises))
            } else {
                listExercises(week, exercises)
            }
            return 0
        }
        if wantsJSON { throw RoadmapError.usage("--json lists the exercises (practice N --json); it does not blank one") }
        return try blank(try namedExercise(week, exercises), in: week)
    }

    func listExercises(_ week: Week, _ exercises: [Exercise]) {
        if exercises.isEmpty {
            out.line("Week \(week.number) (\(week.name)) has no exercises yet.")
            return
        }
        out.line("Week \(week.number) (\(week.name)) exercises:")
        for line in exerciseLines(week, exercises) { out.line(line) }
        out.line("Practise one: roadmap practice \(week.number) NAME")
    }

    /// One line per exercise: name, goal, state (for `practice N` and `show N`).
    func exerciseLines(_ week: Week, _ exercises: [Exercise]) -> [String] {
        let progress = (try? workspace.store.load())?[week: week.number] ?? WeekProgress()
        let width = (exercises.map(\.name.count).max() ?? 0) + 2
        return exercises.map { exercise in
            let record = progress[exercise: exercise.name]
            return "  \(exercise.name.padded(to: width))\(exercise.goal)  [\(describe(state(of: exercise, in: week), record))]"
        }
    }

    func describe(_ state: ExerciseState, _ record: ExerciseRecord?) -> String {
        var text: String
        switch state {
        case .reference: text = "not started"
        case .blanked: text = "blanked: write it"
        case .edited: text = "in progress"
        }
        if state != .reference, let verify = record?.lastVerify {
            text += verify.passed ? ", verified \(DayDate.timestamp(verify.at))" : ", last verify failed"
        }
        if let hints = record?.hintsShown, hints > 0 { text += ", \(hints) hint\(hints == 1 ? "" : "s") shown" }
        return text
    }

    func blank(_ exercise: Exercise, in week: Week) throws -> Int32 {
        let store = exerciseStore
        let pause = environment.writePause
        let source = workspace.root.appendingPathComponent(exercise.file)
        let already = try store.withLock { () -> Bool in
            let reference = store.reference(week: week.name, name: exercise.name)
            if exercise.isBlanked(week: week.number) {
                guard reference != nil else {
                    throw RoadmapError.io(path: exercise.location, message: "exercise \(exercise.name) is blanked but its "
                        + "reference is not in \(store.folder.path); restore the file with `git checkout -- \(exercise.file)`")
                }
                return true
            }
            if let reference, exercise.lines != reference {
                guard arguments.has("force") else {
                    throw RoadmapError.cancelled("exercise \(exercise.name) (\(exercise.location)) holds your code, "
                        + "not the reference or the blank; it was left as it is. `roadmap verify \(week.number) "
                        + "\(exercise.name)` tests it; --force saves it as an attempt and blanks the exercise again")
                }
                try store.saveAttempt(exercise.lines, week: week.name, name: exercise.name, pause: pause)
            } else if reference == nil {
                guard !exercise.hints.isEmpty else {
                    throw RoadmapError.io(path: exercise.location, message: "exercise \(exercise.name) has no `// hint:` line")
                }
                let text = try Workspace.read(source)
                try store.saveReference(exercise, fileText: text, week: week.name, pause: pause)
            }
            let text = try Workspace.read(source)
            let blanked = ExerciseText.replacing(exercise, in: text, with: exercise.blankedLines(week: week.number))
            try AtomicFile.write(Data(blanked.utf8), to: source, pauseMidWrite: pause)
            return false
        }
        let now = environment.now()
        try workspace.store.update { progress in
            var record = progress[week: week.number][exercise: exercise.name] ?? ExerciseRecord()
            if !already || record.startedAt == nil {
                record.startedAt = now
                record.verifiedAt = nil
                record.lastVerify = nil
            }
            progress[week: week.number][exercise: exercise.name] = record
        }
        let hintCount = reference(of: exercise, in: week)?.hints.count ?? 0
        let n = week.number
        let name = exercise.name
        if already {
            out.line("Exercise \(name) is already blanked in \(exercise.location); nothing changed.")
        } else {
            out.line("Blanked exercise \(name) of week \(n) in \(exercise.location).")
        }
        out.line("Implement: \(exercise.goal)")
        out.line("Checked by: \(exercise.tests.joined(separator: ", "))")
        out.line("Run them:   swift run roadmap verify \(n) \(name)   (or `roadmap watch \(n) \(name)` to re-run on save)")
        out.line("            = \(verifyCommand(exercise, week).joined(separator: " "))")
        out.line("Stuck?      swift run roadmap hint \(n) \(name)   (\(hintCount) hint\(hintCount == 1 ? "" : "s"))")
        out.line("The reference is kept in \(store.referenceURL(week: week.name, name: name).path); "
            + "`roadmap reset \(n) \(name)` puts it back.")
        return 0
    }

    func hint() throws -> Int32 {
        try arguments.expectPositionals(atMost: 2)
        let (week, exercises) = try practiceWeek()
        let exercise = try namedExercise(week, exercises)
        guard let hints = reference(of: exercise, in: week)?.hints, !hints.isEmpty else {
            throw RoadmapError.badItem(week: week.number, kind: "exercise", key: exercise.name, reason: "has no hints")
        }
        let name = exercise.name
        if arguments.has("all") {
            let shown = min(try workspace.store.load()[week: week.number][exercise: name]?.hints ?? 0, hints.count)
            if wantsJSON {
                try printJSON(hintJSON(week, name, hints: hints, shown: shown, new: nil))
                return 0
            }
            if shown == 0 { out.line("No hint of \(name) revealed yet; `roadmap hint \(week.number) \(name)` shows the first.") }
            for (index, hint) in hints.prefix(shown).enumerated() { out.line("hint \(index + 1) of \(hints.count): \(hint)") }
            return 0
        }
        let shown = try workspace.store.update { progress -> Int? in
            var record = progress[week: week.number][exercise: name] ?? ExerciseRecord()
            guard record.hints < hints.count else { return nil }
            record.hintsShown = record.hints + 1
            progress[week: week.number][exercise: name] = record
            return record.hints
        }
        if wantsJSON {
            let count = shown ?? hints.count
            try printJSON(hintJSON(week, name, hints: hints, shown: count, new: shown.map { hints[$0 - 1] }))
            return 0
        }
        guard let shown else {
            out.line("All \(hints.count) hints of \(name) are shown (`--all` lists them). "
                + "`roadmap solution \(week.number) \(name)` shows the reference once verify passes.")
            return 0
        }
        out.line("hint \(shown) of \(hints.count): \(hints[shown - 1])")
        if shown == hints.count { out.line("(that was the last hint)") }
        return 0
    }

    func solution() throws -> Int32 {
        try arguments.expectPositionals(atMost: 2)
        let (week, exercises) = try practiceWeek()
        let exercise = try namedExercise(week, exercises)
        let record = try workspace.store.load()[week: week.number][exercise: exercise.name]
        guard record?.verifiedAt != nil || arguments.has("force") else {
            throw RoadmapError.cancelled("the reference of \(exercise.name) is shown once `roadmap verify \(week.number) "
                + "\(exercise.name)` passes on your code (or with --force)")
        }
        guard let reference = reference(of: exercise, in: week) else {
            throw RoadmapError.io(path: exercise.location, message: "exercise \(exercise.name) is blanked and its reference "
                + "is not in \(exerciseStore.folder.path); `git show HEAD:\(exercise.file)` has it")
        }
        if wantsJSON {
            try printJSON(solutionJSON(week, exercise, reference: reference))
            return 0
        }
        out.line("Reference of exercise \(exercise.name) (\(exercise.location)):")
        out.line()
        for line in reference.lines { out.line(line) }
        return 0
    }

    /// `roadmap reset N NAME`: the reference back in place, the learner's region saved first.
    func resetExercise() throws -> Int32 {
        let (week, exercises) = try practiceWeek()
        let exercise = try namedExercise(week, exercises)
        let store = exerciseStore
        let pause = environment.writePause
        let source = workspace.root.appendingPathComponent(exercise.file)
        let name = exercise.name
        let savedAttempt = try store.withLock { () -> Bool? in
            guard let reference = store.reference(week: week.name, name: name) else {
                guard !exercise.isBlanked(week: week.number) else {
                    throw RoadmapError.io(path: exercise.location, message: "exercise \(name) is blanked but its reference "
                        + "is not in \(store.folder.path); restore the file with `git checkout -- \(exercise.file)`")
                }
                return nil
            }
            var saved = false
            if exercise.lines != reference {
                if !exercise.isBlanked(week: week.number) {
                    try store.saveAttempt(exercise.lines, week: week.name, name: name, pause: pause)
                    saved = true
                }
                let text = ExerciseText.replacing(exercise, in: try Workspace.read(source), with: reference)
                try AtomicFile.write(Data(text.utf8), to: source, pauseMidWrite: pause)
            }
            try workspace.store.update { progress in progress[week: week.number][exercise: name] = nil }
            store.removeReference(week: week.name, name: name)
            return saved
        }
        if wantsJSON {
            try printJSON([
                "week": week.number, "exercise": name, "file": exercise.file, "line": exercise.headerLine,
                "restored": savedAttempt != nil,
                "attempt": savedAttempt == true ? store.attemptURL(week: week.name, name: name).path : nil as String?,
            ])
            return 0
        }
        guard let savedAttempt else {
            out.line("Exercise \(name) is not being practised; \(exercise.location) already holds the reference.")
            return 0
        }
        out.line("Restored the reference of exercise \(name) in \(exercise.location).")
        if savedAttempt {
            out.line("Your code is saved in \(store.attemptURL(week: week.name, name: name).path).")
        }
        return 0
    }
}

extension Session {
    /// `show N`'s Practice section: the tally and one line per exercise.
    func showExercises(_ week: Week, _ progress: WeekProgress) {
        guard let exercises = try? Self.exercises(of: week, root: workspace.root), !exercises.isEmpty else { return }
        out.line()
        var tally = ExerciseTally(progress)
        tally?.total = exercises.count
        out.line("Practice  \(tally?.summary ?? "\(exercises.count) exercises, none started") · roadmap practice \(week.number) NAME")
        for line in exerciseLines(week, exercises) { out.line(line) }
    }
}
