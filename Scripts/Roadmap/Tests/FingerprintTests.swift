// Which Shared files a week's fingerprint covers (the rule in Fingerprint.swift's header): a new
// Shared file with new names leaves every week valid; an edit to a Shared file the week names,
// directly or through another used Shared file, to the week, or to a week it uses, does not.
// Driven on the fake course, with Shared files written per test.

import Foundation
import XCTest
@testable import RoadmapKit

final class FingerprintTests: XCTestCase {
    func fingerprints(_ course: FakeCourse) throws -> [String] {
        let fingerprinter = Fingerprinter(root: course.root, table: PackageTable.parse(FakeCourse.package))
        return try ["Week01Alpha", "Week02Beta"].map { try fingerprinter.fingerprint(of: $0) }
    }

    func sharedFiles(_ course: FakeCourse, _ week: String = "Week01Alpha") throws -> [String] {
        try Fingerprinter(root: course.root, table: PackageTable.parse(FakeCourse.package)).sharedFiles(usedBy: week)
    }

    func testANewSharedFileWithANewTypeLeavesEveryWeekValid() throws {
        let course = try FakeCourse()
        let before = try fingerprints(course)
        try course.write("Shared/Sources/Shared/Output/HistogramPlot.swift", """
            public struct HistogramPlot {
                public var bins: Int
                public func render() -> String { "" }
            }
            extension Array where Element == Float {
                public func histogram(bins: Int) -> HistogramPlot { HistogramPlot(bins: bins) }
            }

            """)
        XCTAssertEqual(try fingerprints(course), before)
        XCTAssertEqual(try sharedFiles(course), ["Shared/Sources/Shared/Shared.swift"])
    }

    func testEditingASharedFileTheWeekUsesMakesItAndItsUsersChange() throws {
        let course = try FakeCourse()
        try course.write("Shared/Sources/Shared/Vector3.swift", "public struct Vector3 { public var x: Float }\n")
        try course.write("Weeks/Week02Beta/Sources/Week02Beta.swift",
                         "import Shared\npublic enum Week02Beta { static let origin = Vector3(x: 0) }\n")
        let before = try fingerprints(course)
        try course.write("Shared/Sources/Shared/Vector3.swift", "public struct Vector3 { public var x: Double }\n")
        let after = try fingerprints(course)
        XCTAssertEqual(after[0], before[0], "week 1 does not name Vector3")
        XCTAssertNotEqual(after[1], before[1])

        // Week 2 uses week 1: editing the Shared file week 1 names changes both.
        try course.write("Shared/Sources/Shared/Shared.swift", "public let shared = 2\n")
        let afterShared = try fingerprints(course)
        XCTAssertNotEqual(afterShared[0], after[0])
        XCTAssertNotEqual(afterShared[1], after[1])
    }

    func testEditingTheWeekOrAWeekItUsesChangesIt() throws {
        let course = try FakeCourse()
        let before = try fingerprints(course)
        try course.write("Weeks/Week02Beta/App/main.swift", "print(\"changed\")\n")
        let afterBeta = try fingerprints(course)
        XCTAssertEqual(afterBeta[0], before[0])
        XCTAssertNotEqual(afterBeta[1], before[1])
        try course.write("Weeks/Week01Alpha/Tests/Fixtures/expected.txt", "1 2 3\n")
        let afterAlpha = try fingerprints(course)
        XCTAssertNotEqual(afterAlpha[0], afterBeta[0], "non-Swift files of the week's folders count too")
        XCTAssertNotEqual(afterAlpha[1], afterBeta[1])
    }

    /// Shared → Shared: week 1 names Grid, whose file names Cell; Cell's file is used, Unrelated's not.
    func testUsesAreClosedOverSharedReferences() throws {
        let course = try FakeCourse()
        try course.write("Shared/Sources/Shared/Grid.swift", "public struct Grid { var cells: [Cell] = [] }\n")
        try course.write("Shared/Sources/Shared/Cell.swift", "/* Grid's element */ public struct Cell {}\n")
        try course.write("Shared/Sources/Shared/Unrelated.swift", "public struct Unrelated { let grid = 0 }\n")
        try course.write("Weeks/Week01Alpha/Sources/Week01Alpha.swift", "public enum Week01Alpha { static let g = Grid() }\n")
        XCTAssertEqual(try sharedFiles(course), ["Shared/Sources/Shared/Cell.swift", "Shared/Sources/Shared/Grid.swift"])
        let before = try fingerprints(course)
        try course.write("Shared/Sources/Shared/Cell.swift", "public struct Cell { var alive = false }\n")
        XCTAssertNotEqual(try fingerprints(course)[0], before[0])
    }

