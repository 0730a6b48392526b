// `roadmap report`: a progress report in Markdown and HTML under Output/roadmap/, the HTML with an
// inline SVG chart of the year (a bar per week, one segment per completed part T S B A).
// Both files are written atomically.

import Foundation

extension Session {
    func report() throws -> Int32 {
        try arguments.expectPositionals(atMost: 0)
        let overview = try overview()
        let folder = workspace.root.appendingPathComponent("Output/roadmap")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RoadmapError.io(path: folder.path, message: "cannot create: \(error.localizedDescription)")
        }
        let markdown = folder.appendingPathComponent("report.md")
        let html = folder.appendingPathComponent("report.html")
        let date = DayDate.format(environment.now())
        try AtomicFile.write(Data(ProgressReport.markdown(overview, date: date).utf8), to: markdown)
        try AtomicFile.write(Data(ProgressReport.html(overview, date: date).utf8), to: html)
        if wantsJSON {
            // {markdown, html (the paths written), date, summary, weeksDone, weeksTotal, partsDone, partsTotal}
            try printJSON([
                "markdown": markdown.path, "html": html.path, "date": date, "summary": ProgressReport.summary(overview),
                "weeksDone": overview.weeks.filter(\.isDone).count, "weeksTotal": overview.weeks.count,
                "partsDone": overview.partsDone, "partsTotal": overview.weeks.count * 4,
            ])
            return 0
        }
        out.line(markdown.path)
        out.line(html.path)
        return 0
    }
}

enum ProgressReport {
    static func summary(_ overview: Overview) -> String {
        let done = overview.weeks.filter(\.isDone).count
        var text = "\(done) of \(overview.weeks.count) weeks done, \(overview.partsDone) of \(overview.weeks.count * 4) parts."
        if let pace = overview.pace { text += " Started \(overview.startDate ?? ""); \(pace)." }
        return text
    }

    static func markdown(_ overview: Overview, date: String) -> String {
        var lines = ["# Roadmap progress (\(date))", "", summary(overview), "",
                     "| week | executable | title | T | S | B | A | state |", "|---|---|---|---|---|---|---|---|"]
        for status in overview.weeks {
            let targets = "\(status.targetsDone)/\(status.week.targets.count)"
            let study = "\(status.studyDone)/\(status.week.study.count)"
            lines.append("| \(status.week.number) | \(status.week.name) | \(status.week.title) | \(targets) | \(study) | "
                + "\(status.built ? "✓" : "") | \(status.assess == .none ? "" : status.assess.rawValue) | \(status.label)"
                + (status.exercises.map { " · \($0.summary)" } ?? "") + " |")
        }
        lines += ["", "Next: \(overview.next.text)" + (overview.next.command.map { " — `\($0)`" } ?? ""), ""]
        return lines.joined(separator: "\n")
    }

    static let partColours = ["#4e79a7", "#59a14f", "#f28e2b", "#b07aa1"]   // T S B A

    /// An SVG bar chart: x = week, stacked segments for the completed parts.
    static func chart(_ overview: Overview) -> String {
        let barWidth = 14
        let segment = 20
        let height = segment * 4 + 30
        let width = overview.weeks.count * barWidth + 20
        var svg = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
                   + "role=\"img\" aria-label=\"progress per week\">"]
        for (index, status) in overview.weeks.enumerated() {
            let x = 10 + index * barWidth
            let parts = [status.targetsComplete, status.studyComplete, status.built, status.assess == .passed]
            svg.append("<rect x=\"\(x)\" y=\"10\" width=\"\(barWidth - 2)\" height=\"\(segment * 4)\" fill=\"#eee\">"
                + "<title>Week \(status.week.number) \(status.week.name): \(status.marks) \(status.label)</title></rect>")
            for (part, complete) in parts.enumerated() where complete {
                let y = 10 + (3 - part) * segment
                svg.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(barWidth - 2)\" height=\"\(segment - 1)\" "
                    + "fill=\"\(partColours[part])\"/>")
            }
            if status.week.number % 13 == 1 {
                svg.append("<text x=\"\(x)\" y=\"\(height - 4)\" font-size=\"10\">\(status.week.number)</text>")
            }
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    static func html(_ overview: Overview, date: String) -> String {
        var rows: [String] = []
        for status in overview.weeks {
            rows.append("<tr><td>\(status.week.number)</td><td><code>\(escape(status.week.name))</code></td>"
                + "<td>\(escape(status.week.title))</td><td>\(status.marks)</td><td>\(status.label)"
                + (status.exercises.map { " · \($0.summary)" } ?? "") + "</td></tr>")
        }
        let legend = zip(["Targets", "Study", "Build", "Assess"], partColours)
            .map { "<span style=\"color:\($1)\">■</span> \($0)" }.joined(separator: " &nbsp; ")
        return """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>Roadmap progress</title>
        <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}td{padding:0 .6em}</style></head>
        <body><h1>Roadmap progress (\(date))</h1>
        <p>\(escape(summary(overview)))</p>
        \(chart(overview))
        <p>\(legend)</p>
        <p>Next: \(escape(overview.next.text))</p>
        <table><tr><th>week</th><th>executable</th><th>title</th><th>marks</th><th>state</th></tr>
        \(rows.joined(separator: "\n"))
        </table></body></html>

        """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
