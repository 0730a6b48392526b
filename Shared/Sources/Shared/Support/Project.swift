// Where things are: the repository root, Datasets/, and the ignored Output/ folder.
//
// The root is CURRICULUM_ROOT if set, else the nearest folder above the current directory that
// holds Package.swift and Weeks/, else the folder this file was compiled from (so tests and
// `swift run` work from anywhere inside the checkout).

import Foundation

public enum Project {
    public static var root: URL {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["CURRICULUM_ROOT"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        var dir = URL(fileURLWithPath: fm.currentDirectoryPath, isDirectory: true)
        while dir.path != "/" {
            if fm.fileExists(atPath: dir.appendingPathComponent("Package.swift").path),
               fm.fileExists(atPath: dir.appendingPathComponent("Weeks").path) {
                return dir
            }
            dir.deleteLastPathComponent()
        }
        // Shared/Sources/Shared/Support/Project.swift → five levels up.
        var compiled = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { compiled.deleteLastPathComponent() }
        return compiled
    }

    public static var datasets: URL { root.appendingPathComponent("Datasets", isDirectory: true) }

    /// Output/<name>, created if needed (git-ignored).
    public static func outputDirectory(_ name: String) throws -> URL {
        let url = root.appendingPathComponent("Output", isDirectory: true).appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A path relative to the current directory when it is inside it (for printing).
    public static func display(_ url: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return url.path.hasPrefix(cwd) ? String(url.path.dropFirst(cwd.count)) : url.path
    }
}
