// A terminal progress bar with rate and ETA, written to stderr (so `--json` stdout stays clean).
// On a terminal it redraws one line; otherwise (a log file, CI) it prints a plain line every 10%.
//
//   epoch 3/10 [██████████░░░░░░░░░░]  52% 245/469 1532.4 it/s ETA 0:00:01 loss 0.3121

import Foundation
#if canImport(Glibc)
import Glibc
#endif

public final class ProgressBar {
    let label: String
    let total: Int
    let start = Date()
    let interactive: Bool
    var lastDraw = Date.distantPast
    var lastPlainDecile = -1

    public init(_ label: String, total: Int) {
        self.label = label
        self.total = max(total, 1)
        self.interactive = isatty(STDERR_FILENO) == 1
    }

    /// Reports `done` units finished, with an optional note (e.g. the running loss).
    public func update(_ done: Int, note: String = "") {
        let now = Date()
        if interactive {
            guard done >= total || now.timeIntervalSince(lastDraw) > 0.1 else { return }
            lastDraw = now
            FileHandle.standardError.write(Data(("\r" + line(done, note: note) + "\u{1B}[K").utf8))
        } else {
            let decile = min(10, done * 10 / total)
            guard decile > lastPlainDecile else { return }
            lastPlainDecile = decile
            FileHandle.standardError.write(Data((line(done, note: note) + "\n").utf8))
        }
    }

    /// Draws the final state and ends the line.
    public func finish(note: String = "") {
        lastDraw = .distantPast
        if interactive || lastPlainDecile < 10 || !note.isEmpty {
            lastPlainDecile = min(lastPlainDecile, 9)
            update(total, note: note)
        }
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    func line(_ done: Int, note: String) -> String {
        let elapsed = Date().timeIntervalSince(start)
        let fraction = min(1, Double(done) / Double(total))
        let width = 20
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = rate > 0 ? Double(total - done) / rate : 0
        var text = String(format: "%@ [%@] %3d%% %d/%d %.1f it/s ", label, bar, Int(fraction * 100), done, total, rate)
        text += done >= total ? "in " + ProgressBar.clock(elapsed) : "ETA " + ProgressBar.clock(remaining)
        if !note.isEmpty { text += " " + note }
        return text
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
    }
}
