// Three ways to cut documents into retrievable chunks, all measured in words (whitespace-separated
// pieces of the cleaned text; WordPiece tokens are ~1.3× more for prose, ~2× for code):
//
//   fixed      windows of `maxWords` words, each starting `maxWords − overlapWords` after the last
//   sentence   whole sentences packed up to `maxWords`, the last `overlapSentences` repeated
//   structure  reST sections: paragraphs packed up to `maxWords` without crossing a heading, and
//              every chunk carries its section path ("json — JSON encoder and decoder > Basic Usage")
//              which is indexed and embedded with it
//
// A paragraph longer than `maxWords` is split by sentences, a sentence longer than that by words.

import Foundation

public struct Chunk: Codable, Equatable, Sendable {
    public var id: Int
    /// Source file, relative to the corpus root.
    public var file: String
    /// 1-based line of the chunk's first paragraph in the file.
    public var line: Int
    /// Section titles from the document title down (empty for the fixed and sentence chunkers).
    public var section: [String]
    public var text: String

    public init(id: Int, file: String, line: Int, section: [String], text: String) {
        self.id = id
        self.file = file
        self.line = line
        self.section = section
        self.text = text
    }

    public var heading: String { section.joined(separator: " > ") }

    /// What BM25 indexes and the embedder sees: the section path, then the text.
    public var indexedText: String { section.isEmpty ? text : heading + ". " + text }

    /// "library/json.rst.txt:118 § json — JSON encoder and decoder > Basic Usage"
    public var citation: String {
        "\(file):\(line)" + (section.isEmpty ? "" : " § " + heading)
    }
}

public struct ChunkerConfig: Codable, Equatable, Sendable {
    public enum Kind: String, Codable, CaseIterable, Sendable { case fixed, sentence, structure }
    public var kind: Kind
    public var maxWords: Int
    public var overlapWords: Int
    public var overlapSentences: Int

    public init(kind: Kind = .structure, maxWords: Int = 120, overlapWords: Int = 30, overlapSentences: Int = 1) {
        self.kind = kind
        self.maxWords = max(8, maxWords)
        self.overlapWords = min(max(0, overlapWords), self.maxWords / 2)
        self.overlapSentences = max(0, overlapSentences)
    }

    /// A stable description, part of the index fingerprint.
    public var signature: String {
        switch kind {
        case .fixed: return "fixed(\(maxWords),overlap \(overlapWords))"
        case .sentence: return "sentence(\(maxWords),overlap \(overlapSentences))"
        case .structure: return "structure(\(maxWords))"
        }
    }
}

/// A paragraph of cleaned text with the section it sits in.
public struct Paragraph: Equatable, Sendable {
    public var section: [String]
    public var text: String
    public var line: Int
}

