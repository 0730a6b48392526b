// The JSON of practice mode: one exercise as `practice N --json` and `show N --json` print it, and
// the documents of `practice N --json`, `hint --json` and `solution --json`. (verify's is in
// VerifyVerbs.swift, prove's in ProveVerb.swift.)

import Foundation

extension Session {
    /// name, goal, file, line, tests, state ("notStarted" | "blanked" | "inProgress"), hintsTotal
    /// (null when blanked and the reference is lost), hintsShown, startedAt, verifiedAt,
    /// lastVerify ({passed, at, message} or null).
    func exerciseJSON(_ exercise: Exercise, in week: Week, _ progress: WeekProgress) -> [String: Any] {
        let record = progress[exercise: exercise.name]
        let stateName: String
        switch state(of: exercise, in: week) {
        case .reference: stateName = "notStarted"
        case .blanked: stateName = "blanked"
        case .edited: stateName = "inProgress"
        }
        let lastVerify = record?.lastVerify.map { verify -> [String: Any] in
            ["passed": verify.passed, "at": DayDate.timestamp(verify.at), "message": verify.message as Any]
        }
        return [
            "name": exercise.name, "goal": exercise.goal, "file": exercise.file, "line": exercise.headerLine,
            "tests": exercise.tests, "state": stateName,
            "hintsTotal": reference(of: exercise, in: week)?.hints.count as Any, "hintsShown": record?.hints ?? 0,
            "startedAt": JSONOutput.timestamp(record?.startedAt), "verifiedAt": JSONOutput.timestamp(record?.verifiedAt),
            "lastVerify": lastVerify as Any,
        ]
    }

    /// `practice N --json`: {week, name, exercises: [exercise]}.
    func exerciseListJSON(_ week: Week, _ exercises: [Exercise]) throws -> [String: Any] {
        let progress = try workspace.store.load()[week: week.number]
        return ["week": week.number, "name": week.name,
                "exercises": exercises.map { exerciseJSON($0, in: week, progress) }]
    }

    /// `hint --json`: {week, exercise, total, shown, hints (those revealed so far), new (the one this
    /// call revealed, or null: with --all, or when all were already shown)}.
    func hintJSON(_ week: Week, _ name: String, hints: [String], shown: Int, new: String?) -> [String: Any] {
        ["week": week.number, "exercise": name, "total": hints.count, "shown": shown,
         "hints": Array(hints.prefix(shown)), "new": new as Any]
    }

    /// `solution --json`: {week, exercise, file, line, lines (the reference region, header to end marker)}.
    func solutionJSON(_ week: Week, _ exercise: Exercise, reference: Exercise) -> [String: Any] {
        ["week": week.number, "exercise": exercise.name, "file": exercise.file, "line": exercise.headerLine,
         "lines": reference.lines]
    }
}
