// No two library modules of the curriculum declare a top-level public type of the same name.
//
// Why here: a week imports Shared and the earlier weeks it `uses:` together, and a name declared
// in two of them (week 3's, 4's and 10's `Evaluation` once) makes every unqualified use ambiguous
// in the later week. The rule is kept across *all* week libraries, not only the ones some week
// imports together today, because weeks 13–52 will import new combinations. The roadmap tests
// already read Package.swift's `weeks` table (PackageTable), so the library folders come from
// the same parse `roadmap` uses, and the check reads source files only: it builds no week and
// runs in the quick RoadmapKitTests.
//
// What it reads: top-level declarations `public (final )?(class|struct|enum|protocol|actor|
// typealias) Name` at the start of a line in each library's folder (week libraries and
// Shared/Sources/Shared). Nested types (`TSNESettings.Initialization`) are qualified by their
// parent and are not compared. It is a line scanner, not a Swift parser.

import Foundation
import RoadmapKit
import XCTest

struct PublicTypeDeclaration: Equatable {
    var name: String
    var library: String
    /// Path from the repository root, with the line number: "Weeks/Week04MNIST/Sources/Training.swift:23".
    var location: String
}

enum PublicTypeNames {
    /// (name, 1-based line) of every top-level public type declared in `text`.
    static func declarations(in text: String) -> [(name: String, line: Int)] {
        let declaration = try! NSRegularExpression(
            pattern: #"^public\s+(?:final\s+)?(?:class|struct|enum|protocol|actor|typealias)\s+([A-Za-z_][A-Za-z0-9_]*)"#)
        let lines = text.components(separatedBy: "\n")
        var found: [(name: String, line: Int)] = []
        for (index, line) in lines.enumerated() {
            let range = NSRange(line.startIndex..., in: line)
            guard let match = declaration.firstMatch(in: line, range: range),
                  let name = Range(match.range(at: 1), in: line) else { continue }
            found.append((String(line[name]), index + 1))
        }
        return found
    }

    /// The library folders of the package: Shared's, every week's in the table and the weeks' further libraries.
    static func libraries(root: URL) throws -> [(library: String, folder: String)] {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let table = PackageTable.parse(manifest)
        var libraries = [(library: "Shared", folder: "Shared/Sources/Shared")]
        for name in table.weeks.keys.sorted() {
            libraries.append((name, "Weeks/\(name)/Sources"))
            for extra in table.weeks[name]!.libraries { libraries.append((name + extra.folder, "Weeks/\(name)/\(extra.folder)")) }
        }
        return libraries
    }

    static func scan(root: URL, libraries: [(library: String, folder: String)]) throws -> [PublicTypeDeclaration] {
        var result: [PublicTypeDeclaration] = []
        for (library, folder) in libraries {
            let base = root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            let paths = files.compactMap { ($0 as? URL)?.path }.filter { $0.hasSuffix(".swift") }.sorted()
            for path in paths {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                let relative = folder + path.dropFirst(base.path.count)
                for (name, line) in declarations(in: text) {
                    result.append(PublicTypeDeclaration(name: name, library: library, location: "\(relative):\(line)"))
                }
            }
        }
        return result
    }

    /// Names declared in more than one library, each with all its declarations, sorted by name.
    static func repeats(_ declarations: [PublicTypeDeclaration]) -> [(name: String, places: [PublicTypeDeclaration])] {
        Dictionary(grouping: declarations, by: \.name)
            .filter { Set($0.value.map(\.library)).count > 1 }
            .map { (name: $0.key, places: $0.value) }
            .sorted { $0.name < $1.name }
    }
}

final class PublicTypeNameTests: XCTestCase {
    /// Repeats allowed while a change in progress resolves them (library → places); empty when none.
    /// An entry must still be a repeat: the test fails when it has gone, so the list cannot outlive
    /// its reason.
    static let pending: [String: Set<String>] = [:]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testNoPublicTypeNameRepeatsAcrossWeekLibrariesAndShared() throws {
        let libraries = try PublicTypeNames.libraries(root: Self.root)
        XCTAssertGreaterThanOrEqual(libraries.count, 14, "Shared, the twelve weeks of Q1 and week 11's service are scanned")
        XCTAssertTrue(libraries.contains { $0.folder == "Weeks/Week11MLOps/Service" })
        let declarations = try PublicTypeNames.scan(root: Self.root, libraries: libraries)
        XCTAssertTrue(declarations.contains { $0.name == "Tensor" && $0.library == "Shared" }, "the scan reads Shared")
        var pendingSeen: Set<String> = []
        for (name, places) in PublicTypeNames.repeats(declarations) {
            if let allowed = Self.pending[name], Set(places.map(\.library)) == allowed {
                pendingSeen.insert(name)
                continue
            }
            XCTFail("public type \(name) is declared in more than one library: "
                    + places.map(\.location).joined(separator: " and ")
                    + " — give them distinct names that say what they are, or keep one (in Shared if two weeks need it)")
        }
        for name in Set(Self.pending.keys).subtracting(pendingSeen) {
            XCTFail("\(name) is no longer declared twice: remove it from PublicTypeNameTests.pending")
        }
    }

    /// The scanner on a hand-written file: top-level declarations only, with their lines.
    func testTheScannerReadsTopLevelDeclarationsOnly() {
        let text = """
        public struct Evaluation: Sendable {
            public enum Kind { case a }
        }
        public final class Trainer {}
        public protocol Layer: AnyObject {}
        public typealias Batch = [Int]
        public actor Counter {}
        struct Internal {}
        public func evaluate() {}
        // public struct Commented {}
        """
        let found = PublicTypeNames.declarations(in: text)
        XCTAssertEqual(found.map(\.name), ["Evaluation", "Trainer", "Layer", "Batch", "Counter"])
        XCTAssertEqual(found.map(\.line), [1, 4, 5, 6, 7])
    }

    /// Two libraries with one shared name: the repeat names both files.
    func testARepeatNamesBothFiles() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("public-names-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = ["Weeks/Week01A/Sources/A.swift": "public struct Evaluation {}\npublic enum OnlyA {}\n",
                     "Weeks/Week02B/Sources/Deep/B.swift": "\npublic struct Evaluation {}\n",
                     "Shared/Sources/Shared/S.swift": "public enum OnlyShared {}\n"]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        let libraries = [("Shared", "Shared/Sources/Shared"), ("Week01A", "Weeks/Week01A/Sources"), ("Week02B", "Weeks/Week02B/Sources")]
        let repeats = PublicTypeNames.repeats(try PublicTypeNames.scan(root: root, libraries: libraries))
        XCTAssertEqual(repeats.map(\.name), ["Evaluation"])
        XCTAssertEqual(repeats.first?.places.map(\.location).sorted(),
                       ["Weeks/Week01A/Sources/A.swift:1", "Weeks/Week02B/Sources/Deep/B.swift:2"])
    }
}
