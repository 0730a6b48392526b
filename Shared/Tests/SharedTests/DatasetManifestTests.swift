// Shared's `Dataset` enum against Datasets/manifest.json, the list of record that Scripts/setup.sh
// installs from and `roadmap doctor` reports on: the same folders in the same order, the same
// titles and required files, and the optional datasets (those setup does not install) are the
// ones whose missing-error does not send the learner to setup.sh. Datasets/README.md's table is
// generated from the manifest, so every folder must appear there too.

import Foundation
import Shared
import XCTest

final class DatasetManifestTests: XCTestCase {
    static let datasetsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Datasets")

    func manifestEntries() throws -> [[String: Any]] {
        let url = Self.datasetsFolder.appendingPathComponent("manifest.json")
        let document = try XCTUnwrap(try JSONSerialization.jsonObject(with: try Data(contentsOf: url)) as? [String: Any])
        return try XCTUnwrap(document["datasets"] as? [[String: Any]], "\(url.path): no \"datasets\" array")
    }

    func testTheEnumAgreesWithTheManifest() throws {
        let entries = try manifestEntries()
        XCTAssertEqual(entries.map { $0["folder"] as? String }, Dataset.allCases.map(\.rawValue))
        for (entry, dataset) in zip(entries, Dataset.allCases) {
            XCTAssertEqual(entry["title"] as? String, dataset.title, dataset.rawValue)
            XCTAssertEqual(entry["files"] as? [String], dataset.requiredFiles, dataset.rawValue)
            let optional = entry["optional"] as? Bool ?? false
            let message = DatasetError.missing(dataset).description
            XCTAssertEqual(!message.contains("./Scripts/setup.sh"), optional, "\(dataset.rawValue): \(message)")
        }
    }

    func testTheReadmeTableListsEveryManifestFolder() throws {
        let readme = try String(contentsOf: Self.datasetsFolder.appendingPathComponent("README.md"), encoding: .utf8)
        for entry in try manifestEntries() {
            let folder = try XCTUnwrap(entry["folder"] as? String)
            XCTAssertTrue(readme.contains("| `\(folder)/` |"), "Datasets/README.md lacks \(folder); run python3 Scripts/datasets.py readme .")
        }
    }
}
