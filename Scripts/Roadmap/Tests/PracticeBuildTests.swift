// Practice mode with the real `swift`: the fake course made a real package (week 1's three exercises
// and their XCTests), built by the test. Checks what the simulated runner cannot: that the anchored
// --filter arguments select the declared tests, that a blanked region's fatalError reaches the
// output `verify` and `prove` read, and that prove's rounds settle a real ambiguity (MeanTests
// computes its expected value with sum(), so with everything blanked it stops at sum's stub).
// About a minute: one build for verify, three small ones for prove.

import Foundation
import XCTest
@testable import RoadmapKit

final class PracticeBuildTests: XCTestCase {
    static let package = """
    // swift-tools-version: 6.0
    import PackageDescription
    struct Week {
        let name: String
        init(_ name: String) { self.name = name }
    }
    let weeks: [Week] = [
        Week("Week01Alpha"),
    ]
    var targets: [Target] = []
    for week in weeks {
        targets.append(.target(name: week.name, path: "Weeks/\\(week.name)/Sources"))
        targets.append(.testTarget(name: "\\(week.name)Tests", dependencies: [.target(name: week.name)],
                                   path: "Weeks/\\(week.name)/Tests"))
    }
    let package = Package(name: "FakeCourse", targets: targets)

    """

    static let tests = """
    import XCTest
    @testable import Week01Alpha

    final class SumTests: XCTestCase {
        func testSum() { XCTAssertEqual(sum([1, 2, 3]), 6) }
    }

    final class MeanTests: XCTestCase {
        func testMean() {
            let expected = sum([2, 4]) / 2
            XCTAssertEqual(mean([2, 4]), expected)
        }
    }

    final class VarianceTests: XCTestCase {
        func testVariance() { XCTAssertEqual(variance([1, 3]), 1) }
        func testConstant() { XCTAssertEqual(variance([5, 5, 5]), 0) }
    }

    final class VarianceTestsSlow: XCTestCase {
        func testNotDeclared() { XCTFail("an undeclared test ran: the filter is not anchored") }
    }

    """

    func testPracticeVerifyResetAndProveWithARealBuild() throws {
        let course = try FakeCourse.withExercises()
        try course.write("Package.swift", Self.package)
        // This real package has no Shared target, so the week must not name Shared's `shared`.
        try course.write("Weeks/Week01Alpha/Sources/Week01Alpha.swift", "public enum Week01Alpha {}\n")
        try course.write("Weeks/Week01Alpha/Tests/Week01AlphaTests.swift", Self.tests)
        let swift = ProcessRunner()
        XCTAssertEqual(course.run(["practice", "1", "variance"], runner: swift).status, 0)

        let failing = course.run(["verify", "1", "variance"], runner: swift)
        XCTAssertEqual(failing.status, 1, failing.output)
        XCTAssertTrue(failing.output.contains("✗ variance: crashed: exercise variance: not written yet"), failing.output)

        XCTAssertEqual(course.run(["reset", "1", "variance"], runner: swift).status, 0)
        let passing = course.run(["verify", "1", "variance"], runner: swift)
        XCTAssertEqual(passing.status, 0, passing.output)
        XCTAssertTrue(passing.output.contains("✓ variance: 2 tests pass."), passing.output)

        let proof = course.run(["prove"], runner: swift)
        XCTAssertEqual(proof.status, 0, proof.output + proof.errors)
        XCTAssertTrue(proof.output.contains("✓ Week01Alpha mean: reference passes (1 test); blanked, its tests stop at its stub"),
                      proof.output)
        XCTAssertTrue(proof.output.contains("build (Week01Alpha mean blanked alone)"), proof.output)
        XCTAssertTrue(proof.output.contains("3 of 3 exercises proved in 1 week"), proof.output)
    }
}
