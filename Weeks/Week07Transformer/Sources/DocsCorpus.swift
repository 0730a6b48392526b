// The pretraining text: prose from the Python documentation's reStructuredText sources
// (Datasets/python-docs/**/*.rst.txt), lightly cleaned, tokenized into one stream and cut into
// fixed-length windows [CLS] w₁ … w_{T−2} [SEP].
//
// Cleaning keeps lines that read as prose (start with a letter, a quote, a bracket or a role,
// at least four words) and drops directives (".. note::"), tables, heading underlines and
// interactive examples (">>>"). Markup is unwrapped: :func:`len` → len, ``x`` → x, **bold** → bold.
// Files are read in sorted path order, so the corpus is the same on every machine; the last
// `heldOutFraction` of the windows is kept for validation.

import Foundation
import Shared

public struct DocsCorpus {
    public var paragraphs: [String]
    public var files: Int

    public init(paragraphs: [String], files: Int) {
        self.paragraphs = paragraphs
        self.files = files
    }

    /// Prose paragraphs from every .rst.txt under `folder` (recursively).
    public static func load(from folder: URL) throws -> DocsCorpus {
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(at: folder.resolvingSymlinksInPath(), includingPropertiesForKeys: nil) else {
            throw DataFileError.missing(path: folder.path)
        }
        var paths: [URL] = []
        for case let url as URL in enumerator where url.lastPathComponent.hasSuffix(".rst.txt") { paths.append(url) }
        paths.sort { $0.path < $1.path }
        guard !paths.isEmpty else {
            throw DataFileError.malformed(path: folder.path, reason: "no .rst.txt files (is this the python-docs dataset?)")
        }
        var paragraphs: [String] = []
        for url in paths {
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            paragraphs += prose(text)
        }
        return DocsCorpus(paragraphs: paragraphs, files: paths.count)
    }

    /// Paragraphs of prose lines of one reStructuredText document (see the header).
    public static func prose(_ text: String) -> [String] {
        var paragraphs: [String] = []
        var current: [String] = []
        func flush() {
            if !current.isEmpty { paragraphs.append(current.joined(separator: " ")); current = [] }
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard let first = line.first else { flush(); continue }
            let isProse = (first.isLetter || "`:\"'(*".contains(first)) && !line.hasPrefix("..")
                && !line.hasPrefix(">>>") && line.split(separator: " ").count >= 4
            if isProse { current.append(unwrapMarkup(line)) } else { flush() }
        }
        flush()
        return paragraphs
    }

    /// :role:`target` → target, ``code`` → code, *em*/**strong** → text, `link <url>`_ → link.
    public static func unwrapMarkup(_ line: String) -> String {
        var s = line
        // Roles: a colon-delimited name right before a backtick.
        while let range = s.range(of: #":[a-zA-Z:+-]+:`"#, options: .regularExpression) {
            s.replaceSubrange(range, with: "`")
        }
        s = s.replacingOccurrences(of: #"<[^>]*>`_*"#, with: "`", options: .regularExpression)
        s = s.replacingOccurrences(of: "`", with: "")
        s = s.replacingOccurrences(of: "**", with: "")
        s = s.replacingOccurrences(of: "~", with: "")
        return s
    }

    /// All paragraphs as one token stream cut into windows of `length` ids with [CLS] … [SEP].
    public func windows(vocabulary: WordVocabulary, length: Int) -> [[Int]] {
        precondition(length >= 3, "windows need room for [CLS], a word and [SEP]")
        var stream: [Int] = []
        for p in paragraphs { stream += vocabulary.encode(p) }
        let body = length - 2
        return stride(from: 0, to: stream.count - body + 1, by: body).map { start in
            [WordVocabulary.cls] + stream[start..<(start + body)] + [WordVocabulary.sep]
        }
    }
}
