// Running other programs (`swift run`, `swift test`, `pkg-config`). A protocol so that the
// tests drive every verb with a fake runner that returns canned output instead of building.

import Foundation

public struct CommandResult: Equatable, Sendable {
    public var status: Int32
    /// Combined stdout and stderr, if captured.
    public var output: String

    public init(status: Int32, output: String) {
        self.status = status
        self.output = output
    }
}

public enum OutputMode: Sendable {
    /// The child writes straight to our terminal (for `run`: interactive, colours, progress bars).
    case inherit
    /// The output is captured; with `echo` it is also copied to our stdout as it arrives.
    case capture(echo: Bool)
}

public protocol CommandRunner: Sendable {
    func run(_ arguments: [String], in directory: URL, mode: OutputMode) throws -> CommandResult
}

/// Runs commands for real, looking the program up on PATH.
public struct ProcessRunner: CommandRunner {
    public init() {}

    public func run(_ arguments: [String], in directory: URL, mode: OutputMode) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        if case .capture = mode {
            process.standardOutput = pipe
            process.standardError = pipe
        }
        do {
            try process.run()
        } catch {
            throw RoadmapError.commandFailed(command: arguments.joined(separator: " "),
                                             message: error.localizedDescription)
        }
        var output = Data()
        if case .capture(let echo) = mode {
            let handle = pipe.fileHandleForReading
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                output.append(chunk)
                if echo { FileHandle.standardOutput.write(chunk) }
            }
        }
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, output: String(decoding: output, as: UTF8.self))
    }
}
