// `roadmap check|uncheck N target|study K`, `roadmap start` and `roadmap reset N`: the verbs that
// change Progress.json directly, each one locked read-modify-write through ProgressStore.update.
// With --json each prints the resulting state as one document (shapes in HelpJSON.swift).

import Foundation

extension Session {
    func setItem(checked: Bool) throws -> Int32 {
        let verb = arguments.verb
        guard arguments.positionals.count >= 3 else {
            throw RoadmapError.usage("usage: roadmap \(verb) N target|study K")
        }
        let week = try workspace.implementedWeek(try arguments.weekNumber(at: 0, in: course))
        guard let kind = ItemKind(rawValue: arguments.positionals[1]) else {
            throw RoadmapError.usage("'\(arguments.positionals[1])' is neither 'target' nor 'study'")
        }
        let key = arguments.positionals[2...].joined(separator: " ")
        let item = try Self.resolve(key, kind: kind, in: week)
        let now = environment.now()
        let (changed, after) = try workspace.store.update { progress -> (Bool, WeekProgress) in
            var weekProgress = progress[week: week.number]
            let was = weekProgress.isChecked(kind, item)
            if was != checked { weekProgress.set(kind, item, checkedAt: checked ? now : nil) }
            progress[week: week.number] = weekProgress
            return (was != checked, weekProgress)
        }
        if wantsJSON {
            let total = week.items(kind).count
            try printJSON([
                "week": week.number, "name": week.name, "kind": kind.rawValue, "item": item,
                "text": week.items(kind)[item - 1], "checked": checked, "changed": changed,
                "checkedAt": JSONOutput.timestamp(after.checked(kind)[String(item)]),
                "done": after.checkedCount(kind, of: total), "total": total,
            ])
            return 0
        }
        let box = checked ? "[x]" : "[ ]"
        let note = changed ? "" : " (it already was)"
        out.line("Week \(week.number) \(kind.rawValue) \(item) \(box) \(week.items(kind)[item - 1])\(note)")
        return 0
    }

    /// K is an item number, or a case-insensitive piece of text matching exactly one item.
    static func resolve(_ key: String, kind: ItemKind, in week: Week) throws -> Int {
        let items = week.items(kind)
        if let number = Int(key) {
            guard (1...items.count).contains(number) else {
                throw RoadmapError.badItem(week: week.number, kind: kind.rawValue, key: key,
                                           reason: "there are \(items.count) \(kind.plural), numbered 1–\(items.count)")
            }
            return number
        }
        let needle = key.lowercased()
        let matches = items.indices.filter { items[$0].lowercased().contains(needle) }.map { $0 + 1 }
        guard matches.count == 1 else {
            let reason = matches.isEmpty ? "matches none of the \(kind.plural) (see `roadmap show \(week.number)`)"
                : "matches \(kind.plural) \(matches.map(String.init).joined(separator: ", ")); give the number"
            throw RoadmapError.badItem(week: week.number, kind: kind.rawValue, key: key, reason: reason)
        }
        return matches[0]
    }

    func start() throws -> Int32 {
        try arguments.expectPositionals(atMost: 0)
        let requested = arguments.flags["date"]
        if let requested, DayDate.parse(requested) == nil {
            throw RoadmapError.usage("--date '\(requested)' is not a date YYYY-MM-DD")
        }
        let day = requested ?? DayDate.format(environment.now())
        let previous = try workspace.store.update { progress -> String? in
            let previous = progress.startDate
            if previous == nil || requested != nil { progress.startDate = day }
            return previous
        }
        if wantsJSON {
            let kept = previous != nil && requested == nil
            try printJSON(["startDate": kept ? previous as Any : day, "previous": previous as Any,
                           "changed": !kept && previous != day, "planWeek": try overview().planWeek as Any])
            return 0
        }
        if let previous, requested == nil {
            out.line("You started on \(previous); to change it: roadmap start --date YYYY-MM-DD")
        } else {
            out.line("Start date: \(day). The plan moves one week every 7 days from it.")
        }
        return 0
    }

    func reset() throws -> Int32 {
        if arguments.positionals.count == 2 { return try resetExercise() }   // reset N NAME: practice mode
        try arguments.expectPositionals(atMost: 2)
        let week = try workspace.implementedWeek(try arguments.weekNumber(at: 0, in: course))
        if wantsJSON && !arguments.has("yes") {
            throw RoadmapError.usage("reset N --json does not ask; add --yes")
        }
        if !arguments.has("yes") {
            out.write("Forget all progress of week \(week.number) (\(week.name))? [y/N] ")
            let answer = environment.readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
            guard answer == "y" || answer == "yes" else {
                throw RoadmapError.cancelled("reset cancelled; week \(week.number) is unchanged")
            }
        }
        let forgotten = try workspace.store.update { progress -> WeekProgress in
            defer { progress.weeks[week.number] = nil }
            return progress[week: week.number]
        }
        if wantsJSON {
            try printJSON([
                "week": week.number, "name": week.name, "changed": !forgotten.isEmpty,
                "forgot": [
                    "targets": forgotten.targets.count, "study": forgotten.study.count, "build": forgotten.build != nil,
                    "assess": forgotten.assess?.verdict.rawValue as Any,
                    "exercises": (forgotten.exercises ?? [:]).keys.sorted(),
                ] as [String: Any],
            ])
            return 0
        }
        out.line("Week \(week.number) (\(week.name)) reset.")
        return 0
    }
}
