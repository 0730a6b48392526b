// The aside store of practice mode, a git-ignored folder that is also its journal:
//
//   .roadmap/practice/Week04MNIST/adam-step.reference.swift   the region as written (header, hints,
//                                                              tests, body, end marker)
//   .roadmap/practice/Week04MNIST/adam-step.original.swift    the whole file before it was blanked
//   .roadmap/practice/Week04MNIST/adam-step.attempt.swift     the learner's region, saved by `reset`
//
// Every file is written atomically (AtomicFile: temporary file, fsync, rename), and always before
// the source file it protects is replaced, so a kill at any instant leaves the reference and the
// learner's code each in the source, in the store, or both. A re-run reads the store to recover:
// a reference present means "practised"; the source's region says how far a blank or restore got.

import Foundation

public struct ExerciseStore: Sendable {
    public let folder: URL

    public init(root: URL) {
        folder = root.appendingPathComponent(".roadmap/practice")
    }

    public var lockURL: URL { folder.appendingPathComponent("lock") }

    func url(_ week: String, _ name: String, _ kind: String) -> URL {
        folder.appendingPathComponent("\(week)/\(name).\(kind).swift")
    }

    public func referenceURL(week: String, name: String) -> URL { url(week, name, "reference") }
    public func originalURL(week: String, name: String) -> URL { url(week, name, "original") }
    public func attemptURL(week: String, name: String) -> URL { url(week, name, "attempt") }

    /// The reference region's lines, if the exercise has been practised.
    public func reference(week: String, name: String) -> [String]? {
        read(referenceURL(week: week, name: name))
    }

    public func attempt(week: String, name: String) -> [String]? {
        read(attemptURL(week: week, name: name))
    }

    /// Saves the whole file (first) and the region (second: its presence marks the exercise practised).
    public func saveReference(_ exercise: Exercise, fileText: String, week: String, pause: UInt32 = 0) throws {
        try write(fileText, to: originalURL(week: week, name: exercise.name), pause: pause)
        try write(exercise.region, to: referenceURL(week: week, name: exercise.name), pause: pause)
    }

    public func saveAttempt(_ lines: [String], week: String, name: String, pause: UInt32 = 0) throws {
        try write(lines.joined(separator: "\n"), to: attemptURL(week: week, name: name), pause: pause)
    }

    /// Forgets the reference once the source holds it again (the attempt stays).
    public func removeReference(week: String, name: String) {
        try? FileManager.default.removeItem(at: referenceURL(week: week, name: name))
        try? FileManager.default.removeItem(at: originalURL(week: week, name: name))
    }

    /// Holds the store's lock, so two `roadmap` processes never blank or restore at the same time.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        try createFolder(folder)
        return try FileLock.withExclusiveLock(lockURL, body)
    }

    func read(_ url: URL) -> [String]? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        return text.components(separatedBy: "\n")
    }

    func write(_ text: String, to url: URL, pause: UInt32) throws {
        try createFolder(url.deletingLastPathComponent())
        try AtomicFile.write(Data(text.utf8), to: url, pauseMidWrite: pause)
    }

    func createFolder(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw RoadmapError.io(path: url.path, message: "cannot create: \(error.localizedDescription)")
        }
    }
}
