// Everything the outside world provides to a `roadmap` invocation: working directory,
// environment variables, the clock, the terminal and a way to run commands. The executable
// passes the real ones; tests pass a fake course directory, a fixed clock and a fake runner.

import Foundation

public struct RoadmapEnvironment: Sendable {
    public var currentDirectory: URL
    public var variables: [String: String]
    public var runner: any CommandRunner
    public var now: @Sendable () -> Date
    public var output: Console
    public var errors: Console
    /// Reads one line of the user's answer (for `reset`'s question); nil at end of input.
    public var readLine: @Sendable () -> String?

    public init(currentDirectory: URL, variables: [String: String], runner: any CommandRunner,
                now: @escaping @Sendable () -> Date, output: Console, errors: Console,
                readLine: @escaping @Sendable () -> String?) {
        self.currentDirectory = currentDirectory
        self.variables = variables
        self.runner = runner
        self.now = now
        self.output = output
        self.errors = errors
        self.readLine = readLine
    }

    /// The real process environment.
    public static func live() -> RoadmapEnvironment {
        let info = ProcessInfo.processInfo
        let outTerminal = isatty(STDOUT_FILENO) == 1
        let errTerminal = isatty(STDERR_FILENO) == 1
        return RoadmapEnvironment(
            currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            variables: info.environment, runner: ProcessRunner(), now: { Date() },
            output: Console(handle: .standardOutput,
                            colours: TerminalStyle.usesColour(isTerminal: outTerminal, variables: info.environment),
                            symbols: TerminalStyle.usesSymbols(isTerminal: outTerminal, variables: info.environment)),
            errors: Console(handle: .standardError,
                            colours: TerminalStyle.usesColour(isTerminal: errTerminal, variables: info.environment),
                            symbols: TerminalStyle.usesSymbols(isTerminal: errTerminal, variables: info.environment)),
            readLine: { Swift.readLine() })
    }

    /// The swift executable used for `run` and `assess` (ROADMAP_SWIFT overrides, for tests).
    var swift: String { variables["ROADMAP_SWIFT"] ?? "swift" }

    /// The scratch path for week builds: separate from `.build`, so that `swift run roadmap`
    /// (which holds .build's lock) can start `swift test` without waiting for itself.
    var scratchPath: String { variables["ROADMAP_SCRATCH_PATH"] ?? ".build-weeks" }

    var writePause: UInt32 { UInt32(variables["ROADMAP_TEST_WRITE_PAUSE_US"] ?? "") ?? 0 }
}
