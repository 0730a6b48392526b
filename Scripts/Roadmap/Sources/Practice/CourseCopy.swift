// The copy of the course that `roadmap prove` blanks and builds, so the learner's tree is never
// touched: Package.swift, Roadmap.md, Shared, Weeks and Scripts, without hidden entries (build
// folders, temporary files); Datasets is a symlink to the original. The copy is synchronised, not recreated: a file
// whose bytes are unchanged keeps its modification time, so a rebuild in the same scratch path is
// incremental.

import Foundation

public enum CourseCopy {
    static let items = ["Package.swift", "Roadmap.md", "Shared", "Weeks", "Scripts"]

    /// Makes `destination` hold exactly the course files of `root`; returns how many files it wrote.
    @discardableResult
    public static func sync(from root: URL, to destination: URL) throws -> Int {
        let fileManager = FileManager.default
        var wanted: Set<String> = []
        var written = 0
        for item in items {
            for relative in files(item, in: root) {
                wanted.insert(relative)
                let source = root.appendingPathComponent(relative)
                let target = destination.appendingPathComponent(relative)
                let data = try readData(source)
                if let existing = try? Data(contentsOf: target), existing == data { continue }
                try create(target.deletingLastPathComponent())
                try AtomicFile.write(data, to: target)
                written += 1
            }
        }
        for item in items {
            for relative in files(item, in: destination) where !wanted.contains(relative) {
                try? fileManager.removeItem(at: destination.appendingPathComponent(relative))
            }
        }
        let datasets = destination.appendingPathComponent("Datasets")
        let original = root.appendingPathComponent("Datasets").standardizedFileURL.path
        if (try? fileManager.destinationOfSymbolicLink(atPath: datasets.path)) != original {
            try? fileManager.removeItem(at: datasets)
            if fileManager.fileExists(atPath: original) {
                try fileManager.createSymbolicLink(atPath: datasets.path, withDestinationPath: original)
            }
        }
        return written
    }

    /// Comments out the copy's Package.swift table lines of the weeks not in `keep` (the weeks proved
    /// and every week they use), so that proving some weeks builds only what they need.
    public static func trimTable(in copy: URL, keeping keep: Set<String>) throws {
        let url = copy.appendingPathComponent("Package.swift")
        let lines = try Workspace.read(url).components(separatedBy: "\n").map { line -> String in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("Week(\""), let name = PackageTable.quotedStrings(in: trimmed).first,
                  !keep.contains(name) else { return line }
            return "// " + line
        }
        try AtomicFile.write(Data(lines.joined(separator: "\n").utf8), to: url)
    }

    /// The weeks and, transitively, every week they use.
    public static func closure(of weeks: [String], in table: PackageTable) -> Set<String> {
        var keep: Set<String> = []
        var pending = weeks
        while let name = pending.popLast() {
            guard keep.insert(name).inserted else { continue }
            pending += table.weeks[name]?.allUses ?? []
        }
        return keep
    }

    /// Regular files (symlinks followed) under `item`, relative to `root`; hidden entries (build
    /// folders, .swiftpm, temporary files) skipped.
    static func files(_ item: String, in root: URL) -> [String] {
        let fileManager = FileManager.default
        let top = root.appendingPathComponent(item)
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: top.path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [item] }
        guard let enumerator = fileManager.enumerator(atPath: top.path) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let components = relative.split(separator: "/")
            if components.contains(where: { $0.hasPrefix(".") }) { continue }
            var isFolder: ObjCBool = false
            guard fileManager.fileExists(atPath: top.appendingPathComponent(relative).path, isDirectory: &isFolder),
                  !isFolder.boolValue else { continue }
            result.append("\(item)/\(relative)")
        }
        return result
    }

    static func readData(_ url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw RoadmapError.io(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
    }

    static func create(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RoadmapError.io(path: folder.path, message: "cannot create: \(error.localizedDescription)")
        }
    }
}
