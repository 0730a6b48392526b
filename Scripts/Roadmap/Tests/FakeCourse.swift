// A tiny course in a temporary directory, like rustlings' integration fixtures: a Roadmap.md of
// three weeks (the third only planned), a Package.swift whose table implements weeks 1 and 2
// (week 2 uses week 1), their folders, and Shared/Sources (whose `shared` both weeks name). Tests drive `roadmap` against it
// in-process (RoadmapCLI.main with a fake runner) or as the built executable.

import Foundation
import XCTest
@testable import RoadmapKit

final class FakeCourse {
    let root: URL

    static let roadmap = """
    # Fake course

    Free text before the first quarter is ignored, even ### this.

    ## Q1 · Basics

    ### Week 01 · Week01Alpha · Alpha things
    #### Targets
    - [ ] I can add vectors
    - [ ] I can multiply matrices
    - [ ] I can invert a matrix
    - [ ] I can factor a matrix
    - [ ] I can explain conditioning
    #### Study
    - [ ] Strang, chapter 1
    - [ ] Strang, chapter 2
    - [ ] Trefethen & Bau, lecture 4
    - [ ] Golub & Van Loan, chapter 1
    - [ ] Eckart–Young theorem
    #### Build
    `swift run Week01Alpha` — prints a table
    of benchmark results.
    #### Assess
    `swift run roadmap assess 1` — the sums are right.

    ### Week 02 · Week02Beta · Beta things
    #### Targets
    - [ ] I can beta
    #### Study
    - [ ] Beta paper
    #### Build
    `swift run Week02Beta demo` — beta demo.
    #### Assess
    `swift run roadmap assess 2` — beta works.

    ## Q2 · Later

    ### Week 03 · Week03Gamma · Gamma things
    #### Targets
    - [ ] I can gamma
    #### Study
    - [ ] Gamma paper
    #### Build
    `swift run Week03Gamma` — gamma demo.
    #### Assess
    `swift run roadmap assess 3` — gamma works.

    """

    static let package = """
    // swift-tools-version: 6.0
    import PackageDescription
    let weeks: [Week] = [
        Week("Week01Alpha"),
        Week("Week02Beta", uses: ["Week01Alpha"]),
        // Week("Week03Gamma"),
    ]

    """

    /// A three-entry stand-in for Datasets/manifest.json (same schema; doctor reads only these fields).
    static let datasetManifest = """
    {"schemaVersion": 1, "datasets": [
      {"folder": "sklearn", "files": ["iris.csv"]},
      {"folder": "minilm", "files": ["model.safetensors", "config.json"]},
      {"folder": "mnist", "files": ["train-images-idx3-ubyte"], "optional": true}
    ]}

    """

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appendingPathComponent("roadmap-fake-\(UUID().uuidString)")
        try write("Roadmap.md", Self.roadmap)
        try write("Package.swift", Self.package)
        try write("Datasets/manifest.json", Self.datasetManifest)
        try write("Shared/Sources/Shared/Shared.swift", "public let shared = 1\n")
        for name in ["Week01Alpha", "Week02Beta"] {
            // Each week names Shared's `shared`, so Shared.swift is part of its fingerprint.
            try write("Weeks/\(name)/Sources/\(name).swift", "public enum \(name) { static let base = shared }\n")
            try write("Weeks/\(name)/App/main.swift", "print(\"\(name)\")\n")
            try write("Weeks/\(name)/Tests/\(name)Tests.swift", "import XCTest\n")
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func write(_ path: String, _ text: String) throws {
        let url = url(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func read(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }

    func progress() throws -> LearnerProgress { try ProgressStore(root: root).load() }

    /// Runs `roadmap` in-process against this course (stdout as a terminal with colours if `colours`;
    /// the ASCII marks of a pipe unless `symbols`).
    func run(_ arguments: [String], runner: any CommandRunner = FakeRunner(), now: Date = FakeCourse.day("2025-01-06"),
             answers: [String] = [], variables: [String: String] = [:], colours: Bool = false,
             symbols: Bool = true) -> Invocation {
        let output = Console(colours: colours, symbols: symbols)
        let errors = Console()
        let pending = Answers(answers)
        let environment = RoadmapEnvironment(
            currentDirectory: root, variables: ["ROADMAP_ROOT": root.path].merging(variables) { $1 },
            runner: runner, now: { now }, output: output, errors: errors, readLine: { pending.next() })
        let status = RoadmapCLI.main(arguments, environment: environment)
        return Invocation(status: status, output: output.text, errors: errors.text)
    }

    static func day(_ text: String) -> Date { DayDate.parse(text)! }
}

struct Invocation {
    var status: Int32
    var output: String
    var errors: String
}

final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var remaining: [String]
    init(_ answers: [String]) { remaining = answers }
    func next() -> String? {
        lock.lock()
        defer { lock.unlock() }
        return remaining.isEmpty ? nil : remaining.removeFirst()
    }
}

/// Records every command and answers with `respond` instead of running anything.
final class FakeRunner: CommandRunner, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [[String]] = []
    let respond: @Sendable ([String]) -> CommandResult

    init(respond: @escaping @Sendable ([String]) -> CommandResult = { _ in CommandResult(status: 0, output: "") }) {
        self.respond = respond
    }

    var commands: [[String]] {
        lock.lock()
        defer { lock.unlock() }
        return recorded
    }

    func run(_ arguments: [String], in directory: URL, mode: OutputMode) throws -> CommandResult {
        lock.lock()
        recorded.append(arguments)
        lock.unlock()
        return respond(arguments)
    }
}

/// What `swift test` prints on Linux, for `executed` tests of which the named ones failed.
func xctestOutput(executed: Int, failing: [(test: String, message: String)]) -> String {
    var lines = ["Building for debugging...", "Test Suite 'Selected tests' started at 2025-01-06 10:00:00.000"]
    for failure in failing {
        lines.append("Test Case '\(failure.test)' started at 2025-01-06 10:00:00.001")
        lines.append("/src/Tests/T.swift:12: error: \(failure.test) : \(failure.message)")
        lines.append("Test Case '\(failure.test)' failed (0.001 seconds)")
    }
    let plural = failing.count == 1 ? "failure" : "failures"
    lines.append("\t Executed \(executed) tests, with \(failing.count) \(plural) (0 unexpected) in 0.010 (0.011) seconds")
    return lines.joined(separator: "\n") + "\n"
}
