// A week's fingerprint: a hash of everything its Assess verdict depends on. A passed week whose
// fingerprint has changed since is stale: something it relies on moved, so its verdict no longer
// proves anything. The hash covers
//
//   - the week's Sources, App and Tests (and the folders of its further libraries), every file;
//   - the week's line in Package.swift;
//   - recursively, the fingerprints of the earlier weeks it and its libraries `uses:`;
//   - the files of Shared/Sources the week uses (SharedUsage.swift), not all of Shared: a Swift
//     file of Shared or TestSupport is used when a name it declares — a type, typealias, enum
//     case, function or property at file level or in a type or extension body, of 3 characters
//     or more and not in a short stop list (init, run, main, count, value, …) — appears as an
//     identifier in the week's own Swift files, or in a Shared file already used (closed over
//     Shared → Shared references). CHelpers counts when a used Swift file imports it; COpenBLAS
//     when one imports it or CHelpers counts.
//
// So a new Shared file with a new type leaves every week valid; an edit to a Shared file a week
// uses, to the week, or to a week it uses makes it stale. The rule over-approximates (a week's
// own `shape` "mentions" Shared's `shape`); a change it can miss is one that alters a build
// without the week naming anything it declares (a new overload that wins, a clashing name).
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
    /// Shared across calls: what was read once (Shared's index, finished fingerprints) is not read
    /// again. Without one, every call reads the disk afresh.
    let cache: FingerprintCache?

    public init(root: URL, table: PackageTable) {
        self.init(root: root, table: table, cache: nil)
    }

    init(root: URL, table: PackageTable, cache: FingerprintCache?) {
        self.root = root
        self.table = table
        self.cache = cache
    }

    /// "fnv1a64:<16 hex digits>" for the named week.
    public func fingerprint(of name: String) throws -> String {
        guard let cache else {
            var memo: [String: String] = [:]
            return try fingerprint(of: name, shared: try SharedIndex(root: root, list: files(under:)), memo: &memo, visiting: [])
        }
        return try cache.withState { state in
            let shared = try state.shared ?? SharedIndex(root: root, list: files(under:))
            state.shared = shared
            return try fingerprint(of: name, shared: shared, memo: &state.memo, visiting: [])
        }
    }

    /// The Shared files (relative paths, sorted) that the named week's build uses.
    public func sharedFiles(usedBy name: String) throws -> [String] {
        let shared = try SharedIndex(root: root, list: files(under:))
        return shared.used(by: try names(in: try ownFiles(of: name)))
    }

    func fingerprint(of name: String, shared: SharedIndex, memo: inout [String: String],
                     visiting: Set<String>) throws -> String {
        if let known = memo[name] { return known }
        guard !visiting.contains(name) else {
            throw RoadmapError.io(path: "Package.swift", message: "weeks use each other in a cycle through \(name)")
        }
        var hash = FNV1a64()
        hash.combine("entry")
        hash.combine(table.weeks[name]?.entry ?? "")
        let own = try ownFiles(of: name)
        for path in own + shared.used(by: try names(in: own)) {
            hash.combine(path)
            hash.combine(try Data(contentsOf: root.appendingPathComponent(path)))
        }
        for used in table.weeks[name]?.allUses ?? [] {
            hash.combine("uses")
            hash.combine(try fingerprint(of: used, shared: shared, memo: &memo, visiting: visiting.union([name])))
        }
        let result = "fnv1a64:" + hash.hex
        memo[name] = result
        return result
    }

    /// The files of the week's own folders: Sources, App, Tests and its further libraries.
    func ownFiles(of name: String) throws -> [String] {
        let libraries = table.weeks[name]?.libraries.map(\.folder) ?? []
        return try (["Sources", "App", "Tests"] + libraries).flatMap { try files(under: "Weeks/\(name)/\($0)") }
    }

    /// What the Swift files among `paths` mention, declare and import, together.
    func names(in paths: [String]) throws -> SwiftNames {
        var all = SwiftNames()
        for path in paths where path.hasSuffix(".swift") {
            let names = SwiftNames.scan([UInt8](try Data(contentsOf: root.appendingPathComponent(path))))
            all.identifiers.formUnion(names.identifiers)
            all.imports.formUnion(names.imports)
        }
        return all
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

/// What one `roadmap` invocation has read for fingerprints (Workspace holds one), so `status`
/// scans Shared once rather than once per week.
final class FingerprintCache: @unchecked Sendable {
    struct State {
        var shared: SharedIndex?
        var memo: [String: String] = [:]
    }

    private let lock = NSLock()
    private var state = State()

    func withState<T>(_ body: (inout State) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}
