// The corpus: every text file under a folder, named by its path relative to that folder
// (`library/json.rst.txt` for the Python docs, whose folder is the `_sources` root).
//
// Files are read as UTF-8 (invalid bytes are replaced, never fatal). Hidden files and folders are
// skipped. The listing is sorted, so chunk ids are the same on every machine.

import Foundation
import Shared

public struct SourceDocument: Sendable, Equatable {
    /// Path relative to the corpus root, with "/" separators.
    public var path: String
    public var text: String
    public var size: Int
    /// Modification time in whole milliseconds since 1970 (part of the index fingerprint).
    public var modified: Int64

    public init(path: String, text: String, size: Int = 0, modified: Int64 = 0) {
        self.path = path
        self.text = text
        self.size = size
        self.modified = modified
    }
}

public enum CorpusError: Error, CustomStringConvertible, Equatable {
    case notAFolder(String)
    case empty(String, extensions: [String])

    public var description: String {
        switch self {
        case let .notAFolder(path): return "\(path) is not a folder (give --docs a folder of .rst/.txt/.md files)"
        case let .empty(path, extensions):
            return "\(path) holds no text files (looked for \(extensions.joined(separator: ", ")))"
        }
    }
}

public enum Corpus {
    public static let textExtensions = [".rst.txt", ".rst", ".txt", ".md"]

    /// The relative paths, sizes and modification times of the text files under `root`, sorted.
    public static func list(_ root: URL) throws -> [(path: String, url: URL, size: Int, modified: Int64)] {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CorpusError.notAFolder(root.path)
        }
        let base = root.resolvingSymlinksInPath().standardizedFileURL.path
        let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]
        guard let walker = fm.enumerator(at: root.resolvingSymlinksInPath(), includingPropertiesForKeys: keys,
                                         options: [.skipsHiddenFiles]) else {
            throw CorpusError.notAFolder(root.path)
        }
        var found: [(path: String, url: URL, size: Int, modified: Int64)] = []
        for case let url as URL in walker {
            let name = url.lastPathComponent.lowercased()
            guard textExtensions.contains(where: { name.hasSuffix($0) }) else { continue }
            let values = try? url.resourceValues(forKeys: Set(keys))
            guard values?.isRegularFile == true else { continue }
            var full = url.standardizedFileURL.path
            if full.hasPrefix(base + "/") { full.removeFirst(base.count + 1) }
            let modified = Int64(((values?.contentModificationDate?.timeIntervalSince1970) ?? 0) * 1000)
            found.append((full, url, values?.fileSize ?? 0, modified))
        }
        guard !found.isEmpty else { throw CorpusError.empty(root.path, extensions: textExtensions) }
        return found.sorted { $0.path < $1.path }
    }

    /// Every text file under `root`, read.
    public static func load(_ root: URL) throws -> [SourceDocument] {
        try list(root).map { entry in
            let bytes = try FileIO.readBytes(entry.url)
            let text = String(decoding: bytes, as: UTF8.self)
            return SourceDocument(path: entry.path, text: text, size: entry.size, modified: entry.modified)
        }
    }
}