public enum Chunker {
    /// The paragraphs of a reST (or plain) document with their section paths. Heading lines are
    /// not paragraphs; blank lines end a paragraph; markup-only lines are dropped.
    public static func paragraphs(_ text: String) -> [Paragraph] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        let headings = ReST.headings(lines)
        var headingAt: [Int: ReSTHeading] = [:]
        for h in headings { headingAt[h.line] = h }
        var path: [(level: Int, title: String)] = []
        var result: [Paragraph] = []
        var current: [String] = []
        var start = 0
        func flush() {
            let joined = ReST.cleanInline(current.joined(separator: " ")).split(separator: " ").joined(separator: " ")
            if !joined.isEmpty { result.append(Paragraph(section: path.map(\.title), text: joined, line: start + 1)) }
            current.removeAll()
        }
        var i = 0
        var skipDeeperThan: Int? = nil  // indentation of a dropped directive whose body is skipped
        while i < lines.count {
            if let h = headingAt[i] {
                flush()
                while let last = path.last, last.level >= h.level { path.removeLast() }
                path.append((h.level, h.title))
                skipDeeperThan = nil
                i += h.span
                continue
            }
            let line = lines[i]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                flush()
                i += 1
                continue
            }
            let indent = line.prefix(while: { $0 == " " || $0 == "\t" }).count
            if let limit = skipDeeperThan, indent > limit {
                i += 1
                continue
            }
            skipDeeperThan = nil
            if trimmed.hasPrefix("..") {
                // A directive starts a new paragraph: its argument (a signature, a title) opens it.
                flush()
                if ReST.dropsBody(trimmed) { skipDeeperThan = indent }
                if let cleaned = ReST.cleanLine(line) {
                    start = i
                    current.append(cleaned)
                }
            } else if let cleaned = ReST.cleanLine(line) {
                if current.isEmpty { start = i }
                current.append(cleaned)
            }
            i += 1
        }
        flush()
        return result
    }

    /// Chunks of one document. `firstID` numbers them consecutively.
    public static func chunk(_ document: SourceDocument, config: ChunkerConfig, firstID: Int = 0) -> [Chunk] {
        let paragraphs = paragraphs(document.text)
        var chunks: [Chunk] = []
        func emit(_ section: [String], _ line: Int, _ words: [Substring]) {
            guard !words.isEmpty else { return }
            chunks.append(Chunk(id: firstID + chunks.count, file: document.path, line: line,
                                section: section, text: words.joined(separator: " ")))
        }
        switch config.kind {
        case .fixed:
            for window in fixedWindows(paragraphs, maxWords: config.maxWords, overlapWords: config.overlapWords) {
                emit([], window.line, window.words)
            }
        case .sentence:
            var sentences: [(text: Substring, line: Int, words: Int)] = []
            for p in paragraphs {
                for s in ReST.sentences(p.text) {
                    for piece in splitLong(Substring(s), maxWords: config.maxWords) {
                        sentences.append((piece, p.line, piece.split(separator: " ").count))
                    }
                }
            }
            var i = 0
            while i < sentences.count {
                var j = i
                var count = 0
                while j < sentences.count && (j == i || count + sentences[j].words <= config.maxWords) {
                    count += sentences[j].words
                    j += 1
                }
                emit([], sentences[i].line, sentences[i..<j].flatMap { $0.text.split(separator: " ") })
                if j == sentences.count { break }
                // Restart `overlapSentences` back, but only as far back as still leaves room for sentence j.
                var next = max(i + 1, j - config.overlapSentences)
                while next < j && sentences[next..<j].map(\.words).reduce(0, +) + sentences[j].words > config.maxWords {
                    next += 1
                }
                i = next
            }
        case .structure:
            var pending: [Substring] = []
            var pendingSection: [String] = []
            var pendingLine = 1
            func flush() {
                emit(pendingSection, pendingLine, pending)
                pending.removeAll()
            }
            for p in paragraphs {
                if p.section != pendingSection { flush() }
                pendingSection = p.section
                let words = p.text.split(separator: " ")
                if words.count > config.maxWords {
                    flush()
                    // Too long for one chunk: whole sentences up to the budget.
                    var group: [Substring] = []
                    for s in ReST.sentences(p.text) {
                        for piece in splitLong(Substring(s), maxWords: config.maxWords) {
                            let w = piece.split(separator: " ")
                            if !group.isEmpty && group.count + w.count > config.maxWords {
                                emit(p.section, p.line, group)
                                group.removeAll()
                            }
                            group += w
                        }
                    }
                    emit(p.section, p.line, group)
                    continue
                }
                if !pending.isEmpty && pending.count + words.count > config.maxWords { flush() }
                if pending.isEmpty { pendingLine = p.line }
                pending += words
            }
            flush()
        }
        return chunks
    }

    /// The fixed chunker: the paragraphs as one word stream (headings become ordinary text), cut
    /// into windows of `maxWords` words, each starting `maxWords − overlapWords` words after the
    /// last; the final window ends at the last word. Each window carries its first word's line.
    static func fixedWindows(_ paragraphs: [Paragraph], maxWords: Int, overlapWords: Int) -> [(line: Int, words: [Substring])] {
        // exercise fixed-windows: Cut the paragraphs' words into overlapping fixed-size windows.
        // hint: Flatten the paragraphs into one list of words, remembering for each word the line of its paragraph.
        // hint: Windows start every maxWords − overlapWords words; stop after the window that reaches the last word, so no window is only overlap.
        // tests: ChunkingTests/testFixedWindowsOverlap
        var words: [Substring] = []
        var lineOfWord: [Int] = []
        for p in paragraphs {
            let w = p.text.split(separator: " ")
            words += w
            lineOfWord += Array(repeating: p.line, count: w.count)
        }
        var windows: [(line: Int, words: [Substring])] = []
        var start = 0
        while start < words.count {
            let end = min(words.count, start + maxWords)
            windows.append((lineOfWord[start], Array(words[start..<end])))
            if end == words.count { break }
            start += maxWords - overlapWords
        }
        return windows
        // end exercise fixed-windows
    }

    /// A sentence longer than `maxWords` cut into word windows.
    static func splitLong(_ sentence: Substring, maxWords: Int) -> [Substring] {
        let words = sentence.split(separator: " ")
        guard words.count > maxWords else { return [sentence] }
        return stride(from: 0, to: words.count, by: maxWords).map {
            Substring(words[$0..<min(words.count, $0 + maxWords)].joined(separator: " "))
        }
    }

    /// All chunks of a corpus, ids 0..<n in file order.
    public static func chunk(_ documents: [SourceDocument], config: ChunkerConfig) -> [Chunk] {
        var all: [Chunk] = []
        for d in documents { all += chunk(d, config: config, firstID: all.count) }
        return all
    }
}
