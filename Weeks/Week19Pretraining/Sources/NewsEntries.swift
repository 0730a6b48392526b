// Python's NEWS file (Datasets/python-news/NEWS, Debian's python3.11) as labelled examples: every
// entry is one issue summary under a release and a component section.
//
//   What's New in Python 3.11.2 final?        ← release (a title line, then a line of "=")
//   ==================================
//   Core and Builtins                         ← section = the label (a title, then "-")
//   -----------------
//   - gh-issue-92173: Fix the ``defs`` and    ← entry: "- " opens it, indented lines continue it,
//     ``kwdefs`` arguments to …                 a blank line or a heading ends it
//
// The text keeps the summary with its issue reference ("gh-issue-92173", "bpo-32782") split off,
// so the classifier reads the sentence only and the split can check issues for leakage.
//
// The split is by release and by time: NEWS lists its releases newest first (3.11.2 final, 3.11.1,
// …, 3.5.0 alpha 1), and the held-out side is the newest releases, taken in file order until they
// hold `heldOutFraction` of the entries; training is every older release. NEWS repeats a fix under
// every release it was backported to, so a held-out entry whose issue or text also occurs on the
// training side is dropped (counted in `droppedAsLeaks`): the two sides share no release, issue or
// text. No seed: the same file always gives the same split.
//
// Does not: read HISTORY (older releases, with section names that changed over the years).

import Foundation
import Shared

public struct NewsEntry: Equatable, Sendable {
    public var release: String
    public var section: String
    /// "gh-issue-92173", "bpo-32782", or "" when the entry names none.
    public var issue: String
    public var text: String

    public init(release: String, section: String, issue: String, text: String) {
        (self.release, self.section, self.issue, self.text) = (release, section, issue, text)
    }
}

