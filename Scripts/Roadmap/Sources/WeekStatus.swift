// A week's standing, computed from Roadmap.md, Progress.json and the sources on disk: how many
// Targets and Study items are checked, whether Build ran, and whether Assess passed and is still
// valid (its fingerprint unchanged). Rendered as the marks T S B A.

import Foundation

public enum AssessState: String, Sendable {
    /// incomplete: the last run skipped tests and failed none.
    case none, passed, failed, stale, incomplete
}

public struct WeekStatus: Sendable {
    public var week: Week
    public var implemented: Bool
    public var targetsDone: Int
    public var studyDone: Int
    public var built: Bool
    public var assess: AssessState
    /// Practice mode: nil when no exercise of the week is started.
    public var exercises: ExerciseTally?

    public init(week: Week, progress: WeekProgress, implemented: Bool, currentFingerprint: () -> String?) {
        self.week = week
        self.implemented = implemented
        targetsDone = progress.checkedCount(.target, of: week.targets.count)
        studyDone = progress.checkedCount(.study, of: week.study.count)
        built = progress.build != nil
        exercises = ExerciseTally(progress)
        switch progress.assess?.verdict {
        case nil: assess = .none
        case .failed: assess = .failed
        case .incomplete: assess = .incomplete
        case .passed:
            let now = implemented ? currentFingerprint() : nil
            assess = now == progress.assess?.fingerprint ? .passed : .stale
        }
    }

    public var targetsComplete: Bool { targetsDone == week.targets.count }
    public var studyComplete: Bool { studyDone == week.study.count }
    public var isDone: Bool { targetsComplete && studyComplete && built && assess == .passed }
    public var hasStarted: Bool { targetsDone + studyDone > 0 || built || assess != .none }

    /// Completed parts out of four (T, S, B, A).
    public var partsDone: Int {
        [targetsComplete, studyComplete, built, assess == .passed].filter { $0 }.count
    }

    /// "TSBA" when all is done. Per part: the letter when complete, lowercase when partly done
    /// (some items checked; Assess failed), '!' for a stale Assess, '?' for an incomplete one
    /// (tests skipped), '·' when not started.
    public var marks: String {
        func checklist(_ letter: String, _ done: Int, _ total: Int) -> String {
            done == total ? letter : (done > 0 ? letter.lowercased() : "·")
        }
        let assessMark: String
        switch assess {
        case .passed: assessMark = "A"
        case .failed: assessMark = "a"
        case .stale: assessMark = "!"
        case .incomplete: assessMark = "?"
        case .none: assessMark = "·"
        }
        return checklist("T", targetsDone, week.targets.count) + checklist("S", studyDone, week.study.count)
            + (built ? "B" : "·") + assessMark
    }

    public var label: String {
        if !implemented { return "planned" }
        if isDone { return "done" }
        if assess == .stale { return "stale" }
        return hasStarted ? "in progress" : "pending"
    }
}

/// The one next thing to do, as a sentence and (usually) a command.
public struct NextStep: Equatable, Sendable {
    public var text: String
    public var command: String?

    public static func after(_ status: WeekStatus, progress: WeekProgress) -> NextStep {
        let week = status.week
        let number = week.number
        guard status.implemented else {
            return NextStep(text: "Week \(number) (\(week.name)) is planned and not yet in the repository; "
                + "pull the latest version when it lands", command: nil)
        }
        if let item = firstUnchecked(.study, of: week, in: progress) {
            return NextStep(text: "study: \(week.study[item - 1])", command: "roadmap check \(number) study \(item)")
        }
        if !status.built {
            return NextStep(text: "build and run \(week.name): \(week.build.explanation)", command: "roadmap run \(number)")
        }
        if let item = firstUnchecked(.target, of: week, in: progress) {
            return NextStep(text: "target: \(week.targets[item - 1])", command: "roadmap check \(number) target \(item)")
        }
        if status.assess != .passed {
            let why = status.assess == .stale ? "its sources or dependencies changed since it passed; "
                : status.assess == .failed ? "the last assessment failed; "
                : status.assess == .incomplete ? "the last assessment skipped tests (build what they need); " : ""
            return NextStep(text: "\(why)assess week \(number)", command: "roadmap assess \(number)")
        }
        return NextStep(text: "week \(number) is done", command: nil)
    }

    static func firstUnchecked(_ kind: ItemKind, of week: Week, in progress: WeekProgress) -> Int? {
        let count = week.items(kind).count
        return (1...max(count, 1)).first { $0 <= count && !progress.isChecked(kind, $0) }
    }
}
