// Text from the Python documentation sources (Datasets/python-docs, reStructuredText as .rst.txt):
// raw text for BPE training, and prose sentences for embedding demos.
//
// Sentences: paragraphs of prose lines (a line that starts with a letter, a quote, a bracket or a
// role and has ≥ 4 words; not a directive "..", a heading, or an indented code block), markup unwrapped (:func:`open` →
// open, ``x`` → x, **b** → b), split after ". " before a capital letter. Files are read in sorted
// order, so every machine gets the same sentences.

import Foundation
import Shared

public enum PythonDocs {
    /// The .rst.txt files under `subfolder` of the dataset, sorted by path.
    public static func files(_ subfolder: String = "library") throws -> [URL] {
        let folder = try Dataset.pythonDocs.locate().appendingPathComponent(subfolder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let files = names.filter { $0.hasSuffix(".rst.txt") }.sorted().map { folder.appendingPathComponent($0) }
        guard !files.isEmpty else { throw DataFileError.malformed(path: folder.path, reason: "no .rst.txt files: run ./Scripts/setup.sh") }
        return files
    }

    /// Up to `bytes` bytes of raw documentation text (whole files, in sorted order).
    public static func rawText(bytes: Int) throws -> String {
        var text = ""
        for url in try files() {
            text += try FileIO.readText(url)
            if text.utf8.count >= bytes { break }
        }
        return text
    }

    /// Prose sentences of one document, each with `words` words in the given range.
    public static func sentences(in text: String, words: ClosedRange<Int> = 6...40) -> [String] {
        var paragraphs: [String] = []
        var current: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let indented = raw.first == " " || raw.first == "\t"
            let line = raw.trimmingCharacters(in: .whitespaces)
            if !line.isEmpty && line.allSatisfy({ "=-~^*#".contains($0) }) {
                current = []  // the text above an underline is a heading, not prose
                continue
            }
            let starts = line.first.map { $0.isLetter || "`*(\":".contains($0) } ?? false
            let prose = !indented && starts && !line.hasPrefix("..") && line.split(separator: " ").count >= 4
            if prose {
                current.append(unwrapMarkup(line.hasPrefix("* ") ? String(line.dropFirst(2)) : line))  // a bullet's text
            } else if !current.isEmpty {
                paragraphs.append(current.joined(separator: " "))
                current = []
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
        var out: [String] = []
        for paragraph in paragraphs {
            let parts = paragraph.replacingOccurrences(of: #"\. (?=[A-Z])"#, with: ".\n", options: .regularExpression)
            for sentence in parts.split(separator: "\n") where words.contains(sentence.split(separator: " ").count) {
                out.append(String(sentence))
            }
        }
        return out
    }

    /// :role:`target` → target, ``code`` → code, **strong** → text, `link <url>`_ → link, gzip\ -format → gzip-format.
    public static func unwrapMarkup(_ line: String) -> String {
        var s = line.replacingOccurrences(of: #":[a-zA-Z:+-]+:`"#, with: "`", options: .regularExpression)
        s = s.replacingOccurrences(of: #" ?<[^>]*>`_*"#, with: "`", options: .regularExpression)
        for markup in ["``", "`", "**", "~", "\\ "] { s = s.replacingOccurrences(of: markup, with: "") }  // a backslash-space is reST's empty escape
        return s
    }

    /// The first sentence of each named library page (e.g. "json" → library/json.rst.txt).
    public static func firstSentence(ofPage page: String) throws -> String {
        let url = try Dataset.pythonDocs.locate().appendingPathComponent("library/\(page).rst.txt")
        guard let first = sentences(in: try FileIO.readText(url)).first else {
            throw DataFileError.malformed(path: url.path, reason: "no prose sentence found")
        }
        return first
    }

    /// Up to `perPage` sentences from each library page, in sorted page order, `limit` in all.
    public static func librarySentences(perPage: Int, limit: Int, words: ClosedRange<Int> = 6...40) throws -> [String] {
        var out: [String] = []
        for url in try files() where out.count < limit {
            out += sentences(in: try FileIO.readText(url), words: words).prefix(min(perPage, limit - out.count))
        }
        return out
    }
}
