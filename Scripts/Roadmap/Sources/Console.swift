// Where `roadmap` writes and reads: the real terminal in the executable, in-memory buffers in
// the tests. Everything the verbs print goes through here. `colours` (TerminalStyle.usesColour for
// the real streams; off for a buffer unless a test asks) decides whether `paint` adds ANSI codes;
// `symbols` (TerminalStyle.usesSymbols; on for a buffer unless a test asks) whether the marks are
// Unicode (✓ ✗ ▶ · and █░ bars) or plain ASCII (ok FAIL > . and [##..] bars) — see TerminalStyle.

import Foundation

public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    private let sink: (@Sendable (String) -> Void)?
    /// Whether `paint` colours text.
    public let colours: Bool
    /// Whether the marks and bars are Unicode (else their ASCII forms).
    public let symbols: Bool

    /// Writes through to a file handle (stdout or stderr).
    public init(handle: FileHandle, colours: Bool, symbols: Bool) {
        sink = { text in handle.write(Data(text.utf8)) }
        self.colours = colours
        self.symbols = symbols
    }

    /// Collects the text; read it back with `text`.
    public init(colours: Bool = false, symbols: Bool = true) {
        sink = nil
        self.colours = colours
        self.symbols = symbols
    }

    /// `text` in `style` when this console uses colours, else `text` unchanged.
    public func paint(_ text: String, _ style: TerminalStyle) -> String {
        colours ? style.wrap(text) : text
    }

    /// Writes `text` as a line, its leading mark (✓ ✗ ? after any indentation) painted, and in
    /// its ASCII form without `symbols`.
    public func marked(_ text: String) {
        let indentation = text.prefix { $0 == " " }
        let rest = text.dropFirst(indentation.count)
        let styles: [Character: TerminalStyle] = ["✓": .green, "✗": .red, "?": .yellow]
        guard let first = rest.first, let style = styles[first], rest.dropFirst().first == " " else {
            line(text)
            return
        }
        line(indentation + paint(symbol(String(first)), style) + rest.dropFirst())
    }

    /// ✓ in green or ✗ in red ("ok" / "FAIL" without `symbols`).
    public func mark(_ ok: Bool) -> String {
        ok ? paint(symbol("✓"), .green) : paint(symbol("✗"), .red)
    }

    /// The ASCII forms of the marks, used when `symbols` is off.
    public static let plainSymbols: [String: String] = ["✓": "ok", "✗": "FAIL", "▶": ">", "·": "."]

    /// `mark` itself with `symbols`, else its ASCII form (other text unchanged).
    public func symbol(_ mark: String) -> String {
        symbols ? mark : (Self.plainSymbols[mark] ?? mark)
    }

    /// A week's marks ("T s B ·"): the "·" of a part not started becomes "." without `symbols`.
    public func weekMarks(_ marks: String) -> String {
        symbols ? marks : marks.replacingOccurrences(of: "·", with: ".")
    }

    /// A progress bar of `width` cells: █ done, ░ to do; "[##..]" without `symbols`.
    public func bar(_ done: Int, of total: Int, width: Int = 20) -> String {
        let unicode = Overview.bar(done, of: total, width: width)
        guard !symbols else { return unicode }
        let plain = unicode.replacingOccurrences(of: "█", with: "#").replacingOccurrences(of: "░", with: ".")
        return "[" + plain + "]"
    }

    public func write(_ text: String) {
        if let sink { sink(text); return }
        lock.lock()
        buffer += text
        lock.unlock()
    }

    public func line(_ text: String = "") {
        write(text + "\n")
    }

    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return buffer
    }
}
