// Training a Unigram model (SentencePiece's recipe, smaller): seed a large vocabulary with the
// frequent substrings of the corpus's chunks, then alternate EM (`UnigramModel.addExpectedCounts`)
// and pruning by loss until `vocabularySize` pieces are left. See Unigram.swift for the math.
//
//   seed       every substring of a unique chunk, 2…`maxPieceBytes` bytes, that is whole UTF-8
//              characters, scored by frequency × length; the best `seedSize` kept, plus the 256
//              bytes. Initial log p ∝ log(score)
//   rounds     2 EM iterations, then drop the (1 − shrinking) share of the prunable pieces whose
//              removal loses the least likelihood; repeat; finish with 2 EM iterations
//
// Not here: multithreading, SentencePiece's Bayesian M-step and its required-characters rule.

import Foundation
import Shared
import Week08LLMEngineering

public struct UnigramTrainingOptions: Sendable {
    public var vocabularySize: Int
    public var maxPieceBytes = 12
    public var seedSize: Int
    public var shrinking = 0.75
    public var emIterations = 2

    public init(vocabularySize: Int) {
        self.vocabularySize = vocabularySize
        seedSize = 4 * vocabularySize
    }
}

public enum UnigramError: Error, CustomStringConvertible, Equatable {
    case vocabularyTooSmall(Int)

    public var description: String {
        switch self {
        case let .vocabularyTooSmall(n): return "Unigram vocabulary size \(n) must be above 256 (the bytes are always pieces)"
        }
    }
}

extension UnigramModel {
    /// Trains on `text`; `progress(done, total)` after each pruning round (total is an estimate).
    public static func train(_ text: String, options: UnigramTrainingOptions,
                             progress: ((Int, Int) -> Void)? = nil) throws -> UnigramModel {
        guard options.vocabularySize > 256 else { throw UnigramError.vocabularyTooSmall(options.vocabularySize) }
        let corpus = uniqueChunks(text)
        var model = seed(corpus, options: options)
        let rounds = max(1, Int((log(Double(model.vocabularySize) / Double(options.vocabularySize)) / -log(options.shrinking)).rounded(.up)))
        var round = 0
        while true {
            for _ in 0..<options.emIterations { model = model.emStep(corpus) }
            if model.vocabularySize <= options.vocabularySize { break }
            model = model.pruned(corpus, keeping: max(options.vocabularySize, Int(Double(model.vocabularySize) * options.shrinking)))
            round += 1
            progress?(min(round, rounds), rounds)
        }
        return model
    }

    /// Unique chunks (bytes) of `text` with their counts, in order of first appearance.
    static func uniqueChunks(_ text: String) -> [(bytes: [UInt8], count: Double)] {
        var index: [String: Int] = [:]
        var out: [(bytes: [UInt8], count: Double)] = []
        for chunk in BPETokenizer.chunks(text) {
            if let i = index[chunk] { out[i].count += 1 } else { index[chunk] = out.count; out.append((Array(chunk.utf8), 1)) }
        }
        return out
    }

    static func seed(_ corpus: [(bytes: [UInt8], count: Double)], options: UnigramTrainingOptions) -> UnigramModel {
        var byteCounts = [Double](repeating: 0, count: 256)
        var substrings: [[UInt8]: Double] = [:]
        for (bytes, count) in corpus {
            // character starts: bytes that are not UTF-8 continuation bytes 10xxxxxx
            let starts = bytes.indices.filter { bytes[$0] & 0xC0 != 0x80 } + [bytes.count]
            for b in bytes { byteCounts[Int(b)] += count }
            for a in 0..<(starts.count - 1) {
                var e = a + 2
                while e < starts.count && starts[e] - starts[a] <= options.maxPieceBytes {
                    substrings[Array(bytes[starts[a]..<starts[e]]), default: 0] += count
                    e += 1
                }
            }
        }
        let kept = substrings.filter { $0.value >= 2 }
            .map { (piece: $0.key, frequency: $0.value, score: $0.value * Double($0.key.count)) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.piece.lexicographicallyPrecedes($1.piece) }
            .prefix(options.seedSize)
        var pieces = (0..<256).map { [UInt8($0)] }
        var scores = byteCounts.map { max($0, 0.5) }
        for seed in kept { pieces.append(seed.piece); scores.append(seed.score) }
        let logTotal = log(scores.reduce(0, +))
        return UnigramModel(pieces: pieces, logProbabilities: scores.map { log($0) - logTotal })
    }

    /// One EM iteration over the corpus; pieces (not bytes) with expected count < 0.5 are dropped.
    func emStep(_ corpus: [(bytes: [UInt8], count: Double)]) -> UnigramModel {
        var expected = [Double](repeating: 0, count: vocabularySize)
        for (bytes, count) in corpus { addExpectedCounts(bytes, count: count, into: &expected) }
        var newPieces: [[UInt8]] = []
        var newCounts: [Double] = []
        for id in 0..<vocabularySize where id < 256 || expected[id] >= 0.5 {
            newPieces.append(pieces[id])
            newCounts.append(id < 256 ? max(expected[id], 0.5) : expected[id])  // an unseen byte keeps a floor
        }
        let logTotal = log(newCounts.reduce(0, +))
        return UnigramModel(pieces: newPieces, logProbabilities: newCounts.map { log($0) - logTotal })
    }

    /// Keeps the bytes and the `keeping − 256` pieces whose removal would lose the most likelihood.
    func pruned(_ corpus: [(bytes: [UInt8], count: Double)], keeping: Int) -> UnigramModel {
        // how often each piece is used in the Viterbi segmentations
        var frequency = [Double](repeating: 0, count: vocabularySize)
        for (bytes, count) in corpus { for id in viterbi(bytes).ids { frequency[id] += count } }
        var loss: [(id: Int, loss: Double)] = []
        for id in 256..<vocabularySize {
            // the piece's best segmentation without itself: Viterbi over its bytes, excluding the whole
            let alternative = bestScore(pieces[id], excluding: id)
            loss.append((id, frequency[id] * (logProbabilities[id] - alternative)))
        }
        loss.sort { $0.loss != $1.loss ? $0.loss > $1.loss : $0.id < $1.id }
        let keptIDs = (0..<256) + loss.prefix(keeping - 256).map(\.id).sorted()
        return UnigramModel(pieces: keptIDs.map { pieces[$0] }, logProbabilities: keptIDs.map { logProbabilities[$0] })
    }

    /// The best score of `bytes` into pieces other than `excluded`.
    func bestScore(_ bytes: [UInt8], excluding excluded: Int) -> Double {
        let n = bytes.count
        var best = [Double](repeating: -.infinity, count: n + 1)
        best[0] = 0
        for i in 0..<n where best[i] > -.infinity {
            trie.forEachMatch(bytes, from: i) { id, end in
                if id != excluded { best[end] = max(best[end], best[i] + logProbabilities[id]) }
            }
        }
        return best[n]
    }
}
