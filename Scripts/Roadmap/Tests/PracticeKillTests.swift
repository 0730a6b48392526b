// SIGKILL at random moments of `roadmap practice` and `roadmap reset N NAME` (the built executable,
// its writes paused half-way to widen the window): after every kill the source file is whole (only
// the exercise's region differs from the original, and it is the reference, the blank or the
// learner's code), the reference is in the source or in the store, and the learner's latest code is
// in the source or in the attempt file. A final reset gives back the original file byte for byte.

import Foundation
import XCTest
@testable import RoadmapKit

final class PracticeKillTests: XCTestCase {
    func testKillsDuringPracticeAndResetNeverLoseTheReferenceOrTheLearnersCode() throws {
        let course = try FakeCourse.withExercises()
        let source = "Weeks/Week01Alpha/Sources/Statistics.swift"
        func read() throws -> String { String(decoding: try course.read(source), as: UTF8.self) }
        func mean(_ text: String) throws -> Exercise {
            try XCTUnwrap(try ExerciseParser.parse(text, file: source, strict: false).first { $0.name == "mean" })
        }
        let original = try read()
        let reference = try mean(original)
        let blank = reference.blankedLines(week: 1)
        let store = ExerciseStore(root: course.root)
        var learner: [String]?
        var generator = SystemRandomNumberGenerator()
        var killed = 0
        for round in 0..<60 {
            var region = try mean(try read())
            if region.lines == blank && round % 3 == 1 {
                // The learner writes an answer into the blank.
                let code = [blank[0], blank[1], "        return Double(\(round)) // the learner's round \(round)", blank[3]]
                try course.write(source, ExerciseText.replacing(region, in: try read(), with: code))
                learner = code
                region = try mean(try read())
            }
            let verb = region.lines == reference.lines ? "practice" : "reset"
            let process = try EndToEndTests.start([verb, "1", "mean"], course: course,
                                                  variables: ["ROADMAP_TEST_WRITE_PAUSE_US": "15000"])
            usleep(UInt32.random(in: 0...90_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killed += 1 }

            let text = try read()
            let now = try mean(text)
            XCTAssertEqual(ExerciseText.replacing(now, in: text, with: reference.lines), original,
                           "round \(round) (\(verb)): only the region may differ from the original")
            XCTAssertTrue([reference.lines, blank, learner].contains(now.lines), "round \(round): the region is whole: \(now.lines)")
            XCTAssertTrue(now.lines == reference.lines || store.reference(week: "Week01Alpha", name: "mean") == reference.lines,
                          "round \(round) (\(verb)): the reference is in the source or in the store")
            if let learner {
                XCTAssertTrue(now.lines == learner || store.attempt(week: "Week01Alpha", name: "mean") == learner,
                              "round \(round) (\(verb)): the learner's code is in the source or in the attempt file")
            }
            if let data = try? course.read("Progress.json") {
                XCTAssertNoThrow(try ProgressCodec.decode(data, path: "Progress.json"), "round \(round): Progress.json parses")
            }
        }
        XCTAssertGreaterThan(killed, 5, "kills must land while the process runs")
        // Whatever state the kills left, a reset (run to the end) recovers the original file.
        if try mean(try read()).lines != reference.lines {
            XCTAssertEqual(try EndToEndTests.run(["reset", "1", "mean"], course: course).status, 0)
        }
        XCTAssertEqual(try read(), original)
        if let learner { XCTAssertEqual(store.attempt(week: "Week01Alpha", name: "mean"), learner) }
    }
}
