// Okapi BM25 over chunks.
//
// Tokenisation (the same for documents and queries): lower-case; a token is a maximal run of
// letters, digits and underscores (ASCII letters are folded, other UTF-8 bytes count as letters),
// so `json.dumps()` → json, dumps and `__init__` stays `__init__`; English stop words are dropped;
// no stemming by default ("dumps" and "dump" are different terms); `tokens(_:stemming: true)` folds
// plurals with Harman's S-stemmer, which lowered BM25's recall@5 on the question set (0.782 → 0.745).
//
// For a query with distinct terms t and a chunk d of length |d| tokens:
//
//   score(d) = Σ_t idf(t) · tf(t,d)·(k1 + 1) / (tf(t,d) + k1·(1 − b + b·|d|/avgdl))
//   idf(t)   = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5))      (N chunks, n(t) of them contain t)
//
// The "+1" inside the log (Lucene's variant) keeps idf positive for terms in over half the chunks.

import Foundation

public enum BM25Tokenizer {
    public static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from", "how", "i",
        "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "so", "than", "that", "the",
        "their", "then", "there", "these", "this", "to", "was", "what", "when", "which", "who", "why",
        "will", "with", "you", "your", "we", "should", "would", "get", "use", "using", "way",
    ]

    /// Harman's S-stemmer (1991) for words of 4+ ASCII letters: -ies → -y (not -eies, -aies),
    /// -es → -e (not -aes, -ees, -oes), -s → "" (not -us, -ss). Identifiers with digits or
    /// underscores are left alone.
    public static func stem(_ word: String) -> String {
        let b = Array(word.utf8)
        guard b.count >= 4, b.allSatisfy({ $0 >= 97 && $0 <= 122 }), b.last == 115 else { return word }  // "s"
        func ends(_ suffix: String) -> Bool { word.hasSuffix(suffix) }
        if ends("ies") && !ends("eies") && !ends("aies") { return String(word.dropLast(3)) + "y" }
        if ends("es") && !ends("aes") && !ends("ees") && !ends("oes") { return String(word.dropLast(1)) }
        if ends("us") || ends("ss") { return word }
        return String(word.dropLast())
    }

    /// The terms of `text` in order (stop words removed; plurals stemmed if `stemming`).
    public static func tokens(_ text: String, stemming: Bool = false) -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        func flush() {
            if !current.isEmpty {
                let word = String(decoding: current, as: UTF8.self)
                if !stopWords.contains(word) { result.append(stemming ? stem(word) : word) }
                current.removeAll(keepingCapacity: true)
            }
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): current.append(byte)
            case 0x80...: current.append(byte)
            default: flush()
            }
        }
        flush()
        return result
    }
}

public struct BM25Parameters: Codable, Equatable, Sendable {
    public var k1: Double
    public var b: Double
    public init(k1: Double = 1.2, b: Double = 0.75) {
        self.k1 = k1
        self.b = b
    }
}

public struct BM25Index: Sendable {
    public let parameters: BM25Parameters
    /// term → id; postings[id] = (document, term frequency) sorted by document.
    public private(set) var vocabulary: [String: Int] = [:]
    public private(set) var postings: [[(document: Int32, frequency: Int32)]] = []
    public private(set) var lengths: [Int] = []
    public private(set) var averageLength: Double = 0

    public var documentCount: Int { lengths.count }

    /// Indexes `documents` (already the text to index, e.g. `Chunk.indexedText`).
    public init(documents: [String], parameters: BM25Parameters = BM25Parameters()) {
        self.parameters = parameters
        var counts: [Int: Int32] = [:]
        for (d, text) in documents.enumerated() {
            let terms = BM25Tokenizer.tokens(text)
            lengths.append(terms.count)
            counts.removeAll(keepingCapacity: true)
            for term in terms {
                let id: Int
                if let known = vocabulary[term] {
                    id = known
                } else {
                    id = postings.count
                    vocabulary[term] = id
                    postings.append([])
                }
                counts[id, default: 0] += 1
            }
            for (id, tf) in counts { postings[id].append((Int32(d), tf)) }
        }
        averageLength = lengths.isEmpty ? 0 : Double(lengths.reduce(0, +)) / Double(lengths.count)
    }

    /// n(t): how many documents contain `term` (0 for unknown terms).
    public func documentFrequency(_ term: String) -> Int { vocabulary[term].map { postings[$0].count } ?? 0 }

    public func idf(_ term: String) -> Double {
        let n = Double(documentFrequency(term))
        return Foundation.log(1 + (Double(documentCount) - n + 0.5) / (n + 0.5))
    }

    /// BM25 score of every document for `query` (length documentCount; 0 where no term matches).
    public func scores(_ query: String) -> [Double] {
        // exercise bm25-scores: Score every document against the query with Okapi BM25.
        // hint: Tokenise the query like the documents and count each distinct term once; unknown terms add nothing.
        // hint: Walk each term's postings rather than every document: only documents that contain the term gain its idf-weighted share.
        // hint: The saturating term is tf·(k1 + 1) / (tf + k1·(1 − b + b·|d|/avgdl)).
        // tests: BM25Tests/testScoresEqualHandComputedValues, BM25Tests/testParametersChangeLengthNormalisation
        var scores = [Double](repeating: 0, count: documentCount)
        let terms = Set(BM25Tokenizer.tokens(query))
        let k1 = parameters.k1, b = parameters.b
        let avg = max(averageLength, 1e-9)
        for term in terms {
            guard let id = vocabulary[term] else { continue }
            let weight = idf(term)
            for posting in postings[id] {
                let d = Int(posting.document)
                let tf = Double(posting.frequency)
                let norm = k1 * (1 - b + b * Double(lengths[d]) / avg)
                scores[d] += weight * tf * (k1 + 1) / (tf + norm)
            }
        }
        return scores
        // end exercise bm25-scores
    }

    /// The top `k` documents by score (score > 0), best first; ties by lower index.
    public func search(_ query: String, k: Int) -> [ScoredItem] {
        Ranking.top(scores(query), k: k, minimum: 1e-12)
    }
}

/// A retrieved item (chunk index) with its score under the method that produced it.
public struct ScoredItem: Equatable, Sendable {
    public var index: Int
    public var score: Double
    public init(index: Int, score: Double) {
        self.index = index
        self.score = score
    }
}

public enum Ranking {
    /// Indices of the `k` largest scores (≥ `minimum`), best first; equal scores by lower index.
    public static func top(_ scores: [Double], k: Int, minimum: Double = -.infinity) -> [ScoredItem] {
        guard k > 0 else { return [] }
        // A small binary heap would do; a partial sort of candidates is simple and fast enough here.
        var candidates: [ScoredItem] = []
        candidates.reserveCapacity(min(scores.count, 4 * k))
        var threshold = minimum
        for (i, s) in scores.enumerated() where s >= threshold {
            candidates.append(ScoredItem(index: i, score: s))
            if candidates.count >= 4 * k {
                candidates.sort(by: better)
                candidates.removeLast(candidates.count - k)
                threshold = max(threshold, candidates[k - 1].score)
            }
        }
        candidates.sort(by: better)
        return Array(candidates.prefix(k))
    }

    static func better(_ a: ScoredItem, _ b: ScoredItem) -> Bool {
        a.score != b.score ? a.score > b.score : a.index < b.index
    }
}
