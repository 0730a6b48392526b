// swift-tools-version: 6.0
// The curriculum as one SwiftPM package. Each week is one line of the `weeks` table below; from it
// this file generates three targets per week:
//   library     WeekNNName       Weeks/WeekNNName/Sources   what the week builds (later weeks import it)
//   executable  WeekNNName       Weeks/WeekNNName/App       `swift run WeekNNName` (module WeekNNNameApp)
//   tests       WeekNNNameTests  Weeks/WeekNNName/Tests     the week's Assess gate
// and, for each `WeekLibrary(folder, uses:)` of a week, one more library
//   library     WeekNNNameFolder Weeks/WeekNNName/Folder    code later weeks should not have to link
//                                                          (week 11's model glue: the server stays
//                                                          free of the CNN), used by the week's
//                                                          executable and tests
// A week may use Shared and earlier weeks only (checked below, when this file is evaluated).
// `roadmap` parses the table, so keep one `Week(...)` per line.
import Foundation
import PackageDescription

struct Week {
    let name: String
    let uses: [String]
    let libraries: [WeekLibrary]
    init(_ name: String, uses: [String] = [], libraries: [WeekLibrary] = []) {
        self.name = name
        self.uses = uses
        self.libraries = libraries
    }
}

/// A second library of a week: target `<week name><folder>` at Weeks/<week name>/<folder>,
/// depending on the week's own library, Shared, the week's `uses` and its own `uses` (earlier weeks).
struct WeekLibrary {
    let folder: String
    let uses: [String]
    init(_ folder: String, uses: [String] = []) {
        self.folder = folder
        self.uses = uses
    }
}

let weeks: [Week] = [
    Week("Week01LinearAlgebra"),
    Week("Week02Optimization", uses: ["Week01LinearAlgebra"]),
    Week("Week03ClassicalML", uses: ["Week01LinearAlgebra"]),
    Week("Week04MNIST"),
    Week("Week05CNN", uses: ["Week04MNIST"]),
    Week("Week06Sequences", uses: ["Week04MNIST"]),
    Week("Week07Transformer", uses: ["Week04MNIST"]),
    Week("Week08LLMEngineering", uses: ["Week04MNIST", "Week07Transformer"]),
    Week("Week09VectorDB", uses: ["Week04MNIST"]),
    Week("Week10AdvancedRAG", uses: ["Week04MNIST", "Week07Transformer", "Week08LLMEngineering"]),
    Week("Week11MLOps", libraries: [WeekLibrary("Service", uses: ["Week04MNIST", "Week05CNN"])]),
    Week("Week12Capstone", uses: ["Week04MNIST", "Week07Transformer", "Week08LLMEngineering", "Week09VectorDB", "Week10AdvancedRAG", "Week11MLOps"]),
    Week("Week13Modules", uses: ["Week04MNIST", "Week05CNN", "Week06Sequences", "Week07Transformer"]),
    Week("Week14Regularization", uses: ["Week04MNIST", "Week05CNN", "Week13Modules"]),
    Week("Week15CharLM", uses: ["Week04MNIST", "Week06Sequences", "Week13Modules"]),
    Week("Week16TrainingAtScale", uses: ["Week04MNIST", "Week13Modules"]),
    Week("Week17TinyGPT", uses: ["Week04MNIST", "Week06Sequences", "Week07Transformer", "Week08LLMEngineering", "Week13Modules", "Week15CharLM"]),
    Week("Week18Tokenizers", uses: ["Week04MNIST", "Week07Transformer", "Week08LLMEngineering"]),
    Week("Week19Pretraining", uses: ["Week03ClassicalML", "Week04MNIST", "Week07Transformer", "Week08LLMEngineering", "Week13Modules"]),
]

/// "Week07Transformer" → 7.
func weekNumber(_ name: String) -> Int? {
    name.hasPrefix("Week") ? Int(name.dropFirst(4).prefix(2)) : nil
}

