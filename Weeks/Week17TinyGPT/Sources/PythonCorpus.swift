// The text of week 17: the Python docs (.rst.txt, week 15's split by file) and Python's NEWS
// (release sections as documents), held out by document, tokenised with week 8's byte-level BPE
// trained on the training side only.
//
//   docs sections ──DocsSplit (every k-th file held out)──┐
//   NEWS ──cut at "What's New in Python …" headings──────┤ train bytes ──BPE.train (first N bytes)──▶ merges
//        ──DocsSplit (every k-th release held out)───────┘ held-out bytes                          │
//   train bytes, held-out bytes ──encode──▶ token streams (TokenWindows)  ◀──────────────────────┘
//
// Held-out documents are whole files (docs) or whole releases (NEWS) the model never saw, and the
// tokenizer never saw them either. The same two byte streams feed week 15's LSTM in `compare`, so
// bits/byte is measured on exactly the same text.
//
// What this file does not do: no end-of-text token between documents (they are concatenated, as
// week 15 does), no de-duplication, no HISTORY by default (`newsFiles` may add it).

import Foundation
import Shared
import Week06Sequences
import Week08LLMEngineering
import Week15CharLM

/// Train and held-out bytes, split by document.
public struct CorpusSplit: Sendable {
    public var train: [UInt8]
    public var heldOut: [UInt8]
    public var trainDocuments: Int
    public var heldOutDocuments: Int
}

public enum PythonCorpus {
    /// NEWS cut into its release sections (each starting at a "What's New in Python" line; the
    /// title block before the first belongs to it), named "NEWS/0001", "NEWS/0002", … in file order.
    public static func releases(_ text: [UInt8], name: String) -> [(name: String, text: [UInt8])] {
        let marker = Array("What's New in Python".utf8)
        var starts: [Int] = []
        var lineStart = 0
        for i in 0...text.count {
            guard i == text.count || text[i] == 0x0A else { continue }
            if i - lineStart >= marker.count, Array(text[lineStart..<(lineStart + marker.count)]) == marker {
                starts.append(lineStart)
            }
            lineStart = i + 1
        }
        let bounds = [0] + starts.dropFirst() + [text.count]
        return (0..<(bounds.count - 1)).map { k in
            (name + "/" + String(format: "%04d", k + 1), Array(text[bounds[k]..<bounds[k + 1]]))
        }
    }

    /// The bytes of a week-15 split, side by side.
    static func bytes(_ split: DocsSplit) -> (train: [UInt8], heldOut: [UInt8]) {
        let table = split.vocabulary.bytes
        return (split.train.map { table[$0] }, split.validation.map { table[$0] })
    }

    /// Docs `sections` (every `holdOutEvery`-th file held out) then the NEWS releases of `newsFiles`
    /// (every `holdOutEvery`-th release held out), each side concatenated docs first.
    public static func split(sections: [String], newsFiles: [String], holdOutEvery: Int) throws -> CorpusSplit {
        var result = CorpusSplit(train: [], heldOut: [], trainDocuments: 0, heldOutDocuments: 0)
        func add(_ split: DocsSplit) {
            let b = bytes(split)
            result.train += b.train
            result.heldOut += b.heldOut
            result.trainDocuments += split.trainFiles.count
            result.heldOutDocuments += split.validationFiles.count
        }
        if !sections.isEmpty {
            add(try DocsSplit.load(root: try Dataset.pythonDocs.locate(), sections: sections, holdOutEvery: holdOutEvery))
        }
        if !newsFiles.isEmpty {
            let folder = try Dataset.pythonNews.locate()
            var documents: [(name: String, text: [UInt8])] = []
            for file in newsFiles {
                let url = folder.appendingPathComponent(file)
                guard let data = FileManager.default.contents(atPath: url.path) else { throw DocsSplitError.unreadable(url.path) }
                documents += releases([UInt8](data), name: file)
            }
            add(try DocsSplit(documents: documents, holdOutEvery: holdOutEvery))
        }
        return result
    }
}

/// The corpus as token streams: the tokenizer, both sides' ids, and each id's byte length.
public struct TokenizedCorpus: Sendable {
    public let tokenizer: BPETokenizer
    public let train: [Int]
    public let heldOut: [Int]
    public let split: CorpusSplit

    /// Trains BPE to `vocabularySize` on the first `bpeBytes` bytes of the training side, then
    /// encodes both sides.
    public init(split: CorpusSplit, vocabularySize: Int, bpeBytes: Int, progress: ((Int, Int) -> Void)? = nil) throws {
        let sample = String(decoding: split.train.prefix(bpeBytes), as: UTF8.self)
        let tokenizer = try BPETokenizer.train(sample, vocabularySize: vocabularySize, progress: progress)
        try self.init(split: split, tokenizer: tokenizer)
    }

    public init(split: CorpusSplit, tokenizer: BPETokenizer) throws {
        self.split = split
        self.tokenizer = tokenizer
        train = tokenizer.encode(String(decoding: split.train, as: UTF8.self))
        heldOut = tokenizer.encode(String(decoding: split.heldOut, as: UTF8.self))
    }

    /// Bytes each id stands for.
    public var byteLengths: [Int] { tokenizer.vocabulary.map(\.count) }
}
