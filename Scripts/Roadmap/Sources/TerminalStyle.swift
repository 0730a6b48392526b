// Colours and symbols on the terminal: whether to use them, and the few styles `roadmap` paints with.
//
// ANSI colours only when the stream is a terminal, and never when NO_COLOR is set to a non-empty
// value (https://no-color.org) or TERM is "dumb". The Unicode marks follow the same decision: on a
// terminal ✓ ✗ ▶ · and █░ bars; piped, redirected, NO_COLOR or TERM=dumb their ASCII forms
// ok FAIL > . and [#####.....] (Console.plainSymbols), so logs and dumb terminals read plain ASCII
// marks (`grep FAIL`); ROADMAP_SYMBOLS=unicode|ascii overrides this one decision. "?" and "!" are ASCII already. `--json` output is never painted, and its
// values (e.g. "marks") are the same either way; files written by `report` keep the Unicode marks.

public enum TerminalStyle: String, Sendable {
    case green = "32"
    case red = "31"
    case yellow = "33"
    case bold = "1"

    /// Whether a stream gets colours: `isTerminal` is isatty(fd) of that stream, `variables` the
    /// process environment.
    public static func usesColour(isTerminal: Bool, variables: [String: String]) -> Bool {
        guard isTerminal else { return false }
        if let noColour = variables["NO_COLOR"], !noColour.isEmpty { return false }
        return variables["TERM"] != "dumb"
    }

    /// Whether a stream gets the Unicode marks (✓ ✗ ▶ ·, █░ bars) rather than their ASCII forms:
    /// the same decision as colours, unless ROADMAP_SYMBOLS is "unicode" or "ascii" (e.g. to keep
    /// the Unicode marks in `roadmap status | less`).
    public static func usesSymbols(isTerminal: Bool, variables: [String: String]) -> Bool {
        switch variables["ROADMAP_SYMBOLS"] {
        case "unicode": return true
        case "ascii": return false
        default: return usesColour(isTerminal: isTerminal, variables: variables)
        }
    }

    /// `text` wrapped in this style's escape codes.
    public func wrap(_ text: String) -> String {
        "\u{1B}[\(rawValue)m\(text)\u{1B}[0m"
    }
}
