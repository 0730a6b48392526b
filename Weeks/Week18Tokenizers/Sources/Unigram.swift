// A Unigram language-model tokenizer in the style of SentencePiece (Kudo 2018): a vocabulary of
// pieces with log-probabilities; a text's segmentation x = (x1…xn) scores Σ log p(xi), and
// encoding picks the best one (Viterbi) or samples one (subword regularisation).
//
//   alphabet   pieces are byte strings; ids 0…255 are the single bytes and are never pruned, so
//              any text — any character never seen in training — encodes (byte fallback; the
//              OOV behaviour). Longer pieces are whole UTF-8 characters (valid UTF-8).
//   chunks     the text is pre-split with week 8's GPT-2 pattern (`BPETokenizer.chunks`), so a
//              piece never crosses a word boundary, as with the BPE
//   Viterbi    best[j] = max over pieces w ending at j of best[j − |w|] + log p(w)      O(n·L)
//   forward    α[j] = logsumexp over pieces w ending at j of α[j − |w|] + log p(w); α[n] = log Z
//   backward   β[i] = logsumexp over pieces w starting at i of log p(w) + β[i + |w|]
//   E-step     expected count of piece w at (i, j): count(chunk) · exp(α[i] + log p(w) + β[j] − log Z)
//   M-step     log p(w) = log(count(w) / Σ counts); pieces with expected count < 0.5 drop out
//   pruning    loss(w) = viterbi frequency of w × (log p(w) − score of w's best segmentation
//              without w): the likelihood lost if w goes; keep the `shrinking` share with the
//              largest loss, then EM again, until the vocabulary has the requested size
//   sampling   forward-filtering, backward-sampling over p(w)^θ: an exact sample from
//              P(x | text) ∝ Π p(xi)^θ (θ = 1: the model's own distribution)
//
// Not here: SentencePiece's suffix-array seeding (we count substrings of the unique chunks up to
// `maxPieceBytes`), its digamma (Bayesian) M-step, normalisation (NFKC) and the ▁ space marker.

import Foundation
import Shared
import Week08LLMEngineering

public struct UnigramModel: Sendable {
    /// pieces[id]: the bytes of the piece; ids 0…255 are the single bytes.
    public private(set) var pieces: [[UInt8]]
    /// logProbabilities[id] = log p(piece).
    public private(set) var logProbabilities: [Double]
    var trie: ByteTrie

    public init(pieces: [[UInt8]], logProbabilities: [Double]) {
        precondition(pieces.count == logProbabilities.count && pieces.count >= 256)
        self.pieces = pieces
        self.logProbabilities = logProbabilities
        trie = ByteTrie(pieces)
    }

    public var vocabularySize: Int { pieces.count }

    // MARK: Segmentation

    /// The highest-scoring segmentation of `bytes` into pieces, as ids, and its score Σ log p.
    public func viterbi(_ bytes: [UInt8]) -> (ids: [Int], score: Double) {
        // exercise unigram-viterbi: Find the segmentation of `bytes` into pieces with the largest Σ log p, by dynamic programming.
        // hint: best[j] is the best score of bytes[0..<j]; for each start i, `trie.matches(bytes, from: i)` gives every piece starting there with its end.
        // hint: Remember, for each end j, the piece that reached it best; read the ids back from the end.
        // tests: UnigramTests/testViterbiEqualsBruteForce
        let n = bytes.count
        var best = [Double](repeating: -.infinity, count: n + 1)
        var backPiece = [Int](repeating: -1, count: n + 1)
        best[0] = 0
        for i in 0..<n where best[i] > -.infinity {
            trie.forEachMatch(bytes, from: i) { id, end in
                let score = best[i] + logProbabilities[id]
                if score > best[end] { best[end] = score; backPiece[end] = id }
            }
        }
        var ids: [Int] = []
        var j = n
        while j > 0 {
            let id = backPiece[j]
            ids.append(id)
            j -= pieces[id].count
        }
        return (ids.reversed(), best[n])
        // end exercise unigram-viterbi
    }

    /// log Z = log Σ over all segmentations of exp(score): the forward pass's last entry.
    public func forward(_ bytes: [UInt8], sharpness: Double = 1) -> [Double] {
        let n = bytes.count
        var alpha = [Double](repeating: -.infinity, count: n + 1)
        alpha[0] = 0
        for i in 0..<n where alpha[i] > -.infinity {
            trie.forEachMatch(bytes, from: i) { id, end in
                alpha[end] = logAddExp(alpha[end], alpha[i] + sharpness * logProbabilities[id])
            }
        }
        return alpha
    }

    /// Adds count · P(piece at (i, j) | bytes) to expected[id] for every piece occurrence; returns log Z.
    @discardableResult
    public func addExpectedCounts(_ bytes: [UInt8], count: Double, into expected: inout [Double]) -> Double {
        // exercise em-expected-counts: The E-step for one chunk: each piece occurrence's posterior probability, by forward-backward.
        // hint: `forward(bytes)` gives α; compute β from the end the same way (β[n] = 0, β[i] = logsumexp over pieces starting at i of log p + β[end]).
        // hint: The occurrence of piece w over (i, end) has posterior exp(α[i] + log p(w) + β[end] − α[n]); add count times that.
        // tests: UnigramTests/testExpectedCountsEqualBruteForce
        let n = bytes.count
        let alpha = forward(bytes)
        var beta = [Double](repeating: -.infinity, count: n + 1)
        beta[n] = 0
        for i in stride(from: n - 1, through: 0, by: -1) {
            trie.forEachMatch(bytes, from: i) { id, end in
                beta[i] = logAddExp(beta[i], logProbabilities[id] + beta[end])
            }
        }
        let logZ = alpha[n]
        for i in 0..<n where alpha[i] > -.infinity {
            trie.forEachMatch(bytes, from: i) { id, end in
                expected[id] += count * Foundation.exp(alpha[i] + logProbabilities[id] + beta[end] - logZ)
            }
        }
        return logZ
        // end exercise em-expected-counts
    }

