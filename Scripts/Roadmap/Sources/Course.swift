// The course as Roadmap.md describes it: quarters of weeks, each with Targets, Study, Build and
// Assess. Pure values; parsing lives in RoadmapParser.swift, the learner's state in LearnerProgress.swift.

public enum ItemKind: String, CaseIterable, Sendable {
    case target
    case study

    /// The section heading in Roadmap.md and the plural used in messages.
    public var plural: String { self == .target ? "targets" : "study items" }
}

public struct Quarter: Equatable, Sendable {
    public var number: Int          // 1...4
    public var title: String
}

/// A command together with what it shows (Build) or proves (Assess).
public struct WeekCommand: Equatable, Sendable {
    public var command: String
    public var explanation: String
}

public struct Week: Equatable, Sendable {
    public var number: Int
    public var name: String         // the executable, e.g. Week01LinearAlgebra
    public var title: String
    public var quarter: Quarter
    public var targets: [String]
    public var study: [String]
    public var build: WeekCommand
    public var assess: WeekCommand
    public var line: Int            // where its heading is in Roadmap.md

    public func items(_ kind: ItemKind) -> [String] {
        kind == .target ? targets : study
    }

    /// "01" — the zero-padded number used in headings and Progress.json keys.
    public var paddedNumber: String { number < 10 ? "0\(number)" : "\(number)" }
}

public struct Course: Equatable, Sendable {
    public var quarters: [Quarter]
    public var weeks: [Week]

    public func week(_ number: Int) throws -> Week {
        guard let week = weeks.first(where: { $0.number == number }) else {
            let range = weeks.isEmpty ? nil : weeks[0].number...weeks[weeks.count - 1].number
            throw RoadmapError.unknownWeek(number, known: range)
        }
        return week
    }
}
