// The `--json` part of the help: which verbs take it and the keys of each document
// (`roadmap help json`, and appended to `roadmap help VERB`). JSONOutput.swift states the rules.

extension Help {
    static let jsonRules = """
    --json prints one JSON document on stdout instead of the text: keys camelCase and sorted,
    timestamps ISO 8601 UTC ("2025-01-06T18:00:00Z"), days YYYY-MM-DD, and an absent value is
    null (the key is always there). The exit status is the same as without it; an error is still
    one line on stderr with nothing on stdout. Never coloured.
    """

    /// The document of each verb that takes --json.
    static let jsonShapes: [String: String] = [
        "status": """
        {startDate, planWeek, currentWeek, partsDone, partsTotal, next {text, command},
         weeks [{number, name, title, quarter, implemented, targets {done, total}, study {done, total},
                 build, assess (none|passed|failed|stale|incomplete), marks, done, label,
                 exercises ({started, verified, total} or null)}]}
        """,
        "next": "{text, command}",
        "check": """
        {week, name, kind (target|study), item, text, checked (true), changed (false if it already was),
         checkedAt, done, total (of that kind, after the change)}
        """,
        "uncheck": "{week, name, kind, item, text, checked (false), changed, checkedAt (null), done, total}",
        "start": "{startDate (the one now recorded), previous (before this call, or null), changed, planWeek}",
        "reset": """
        reset N --yes: {week, name, changed, forgot {targets, study (counts checked), build, assess (verdict
         or null), exercises (names)}}; reset N NAME: {week, exercise, file, line, restored (false if it
         was not being practised), attempt (where your code was saved, or null)}
        """,
        "list": "[week as in status's weeks], filtered",
        "show": """
        {number, name, title, quarter {number, title}, implemented, marks, label, done,
         targets and study [{number, text, checkedAt}], build {command, explanation, lastSuccess, arguments},
         assess {command, explanation, state, at, testsRun, testsFailed, testsSkipped, failures},
         exercises [exercise, as in practice], practice ({started, verified, total} or null)}
        """,
        "assess": """
        {passed, weeks [{number, name, verdict (passed|failed|incomplete), at, testsRun, testsFailed,
         testsSkipped, failures}]}; the test output is not echoed
        """,
        "doctor": """
        {ok, problems, checks [{topic, ok, problem, detail}],
         datasets [{folder, optional, present, lacking, entries}]}
        """,
        "report": "{markdown, html (the paths written), date, summary, weeksDone, weeksTotal, partsDone, partsTotal}",
        "practice": """
        practice N only (not with NAME): {week, name, exercises [{name, goal, file, line, tests,
         state (notStarted|blanked|inProgress), hintsTotal, hintsShown, startedAt, verifiedAt,
         lastVerify ({passed, at, message} or null)}]}
        """,
        "hint": "{week, exercise, total, shown, hints (those revealed so far), new (revealed by this call, or null)}",
        "verify": """
        {week, name, passed, exercises [{exercise, passed, testsRun, reason, messages, recorded, command}]};
         the test output is not echoed
        """,
        "solution": "{week, exercise, file, line, lines (the reference region, header to end marker)}",
        "prove": """
        {passed, proved, total, seconds, weeks, problems, exercises [{week, exercise, proved, verdict}],
         log (the text it would have printed, one line each)}
        """,
    ]

    /// `roadmap help json`.
    static var json: String {
        let verbs = jsonShapes.keys.sorted()
        return jsonRules + "\n\n" + verbs.map { "\($0) --json\n  " + jsonShapes[$0]!.replacingOccurrences(of: "\n", with: "\n  ") }
            .joined(separator: "\n")
    }

    /// One command's help, with its --json document if it has one.
    public static func text(for topic: String) -> String? {
        if topic == "json" { return json }
        guard let text = verbs[topic] else { return nil }
        return jsonShapes[topic].map { text + "\n--json: " + $0 } ?? text
    }
}
