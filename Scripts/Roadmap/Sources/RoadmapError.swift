// Every way `roadmap` can fail, each with a one-line message that says what was wrong and how to
// fix it. The executable prints `roadmap: error: <description>` and exits 1 (2 for usage errors).

import Foundation

public enum RoadmapError: Error, CustomStringConvertible, Equatable {
    /// Bad command line: unknown verb or flag, missing argument. Exit status 2.
    case usage(String)
    /// No repository root (a directory holding Package.swift and Roadmap.md) was found.
    case rootNotFound(searchedFrom: String)
    /// Roadmap.md does not follow its documented structure.
    case roadmapSyntax(line: Int, message: String)
    /// Progress.json is not valid JSON or not a valid progress document.
    case progressMalformed(path: String, position: String?, message: String)
    /// Progress.json was written by a newer `roadmap`.
    case progressFromTheFuture(path: String, version: Int, supported: Int)
    case unknownWeek(Int, known: ClosedRange<Int>?)
    case weekNotImplemented(number: Int, name: String)
    case badItem(week: Int, kind: String, key: String, reason: String)
    case io(path: String, message: String)
    case commandFailed(command: String, message: String)
    case cancelled(String)

    public var exitCode: Int32 {
        if case .usage = self { return 2 }
        return 1
    }

    public var description: String {
        switch self {
        case .usage(let message):
            return "\(message) (see `roadmap --help`)"
        case .rootNotFound(let directory):
            return "no Package.swift with a Roadmap.md beside it in \(directory) or any parent; "
                + "run inside the repository, or pass --root DIR (or set ROADMAP_ROOT)"
        case .roadmapSyntax(let line, let message):
            return "Roadmap.md:\(line): \(message)"
        case .progressMalformed(let path, let position, let message):
            return "\(path)\(position.map { ":" + $0 } ?? ""): \(message); the file was left untouched "
                + "(fix it by hand, or restore it with git)"
        case .progressFromTheFuture(let path, let version, let supported):
            return "\(path) has schema version \(version) but this roadmap understands up to "
                + "\(supported); update the repository (git pull). The file was left untouched"
        case .unknownWeek(let number, let known):
            if let known {
                return "there is no week \(number); weeks are \(known.lowerBound)–\(known.upperBound)"
            }
            return "there is no week \(number); Roadmap.md has no weeks"
        case .weekNotImplemented(let number, let name):
            return "week \(number) (\(name)) is planned but not yet in the repository "
                + "(no Weeks/\(name) in Package.swift's table); nothing to do for it yet"
        case .badItem(let week, let kind, let key, let reason):
            return "week \(week) \(kind) '\(key)': \(reason)"
        case .io(let path, let message):
            return "\(path): \(message)"
        case .commandFailed(let command, let message):
            return "`\(command)` failed: \(message)"
        case .cancelled(let message):
            return message
        }
    }
}
