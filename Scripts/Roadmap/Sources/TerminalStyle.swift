// Colours on the terminal: whether to use them, and the few styles `roadmap` paints with.
//
// ANSI colours only when the stream is a terminal, and never when NO_COLOR is set to a non-empty
// value (https://no-color.org) or TERM is "dumb". The symbols (✓ ✗ ? ! ▶) and bars are plain UTF-8
// text and are printed either way, so piped output and `grep '✗'` read the same as the terminal;
// only the escape codes around them depend on this decision. `--json` output is never painted.

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

    /// `text` wrapped in this style's escape codes.
    public func wrap(_ text: String) -> String {
        "\u{1B}[\(rawValue)m\(text)\u{1B}[0m"
    }
}
