// The exercise markers (Scripts/Roadmap/Exercises.md): a well-formed region parses into its parts,
// every malformed case is one "file:line: …" error, and blanking then restoring gives back the text.

import Foundation
import XCTest
@testable import RoadmapKit

final class ExerciseParserTests: XCTestCase {
    static let adam = """
    public struct Adam {
        public mutating func step(gradients: [Double]) -> Double {
            // exercise adam-step: Apply one Adam update, with bias correction, to every parameter.
            // hint: Keep two running averages per parameter.
            // hint: Early steps are biased toward zero.
            // hint: The update is lr · m̂ / (√v̂ + ε).
            // tests: AdamTests/testStepMatchesTorch, AdamTests/testBiasCorrection
            let m = gradients.reduce(0, +)
            return m
            // end exercise adam-step
        }

        // exercise the mechanism: prose that merely starts like a header is not one
        var lr: Double {
            // exercise learning-rate: Return the learning rate.
            // hint: It is stored.
            // tests: AdamTests
            0.1
            // end exercise learning-rate
        }
    }

    """

    func testAWellFormedRegionParsesIntoItsParts() throws {
        let exercises = try ExerciseParser.parse(Self.adam, file: "W/Adam.swift")
        XCTAssertEqual(exercises.map(\.name), ["adam-step", "learning-rate"])
        let step = exercises[0]
        XCTAssertEqual(step.goal, "Apply one Adam update, with bias correction, to every parameter.")
        XCTAssertEqual(step.hints.count, 3)
        XCTAssertEqual(step.hints[2], "The update is lr · m̂ / (√v̂ + ε).")
        XCTAssertEqual(step.tests, ["AdamTests/testStepMatchesTorch", "AdamTests/testBiasCorrection"])
        XCTAssertEqual([step.headerLine, step.endLine], [3, 10])
        XCTAssertEqual(step.indentation, "        ")
        XCTAssertEqual(step.body, ["        let m = gradients.reduce(0, +)", "        return m"])
        XCTAssertEqual(step.location, "W/Adam.swift:3")
        XCTAssertEqual(exercises[1].tests, ["AdamTests"])
        XCTAssertEqual(exercises[1].headerLine, 15)
    }

    func testTheBlankIsExactlyTheSpecsAndRestoringRoundTrips() throws {
        let exercises = try ExerciseParser.parse(Self.adam, file: "W/Adam.swift")
        let blanked = ExerciseText.blanking(exercises, in: Self.adam, week: 4)
        let expected = [
            "        // exercise adam-step: Apply one Adam update, with bias correction, to every parameter.",
            "        // tests: AdamTests/testStepMatchesTorch, AdamTests/testBiasCorrection",
            "        fatalError(\"exercise adam-step: not written yet — `swift run roadmap hint 4 adam-step` gives a nudge\")",
            "        // end exercise adam-step",
            "    }",
        ]
        XCTAssertTrue(blanked.contains(expected.joined(separator: "\n")), blanked)
        XCTAssertFalse(blanked.contains("hint:"))
        XCTAssertFalse(blanked.contains("reduce"))
        XCTAssertTrue(blanked.contains("// exercise the mechanism: prose"), "text outside regions is kept")
        XCTAssertTrue(blanked.hasSuffix("}\n"))

        // The blanked copy parses (leniently: it has no hints) and says it is blanked.
        let reparsed = try ExerciseParser.parse(blanked, file: "W/Adam.swift", strict: false)
        XCTAssertEqual(reparsed.map { $0.isBlanked(week: 4) }, [true, true])
        XCTAssertFalse(exercises[0].isBlanked(week: 4))
        XCTAssertThrowsError(try ExerciseParser.parse(blanked, file: "W/Adam.swift"), "strict wants hints")

        // Putting the references back (last region first, so line numbers hold) gives the text back.
        var restored = blanked
        for (blank, reference) in zip(reparsed, exercises).reversed() {
            restored = ExerciseText.replacing(blank, in: restored, with: reference.lines)
        }
        XCTAssertEqual(restored, Self.adam)
    }

