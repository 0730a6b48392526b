// Parses Roadmap.md. The structure is strict so that the file people read is also the file the
// tool parses, and a slip is reported with its line number:
//
//   ## Q1 · White-box foundations                         a quarter, 1...4 in order
//   ### Week 01 · Week01LinearAlgebra · Linear algebra    a week: number, executable, title
//   #### Targets                                          then exactly these four sections,
//   - [ ] I can …                                         in this order; checklists hold
//   #### Study                                            `- [ ] text` items only
//   - [ ] …
//   #### Build                                            one paragraph starting with the
//   `swift run Week01LinearAlgebra` — what it shows        command in backticks, a dash, the text
//   #### Assess
//   `swift run roadmap assess 1` — what the tests prove
//
// Everything before the first quarter heading is free text, fenced code blocks are skipped,
// `>` quotes and blank lines are allowed anywhere. Weeks are numbered 1, 2, 3, … without gaps.

import Foundation

public enum RoadmapParser {
    static let sectionOrder = ["Targets", "Study", "Build", "Assess"]

    public static func parse(_ text: String) throws -> Course {
        var state = ParseState()
        var inFence = false
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = rawLine.trimmingTrailingWhitespace()
            if line.hasPrefix("```") {
                inFence.toggle()
                continue
            }
            if inFence { continue }
            try state.consume(line, at: lineNumber)
        }
        if inFence {
            throw RoadmapError.roadmapSyntax(line: state.lastLine, message: "unclosed ``` code block")
        }
        try state.finishWeek(at: state.lastLine + 1)
        return Course(quarters: state.quarters, weeks: state.weeks)
    }
}

/// The parser's position: which quarter, week and section the next line belongs to.
private struct ParseState {
    var quarters: [Quarter] = []
    var weeks: [Week] = []
    var current: Week?
    var sections: [String] = []
    var paragraph: [String] = []
    var paragraphLine = 0
    var lastLine = 0

    mutating func consume(_ line: String, at lineNumber: Int) throws {
        lastLine = lineNumber
        if line.hasPrefix("#### ") {
            try startSection(String(line.dropFirst(5)), at: lineNumber)
        } else if line.hasPrefix("### ") {
            try finishWeek(at: lineNumber)
            try startWeek(String(line.dropFirst(4)), at: lineNumber)
        } else if line.hasPrefix("## ") {
            try finishWeek(at: lineNumber)
            try startQuarter(String(line.dropFirst(3)), at: lineNumber)
        } else if line.hasPrefix("#") {
            if !quarters.isEmpty || line.hasPrefix("##") {
                throw syntax(lineNumber, "unexpected heading '\(line)'; expected ## Q<n> · title, "
                    + "### Week NN · Name · title or #### Targets/Study/Build/Assess")
            }
        } else if line.isEmpty || line.hasPrefix(">") || quarters.isEmpty {
            return
        } else {
            try consumeBody(line, at: lineNumber)
        }
    }

    mutating func startQuarter(_ heading: String, at lineNumber: Int) throws {
        let parts = heading.components(separatedBy: " · ")
        let expected = quarters.count + 1
        guard parts.count == 2, parts[0] == "Q\(expected)", !parts[1].isEmpty else {
            throw syntax(lineNumber, "expected the quarter heading '## Q\(expected) · title'")
        }
        quarters.append(Quarter(number: expected, title: parts[1]))
    }

