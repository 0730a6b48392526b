// The corpus of week 15: .rst.txt files of the Python docs, split by *file* (not by line), so the
// held-out text is documents the models never saw, not the rest of a page they trained on.
//
//   files (sorted by path) ──every k-th──▶ validation      the others ──▶ train
//   each side: its files' bytes concatenated in path order → ids over one shared vocabulary
//
// The vocabulary is the set of bytes of *both* sides (a byte alphabet, not learned statistics:
// knowing that "é" can occur tells a model nothing about how often), so every held-out byte has
// an id and every model scores every held-out character.
//
// What this file does not do: no tokenisation beyond bytes (week 6's Vocabulary), no shuffling
// of files (the split is fixed by the paths alone), no de-duplication of repeated boilerplate.

import Foundation
import Shared
import Week06Sequences

public enum DocsSplitError: Error, CustomStringConvertible {
    case noFiles(String)
    case unreadable(String)

    public var description: String {
        switch self {
        case let .noFiles(folder): return "no .rst.txt files under \(folder) (check --sections; run Scripts/setup.sh for the data)"
        case let .unreadable(path): return "cannot read \(path)"
        }
    }
}

public struct DocsSplit {
    public let vocabulary: Vocabulary
    public let train: [Int]
    public let validation: [Int]
    public let trainFiles: [String]
    public let validationFiles: [String]

    /// Texts given by name (tests): names sorted, every `holdOutEvery`-th (index k−1, 2k−1, …) held out.
    public init(documents: [(name: String, text: [UInt8])], holdOutEvery: Int) throws {
        // exercise docs-split: Split documents by file into train and validation (every k-th by sorted name held out) over one shared byte vocabulary.
        // hint: Sort by name first so the split depends on the paths alone; the file at sorted index i is held out when i % k == k − 1.
        // hint: Concatenate each side's texts in that order; refuse a split where either side ends up empty.
        // hint: Build the Vocabulary from the bytes of both sides together, then encode each side with it.
        // tests: SplitAndCheckpointTests/testEveryKthFileIsHeldOut
        let sorted = documents.sorted { $0.name < $1.name }
        var trainText: [UInt8] = [], validationText: [UInt8] = []
        var trainNames: [String] = [], validationNames: [String] = []
        for (index, document) in sorted.enumerated() {
            if holdOutEvery > 0 && index % holdOutEvery == holdOutEvery - 1 {
                validationText += document.text
                validationNames.append(document.name)
            } else {
                trainText += document.text
                trainNames.append(document.name)
            }
        }
        guard !trainText.isEmpty, !validationText.isEmpty else {
            throw CharCorpusError.tooShort(bytes: trainText.count + validationText.count, needed: 2)
        }
        vocabulary = Vocabulary(text: trainText + validationText)
        train = try vocabulary.encode(trainText)
        validation = try vocabulary.encode(validationText)
        trainFiles = trainNames
        validationFiles = validationNames
        // end exercise docs-split
    }

    /// Every .rst.txt file under the given sections (sub-folders) of `root`, recursively.
    public static func load(root: URL, sections: [String], holdOutEvery: Int) throws -> DocsSplit {
        var documents: [(name: String, text: [UInt8])] = []
        for section in sections {
            let folder = root.appendingPathComponent(section)
            guard let walker = FileManager.default.enumerator(atPath: folder.path) else { throw DocsSplitError.noFiles(folder.path) }
            let names = walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".rst.txt") }
            guard !names.isEmpty else { throw DocsSplitError.noFiles(folder.path) }
            for name in names {
                let path = folder.appendingPathComponent(name).path
                guard let data = FileManager.default.contents(atPath: path) else { throw DocsSplitError.unreadable(path) }
                documents.append((section + "/" + name, [UInt8](data)))
            }
        }
        return try DocsSplit(documents: documents, holdOutEvery: holdOutEvery)
    }
}
