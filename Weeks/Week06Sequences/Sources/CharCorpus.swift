// The character-level corpus: text → byte ids over the bytes that occur, a train/validation split,
// and the batch layout truncated BPTT needs.
//
// Layout: the training ids are cut into B equal contiguous streams (one per batch row). Chunk k
// of stream b is ids[b·S + k·T ..< b·S + k·T + T] with S the stream length, and its targets are
// the same positions shifted by one. Consecutive chunks continue each stream exactly where the last
// stopped, which is what lets the LSTM state carry over from chunk to chunk.
//
// What this file does not do: no Unicode-aware tokens (multi-byte UTF-8 characters are several
// ids; the sampler joins the bytes back), no shuffling (streams must stay in order).

import Foundation
import Shared

public enum CharCorpusError: Error, CustomStringConvertible {
    case tooShort(bytes: Int, needed: Int)
    case unreadable(String)
    case unknownByte(UInt8)

    public var description: String {
        switch self {
        case let .tooShort(bytes, needed):
            return "the text has \(bytes) bytes; at least \(needed) are needed (use a longer --file or a smaller batch/sequence)"
        case let .unreadable(path):
            return "cannot read \(path) as UTF-8 text (check the path with --file)"
        case let .unknownByte(b):
            return "byte \(b) is not in the model's vocabulary"
        }
    }
}

public struct Vocabulary: Sendable, Equatable {
    /// The distinct bytes, sorted; id = index.
    public let bytes: [UInt8]
    let idOfByte: [Int]  // 256 entries, −1 for bytes not in the vocabulary

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var table = [Int](repeating: -1, count: 256)
        for (i, b) in bytes.enumerated() { table[Int(b)] = i }
        idOfByte = table
    }

    public init(text: [UInt8]) {
        var seen = [Bool](repeating: false, count: 256)
        for b in text { seen[Int(b)] = true }
        self.init(bytes: (0..<256).filter { seen[$0] }.map(UInt8.init))
    }

    public var count: Int { bytes.count }

    public func encode(_ text: [UInt8]) throws -> [Int] {
        try text.map { b in
            let id = idOfByte[Int(b)]
            guard id >= 0 else { throw CharCorpusError.unknownByte(b) }
            return id
        }
    }

    public func decode(_ ids: [Int]) -> String { String(decoding: ids.map { bytes[$0] }, as: UTF8.self) }
}

public struct CharCorpus {
    public let vocabulary: Vocabulary
    public let train: [Int]
    public let validation: [Int]

    /// The last `validationFraction` of the text is held out.
    public init(text: [UInt8], validationFraction: Double = 0.1) throws {
        guard text.count >= 200 else { throw CharCorpusError.tooShort(bytes: text.count, needed: 200) }
        vocabulary = Vocabulary(text: text)
        let ids = try vocabulary.encode(text)
        let cut = Int(Double(ids.count) * (1 - validationFraction))
        train = Array(ids[..<cut])
        validation = Array(ids[cut...])
    }

    /// The Python tutorial (Datasets/python-docs/tutorial/*.rst.txt, sorted, concatenated), or a file.
    public static func loadText(file: String?) throws -> (text: [UInt8], name: String) {
        if let file {
            guard let data = FileManager.default.contents(atPath: file),
                  String(data: data, encoding: .utf8) != nil else { throw CharCorpusError.unreadable(file) }
            return ([UInt8](data), file)
        }
        let folder = try Dataset.pythonDocs.locate().appendingPathComponent("tutorial")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".rst.txt") }.sorted()
        var text: [UInt8] = []
        for name in names {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) { text += data }
        }
        return (text, "Python tutorial (\(names.count) files)")
    }

    /// Cross-entropy (nats/char) of `ids` under the add-one-smoothed byte frequencies of `train`:
    /// the baseline a model that ignores context cannot beat.
    public static func unigramCrossEntropy(train: [Int], evaluate ids: [Int], vocabularySize: Int) -> Double {
        var counts = [Double](repeating: 1, count: vocabularySize)
        for id in train { counts[id] += 1 }
        let total = counts.reduce(0, +)
        var sum = 0.0
        for id in ids { sum -= Foundation.log(counts[id] / total) }
        return sum / Double(ids.count)
    }
}

/// B contiguous streams over `ids`, read T at a time (inputs and next-char targets).
public struct StreamBatcher {
    public let batch: Int
    public let steps: Int
    let ids: [Int]
    let streamLength: Int
    public var position = 0  // offset of the next chunk inside every stream

    public init(ids: [Int], batch: Int, steps: Int) throws {
        let streamLength = (ids.count - 1) / batch
        guard streamLength >= steps else { throw CharCorpusError.tooShort(bytes: ids.count, needed: batch * steps + 1) }
        self.ids = ids
        self.batch = batch
        self.steps = steps
        self.streamLength = streamLength
    }

    public var chunksPerPass: Int { streamLength / steps }

    /// The next chunk: inputs[t][b] and targets[t][b] for t < T, b < B. `wrapped` is true when the
    /// streams restarted from the beginning (the caller must reset its state then).
    public mutating func next() -> (inputs: [[Int]], targets: [[Int]], wrapped: Bool) {
        var wrapped = false
        if position + steps > streamLength {
            position = 0
            wrapped = true
        }
        var inputs: [[Int]] = []
        var targets: [[Int]] = []
        for t in 0..<steps {
            let starts = (0..<batch).map { $0 * streamLength + position + t }
            inputs.append(starts.map { ids[$0] })
            targets.append(starts.map { ids[$0 + 1] })
        }
        position += steps
        return (inputs, targets, wrapped)
    }
}
