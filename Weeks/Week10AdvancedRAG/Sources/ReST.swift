// Just enough reStructuredText to chunk the Python docs well: section headings, inline markup
// removal, and sentence splitting. This is not a reST parser (no tables, no nested directives):
// it keeps every line of prose and code and strips the markup a reader would not see.
//
// A heading is a title line followed by an underline — one punctuation character repeated, at
// least as long as the title — optionally with an overline of the same character:
//
//   JSON encoder            =============
//   ============            Library index      (overline + title + underline)
//                           =============
//
// Section levels follow docutils: the first style (character, with/without overline) met in a
// file is level 1, the next new style level 2, and so on.

import Foundation

public struct ReSTHeading: Equatable, Sendable {
    public var title: String
    public var level: Int
    /// 0-based index of the title line.
    public var line: Int
    /// How many lines the heading occupies (2, or 3 with an overline).
    public var span: Int
}

public enum ReST {
    static let adornment: Set<Character> = ["=", "-", "`", ":", "'", "\"", "~", "^", "_", "*", "+", "#", "<", ">", "."]

    /// The repeated adornment character of `line`, if it is an under/overline (≥ 3 characters).
    static func adornmentCharacter(_ line: Substring) -> Character? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 3, let first = trimmed.first, adornment.contains(first),
              trimmed.allSatisfy({ $0 == first }), line.first == first else { return nil }
        return first
    }

    /// The headings of a document, in order, with docutils-style levels.
    public static func headings(_ lines: [Substring]) -> [ReSTHeading] {
        var styles: [String] = []
        var found: [ReSTHeading] = []
        var i = 0
        while i + 1 < lines.count {
            let title = lines[i].trimmingCharacters(in: .whitespaces)
            let titleOK = !title.isEmpty && adornmentCharacter(lines[i]) == nil
            if titleOK, let under = adornmentCharacter(lines[i + 1]),
               lines[i + 1].trimmingCharacters(in: .whitespaces).count >= title.count,
               lines[i].first.map({ !$0.isWhitespace }) ?? false || (i > 0 && adornmentCharacter(lines[i - 1]) == under) {
                let over = i > 0 && adornmentCharacter(lines[i - 1]) == under
                let style = "\(under)\(over ? "o" : "")"
                if !styles.contains(style) { styles.append(style) }
                let level = styles.firstIndex(of: style)! + 1
                found.append(ReSTHeading(title: cleanInline(title).replacingOccurrences(of: " --- ", with: " — "), level: level, line: over ? i - 1 : i, span: over ? 3 : 2))
                i += 2
                continue
            }
            i += 1
        }
        return found
    }

    /// Removes inline markup: roles (:func:`json.dumps` → json.dumps, :ref:`text <label>` → text),
    /// ``literals``, *emphasis*, **strong**, `links <url>`_ and substitution bars.
    public static func cleanInline<S: StringProtocol>(_ text: S) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        let n = scalars.count
        func isRoleChar(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == ":" || c == "-" || c == "_"
        }
        while i < n {
            let c = scalars[i]
            // :role:`…` — drop the role name when it is followed by a backtick.
            if c == ":" && (i == 0 || !isRoleChar(scalars[i - 1])) {
                var j = i + 1
                while j < n && isRoleChar(scalars[j]) && scalars[j] != ":" { j += 1 }
                // allow domain roles like :py:func:
                while j < n && scalars[j] == ":" && j + 1 < n && scalars[j + 1] != "`" {
                    j += 1
                    while j < n && isRoleChar(scalars[j]) && scalars[j] != ":" { j += 1 }
                }
                if j > i + 1 && j + 1 < n && scalars[j] == ":" && scalars[j + 1] == "`" {
                    let role = String(String.UnicodeScalarView(scalars[(i + 1)..<j])).lowercased()
                    if role == "pep" || role == "rfc" { out.append(contentsOf: (role.uppercased() + " ").unicodeScalars) }
                    i = j + 1
                    continue
                }
            }
            if c == "`" {
                let double = i + 1 < n && scalars[i + 1] == "`"
                let open = double ? 2 : 1
                var j = i + open
                while j < n && scalars[j] != "`" { j += 1 }
                if j < n {
                    var inner = String(String.UnicodeScalarView(scalars[(i + open)..<j]))
                    var end = j + open
                    if !double {
                        // `text <target>`  → text;  ~json.dumps → dumps shown as json.dumps (keep full)
                        if inner.hasSuffix(">"), let lt = inner.lastIndex(of: "<") {
                            let label = inner[..<lt].trimmingCharacters(in: .whitespaces)
                            inner = label.isEmpty ? String(inner[inner.index(after: lt)..<inner.index(before: inner.endIndex)]) : label
                        }
                        while inner.hasPrefix("~") || inner.hasPrefix("!") { inner.removeFirst() }
                        while end < n && scalars[end] == "_" { end += 1 }
                    }
                    out.append(contentsOf: inner.unicodeScalars)
                    i = end
                    continue
                }
            }
            if c == "*" && (i == 0 || " (\"'/-".unicodeScalars.contains(scalars[i - 1])) {
                // *emphasis* / **strong**: drop the stars only when a matching closing run follows.
                let stars = i + 1 < n && scalars[i + 1] == "*" ? 2 : 1
                if i + stars < n && scalars[i + stars] != " " && scalars[i + stars] != "*" {
                    var j = i + stars
                    var close = -1
                    while j + stars <= n {
                        if scalars[j] == "*" && scalars[j - 1] != " " && (stars == 1 || (j + 1 < n && scalars[j + 1] == "*")) {
                            let after = j + stars
                            if after == n || !(scalars[after].properties.isAlphabetic || scalars[after] == "*") {
                                close = j
                            }
                            break
                        }
                        j += 1
                    }
                    if close > 0 {
                        out.append(contentsOf: scalars[(i + stars)..<close])
                        i = close + stars
                        continue
                    }
                }
            }
            if c == "|" && i + 1 < n && scalars[i + 1] != " " && (i == 0 || scalars[i - 1] == " ") {
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        return String(out)
    }

    static let droppedDirectives: Set<String> = ["index", "sectionauthor", "moduleauthor", "highlight", "toctree", "include",
                                                 "testsetup", "testcleanup", "currentmodule", "raw", "only", "tabularcolumns",
                                                 "literalinclude", "image", "figure", "productionlist", "impl-detail"]

    /// Whether the indented block under this `..` line is markup, not text: comments, labels,
    /// and directives such as index and toctree. (Notes, warnings and signatures keep their bodies.)
    public static func dropsBody(_ trimmed: String) -> Bool {
        let rest = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
        guard let colons = rest.range(of: "::") else { return true }
        return droppedDirectives.contains(String(rest[..<colons.lowerBound]))
    }

    /// A line of reST with its directive rewritten as text (inline markup is removed later, per
    /// paragraph, because roles wrap across lines), or nil for a line that carries only markup.
    ///
    ///   .. function:: dumps(obj, *, skipkeys=False)  → dumps(obj, *, skipkeys=False)
    ///   .. versionadded:: 3.9                       → New in version 3.9.
    ///   .. note::                                   → Note:
    ///   .. index:: single: …  /  .. _label:          → nil
    public static func cleanLine(_ line: Substring) -> String? {
        var trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("..") {
            let rest = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
            if rest.isEmpty || rest.hasPrefix("_") || rest.hasPrefix("|") { return nil }
            guard let colons = rest.range(of: "::") else { return nil }  // a comment
            let directive = String(rest[..<colons.lowerBound])
            let argument = rest[colons.upperBound...].trimmingCharacters(in: .whitespaces)
            switch directive {
            case _ where droppedDirectives.contains(directive): return nil
            case "code-block", "sourcecode", "code", "doctest", "testcode", "testoutput": return nil
            case "versionadded": return "New in version \(argument)."
            case "versionchanged": return "Changed in version \(argument):"
            case "deprecated": return "Deprecated since version \(argument):"
            case "note": return "Note:" + (argument.isEmpty ? "" : " " + argument)
            case "warning": return "Warning:" + (argument.isEmpty ? "" : " " + argument)
            case "seealso": return "See also:" + (argument.isEmpty ? "" : " " + argument)
            default: return argument.isEmpty ? nil : argument
            }
        }
        // Field lists and directive options: ":synopsis: Encode …" → "Encode …"; ":noindex:" → nil.
        if trimmed.hasPrefix(":"), let close = trimmed.dropFirst().firstIndex(of: ":"),
           !trimmed[trimmed.index(after: trimmed.startIndex)..<close].contains(" "),
           trimmed.index(after: close) == trimmed.endIndex || trimmed[trimmed.index(after: close)] == " " {
            trimmed = trimmed[trimmed.index(after: close)...].trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
        }
        if trimmed.hasSuffix("\\") { trimmed = String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces) }
        if trimmed.hasSuffix("::") { trimmed = String(trimmed.dropLast()) }
        return trimmed == ":" ? nil : trimmed
    }

    static let abbreviations: Set<String> = ["e.g.", "i.e.", "etc.", "vs.", "cf.", "Mr.", "Dr.", "e.g.,", "i.e.,", "approx.", "No."]

    /// Sentences of a paragraph: split after . ? ! (or a colon ending a line) when followed by
    /// whitespace and a capital letter, a digit, a quote or the end; abbreviations (e.g., i.e.) don't split.
    public static func sentences(_ text: String) -> [String] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        var result: [String] = []
        var current: [Substring] = []
        for (index, word) in words.enumerated() {
            current.append(word)
            guard let last = word.last, last == "." || last == "?" || last == "!" else { continue }
            if abbreviations.contains(String(word)) { continue }
            let next = index + 1 < words.count ? words[index + 1].first : nil
            if let next, !(next.isUppercase || next.isNumber || next == "\"" || next == "(" || next == ">") { continue }
            if word.count == 2 && word.first!.isUppercase { continue }  // initials: "A. Smith"
            result.append(current.joined(separator: " "))
            current.removeAll()
        }
        if !current.isEmpty { result.append(current.joined(separator: " ")) }
        return result
    }
}
