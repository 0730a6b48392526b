// `roadmap doctor` reads its dataset list from Datasets/manifest.json (the list setup.sh installs
// from): a partly present dataset names the files it lacks, an absent optional one is only noted,
// a missing manifest is a problem; and the checkout's real manifest decodes with every folder.

import Foundation
@testable import RoadmapKit
import XCTest

final class DoctorManifestTests: XCTestCase {
    let runner = FakeRunner { arguments in
        arguments == ["swift", "--version"] ? CommandResult(status: 0, output: "Swift version 6\n")
            : CommandResult(status: 0, output: "0.3.21\n")
    }

    func testDoctorListsExactlyTheManifestsDatasets() throws {
        let course = try FakeCourse()
        try course.write("Datasets/sklearn/iris.csv", "1,2\n")
        try course.write("Datasets/minilm/config.json", "{}\n")
        let result = course.run(["doctor"], runner: runner)
        XCTAssertTrue(result.output.contains("✗ Dataset        minilm: lacks model.safetensors; run ./Scripts/setup.sh"), result.output)
        XCTAssertTrue(result.output.contains("✓ Dataset        mnist: absent (optional, not installed by setup)"), result.output)
        XCTAssertEqual(result.output.components(separatedBy: " Dataset ").count - 1, 3, "one line per manifest entry")
        XCTAssertFalse(result.output.contains("python-docs"), "doctor keeps no dataset list of its own")
        XCTAssertEqual(result.status, 0)
    }

    func testAMissingManifestIsAProblem() throws {
        let course = try FakeCourse()
        try FileManager.default.removeItem(at: course.url("Datasets/manifest.json"))
        let result = course.run(["doctor"], runner: runner)
        XCTAssertTrue(result.output.contains("✗ Datasets "), result.output)
        XCTAssertTrue(result.output.contains("manifest.json"), result.output)
        XCTAssertEqual(result.status, 1)
    }

    func testTheCheckoutsManifestDecodes() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let manifest = try DatasetManifest.load(root: root)
        XCTAssertEqual(manifest.datasets.map(\.folder),
                       ["fashion-mnist", "mnist", "sklearn", "statsmodels", "minilm", "python-docs", "python-news"])
        XCTAssertEqual(manifest.datasets.filter { $0.optional == true }.map(\.folder), ["mnist"])
    }
}
