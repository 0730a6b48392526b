// The `libraries:` part of a Package.swift table line (a week's further library targets, as week
// 11's `WeekLibrary("Service", uses: [...])`): parsed apart from the week's own `uses`, and part of
// the week's fingerprint (the folder's files and the library's uses).

import Foundation
import XCTest
@testable import RoadmapKit

final class PackageLibraryTests: XCTestCase {
    static let table = """
        Week("Week01Alpha"),
        Week("Week02Beta", uses: ["Week01Alpha"], libraries: [WeekLibrary("Service", uses: ["Week01Alpha", "Week00Zero"]), WeekLibrary("Extra")]),
        Week("Week03Gamma", libraries: [WeekLibrary("Glue", uses: ["Week02Beta"])]),
        Week("Week04Delta", uses: ["Week03Gamma"]),
    """

    func testLibrariesAreParsedApartFromTheWeeksOwnUses() {
        let weeks = PackageTable.parse(Self.table).weeks
        XCTAssertEqual(weeks["Week02Beta"]?.uses, ["Week01Alpha"])
        XCTAssertEqual(weeks["Week02Beta"]?.libraries, [PackageLibrary(folder: "Service", uses: ["Week01Alpha", "Week00Zero"]),
                                                         PackageLibrary(folder: "Extra", uses: [])])
        XCTAssertEqual(weeks["Week02Beta"]?.allUses, ["Week01Alpha", "Week00Zero"])
        XCTAssertEqual(weeks["Week03Gamma"]?.uses, [])
        XCTAssertEqual(weeks["Week03Gamma"]?.allUses, ["Week02Beta"])
        XCTAssertEqual(weeks["Week04Delta"]?.libraries, [])
    }

    /// The repository's own table: week 11's server library uses no week, its Service library the CNN weeks.
    func testTheRepositoryTableSplitsWeekElevensService() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let table = PackageTable.parse(try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8))
        let week11 = try XCTUnwrap(table.weeks["Week11MLOps"])
        XCTAssertEqual(week11.uses, [])
        XCTAssertEqual(week11.libraries, [PackageLibrary(folder: "Service", uses: ["Week04MNIST", "Week05CNN"])])
        // Every week folder with a Sources/ library is one row of the table (12 when this test was
        // written; each new week adds a folder and a row, so the count is read from the disk).
        let folders = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Weeks").path)
            .filter { FileManager.default.fileExists(atPath: root.appendingPathComponent("Weeks/\($0)/Sources").path) }
        XCTAssertEqual(table.weeks.keys.sorted(), folders.sorted())
        XCTAssertGreaterThanOrEqual(table.weeks.count, 12)
    }

    func testALibraryFolderAndItsUsesArePartOfTheFingerprint() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("package-libraries-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        for name in ["Week01Alpha", "Week02Beta", "Week03Gamma", "Week04Delta"] {
            try write("Weeks/\(name)/Sources/\(name).swift", "public enum \(name) {}\n")
        }
        try write("Weeks/Week03Gamma/Glue/Glue.swift", "public enum Glue {}\n")
        let fingerprinter = Fingerprinter(root: root, table: PackageTable.parse(Self.table))
        let before = try ["Week01Alpha", "Week02Beta", "Week03Gamma", "Week04Delta"].map { try fingerprinter.fingerprint(of: $0) }

        // A change in week 3's Glue folder changes week 3 and week 4 (which uses week 3), not weeks 1–2.
        try write("Weeks/Week03Gamma/Glue/Glue.swift", "public enum Glue { case changed }\n")
        let afterGlue = try ["Week01Alpha", "Week02Beta", "Week03Gamma", "Week04Delta"].map { try fingerprinter.fingerprint(of: $0) }
        XCTAssertEqual(afterGlue[0...1], before[0...1])
        XCTAssertNotEqual(afterGlue[2], before[2])
        XCTAssertNotEqual(afterGlue[3], before[3])

        // Week 3 depends on week 2 only through its Glue library's uses.
        try write("Weeks/Week02Beta/Sources/Week02Beta.swift", "public enum Week02Beta { case changed }\n")
        let afterBeta = try ["Week01Alpha", "Week02Beta", "Week03Gamma"].map { try fingerprinter.fingerprint(of: $0) }
        XCTAssertEqual(afterBeta[0], before[0])
        XCTAssertNotEqual(afterBeta[1], afterGlue[1])
        XCTAssertNotEqual(afterBeta[2], afterGlue[2])
    }
}