    mutating func startWeek(_ heading: String, at lineNumber: Int) throws {
        guard let quarter = quarters.last else {
            throw syntax(lineNumber, "a week before the first quarter heading '## Q1 · title'")
        }
        let expected = (weeks.last?.number ?? 0) + 1
        let padded = expected < 10 ? "0\(expected)" : "\(expected)"
        let parts = heading.components(separatedBy: " · ")
        guard parts.count == 3, parts[0] == "Week \(padded)" else {
            throw syntax(lineNumber, "expected '### Week \(padded) · Week\(padded)Name · title'")
        }
        let name = parts[1]
        guard name.hasPrefix("Week\(padded)"), name.count > 6,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw syntax(lineNumber, "the executable name '\(name)' must be Week\(padded) followed by letters")
        }
        guard !parts[2].isEmpty else { throw syntax(lineNumber, "week \(expected) has no title") }
        let empty = WeekCommand(command: "", explanation: "")
        current = Week(number: expected, name: name, title: parts[2], quarter: quarter,
                       targets: [], study: [], build: empty, assess: empty, line: lineNumber)
        sections = []
    }

    mutating func startSection(_ title: String, at lineNumber: Int) throws {
        guard current != nil else { throw syntax(lineNumber, "section '\(title)' outside a week") }
        try finishParagraph(at: lineNumber)
        let expected = RoadmapParser.sectionOrder[min(sections.count, 3)]
        guard sections.count < 4, title == expected else {
            throw syntax(lineNumber, sections.count < 4
                ? "expected '#### \(expected)' (sections are Targets, Study, Build, Assess in order)"
                : "a week has only the sections Targets, Study, Build and Assess")
        }
        sections.append(title)
    }

    mutating func consumeBody(_ line: String, at lineNumber: Int) throws {
        guard current != nil, let section = sections.last else {
            throw syntax(lineNumber, "text outside a section; expected '#### Targets' after the week heading")
        }
        switch section {
        case "Targets", "Study":
            guard let item = checklistItem(line) else {
                throw syntax(lineNumber, "\(section) holds only checklist items '- [ ] text'")
            }
            if section == "Targets" { current!.targets.append(item) } else { current!.study.append(item) }
        default:
            if paragraph.isEmpty { paragraphLine = lineNumber }
            paragraph.append(line)
        }
    }

    func checklistItem(_ line: String) -> String? {
        for prefix in ["- [ ] ", "- [x] ", "- [X] "] where line.hasPrefix(prefix) {
            let text = line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        return nil
    }

    /// Build and Assess: "`command` — explanation", possibly over several lines.
    mutating func finishParagraph(at lineNumber: Int) throws {
        guard let section = sections.last, section == "Build" || section == "Assess" else { return }
        let firstLine = paragraph.isEmpty ? lineNumber : paragraphLine
        let text = paragraph.joined(separator: " ")
        paragraph = []
        guard text.hasPrefix("`"), let close = text.dropFirst().firstIndex(of: "`") else {
            throw syntax(firstLine, "\(section) must start with the command in backticks: `command` — what it does")
        }
        let command = String(text[text.index(after: text.startIndex)..<close])
        var rest = text[text.index(after: close)...].trimmingCharacters(in: .whitespaces)
        guard rest.hasPrefix("— ") || rest.hasPrefix("- ") else {
            throw syntax(firstLine, "\(section): after the command write ' — ' and what it \(section == "Build" ? "shows" : "proves")")
        }
        rest = String(rest.drop(while: { $0 != " " }).dropFirst())
        guard let week = current else { return }
        if section == "Build" {
            guard command.hasPrefix("swift run \(week.name)") else {
                throw syntax(firstLine, "Build's command must be `swift run \(week.name)` (optionally with arguments)")
            }
            current!.build = WeekCommand(command: command, explanation: rest)
        } else {
            guard command == "swift run roadmap assess \(week.number)" else {
                throw syntax(firstLine, "Assess's command must be `swift run roadmap assess \(week.number)`")
            }
            current!.assess = WeekCommand(command: command, explanation: rest)
        }
    }

    mutating func finishWeek(at lineNumber: Int) throws {
        guard current != nil else { return }
        try finishParagraph(at: lineNumber)
        let week = current!
        guard sections.count == 4 else {
            let missing = RoadmapParser.sectionOrder[sections.count]
            throw syntax(week.line, "week \(week.number) lacks the section '#### \(missing)'")
        }
        guard !week.targets.isEmpty, !week.study.isEmpty else {
            throw syntax(week.line, "week \(week.number) needs at least one Target and one Study item")
        }
        guard !week.build.command.isEmpty, !week.assess.command.isEmpty else {
            throw syntax(week.line, "week \(week.number) has an empty Build or Assess section")
        }
        weeks.append(week)
        current = nil
    }

    func syntax(_ line: Int, _ message: String) -> RoadmapError {
        .roadmapSyntax(line: line, message: message)
    }
}

extension Substring {
    func trimmingTrailingWhitespace() -> String {
        var end = endIndex
        while end > startIndex, let last = self[..<end].last, last == " " || last == "\t" || last == "\r" {
            end = index(before: end)
        }
        return String(self[..<end])
    }
}
