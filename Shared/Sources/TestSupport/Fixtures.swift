// Test fixtures and scratch space: committed fixtures live next to each test target in a
// Fixtures/ folder; data prepared by Scripts/setup.sh is found through `Dataset`; temporary
// folders are removed by the test that made them.

import Foundation
import Shared
import XCTest

public enum Fixtures {
    /// <test target folder>/Fixtures/<name>, located from the calling test file's path.
    public static func url(_ name: String, testFile: StaticString = #filePath) -> URL {
        URL(fileURLWithPath: "\(testFile)").deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// torch's state_dict() keys of `model` from the target's Fixtures/state_dict_keys.json
    /// (`{"models": {name: [key, …]}}`, written by that target's make_state_dict_keys.py).
    public static func stateDictKeys(_ model: String, testFile: StaticString = #filePath) throws -> [String] {
        let url = url("state_dict_keys.json", testFile: testFile)
        let root = try XCTUnwrap(try JSONText.parse(try Data(contentsOf: url), path: url.path) as? [String: Any])
        let models = try XCTUnwrap(root["models"] as? [String: [String]], "\(url.path): no \"models\" object")
        return try XCTUnwrap(models[model], "\(url.path): no model '\(model)'")
    }

    /// The dataset's folder; a missing dataset fails the test with the set-up command, because the
    /// test command's set-up step is supposed to have prepared it.
    public static func require(_ dataset: Dataset, file: StaticString = #filePath, line: UInt = #line) throws -> URL {
        do {
            return try dataset.locate()
        } catch {
            XCTFail("\(error)", file: file, line: line)
            throw error
        }
    }
}

public final class TemporaryDirectory {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("curriculum-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(at: url) }
}
