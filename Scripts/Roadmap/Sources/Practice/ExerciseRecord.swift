// What Progress.json keeps of one exercise: when it was blanked, how many hints were shown, and the
// last `verify`. Stored under the week as "exercises": { NAME: record }; every field is optional in
// the file, so a record written by a later roadmap with more fields still loads.

import Foundation

public struct ExerciseRecord: Codable, Equatable, Sendable {
    /// When `roadmap practice` blanked it; nil if only hints were asked for.
    public var startedAt: Date?
    public var hintsShown: Int?
    /// The last passing verify.
    public var verifiedAt: Date?
    public var lastVerify: VerifyResult?

    public init(startedAt: Date? = nil, hintsShown: Int? = nil, verifiedAt: Date? = nil, lastVerify: VerifyResult? = nil) {
        self.startedAt = startedAt
        self.hintsShown = hintsShown
        self.verifiedAt = verifiedAt
        self.lastVerify = lastVerify
    }

    public var hints: Int { hintsShown ?? 0 }
}

public struct VerifyResult: Codable, Equatable, Sendable {
    public var passed: Bool
    public var at: Date
    /// The failing assertion's message or the stub/crash line; nil on a pass.
    public var message: String?

    public init(passed: Bool, at: Date, message: String?) {
        self.passed = passed
        self.at = at
        self.message = message
    }
}

extension WeekProgress {
    public subscript(exercise name: String) -> ExerciseRecord? {
        get { exercises?[name] }
        set {
            var all = exercises ?? [:]
            all[name] = newValue
            exercises = all.isEmpty ? nil : all
        }
    }

}

/// A week's practice at a glance: exercises started, verified since started, and the week's total.
public struct ExerciseTally: Equatable, Sendable {
    public var started: Int
    public var verified: Int
    /// How many exercises the week's code has (nil if it was not read).
    public var total: Int?

    /// nil when no exercise of the week is started.
    public init?(_ progress: WeekProgress) {
        let started = (progress.exercises ?? [:]).values.filter { $0.startedAt != nil }
        guard !started.isEmpty else { return nil }
        self.started = started.count
        verified = started.filter { $0.verifiedAt != nil }.count
    }

    /// "exercises 2/3 verified" (of the week's exercises), "· 1 started" when some are unverified.
    public var summary: String {
        let unverified = started - verified
        return "exercises \(verified)/\(total ?? started) verified" + (unverified > 0 ? " · \(unverified) started" : "")
    }

    public var json: [String: Any] {
        ["started": started, "verified": verified, "total": total as Any]
    }
}
