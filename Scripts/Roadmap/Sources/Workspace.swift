// The repository as `roadmap` sees it: its root, the course from Roadmap.md, the weeks table of
// Package.swift, and the progress store. A week is implemented when it is in the table and its
// folder Weeks/<Name>/ exists; the other weeks of Roadmap.md are planned.

import Foundation

public struct Workspace {
    public let root: URL
    public let course: Course
    public let table: PackageTable
    public let store: ProgressStore
    let fingerprints = FingerprintCache()

    public init(root: URL, writePause: UInt32 = 0) throws {
        self.root = root
        let roadmapURL = root.appendingPathComponent("Roadmap.md")
        let packageURL = root.appendingPathComponent("Package.swift")
        course = try RoadmapParser.parse(try Self.read(roadmapURL))
        table = PackageTable.parse(try Self.read(packageURL))
        store = ProgressStore(root: root, writePause: writePause)
    }

    /// --root DIR, else ROADMAP_ROOT, else the nearest directory upward holding both
    /// Package.swift and Roadmap.md.
    public static func findRoot(explicit: String?, environment: RoadmapEnvironment) throws -> URL {
        let fileManager = FileManager.default
        func isRoot(_ url: URL) -> Bool {
            fileManager.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
                && fileManager.fileExists(atPath: url.appendingPathComponent("Roadmap.md").path)
        }
        if let given = explicit ?? environment.variables["ROADMAP_ROOT"] {
            let url = URL(fileURLWithPath: given, relativeTo: environment.currentDirectory).standardizedFileURL
            guard isRoot(url) else { throw RoadmapError.rootNotFound(searchedFrom: url.path) }
            return url
        }
        var directory = environment.currentDirectory.standardizedFileURL
        while true {
            if isRoot(directory) { return directory }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path {
                throw RoadmapError.rootNotFound(searchedFrom: environment.currentDirectory.path)
            }
            directory = parent
        }
    }

    public func isImplemented(_ week: Week) -> Bool {
        var isDirectory: ObjCBool = false
        let folder = root.appendingPathComponent("Weeks/\(week.name)").path
        return table.weeks[week.name] != nil
            && FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The week, if it is implemented; a plain error saying it is planned otherwise.
    public func implementedWeek(_ number: Int) throws -> Week {
        let week = try course.week(number)
        guard isImplemented(week) else { throw RoadmapError.weekNotImplemented(number: number, name: week.name) }
        return week
    }

    /// The week's fingerprint as the disk is now (`assess` records this one).
    public func fingerprint(of week: Week) throws -> String {
        try Fingerprinter(root: root, table: table).fingerprint(of: week.name)
    }

    /// The same, computed at most once per week in this invocation (for the verbs that compare
    /// every week's recorded fingerprint: status, list, next, show, report).
    public func currentFingerprint(of week: Week) throws -> String {
        try Fingerprinter(root: root, table: table, cache: fingerprints).fingerprint(of: week.name)
    }

    static func read(_ url: URL) throws -> String {
        do {
            return try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw RoadmapError.io(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
    }
}
