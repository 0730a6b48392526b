// A week's fingerprint: a hash of everything its Assess verdict depends on — the week's Sources,
// App and Tests (and the folders of its further libraries), Shared/Sources, the week's line in
// Package.swift, and (recursively) the fingerprints of the earlier weeks it and its libraries `uses:`. A passed week whose fingerprint has changed since
// is stale: something it relies on moved, so its verdict no longer proves anything.
//
// The hash is FNV-1a (64 bit): tiny, dependency-free, and plenty to notice a change. It is not a
// cryptographic hash and does not need to be one.

import Foundation

public struct FNV1a64 {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }

    public mutating func combine(_ text: String) {
        combine(text.utf8)
        combine([0])   // a separator, so ("ab","c") and ("a","bc") differ
    }

    public var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

public struct Fingerprinter {
    public let root: URL
    public let table: PackageTable

    public init(root: URL, table: PackageTable) {
        self.root = root
        self.table = table
    }

    /// "fnv1a64:<16 hex digits>" for the named week.
    public func fingerprint(of name: String) throws -> String {
        var memo: [String: String] = [:]
        return try fingerprint(of: name, memo: &memo, visiting: [])
    }

    func fingerprint(of name: String, memo: inout [String: String], visiting: Set<String>) throws -> String {
        if let known = memo[name] { return known }
        guard !visiting.contains(name) else {
            throw RoadmapError.io(path: "Package.swift", message: "weeks use each other in a cycle through \(name)")
        }
        var hash = FNV1a64()
        hash.combine("entry")
        hash.combine(table.weeks[name]?.entry ?? "")
        let libraries = table.weeks[name]?.libraries.map(\.folder) ?? []
        let folders = (["Sources", "App", "Tests"] + libraries).map { "Weeks/\(name)/\($0)" } + ["Shared/Sources"]
        for folder in folders {
            for path in try files(under: folder) {
                hash.combine(path)
                hash.combine(try Data(contentsOf: root.appendingPathComponent(path)))
            }
        }
        for used in table.weeks[name]?.allUses ?? [] {
            hash.combine("uses")
            hash.combine(try fingerprint(of: used, memo: &memo, visiting: visiting.union([name])))
        }
        let result = "fnv1a64:" + hash.hex
        memo[name] = result
        return result
    }

    /// Relative paths of the regular files under `folder`, sorted; hidden files are skipped.
    func files(under folder: String) throws -> [String] {
        let base = root.appendingPathComponent(folder)
        guard let enumerator = FileManager.default.enumerator(
            at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else { return [] }
        var paths: [String] = []
        let prefix = base.standardizedFileURL.path
        for case let url as URL in enumerator {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let full = url.standardizedFileURL.path
            let relative = full.hasPrefix(prefix) ? String(full.dropFirst(prefix.count)) : url.lastPathComponent
            paths.append(folder + relative)
        }
        return paths.sorted()
    }
}
