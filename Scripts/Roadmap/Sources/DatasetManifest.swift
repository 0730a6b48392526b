// Datasets/manifest.json, the one list of the curriculum's datasets, as `roadmap doctor` reads it.
// Scripts/setup.sh installs from the same file (through Scripts/datasets.py) and SharedTests checks
// Shared's `Dataset` enum against it. Only the fields doctor needs are decoded; the rest (origin,
// licence, size) is for setup.sh and Datasets/README.md's generated table.
//
// A listed file also counts when present gzip-compressed (name.gz); a name ending in "/" is a
// folder. An optional dataset (e.g. MNIST, the learner's own copy) is reported, never required.

import Foundation

struct DatasetManifest: Decodable {
    struct Entry: Decodable {
        var folder: String
        var files: [String]
        var optional: Bool?
    }

    var datasets: [Entry]

    static let path = "Datasets/manifest.json"

    static func load(root: URL) throws -> DatasetManifest {
        let url = root.appendingPathComponent(path)
        guard let data = try? Data(contentsOf: url) else {
            throw RoadmapError.io(path: url.path, message: "missing (it is committed: restore it with git)")
        }
        do {
            return try JSONDecoder().decode(DatasetManifest.self, from: data)
        } catch {
            throw RoadmapError.io(path: url.path, message: "not a valid dataset manifest: \(error)")
        }
    }

    /// The entry's listed files that are not in `root`/Datasets/`folder`.
    static func lacking(_ entry: Entry, root: URL) -> [String] {
        let folder = root.appendingPathComponent("Datasets").appendingPathComponent(entry.folder)
        let fm = FileManager.default
        return entry.files.filter { name in
            var isDirectory: ObjCBool = false
            if name.hasSuffix("/") {
                let exists = fm.fileExists(atPath: folder.appendingPathComponent(String(name.dropLast())).path, isDirectory: &isDirectory)
                return !(exists && isDirectory.boolValue)
            }
            let path = folder.appendingPathComponent(name).path
            return !fm.fileExists(atPath: path) && !fm.fileExists(atPath: path + ".gz")
        }
    }
}
