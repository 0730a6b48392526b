// Where `roadmap` writes and reads: the real terminal in the executable, in-memory buffers in
// the tests. Everything the verbs print goes through here. `colours` (TerminalStyle.usesColour for
// the real streams; off for a buffer unless a test asks) decides whether `paint` adds ANSI codes.

import Foundation

public final class Console: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    private let sink: (@Sendable (String) -> Void)?
    /// Whether `paint` colours text.
    public let colours: Bool

    /// Writes through to a file handle (stdout or stderr).
    public init(handle: FileHandle, colours: Bool) {
        sink = { text in handle.write(Data(text.utf8)) }
        self.colours = colours
    }

    /// Collects the text; read it back with `text`.
    public init(colours: Bool = false) {
        sink = nil
        self.colours = colours
    }

    /// `text` in `style` when this console uses colours, else `text` unchanged.
    public func paint(_ text: String, _ style: TerminalStyle) -> String {
        colours ? style.wrap(text) : text
    }

    /// Writes `text` as a line, its leading mark (✓ ✗ ? after any indentation) painted.
    public func marked(_ text: String) {
        let indentation = text.prefix { $0 == " " }
        let rest = text.dropFirst(indentation.count)
        let styles: [Character: TerminalStyle] = ["✓": .green, "✗": .red, "?": .yellow]
        guard let first = rest.first, let style = styles[first], rest.dropFirst().first == " " else {
            line(text)
            return
        }
        line(indentation + paint(String(first), style) + rest.dropFirst())
    }

    /// ✓ in green or ✗ in red.
    public func mark(_ ok: Bool) -> String {
        ok ? paint("✓", .green) : paint("✗", .red)
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
