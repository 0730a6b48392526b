// The learner's state, as stored in Progress.json. Roadmap.md says what there is to do; this
// says what has been done. Keys are strings so the file diffs well: weeks "01"…"52", items "1"….
//
//   { "schemaVersion": 1, "startDate": "2025-01-06" | null,
//     "weeks": { "01": { "targets": { "1": "2025-01-07T18:00:00Z" }, "study": {},
//                        "build":  { "lastSuccess": "…", "arguments": [] },
//                        "assess": { "verdict": "passed" | "failed" | "incomplete", "at": "…", "testsRun": 12,
//                                    "testsFailed": 0, "failures": [], "fingerprint": "fnv1a64:…" },
//                        "exercises": { "adam-step": { "startedAt": "…", "hintsShown": 1, "verifiedAt": "…",
//                                                      "lastVerify": { "passed": true, "at": "…", "message": null } } } } } }
// ("exercises" is absent until an exercise is practised, so files from before practice mode load as they are.)

import Foundation

public struct LearnerProgress: Equatable, Sendable {
    public static let schemaVersion = 1

    public var schemaVersion = LearnerProgress.schemaVersion
    /// The day the learner started week 1, "YYYY-MM-DD"; nil until `roadmap start`.
    public var startDate: String?
    public var weeks: [Int: WeekProgress] = [:]

    public init(startDate: String? = nil, weeks: [Int: WeekProgress] = [:]) {
        self.startDate = startDate
        self.weeks = weeks
    }

    public subscript(week number: Int) -> WeekProgress {
        get { weeks[number] ?? WeekProgress() }
        set { weeks[number] = newValue.isEmpty ? nil : newValue }
    }
}

public struct WeekProgress: Codable, Equatable, Sendable {
    /// Checked items: item number (1-based) → when it was checked.
    public var targets: [String: Date] = [:]
    public var study: [String: Date] = [:]
    public var build: BuildRecord?
    public var assess: AssessRecord?
    /// Practice mode's state per exercise name (ExerciseRecord.swift); nil when there is none.
    public var exercises: [String: ExerciseRecord]?

    public init() {}

    public var isEmpty: Bool {
        targets.isEmpty && study.isEmpty && build == nil && assess == nil && (exercises ?? [:]).isEmpty
    }

    public func checked(_ kind: ItemKind) -> [String: Date] {
        kind == .target ? targets : study
    }

    public func isChecked(_ kind: ItemKind, _ item: Int) -> Bool {
        checked(kind)["\(item)"] != nil
    }

    public mutating func set(_ kind: ItemKind, _ item: Int, checkedAt date: Date?) {
        if kind == .target { targets["\(item)"] = date } else { study["\(item)"] = date }
    }

    /// How many of the first `count` items are checked (items beyond Roadmap.md's list don't count).
    public func checkedCount(_ kind: ItemKind, of count: Int) -> Int {
        (1...max(count, 1)).filter { $0 <= count && isChecked(kind, $0) }.count
    }
}

public struct BuildRecord: Codable, Equatable, Sendable {
    public var lastSuccess: Date
    public var arguments: [String]
}

public struct AssessRecord: Codable, Equatable, Sendable {
    /// incomplete: nothing failed but some tests were skipped (XCTSkip), so the run proves less
    /// than the gate asks; it never checks Assess.
    public enum Verdict: String, Codable, Sendable { case passed, failed, incomplete }
    public var verdict: Verdict
    public var at: Date
    public var testsRun: Int
    public var testsFailed: Int
    /// Tests skipped in the run (absent in records written before skips were counted).
    public var testsSkipped: Int?
    /// "Test.name: message" for each failure (capped), so `show` can list them later.
    public var failures: [String]
    /// Fingerprint of the week's sources and everything they depend on when assessed.
    public var fingerprint: String
}

extension LearnerProgress: Codable {
    enum CodingKeys: String, CodingKey { case schemaVersion, startDate, weeks }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        startDate = try container.decodeIfPresent(String.self, forKey: .startDate)
        if let date = startDate, DayDate.parse(date) == nil {
            throw DecodingError.dataCorruptedError(forKey: .startDate, in: container,
                debugDescription: "startDate '\(date)' is not a YYYY-MM-DD date")
        }
        let stored = try container.decode([String: WeekProgress].self, forKey: .weeks)
        weeks = [:]
        for (key, value) in stored {
            guard let number = Int(key), number > 0 else {
                throw DecodingError.dataCorruptedError(forKey: .weeks, in: container,
                    debugDescription: "week key '\(key)' is not a week number")
            }
            weeks[number] = value
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(startDate, forKey: .startDate)   // null until started: visible in the file
        var stored: [String: WeekProgress] = [:]
        for (number, week) in weeks where !week.isEmpty {
            stored[number < 10 ? "0\(number)" : "\(number)"] = week
        }
        try container.encode(stored, forKey: .weeks)
    }
}