public enum NewsParser {
    /// Every entry of a NEWS text, in file order.
    public static func parse(_ text: String) -> [NewsEntry] {
        let lines = text.components(separatedBy: "\n").map { $0.replacingOccurrences(of: "\r", with: "") }
        var entries: [NewsEntry] = []
        var release = "", section = ""
        var current: [String] = []
        func flush() {
            defer { current = [] }
            guard !current.isEmpty, !release.isEmpty, !section.isEmpty else { return }
            let (issue, body) = splitIssue(current.joined(separator: " "))
            if !body.isEmpty { entries.append(NewsEntry(release: release, section: section, issue: issue, text: body)) }
        }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            let next = i + 1 < lines.count ? lines[i + 1] : ""
            if let rule = underline(next), !line.isEmpty, !line.hasPrefix(" "), !line.hasPrefix("-") {
                flush()
                let title = line.trimmingCharacters(in: .whitespaces)
                if rule == "=" {
                    release = releaseName(title)
                    section = ""
                } else {
                    section = title
                }
                i += 2
                continue
            }
            if line.hasPrefix("- ") {
                flush()
                current = [String(line.dropFirst(2)).trimmingCharacters(in: .whitespaces)]
            } else if line.hasPrefix("  "), !current.isEmpty {
                current.append(line.trimmingCharacters(in: .whitespaces))
            } else {
                flush()
            }
            i += 1
        }
        flush()
        return entries
    }

    /// "=" or "-" when `line` is a heading underline (≥ 3 of one of them, nothing else).
    static func underline(_ line: String) -> Character? {
        guard line.count >= 3, let first = line.first, first == "=" || first == "-" else { return nil }
        return line.allSatisfy { $0 == first } ? first : nil
    }

    /// "What's New in Python 3.11.2 final?" → "3.11.2 final"; other titles as they are.
    static func releaseName(_ title: String) -> String {
        let prefix = "What's New in Python "
        guard title.hasPrefix(prefix) else { return title }
        return String(title.dropFirst(prefix.count)).trimmingCharacters(in: CharacterSet(charactersIn: "? "))
    }

    /// "gh-issue-92173: Fix …" → ("gh-issue-92173", "Fix …"); "bpo-1234: …" likewise.
    static func splitIssue(_ text: String) -> (String, String) {
        for prefix in ["gh-issue-", "bpo-"] where text.hasPrefix(prefix) {
            if let colon = text.firstIndex(of: ":") {
                let issue = String(text[..<colon])
                let digits = issue.dropFirst(prefix.count)
                if !digits.isEmpty, digits.allSatisfy(\.isNumber) {
                    return (issue, text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
            }
        }
        return ("", text)
    }

    /// Entries of `file`, or of Datasets/python-news/NEWS (an error naming ./Scripts/setup.sh when
    /// the dataset is missing).
    public static func loadDataset(_ file: URL? = nil) throws -> [NewsEntry] {
        let url = try file ?? Dataset.pythonNews.locate().appendingPathComponent("NEWS")
        let text = try FileIO.readText(url)
        let entries = parse(text)
        guard !entries.isEmpty else { throw DataFileError.malformed(path: url.path, reason: "no NEWS entries found") }
        return entries
    }
}

/// Labelled entries split by release (see the header).
public struct NewsSplit: Sendable {
    public var classes: [String]
    public var train: [NewsEntry]
    public var heldOut: [NewsEntry]
    public var trainLabels: [Int]
    public var heldOutLabels: [Int]
    /// The newest releases, in file order.
    public var heldOutReleases: [String]
    public var droppedAsLeaks: Int

    /// Classes are the sections with at least `minimumPerClass` entries (most frequent first, ties
    /// alphabetical); entries of other sections are left out.
    public static func make(_ entries: [NewsEntry], heldOutFraction: Double = 0.2, minimumPerClass: Int = 20) -> NewsSplit {
        var counts: [String: Int] = [:]
        for e in entries { counts[e.section, default: 0] += 1 }
        let classes = counts.filter { $0.value >= minimumPerClass }
            .sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        let kept = entries.filter { index[$0.section] != nil }
        var releases: [String] = []  // file order: newest first
        var perRelease: [String: Int] = [:]
        for e in kept {
            if perRelease[e.release] == nil { releases.append(e.release) }
            perRelease[e.release, default: 0] += 1
        }
        var heldOutReleases = Set<String>()
        var heldCount = 0
        for r in releases {
            guard Double(heldCount) < heldOutFraction * Double(kept.count) else { break }
            heldOutReleases.insert(r)
            heldCount += perRelease[r] ?? 0
        }
        let train = kept.filter { !heldOutReleases.contains($0.release) }
        let trainIssues = Set(train.map(\.issue).filter { !$0.isEmpty })
        let trainTexts = Set(train.map { normalized($0.text) })
        let candidates = kept.filter { heldOutReleases.contains($0.release) }
        let heldOut = candidates.filter { !trainIssues.contains($0.issue) && !trainTexts.contains(normalized($0.text)) }
        return NewsSplit(classes: classes, train: train, heldOut: heldOut,
                         trainLabels: train.map { index[$0.section]! }, heldOutLabels: heldOut.map { index[$0.section]! },
                         heldOutReleases: releases.filter { heldOutReleases.contains($0) },
                         droppedAsLeaks: candidates.count - heldOut.count)
    }

    /// Lowercased, whitespace collapsed: the form under which two texts count as the same.
    public static func normalized(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// At most `count` of each side, a seeded choice keeping the order of the file (for a short run).
    public func limited(train trainCount: Int, heldOut heldCount: Int, seed: UInt64) -> NewsSplit {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int, _ limit: Int) -> [Int] {
            n <= limit ? Array(0..<n) : Array(rng.permutation(n).prefix(limit)).sorted()
        }
        let t = pick(train.count, trainCount), h = pick(heldOut.count, heldCount)
        var copy = self
        copy.train = t.map { train[$0] }
        copy.trainLabels = t.map { trainLabels[$0] }
        copy.heldOut = h.map { heldOut[$0] }
        copy.heldOutLabels = h.map { heldOutLabels[$0] }
        return copy
    }
}
