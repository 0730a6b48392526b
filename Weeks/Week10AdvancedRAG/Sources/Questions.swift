// The labelled question set: JSON Lines, one object per line,
//
//   {"question": "How do I pretty-print JSON?", "relevant": ["library/json.rst.txt"]}
//
// `relevant` lists every file (relative to the corpus root) that answers the question. Blank lines
// and lines starting with # are skipped. Any other malformed line is one error naming its number.

import Foundation
import Shared

public struct LabelledQuestion: Equatable, Sendable {
    public var question: String
    public var relevant: [String]
    public var line: Int
}

public enum QuestionFileError: Error, CustomStringConvertible, Equatable {
    case malformed(path: String, line: Int, reason: String)
    case empty(path: String)
    case unknownFile(path: String, line: Int, file: String)

    public var description: String {
        switch self {
        case let .malformed(path, line, reason): return "\(path):\(line): \(reason)"
        case let .empty(path): return "\(path) holds no questions"
        case let .unknownFile(path, line, file):
            return "\(path):\(line): relevant file '\(file)' is not in the corpus (paths are relative to the docs folder, e.g. library/json.rst.txt)"
        }
    }
}

public enum QuestionSet {
    public static func parse(_ text: String, path: String) throws -> [LabelledQuestion] {
        var questions: [LabelledQuestion] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let number = index + 1
            func fail(_ reason: String) -> QuestionFileError { .malformed(path: path, line: number, reason: reason) }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw fail("not a JSON object (expected {\"question\": \"…\", \"relevant\": [\"library/json.rst.txt\"]})")
            }
            guard let question = object["question"] as? String,
                  !question.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw fail("\"question\" must be a non-empty string")
            }
            guard let list = object["relevant"] as? [Any], !list.isEmpty else {
                throw fail("\"relevant\" must be a non-empty list of file paths")
            }
            let files = list.compactMap { $0 as? String }.filter { !$0.isEmpty }
            guard files.count == list.count else { throw fail("\"relevant\" must hold only non-empty strings") }
            questions.append(LabelledQuestion(question: question, relevant: files, line: number))
        }
        guard !questions.isEmpty else { throw QuestionFileError.empty(path: path) }
        return questions
    }

    public static func load(_ url: URL) throws -> [LabelledQuestion] {
        try parse(try FileIO.readText(url), path: Project.display(url))
    }

    /// Every relevant file must be in the corpus, or the question could never be answered.
    public static func validate(_ questions: [LabelledQuestion], files: Set<String>, path: String) throws {
        for q in questions {
            for f in q.relevant where !files.contains(f) {
                throw QuestionFileError.unknownFile(path: path, line: q.line, file: f)
            }
        }
    }
}