    func testEachMalformedCaseIsOneLineNamingFileAndLine() {
        let header = "    // exercise sum: Add them.\n"
        let hint = "    // hint: Start at zero.\n"
        let tests = "    // tests: SumTests\n"
        let body = "    return 0\n"
        let end = "    // end exercise sum\n"
        let cases: [(String, Int, String)] = [
            (header + hint + body + end, 3, "expected `// tests: Class/testMethod, …`"),
            (header + hint + tests + body, 1, "no `// end exercise sum` at the header's indentation"),
            (header + hint + tests + body + "  // end exercise sum\n", 5, "the end marker must have the header's indentation"),
            (header + tests + body + end, 2, "no `// hint: …` line"),
            (header + hint + tests + body + header + hint + tests + end, 1, "before the next exercise at line 5"),
            ("    // exercise Sum_All: Add them.\n" + hint + tests + end, 1, "is not kebab-case"),
            ("    // exercise sum:\n" + hint + tests + end, 1, "needs a goal"),
            (header + hint + "    // tests: \n" + end, 3, "names no test"),
            (header + hint + "    // tests: SumTests.testSum\n" + end, 3, "is not `ClassName` or `ClassName/testMethod`"),
            (body + end, 2, "has no `// exercise NAME: GOAL` header"),
        ]
        for (text, line, message) in cases {
            XCTAssertThrowsError(try ExerciseParser.parse(text, file: "Weeks/W/S.swift"), text) { error in
                let description = "\(error)"
                XCTAssertTrue(description.hasPrefix("Weeks/W/S.swift:\(line): "), "\(description) for\n\(text)")
                XCTAssertTrue(description.contains(message), "\(description) for\n\(text)")
                XCTAssertFalse(description.contains("\n"), "one line")
            }
        }
    }

    func testDuplicateNamesInAWeekNameBothPlaces() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("exercise-names-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let region = "func f() -> Int {\n    // exercise sum: Add.\n    // hint: h\n    // tests: SumTests\n    return 1\n    // end exercise sum\n}\n"
        for file in ["A.swift", "B.swift"] {
            let url = root.appendingPathComponent("Weeks/Week01Alpha/Sources/\(file)")
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(region.utf8).write(to: url)
        }
        // Tests/ is not searched: a test file may mention the markers.
        let test = root.appendingPathComponent("Weeks/Week01Alpha/Tests/T.swift")
        try FileManager.default.createDirectory(at: test.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(region.utf8).write(to: test)
        XCTAssertThrowsError(try ExerciseParser.exercises(ofWeek: "Week01Alpha", root: root)) { error in
            XCTAssertEqual("\(error)", "Weeks/Week01Alpha/Sources/B.swift:2: exercise sum is already defined at "
                + "Weeks/Week01Alpha/Sources/A.swift:2; names are unique within a week")
        }
    }

    func testStubsAreReadFromFatalErrorLines() {
        let output = """
        Test Case 'SumTests.testSum' started at 2025-01-06 10:00:00.000
        Weeks/Week01Alpha/Sources/Sum.swift:5: Fatal error: exercise sum: not written yet — `swift run roadmap hint 1 sum` gives a nudge
        Current stack trace:
        """
        let outcome = ExerciseTestOutcome(CommandResult(status: 1, output: output))
        XCTAssertFalse(outcome.passed)
        XCTAssertEqual(outcome.stubsReached, ["sum"])
        XCTAssertEqual(outcome.reason, "crashed: exercise sum: not written yet — `swift run roadmap hint 1 sum` gives a nudge")
        XCTAssertTrue(ExerciseTestOutcome(CommandResult(status: 0, output: xctestOutput(executed: 2, failing: []))).passed)
        XCTAssertFalse(ExerciseTestOutcome(CommandResult(status: 0, output: "")).passed, "no test ran")
    }
}