    /// One segmentation drawn from P(x | bytes) ∝ Π p(xi)^sharpness (forward filtering, backward sampling).
    public func sample(_ bytes: [UInt8], sharpness: Double = 1, using rng: inout SplitMix64) -> [Int] {
        // exercise unigram-sample: Draw one segmentation with probability ∝ Π p(piece)^sharpness, exactly.
        // hint: Run the forward pass with the same sharpness; α[j] sums every way of reaching j.
        // hint: Walk back from the end: the last piece ends at j and starts at s with weight exp(α[s] + θ·log p − α[j]); pick one, move to s.
        // tests: UnigramTests/testSamplingFollowsThePosterior
        let alpha = forward(bytes, sharpness: sharpness)
        var ids: [Int] = []
        var j = bytes.count
        while j > 0 {
            // the pieces ending at j, weighted by exp(α[start] + θ log p)
            var candidates: [(id: Int, weight: Double)] = []
            for start in max(0, j - trie.maxLength)..<j where alpha[start] > -.infinity {
                if let id = trie.lookup(bytes, start, j) {
                    candidates.append((id, Foundation.exp(alpha[start] + sharpness * logProbabilities[id] - alpha[j])))
                }
            }
            var u = rng.nextUnitDouble() * candidates.reduce(0) { $0 + $1.weight }
            var chosen = candidates[candidates.count - 1].id
            for c in candidates {
                u -= c.weight
                if u <= 0 { chosen = c.id; break }
            }
            ids.append(chosen)
            j -= pieces[chosen].count
        }
        return ids.reversed()
        // end exercise unigram-sample
    }

    // MARK: Text

    public func encode(_ text: String) -> [Int] {
        var out: [Int] = []
        for chunk in BPETokenizer.chunks(text) { out += viterbi(Array(chunk.utf8)).ids }
        return out
    }

    public func sampleEncoding(_ text: String, sharpness: Double = 1, using rng: inout SplitMix64) -> [Int] {
        var out: [Int] = []
        for chunk in BPETokenizer.chunks(text) { out += sample(Array(chunk.utf8), sharpness: sharpness, using: &rng) }
        return out
    }

    /// The bytes of the ids; ids outside the vocabulary are skipped.
    public func decodeBytes(_ ids: [Int]) -> [UInt8] {
        var out: [UInt8] = []
        for id in ids where id >= 0 && id < pieces.count { out += pieces[id] }
        return out
    }

    /// Text of the ids (an invalid UTF-8 sequence, e.g. half a character, becomes U+FFFD).
    public func decode(_ ids: [Int]) -> String { String(decoding: decodeBytes(ids), as: UTF8.self) }
}

/// log(e^a + e^b) without overflow; −∞ is the identity.
@inline(__always)
func logAddExp(_ a: Double, _ b: Double) -> Double {
    if a == -.infinity { return b }
    if b == -.infinity { return a }
    let m = Swift.max(a, b)
    return m + Foundation.log(Foundation.exp(a - m) + Foundation.exp(b - m))
}

/// A byte trie over the pieces: every piece that starts at a position, in one walk.
struct ByteTrie: Sendable {
    /// children[node * 256 + byte] = child node, or -1 (dense: the vocabularies here are small).
    var children: [Int32]
    /// pieceAt[node] = id of the piece ending at the node, or -1.
    var pieceAt: [Int32]
    private(set) var maxLength = 0

    init(_ pieces: [[UInt8]]) {
        children = [Int32](repeating: -1, count: 256)
        pieceAt = [-1]
        for (id, piece) in pieces.enumerated() {
            var node = 0
            for b in piece {
                let slot = node * 256 + Int(b)
                if children[slot] < 0 {
                    children[slot] = Int32(pieceAt.count)
                    pieceAt.append(-1)
                    children += [Int32](repeating: -1, count: 256)
                }
                node = Int(children[slot])
            }
            pieceAt[node] = Int32(id)
            maxLength = Swift.max(maxLength, piece.count)
        }
    }

    /// Calls body(id, end) for each piece equal to bytes[start..<end].
    @inline(__always)
    func forEachMatch(_ bytes: [UInt8], from start: Int, _ body: (Int, Int) -> Void) {
        var node = 0
        var j = start
        while j < bytes.count {
            let next = children[node * 256 + Int(bytes[j])]
            if next < 0 { return }
            node = Int(next)
            j += 1
            if pieceAt[node] >= 0 { body(Int(pieceAt[node]), j) }
        }
    }

    func lookup(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        var node = 0
        for j in start..<end {
            let next = children[node * 256 + Int(bytes[j])]
            if next < 0 { return nil }
            node = Int(next)
        }
        return pieceAt[node] >= 0 ? Int(pieceAt[node]) : nil
    }
}
