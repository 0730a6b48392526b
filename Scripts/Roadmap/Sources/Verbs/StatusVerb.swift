// `roadmap status` (the default), `next` and `list`: the year at a glance, rendered from Overview.

import Foundation

extension Session {
    func status() throws -> Int32 {
        try arguments.expectPositionals(atMost: 0)
        let overview = try overview()
        if arguments.has("json") {
            out.line(try StatusJSON.render(overview))
            return 0
        }
        let total = overview.weeks.count * 4
        out.line("Roadmap  \(out.bar(overview.partsDone, of: total, width: 30))  "
            + "\(overview.partsDone)/\(total) parts")
        if let start = overview.startDate, let pace = overview.pace {
            out.line("Started \(start) · \(pace)")
        } else if overview.startDate == nil {
            out.line("Not started yet: `roadmap start` records today as your first day (or --date YYYY-MM-DD).")
        }
        for quarter in course.quarters {
            let weeks = overview.weeks.filter { $0.week.quarter.number == quarter.number }
            let done = weeks.map(\.partsDone).reduce(0, +)
            out.line()
            out.line("Q\(quarter.number) · \(quarter.title)".padded(to: 46)
                + " \(out.bar(done, of: weeks.count * 4))  \(done)/\(weeks.count * 4)")
            for status in weeks {
                let marker = status.week.number == overview.currentWeek ? out.paint(out.symbol("▶"), .bold) : " "
                out.line("\(marker) \(status.week.paddedNumber) \(status.week.name.padded(to: 26)) "
                    + "\(out.weekMarks(status.marks.spacedLetters))  \(out.bar(status.partsDone, of: 4, width: 4))  \(painted(status.label))"
                    + (status.exercises.map { " · \($0.summary)" } ?? ""))
            }
        }
        out.line()
        out.line("T targets · S study · B build · A assess   (lowercase: partly done or failed, !: stale, ?: tests skipped)")
        printNext(overview.next)
        return 0
    }

    func next() throws -> Int32 {
        try arguments.expectPositionals(atMost: 0)
        let step = try overview().next
        if arguments.has("json") {
            out.line(try JSONOutput.string(["text": step.text, "command": step.command as Any]))
        } else {
            printNext(step)
        }
        return 0
    }

    /// A week's label coloured by what it says: done green, stale yellow, the rest as they are.
    func painted(_ label: String) -> String {
        switch label.trimmed {
        case "done": return out.paint(label, .green)
        case "stale": return out.paint(label, .yellow)
        default: return label
        }
    }

    func printNext(_ step: NextStep) {
        out.line("Next: \(step.text)")
        if let command = step.command { out.line("      \(command)") }
    }

    func list() throws -> Int32 {
        try arguments.expectPositionals(atMost: 1)
        let filter = arguments.positionals.first
        let filters = ["done", "pending", "stale", "planned"]
        if let filter, !filters.contains(filter) {
            throw RoadmapError.usage("unknown filter '\(filter)'; use one of \(filters.joined(separator: ", "))")
        }
        let weeks = try overview().weeks.filter { status in
            switch filter {
            case "done": return status.isDone
            case "pending": return status.implemented && !status.isDone
            case "stale": return status.assess == .stale
            case "planned": return !status.implemented
            default: return true
            }
        }
        if arguments.has("json") {
            out.line(try JSONOutput.string(weeks.map(StatusJSON.week)))
            return 0
        }
        for status in weeks {
            out.line("\(status.week.paddedNumber) \(status.week.name.padded(to: 26)) \(out.weekMarks(status.marks))  "
                + "\(painted(status.label.padded(to: 11))) \(status.week.title)")
        }
        if weeks.isEmpty { out.line("No \(filter ?? "") weeks.") }
        return 0
    }
}

/// The JSON shape of `status --json` and `list --json`.
enum StatusJSON {
    static func week(_ status: WeekStatus) -> [String: Any] {
        [
            "number": status.week.number, "name": status.week.name, "title": status.week.title,
            "quarter": status.week.quarter.number, "implemented": status.implemented,
            "targets": ["done": status.targetsDone, "total": status.week.targets.count],
            "study": ["done": status.studyDone, "total": status.week.study.count],
            "build": status.built, "assess": status.assess.rawValue,
            "marks": status.marks, "done": status.isDone, "label": status.label,
            "exercises": status.exercises?.json as Any,
        ]
    }

    static func render(_ overview: Overview) throws -> String {
        let document: [String: Any] = [
            "startDate": overview.startDate as Any, "planWeek": overview.planWeek as Any,
            "currentWeek": overview.currentWeek as Any, "partsDone": overview.partsDone,
            "partsTotal": overview.weeks.count * 4, "weeks": overview.weeks.map(week),
            "next": ["text": overview.next.text, "command": overview.next.command as Any],
        ]
        return try JSONOutput.string(document)
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }

    /// "TSBA" → "T S B A".
    var spacedLetters: String { map(String.init).joined(separator: " ") }
}
