// The process's peak resident memory, from Linux's /proc/self/status (VmHWM: the high-water mark
// of the resident set, in kB). A peak is a property of the whole process, so a fair comparison
// runs each configuration in a fresh process (`memory` subcommand) and reads this at its end.
//
// What this file does not do: no per-allocation accounting, no other operating systems (nil).

import Foundation

public enum PeakMemory {
    /// (peak, current) resident bytes, or nil where /proc is missing.
    public static func resident() -> (peak: Int, current: Int)? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        func field(_ name: String) -> Int? {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return nil }
            return line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Int($0) }.map { $0 * 1024 }
        }
        guard let peak = field("VmHWM"), let current = field("VmRSS") else { return nil }
        return (peak, current)
    }
}
