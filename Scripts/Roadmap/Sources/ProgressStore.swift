// Loading and saving Progress.json. Reading never writes. Every change goes through `update`,
// which holds a lock on Progress.json.lock across load → modify → save, and saves atomically.
// If the file had an older schema, its original bytes are kept as Progress.json.v<N>.bak
// before the migrated version replaces it.

import Foundation

public struct ProgressStore: Sendable {
    public let url: URL
    public var migrations: [Int: ProgressMigration]
    /// Test hook: see AtomicFile.write(_:to:pauseMidWrite:).
    public var writePause: UInt32

    public init(root: URL, migrations: [Int: ProgressMigration] = ProgressCodec.migrations, writePause: UInt32 = 0) {
        self.url = root.appendingPathComponent("Progress.json")
        self.migrations = migrations
        self.writePause = writePause
    }

    public var lockURL: URL { url.appendingPathExtension("lock") }

    /// The stored progress; a fresh one if the file does not exist yet.
    public func load() throws -> LearnerProgress {
        try loadDecoded().decoded.progress
    }

    func loadDecoded() throws -> (decoded: DecodedProgress, original: Data?) {
        guard FileManager.default.fileExists(atPath: url.path) else {
            return (DecodedProgress(progress: LearnerProgress(), migratedFrom: nil), nil)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RoadmapError.io(path: url.path, message: "cannot read: \(error.localizedDescription)")
        }
        return (try ProgressCodec.decode(data, path: url.lastPathComponent, migrations: migrations), data)
    }

    /// Load, let `body` change the progress, and save it if it changed — all under the lock.
    @discardableResult
    public func update<T>(_ body: (inout LearnerProgress) throws -> T) throws -> T {
        try FileLock.withExclusiveLock(lockURL) {
            let (decoded, original) = try loadDecoded()
            var progress = decoded.progress
            let result = try body(&progress)
            if progress != decoded.progress || decoded.migratedFrom != nil || original == nil {
                if let version = decoded.migratedFrom, let original {
                    let backup = url.deletingPathExtension().appendingPathExtension("v\(version).json.bak")
                    if !FileManager.default.fileExists(atPath: backup.path) {
                        try AtomicFile.write(original, to: backup)
                    }
                }
                try AtomicFile.write(ProgressCodec.encode(progress), to: url, pauseMidWrite: writePause)
            }
            return result
        }
    }
}
