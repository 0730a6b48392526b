// The year at a glance: every week's status, the current week (the first week not done), where
// the plan says the learner should be (a week per 7 days since the start date), and the one next
// thing to do. `status`, `next`, `list` and `report` all render this.

import Foundation

public struct Overview: Sendable {
    public var weeks: [WeekStatus]
    public var startDate: String?
    /// The week the calendar says, 1...52; nil until started.
    public var planWeek: Int?
    /// The first week that is not done (nil when every week is done).
    public var currentWeek: Int?
    public var next: NextStep

    public init(workspace: Workspace, progress: LearnerProgress, now: Date) {
        weeks = workspace.course.weeks.map { week in
            WeekStatus(week: week, progress: progress[week: week.number], implemented: workspace.isImplemented(week),
                       currentFingerprint: { try? workspace.currentFingerprint(of: week) })
        }
        for index in weeks.indices where weeks[index].exercises != nil {
            let name = weeks[index].week.name
            weeks[index].exercises?.total = try? ExerciseParser.exercises(ofWeek: name, root: workspace.root, strict: false).count
        }
        startDate = progress.startDate
        let lastWeek = workspace.course.weeks.last?.number ?? 1
        if let text = progress.startDate, let start = DayDate.parse(text) {
            let days = DayDate.days(from: start, to: now)
            planWeek = min(max(days / 7 + 1, 1), lastWeek)
        }
        let current = weeks.first { !$0.isDone }
        currentWeek = current?.week.number
        if let current {
            next = NextStep.after(current, progress: progress[week: current.week.number])
        } else {
            next = NextStep(text: "every week is done — write the retrospective", command: nil)
        }
        if progress.startDate == nil {
            next = NextStep(text: "set the day you start (today, or --date YYYY-MM-DD) so pace can be tracked",
                            command: "roadmap start")
        }
    }

    /// "the plan says week 9, you are on 7 (2 behind)".
    public var pace: String? {
        guard let planWeek, let currentWeek else { return nil }
        let difference = planWeek - currentWeek
        let verdict = difference == 0 ? "on pace" : (difference > 0 ? "\(difference) behind" : "\(-difference) ahead")
        return "the plan says week \(planWeek), you are on \(currentWeek) (\(verdict))"
    }

    public var partsDone: Int { weeks.map(\.partsDone).reduce(0, +) }

    public static func bar(_ done: Int, of total: Int, width: Int = 20) -> String {
        let filled = total == 0 ? 0 : (done * width) / total
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }
}