// The table's rule, enforced: every `uses:` entry is a week of the table with a lower number.
// A later or unknown week (or the week itself) stops the manifest, naming the week and the entry,
// before anything builds.
for week in weeks {
    for used in week.uses + week.libraries.flatMap(\.uses) {
        guard let own = weekNumber(week.name), let number = weekNumber(used), number < own,
              weeks.contains(where: { $0.name == used }) else {
            fatalError("Package.swift: \(week.name) uses \"\(used)\", which is not an earlier week of the table; "
                + "a week may use Shared and the weeks before it only")
        }
    }
}

// Hot code is optimised in every configuration, so the command a learner types
// (`swift run WeekNN`, a debug build) runs at release speed. Tests stay debuggable.
let optimised: [SwiftSetting] = [.unsafeFlags(["-O", "-enforce-exclusivity=unchecked"])]

/// Test fixtures are read from disk by path (TestSupport's `Fixtures.url`), not bundled as resources.
func fixturesExcluded(_ testsPath: String) -> [String] {
    let folder = Context.packageDirectory + "/" + testsPath + "/Fixtures"
    return FileManager.default.fileExists(atPath: folder) ? ["Fixtures"] : []
}

var products: [Product] = [
    .executable(name: "roadmap", targets: ["roadmap"]),
    .library(name: "Shared", targets: ["Shared"]),
]

var targets: [Target] = [
    .systemLibrary(
        name: "COpenBLAS",
        path: "Shared/Sources/COpenBLAS",
        pkgConfig: "openblas",
        providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]
    ),
    .target(
        name: "CHelpers",
        dependencies: ["COpenBLAS"],
        path: "Shared/Sources/CHelpers",
        cSettings: [.unsafeFlags(["-O2"])]
    ),
    .target(
        name: "Shared",
        dependencies: ["COpenBLAS", "CHelpers"],
        path: "Shared/Sources/Shared",
        swiftSettings: optimised
    ),
    .target(
        name: "TestSupport",
        dependencies: ["Shared"],
        path: "Shared/Sources/TestSupport"
    ),
    .testTarget(
        name: "SharedTests",
        dependencies: ["Shared", "TestSupport", "COpenBLAS"],
        path: "Shared/Tests/SharedTests",
        exclude: fixturesExcluded("Shared/Tests/SharedTests")
    ),
    .target(name: "RoadmapKit", path: "Scripts/Roadmap/Sources"),
    .executableTarget(name: "roadmap", dependencies: ["RoadmapKit"], path: "Scripts/Roadmap/App"),
    .testTarget(
        name: "RoadmapKitTests",
        dependencies: ["RoadmapKit", "TestSupport"],
        path: "Scripts/Roadmap/Tests"
    ),
]

for week in weeks {
    let library = Target.Dependency.target(name: week.name)
    let earlier = week.uses.map { Target.Dependency.target(name: $0) }
    targets.append(.target(
        name: week.name,
        dependencies: ["Shared"] + earlier,
        path: "Weeks/\(week.name)/Sources",
        swiftSettings: optimised
    ))
    // The week's further libraries, and what its executable and tests then depend on besides.
    var further: [Target.Dependency] = []
    var furtherUses: [String] = []
    for extra in week.libraries {
        let extraUses = extra.uses.filter { !week.uses.contains($0) }
        targets.append(.target(
            name: week.name + extra.folder,
            dependencies: [library, "Shared"] + earlier + extraUses.map { .target(name: $0) },
            path: "Weeks/\(week.name)/\(extra.folder)",
            swiftSettings: optimised
        ))
        further.append(.target(name: week.name + extra.folder))
        furtherUses += extraUses.filter { !furtherUses.contains($0) }
    }
    further += furtherUses.map { .target(name: $0) }
    targets.append(.executableTarget(
        name: "\(week.name)App",
        dependencies: [library, "Shared"] + earlier + further,
        path: "Weeks/\(week.name)/App",
        swiftSettings: optimised
    ))
    targets.append(.testTarget(
        name: "\(week.name)Tests",
        dependencies: [library, "Shared", "TestSupport", "COpenBLAS"] + earlier + further,
        path: "Weeks/\(week.name)/Tests",
        exclude: fixturesExcluded("Weeks/\(week.name)/Tests")
    ))
    products.append(.executable(name: week.name, targets: ["\(week.name)App"]))
}

let package = Package(
    name: "Curriculum",
    products: products,
    targets: targets
)
