// `roadmap show N`: the week's card from Roadmap.md with the learner's state and the exact
// commands to type.

import Foundation

extension Session {
    func show() throws -> Int32 {
        try arguments.expectPositionals(atMost: 1)
        let week = try course.week(try arguments.weekNumber(at: 0, in: course))
        let progress = try workspace.store.load()[week: week.number]
        let implemented = workspace.isImplemented(week)
        let status = WeekStatus(week: week, progress: progress, implemented: implemented,
                                currentFingerprint: { try? workspace.currentFingerprint(of: week) })
        if wantsJSON {
            try printJSON(showJSON(status, progress))
            return 0
        }
        out.line("Week \(week.paddedNumber) · \(week.name) · \(week.title)")
        out.line("Q\(week.quarter.number) · \(week.quarter.title) · \(out.weekMarks(status.marks)) · \(status.label)")
        if !implemented {
            out.line("This week is planned: it is not yet in the repository (no Weeks/\(week.name) in Package.swift).")
        }
        for kind in ItemKind.allCases {
            out.line()
            out.line(kind == .target ? "Targets" : "Study")
            for (index, item) in week.items(kind).enumerated() {
                let checkedAt = progress.checked(kind)["\(index + 1)"]
                let box = checkedAt == nil ? "[ ]" : "[x]"
                let when = checkedAt.map { "  (\(DayDate.format($0)))" } ?? ""
                out.line("  \(box) \(index + 1). \(item)\(when)")
            }
        }
        out.line()
        out.line("Build   \(week.build.command)")
        out.line("        \(week.build.explanation)")
        if let build = progress.build {
            out.line("        last successful run: \(DayDate.timestamp(build.lastSuccess))")
        } else {
            out.line("        not run yet")
        }
        out.line()
        out.line("Assess  \(week.assess.command)")
        out.line("        \(week.assess.explanation)")
        describeAssess(progress.assess, status.assess)
        if implemented { showExercises(week, progress) }
        if implemented {
            let n = week.number
            out.line()
            out.line("Commands: roadmap check \(n) study K · roadmap run \(n) · roadmap check \(n) target K · roadmap assess \(n)")
        }
        return 0
    }

    func describeAssess(_ record: AssessRecord?, _ state: AssessState) {
        guard let record else {
            out.line("        not assessed yet")
            return
        }
        let when = DayDate.timestamp(record.at)
        switch state {
        case .passed:
            out.line("        passed \(when): \(record.testsRun) tests")
        case .stale:
            out.line("        passed \(when), but stale: the week's sources or what it depends on changed since")
        case .incomplete:
            let skipped = record.testsSkipped ?? record.failures.count
            out.line("        incomplete \(when): \(skipped) of \(record.testsRun) tests skipped, none failed (a skipped test proves nothing)")
            for skip in record.failures { out.line("          - \(skip)") }
        default:
            let what = record.testsRun == 0 ? "no tests ran" : "\(record.testsFailed) of \(record.testsRun) tests failed"
            out.line("        failed \(when): \(what)")
            for failure in record.failures { out.marked("          ✗ \(failure)") }
        }
    }
}

extension Session {
    /// `show N --json`: number, name, title, quarter {number, title}, implemented, marks, label, done,
    /// targets and study [{number, text, checkedAt}], build {command, explanation, lastSuccess,
    /// arguments}, assess {command, explanation, state, at, testsRun, testsFailed, testsSkipped,
    /// failures}, exercises [exercise] and practice ({started, verified, total} or null).
    func showJSON(_ status: WeekStatus, _ progress: WeekProgress) -> [String: Any] {
        let week = status.week
        func items(_ kind: ItemKind) -> [[String: Any]] {
            week.items(kind).enumerated().map { index, text in
                ["number": index + 1, "text": text, "checkedAt": JSONOutput.timestamp(progress.checked(kind)["\(index + 1)"])]
            }
        }
        let record = progress.assess
        let exercises = status.implemented ? (try? Self.exercises(of: week, root: workspace.root)) ?? [] : []
        var tally = status.exercises
        tally?.total = exercises.count
        return [
            "number": week.number, "name": week.name, "title": week.title,
            "quarter": ["number": week.quarter.number, "title": week.quarter.title],
            "implemented": status.implemented, "marks": status.marks, "label": status.label, "done": status.isDone,
            "targets": items(.target), "study": items(.study),
            "build": ["command": week.build.command, "explanation": week.build.explanation,
                      "lastSuccess": JSONOutput.timestamp(progress.build?.lastSuccess),
                      "arguments": progress.build?.arguments as Any],
            "assess": ["command": week.assess.command, "explanation": week.assess.explanation,
                       "state": status.assess.rawValue, "at": JSONOutput.timestamp(record?.at),
                       "testsRun": record?.testsRun as Any, "testsFailed": record?.testsFailed as Any,
                       "testsSkipped": record?.testsSkipped as Any, "failures": record?.failures ?? []],
            "exercises": exercises.map { exerciseJSON($0, in: week, progress) },
            "practice": tally?.json as Any,
        ]
    }
}
