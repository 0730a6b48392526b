// Which files of Shared/Sources a week's build uses, by the rule Fingerprint.swift documents:
//
//   Shared/Sources/Shared/**.swift, Shared/Sources/TestSupport/**.swift
//       used when a name the file declares (SwiftNames.declared: ≥ 3 characters, not in
//       `stopList`) is an identifier the week's own Swift files mention — or that an already
//       used Shared file mentions (closure over Shared → Shared references, to a fixed point)
//   Shared/Sources/CHelpers/**      used (all of it) when a used Swift file, the week's own
//                                   included, imports CHelpers
//   Shared/Sources/COpenBLAS/**     used when a used Swift file imports COpenBLAS, or CHelpers
//                                   is used (CHelpers' target depends on it)
//
// Over-approximate on purpose: a word the week uses for something else still counts. What it can
// miss: a Shared change that alters a week's build without the week naming anything it declares
// (a new overload that wins resolution, a clashing name) — the next `assess` shows those.

import Foundation

struct SharedIndex {
    struct File {
        var path: String
        var names: SwiftNames
        /// The declared names that count (long enough, not in the stop list).
        var keys: Set<String>
    }

    /// Members so common that matching on them would make every file used by every week.
    static let stopList: Set<String> = ["init", "run", "main", "count", "value", "description", "name",
                                        "data", "index", "result", "error"]
    static let swiftFolders = ["Shared/Sources/Shared", "Shared/Sources/TestSupport"]
    static let cHelpers = "Shared/Sources/CHelpers"
    static let cOpenBLAS = "Shared/Sources/COpenBLAS"

    var files: [File] = []
    var cHelperFiles: [String] = []
    var cOpenBLASFiles: [String] = []

    /// Scans the Shared sources under `root`; `list` gives the sorted relative paths under a folder.
    init(root: URL, list: (String) throws -> [String]) throws {
        for folder in Self.swiftFolders {
            for path in try list(folder) where path.hasSuffix(".swift") {
                let names = SwiftNames.scan([UInt8](try Data(contentsOf: root.appendingPathComponent(path))))
                let keys = names.declared.filter { $0.count >= 3 && !Self.stopList.contains($0) }
                files.append(File(path: path, names: names, keys: keys))
            }
        }
        cHelperFiles = try list(Self.cHelpers)
        cOpenBLASFiles = try list(Self.cOpenBLAS)
    }

    /// The Shared paths (sorted) a week whose own Swift files say `week` uses.
    func used(by week: SwiftNames) -> [String] {
        var mentioned = week.identifiers
        var imports = week.imports
        var used = Set<Int>()
        var changed = true
        while changed {
            changed = false
            for (position, file) in files.enumerated() where !used.contains(position) {
                guard !file.keys.isDisjoint(with: mentioned) else { continue }
                used.insert(position)
                mentioned.formUnion(file.names.identifiers)
                imports.formUnion(file.names.imports)
                changed = true
            }
        }
        var paths = used.map { files[$0].path }
        let helpers = imports.contains("CHelpers")
        if helpers { paths += cHelperFiles }
        if helpers || imports.contains("COpenBLAS") { paths += cOpenBLASFiles }
        return paths.sorted()
    }
}
