// `profile`: a data-parallel run of --workers processes with --profile on (every layer's forward
// and backward, the all-reduce, the optimizer update, the wait for data), then one Chrome trace
// with every rank as its own process row (trace.json, opened by ui.perfetto.dev or
// chrome://tracing) and the table of time per op type over all ranks.

import Foundation
import Shared
import Week16TrainingAtScale

enum ProfileCommand {
    static func run(_ invocation: Invocation) throws {
        let json = invocation.flag("json")
        let result = try profile(workers: invocation.int("workers"), steps: invocation.int("steps"), quiet: json)
        if json {
            for row in result.rows {
                print(JSONText.line([("op", .string(row.category)), ("calls", .int(row.calls)), ("seconds", .number(row.seconds)),
                                     ("share", .number(row.share))]))
            }
        } else {
            print(table(result.rows, workers: invocation.int("workers"), steps: invocation.int("steps")))
            print("wrote \(Project.display(result.trace)) (open in ui.perfetto.dev or chrome://tracing)")
        }
    }

    struct Result {
        let rows: [(category: String, calls: Int, seconds: Double, share: Double)]
        let trace: URL
    }

    static func profile(workers: Int, steps: Int, quiet: Bool) throws -> Result {
        let output = try Project.outputDirectory("Week16TrainingAtScale")
        let folder = output.appendingPathComponent("profile")
        try? FileManager.default.removeItem(at: folder)
        try LaunchCommand.launch(workers: workers, port: try LaunchCommand.freePort(),
                                 arguments: ["--profile", "--steps", String(steps), "--out", folder.path] + (quiet ? ["--json"] : []), grace: 35)
        var events: [[String: Any]] = []
        for rank in 0..<workers {
            let url = folder.appendingPathComponent("trace-rank\(rank).json")
            guard let data = FileManager.default.contents(atPath: url.path) else { throw DataFileError.missing(path: url.path) }
            guard let object = try JSONText.parse(data, path: url.path) as? [String: Any],
                  let list = object["traceEvents"] as? [[String: Any]] else { throw DataFileError.missing(path: url.path) }
            events += list
        }
        var totals: [String: (calls: Int, microseconds: Double)] = [:]
        for event in events {
            guard let category = event["cat"] as? String, let duration = event["dur"] as? Double else { continue }
            totals[category, default: (0, 0)].calls += 1
            totals[category]!.microseconds += duration
        }
        let all = totals.values.reduce(0) { $0 + $1.microseconds }
        let rows = totals.map { (category: $0.key, calls: $0.value.calls, seconds: $0.value.microseconds / 1e6,
                                 share: all > 0 ? $0.value.microseconds / all : 0) }.sorted { $0.seconds > $1.seconds }
        let trace = output.appendingPathComponent("trace.json")
        let merged = try JSONSerialization.data(withJSONObject: ["traceEvents": events, "displayTimeUnit": "ms"], options: [.sortedKeys])
        try AtomicFile.write(Array(merged), to: trace)
        return Result(rows: rows, trace: trace)
    }

    static func table(_ rows: [(category: String, calls: Int, seconds: Double, share: Double)], workers: Int, steps: Int) -> String {
        var table = TextTable(["op type", "calls", "total ms", "ms per step per rank", "share"])
        for row in rows {
            table.add([row.category, String(row.calls), String(format: "%.1f", row.seconds * 1e3),
                       String(format: "%.3f", row.seconds * 1e3 / Double(steps * workers)), String(format: "%.1f %%", 100 * row.share)])
        }
        return "time per op type, \(workers) workers × \(steps) steps (all ranks summed)\n" + table.render()
    }
}
