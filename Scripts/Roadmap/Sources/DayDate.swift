// Calendar days ("YYYY-MM-DD") and timestamps in UTC, so that pace and the file do not depend on
// the machine's time zone settings. ISO 8601 only; no locale-dependent formatting.

import Foundation

public enum DayDate {
    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// The start of the given day in UTC, or nil if `text` is not a real YYYY-MM-DD date.
    public static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: date) == components else { return nil }
        return date
    }

    public static func format(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let month = parts.month! < 10 ? "0\(parts.month!)" : "\(parts.month!)"
        let day = parts.day! < 10 ? "0\(parts.day!)" : "\(parts.day!)"
        return "\(parts.year!)-\(month)-\(day)"
    }

    /// Whole days from `start` to `end` (negative if `end` is earlier).
    public static func days(from start: Date, to end: Date) -> Int {
        let startDay = calendar.startOfDay(for: start)
        let endDay = calendar.startOfDay(for: end)
        return calendar.dateComponents([.day], from: startDay, to: endDay).day ?? 0
    }

    public static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
