// Exercise regions in a week's code (the syntax is in Scripts/Roadmap/Exercises.md):
//
//       // exercise adam-step: Apply one Adam update, with bias correction, to every parameter.
//       // hint: …                                  (one or more, in the order they are revealed)
//       // tests: AdamTests/testStepMatchesTorch, AdamTests
//       …the reference body…
//       // end exercise adam-step                  (at the header's indentation)
//
// This file parses them out of a file's text, and does the pure text work on a region: blanking it
// (header and tests kept, hints and body replaced by one fatalError stub) and putting a region back.
// It reads and writes nothing; ExerciseStore keeps the reference aside, the verbs write the files.

import Foundation

public struct Exercise: Equatable, Sendable {
    public var name: String
    public var goal: String
    /// Empty in a blanked region (the hints are kept aside with the reference).
    public var hints: [String]
    /// XCTest filters relative to the week's test target: "Class/testMethod" or "Class".
    public var tests: [String]
    /// The file, relative to the repository root, e.g. "Weeks/Week04MNIST/Sources/Adam.swift".
    public var file: String
    /// 1-based lines of the header and of the end marker.
    public var headerLine: Int
    public var endLine: Int
    public var indentation: String
    /// The region's lines, header to end marker inclusive.
    public var lines: [String]

    public var region: String { lines.joined(separator: "\n") }

    /// The lines between the tests line and the end marker.
    public var body: [String] { Array(lines[(2 + hints.count)..<(lines.count - 1)]) }

    /// Whether the region is exactly what `roadmap practice` writes for week `week`.
    public func isBlanked(week: Int) -> Bool {
        lines == blankedLines(week: week)
    }

    /// Header, tests line, the stub, end marker.
    public func blankedLines(week: Int) -> [String] {
        [lines[0], lines[1 + hints.count], indentation + Exercise.stub(name: name, week: week), lines[lines.count - 1]]
    }

    /// The one line a blanked region holds. Its text starts with "exercise NAME:", which is what the
    /// proof looks for in the failing tests' output.
    public static func stub(name: String, week: Int) -> String {
        "fatalError(\"exercise \(name): not written yet — `swift run roadmap hint \(week) \(name)` gives a nudge\")"
    }

    /// "Weeks/Week04MNIST/Sources/Adam.swift:12"
    public var location: String { "\(file):\(headerLine)" }
}

public enum ExerciseSyntaxError: Error, CustomStringConvertible, Equatable {
    /// "file:line: message", one line.
    case malformed(file: String, line: Int, message: String)

    public var description: String {
        switch self {
        case .malformed(let file, let line, let message): return "\(file):\(line): \(message)"
        }
    }
}

public enum ExerciseParser {
    static let headerPrefix = "// exercise "
    static let endPrefix = "// end exercise "
    static let hintPrefix = "// hint: "
    static let testsPrefix = "// tests:"