    /// Names declared inside function bodies are locals; names in comments and in the text of
    /// string literals are not mentions (an interpolation is).
    func testLocalsCommentsAndStringTextDoNotCount() throws {
        let course = try FakeCourse()
        try course.write("Shared/Sources/Shared/Helper.swift", """
            public func helper() -> Int {
                let widget = 1
                struct Gadget {}
                return widget
            }

            """)
        try course.write("Weeks/Week01Alpha/Sources/Week01Alpha.swift", """
            // helper() would help here
            public enum Week01Alpha { static let label = "widget helper Gadget"; static let widget = 2 }

            """)
        XCTAssertEqual(try sharedFiles(course), [])
        try course.write("Weeks/Week01Alpha/Sources/Week01Alpha.swift", "public enum Week01Alpha { static let s = \"\\(helper())\" }\n")
        XCTAssertEqual(try sharedFiles(course), ["Shared/Sources/Shared/Helper.swift"])
    }

    func testCModulesCountWhenAUsedFileImportsThem() throws {
        let course = try FakeCourse()
        try course.write("Shared/Sources/CHelpers/include/CHelpers.h", "int fast_sum(int n);\n")
        try course.write("Shared/Sources/CHelpers/fast_sum.c", "int fast_sum(int n) { return n; }\n")
        try course.write("Shared/Sources/COpenBLAS/module.modulemap", "module COpenBLAS {}\n")
        try course.write("Shared/Sources/Shared/Fast.swift", "import CHelpers\npublic func fastSum(_ n: Int32) -> Int32 { fast_sum(n) }\n")
        XCTAssertEqual(try sharedFiles(course), ["Shared/Sources/Shared/Shared.swift"])
        let before = try fingerprints(course)
        try course.write("Shared/Sources/CHelpers/fast_sum.c", "int fast_sum(int n) { return 2 * n; }\n")
        XCTAssertEqual(try fingerprints(course), before, "no used file imports CHelpers")

        try course.write("Weeks/Week01Alpha/Sources/Week01Alpha.swift", "import Shared\npublic let total = fastSum(3)\n")
        XCTAssertEqual(try sharedFiles(course), [
            "Shared/Sources/CHelpers/fast_sum.c", "Shared/Sources/CHelpers/include/CHelpers.h",
            "Shared/Sources/COpenBLAS/module.modulemap", "Shared/Sources/Shared/Fast.swift",
        ])
        let using = try fingerprints(course)
        try course.write("Shared/Sources/COpenBLAS/module.modulemap", "module COpenBLAS [system] {}\n")
        XCTAssertNotEqual(try fingerprints(course)[0], using[0])
    }

    func testTestSupportCountsWhenTheWeeksTestsNameIt() throws {
        let course = try FakeCourse()
        try course.write("Shared/Sources/TestSupport/Approximate.swift", "public func assertClose(_ a: Float, _ b: Float) {}\n")
        XCTAssertFalse(try sharedFiles(course).contains("Shared/Sources/TestSupport/Approximate.swift"))
        try course.write("Weeks/Week01Alpha/Tests/Week01AlphaTests.swift", "import TestSupport\nfunc testIt() { assertClose(1, 1) }\n")
        XCTAssertTrue(try sharedFiles(course).contains("Shared/Sources/TestSupport/Approximate.swift"))
    }

    func testSwiftNamesDeclarationsAtAnyTypeNesting() {
        let names = SwiftNames.scan("""
            import COpenBLAS
            public enum Outer {
                public struct Inner { static let tolerance: Float = 1e-3; var rows: Int { get { 0 } } }
                case first, second(Int), third = "x"
                class func make() -> Outer { let hidden = 1; return .first }
            }
            extension Tensor: CustomStringConvertible { public var summary: String { "" } }
            extension Matrix { static func + (a: Matrix, b: Matrix) -> Matrix { a } }
            extension Vector { func norm() -> Float { 0 } }

            """)
        XCTAssertEqual(names.declared, ["Outer", "Inner", "tolerance", "rows", "first", "second", "third", "make",
                                        "Tensor", "summary", "Matrix", "norm"])
        XCTAssertEqual(names.imports, ["COpenBLAS"])
        XCTAssertFalse(names.declared.contains("hidden"))
        XCTAssertFalse(names.declared.contains("Vector"), "a plain extension declares its members, not its type")
    }
}
