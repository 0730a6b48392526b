// scikit-learn's figures, produced by Reference/sklearn_reference.py in a child python3
// process on exactly our splits. nil (and a note) when python3 or scikit-learn is missing.

import Foundation
import Shared

enum Reference {
    static var script: URL {
        Project.root.appendingPathComponent("Weeks/Week03ClassicalML/Reference/sklearn_reference.py")
    }

    /// One dictionary per JSON line the script prints, keyed "dataset/model".
    static func run(_ arguments: [String]) -> [String: [String: Any]]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, "--json", "--datasets", Project.datasets.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        var rows: [String: [String: Any]] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let dataset = object["dataset"] as? String, let model = object["model"] as? String else { continue }
            rows["\(dataset)/\(model)"] = object
        }
        return rows.isEmpty ? nil : rows
    }
}