    /// The exercises of one file. `strict` (authoring, `prove`): every region needs a hint. Without
    /// it (a learner's working copy) a region without hints is accepted, since blanking removes them.
    public static func parse(_ text: String, file: String, strict: Bool = true) throws -> [Exercise] {
        let lines = text.components(separatedBy: "\n")
        var exercises: [Exercise] = []
        var index = 0
        func fail(_ line: Int, _ message: String) -> ExerciseSyntaxError {
            .malformed(file: file, line: line + 1, message: message)
        }
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(endPrefix) {
                throw fail(index, "`\(trimmed)` has no `// exercise NAME: GOAL` header before it")
            }
            guard let (name, goal) = try header(trimmed, line: index, fail: fail) else {
                index += 1
                continue
            }
            let indentation = String(line.prefix { $0 == " " || $0 == "\t" })
            var cursor = index + 1
            var hints: [String] = []
            while cursor < lines.count, let hint = lines[cursor].trimmingCharacters(in: .whitespaces).dropPrefix(hintPrefix) {
                hints.append(hint)
                cursor += 1
            }
            guard cursor < lines.count, let testList = lines[cursor].trimmingCharacters(in: .whitespaces).dropPrefix(testsPrefix) else {
                throw fail(cursor, "exercise \(name): expected `// tests: Class/testMethod, …` after the header and its hints")
            }
            let tests = testList.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if tests.isEmpty { throw fail(cursor, "exercise \(name): the tests line names no test") }
            if let bad = tests.first(where: { !isTestFilter($0) }) {
                throw fail(cursor, "exercise \(name): '\(bad)' is not `ClassName` or `ClassName/testMethod`")
            }
            let endMarker = indentation + endPrefix + name
            var end = cursor + 1
            while end < lines.count && lines[end] != endMarker {
                let other = lines[end].trimmingCharacters(in: .whitespaces)
                if other == endPrefix + name {
                    throw fail(end, "exercise \(name): the end marker must have the header's indentation "
                        + "(\(indentation.count) columns, line \(index + 1))")
                }
                if other.hasPrefix(headerPrefix), (try? header(other, line: end, fail: fail)) != nil {
                    throw fail(index, "exercise \(name): no `\(endPrefix + name)` before the next exercise at line \(end + 1)")
                }
                end += 1
            }
            if end == lines.count {
                throw fail(index, "exercise \(name): no `\(endPrefix + name)` at the header's indentation")
            }
            if strict && hints.isEmpty {
                throw fail(index + 1, "exercise \(name): no `// hint: …` line after the header (write 2–3)")
            }
            exercises.append(Exercise(name: name, goal: goal, hints: hints, tests: tests, file: file,
                                      headerLine: index + 1, endLine: end + 1, indentation: indentation,
                                      lines: Array(lines[index...end])))
            index = end + 1
        }
        return exercises
    }

    /// (name, goal) if the trimmed line is a header; nil if it is no header at all (prose that merely
    /// starts with "// exercise " and has no "NAME:" word); an error if it is a malformed one.
    static func header(_ trimmed: String, line: Int, fail: (Int, String) -> ExerciseSyntaxError) throws -> (String, String)? {
        guard let rest = trimmed.dropPrefix(headerPrefix) else { return nil }
        let word = rest.prefix { $0 != " " }
        guard word.hasSuffix(":") else { return nil }
        let name = String(word.dropLast())
        guard isName(name) else {
            throw fail(line, "exercise name '\(name)' is not kebab-case (lowercase letters and digits joined by single hyphens)")
        }
        let goal = rest.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        if goal.isEmpty { throw fail(line, "exercise \(name): the header needs a goal after the colon") }
        return (name, goal)
    }

    /// kebab-case: [a-z0-9]+(-[a-z0-9]+)*
    public static func isName(_ name: String) -> Bool {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        return !name.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }
        }
    }

    static func isTestFilter(_ filter: String) -> Bool {
        let parts = filter.split(separator: "/", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
        }
    }

    /// A week's exercises, from every .swift file of its folder outside Tests/ (sorted by path),
    /// with names unique within the week.
    public static func exercises(ofWeek name: String, root: URL, strict: Bool = true) throws -> [Exercise] {
        var all: [Exercise] = []
        for file in weekFiles(name, root: root) {
            let url = root.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw RoadmapError.io(path: url.path, message: "cannot read")
            }
            for exercise in try parse(text, file: file, strict: strict) {
                if let first = all.first(where: { $0.name == exercise.name }) {
                    throw ExerciseSyntaxError.malformed(file: exercise.file, line: exercise.headerLine,
                        message: "exercise \(exercise.name) is already defined at \(first.location); names are unique within a week")
                }
                all.append(exercise)
            }
        }
        return all
    }

    /// The week's .swift files outside Tests/, relative to the root, sorted.
    public static func weekFiles(_ name: String, root: URL, includeTests: Bool = false) -> [String] {
        let folder = root.appendingPathComponent("Weeks/\(name)")
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let first = relative.split(separator: "/").first.map(String.init) ?? relative
            if first.hasPrefix(".") || (!includeTests && first == "Tests") { continue }
            if relative.hasSuffix(".swift") { files.append("Weeks/\(name)/\(relative)") }
        }
        return files.sorted()
    }
}

public enum ExerciseText {
    /// `text` with the region of `exercise` (found by its header and end lines) replaced by `lines`.
    public static func replacing(_ exercise: Exercise, in text: String, with lines: [String]) -> String {
        var all = text.components(separatedBy: "\n")
        all.replaceSubrange((exercise.headerLine - 1)...(exercise.endLine - 1), with: lines)
        return all.joined(separator: "\n")
    }

    /// `text` with every given exercise blanked (they must all come from this text).
    public static func blanking(_ exercises: [Exercise], in text: String, week: Int) -> String {
        var result = text
        for exercise in exercises.sorted(by: { $0.headerLine > $1.headerLine }) {
            result = replacing(exercise, in: result, with: exercise.blankedLines(week: week))
        }
        return result
    }
}

extension String {
    /// The rest after `prefix`, or nil if the string does not start with it.
    func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
