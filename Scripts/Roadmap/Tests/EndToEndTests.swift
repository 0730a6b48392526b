// The built `roadmap` executable, run as a learner would, against the fake course: exit codes
// and stderr, a kill at random moments during writes (the file must always parse), parallel
// updates (none lost), and `assess` through a stand-in `swift` that prints XCTest output.

import Foundation
import XCTest
@testable import RoadmapKit

final class EndToEndTests: XCTestCase {
    /// `swift test` builds every product; the executable sits beside the test bundle.
    static func executable() throws -> URL {
        let places = [Bundle.main.bundleURL, Bundle(for: EndToEndTests.self).bundleURL.deletingLastPathComponent(),
                      Bundle.main.bundleURL.deletingLastPathComponent()]
        for place in places {
            let candidate = place.appendingPathComponent("roadmap")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw XCTSkip("the roadmap executable was not found beside the tests in \(places.map(\.path))")
    }

    /// Starts the executable; call waitUntilExit() on the result.
    static func start(_ arguments: [String], course: FakeCourse, variables: [String: String] = [:],
                      output: Pipe? = nil, errors: Pipe? = nil) throws -> Process {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = course.root
        var environment = ProcessInfo.processInfo.environment
        environment["ROADMAP_ROOT"] = course.root.path
        // Stdout is a pipe, which prints the ASCII marks; these tests read the Unicode ones
        // (testPipedOutputPrintsASCIIMarks clears this to see the pipe's own choice).
        environment["ROADMAP_SYMBOLS"] = "unicode"
        environment.merge(variables) { $1 }
        process.environment = environment
        process.standardOutput = output ?? FileHandle.nullDevice
        process.standardError = errors ?? FileHandle.nullDevice
        try process.run()
        return process
    }

    static func run(_ arguments: [String], course: FakeCourse, variables: [String: String] = [:]) throws -> Invocation {
        let output = Pipe()
        let errors = Pipe()
        let process = try start(arguments, course: course, variables: variables, output: output, errors: errors)
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Invocation(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                          errors: String(decoding: err, as: UTF8.self))
    }

    func testTheExecutableEndToEnd() throws {
        let course = try FakeCourse()
        let checked = try Self.run(["check", "1", "target", "2"], course: course)
        XCTAssertEqual(checked.status, 0, checked.errors)
        XCTAssertTrue(try course.progress()[week: 1].isChecked(.target, 2))
        let status = try Self.run([], course: course)
        XCTAssertEqual(status.status, 0)
        XCTAssertTrue(status.output.contains("▶ 01 Week01Alpha                t · · ·"), status.output)
        let bad = try Self.run(["frobnicate"], course: course)
        XCTAssertEqual(bad.status, 2)
        XCTAssertEqual(bad.output, "")
        XCTAssertTrue(bad.errors.hasPrefix("roadmap: error: unknown command 'frobnicate'"))
        XCTAssertEqual(try Self.run(["show", "7"], course: course).status, 1)
        XCTAssertEqual(try Self.run(["--help"], course: course).status, 0)
    }

    func testPipedOutputPrintsASCIIMarks() throws {
        let course = try FakeCourse()
        let piped = try Self.run(["status"], course: course, variables: ["ROADMAP_SYMBOLS": ""])
        XCTAssertEqual(piped.status, 0, piped.errors)
        XCTAssertTrue(piped.output.contains("> 01 Week01Alpha                . . . .  [....]"), piped.output)
        XCTAssertFalse(piped.output.contains { "✓✗▶█░".contains($0) }, piped.output)
        let dumb = try Self.run(["status"], course: course, variables: ["ROADMAP_SYMBOLS": "", "TERM": "dumb"])
        XCTAssertTrue(dumb.output.contains("Roadmap  [..............................]  0/12 parts"), dumb.output)
    }

    func testAssessThroughAStandInSwift() throws {
        let course = try FakeCourse()
        // A `swift` that prints what `swift test` prints for one failing test out of three.
        let script = course.url("fake-swift.sh")
        try course.write("fake-swift.sh", """
        #!/bin/sh
        echo "Test Case 'AlphaTests.testSum' started at 2025-01-06 10:00:00.000"
        echo "/src/AlphaTests.swift:4: error: AlphaTests.testSum : XCTAssertEqual failed: (\\"1\\") is not equal to (\\"2\\")"
        echo "Test Case 'AlphaTests.testSum' failed (0.001 seconds)"
        echo "Executed 3 tests, with 1 failure (0 unexpected) in 0.003 (0.003) seconds"
        exit 1

        """)
        chmod(script.path, 0o755)
        let result = try Self.run(["assess", "1"], course: course, variables: ["ROADMAP_SWIFT": script.path])
        XCTAssertEqual(result.status, 1, result.errors)
        XCTAssertTrue(result.output.contains("✗ AlphaTests.testSum: XCTAssertEqual failed: (\"1\") is not equal to (\"2\")"),
                      result.output)
        let record = try XCTUnwrap(try course.progress()[week: 1].assess)
        XCTAssertEqual([record.testsRun, record.testsFailed], [3, 1])
        XCTAssertEqual(record.verdict, .failed)
    }

    /// Ten processes at once, each checking a different item, with writes slowed down so that
    /// they overlap: without the lock most updates would be lost.
    func testParallelUpdatesLoseNothing() throws {
        let course = try FakeCourse()
        let slow = ["ROADMAP_TEST_WRITE_PAUSE_US": "20000"]
        var processes: [Process] = []
        for kind in ["target", "study"] {
            for item in 1...5 {
                processes.append(try Self.start(["check", "1", kind, "\(item)"], course: course, variables: slow))
            }
        }
        for process in processes {
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
        }
        let week = try course.progress()[week: 1]
        XCTAssertEqual(week.targets.keys.sorted(), ["1", "2", "3", "4", "5"])
        XCTAssertEqual(week.study.keys.sorted(), ["1", "2", "3", "4", "5"])
    }

    /// SIGKILL at random moments while the file is being written (the write pauses half-way to
    /// make that likely): afterwards Progress.json is always the old or the new state.
    func testAKillDuringAWriteNeverLeavesABrokenFile() throws {
        let course = try FakeCourse()
        XCTAssertEqual(course.run(["check", "1", "study", "1"]).status, 0)
        var generator = SystemRandomNumberGenerator()
        var killedMidWrite = 0
        for round in 0..<12 {
            let verb = round.isMultiple(of: 2) ? "check" : "uncheck"
            let process = try Self.start([verb, "1", "target", "1"], course: course,
                                         variables: ["ROADMAP_TEST_WRITE_PAUSE_US": "40000"])
            usleep(UInt32.random(in: 0...60_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killedMidWrite += 1 }
            let data = try course.read("Progress.json")
            let progress = try ProgressCodec.decode(data, path: "Progress.json").progress
            XCTAssertTrue(progress[week: 1].isChecked(.study, 1), "round \(round): the earlier state survives")
        }
        XCTAssertGreaterThan(killedMidWrite, 0, "some kills must have landed while the process ran")
        // Leftover temporary files are harmless and never read; the next write goes through.
        XCTAssertEqual(try Self.run(["check", "1", "target", "3"], course: course).status, 0)
        XCTAssertTrue(try course.progress()[week: 1].isChecked(.target, 3))
    }
}
