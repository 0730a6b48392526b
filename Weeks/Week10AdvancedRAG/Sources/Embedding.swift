// Dense retrieval: a text embedder behind a small protocol, and exact cosine top-k through BLAS.
//
// The real embedder is week 8's all-MiniLM-L6-v2 (MiniLMEmbedder.swift); tests use the
// deterministic `HashingEmbedder` so they run without model weights. Every embedder returns
// L2-normalised rows, so cosine similarity is a dot product and a whole query batch is one GEMM:
//
//   scores [N, B] = E [N, D] · Qᵀ      (E: chunk embeddings, Q: query embeddings [B, D])

import Foundation
import Shared

public protocol TextEmbedder {
    /// Names the model and its settings; part of the index fingerprint.
    var identity: String { get }
    var dimension: Int { get }
    /// One L2-normalised vector of `dimension` floats per text.
    func embed(_ texts: [String]) throws -> [[Float]]
    /// Tokens the model counts for `text` (WordPiece for MiniLM), for context budgets.
    func tokenCount(_ text: String) -> Int
    /// What `embedAll` runs: rows of a [texts.count, dimension] matrix in the order of `texts`,
    /// batched as the embedder sees fit (`batchSize` texts of full length at most per batch).
    func embedRows(_ texts: [String], batchSize: Int, label: String, showProgress: Bool) throws -> [Float]
}

extension TextEmbedder {
    /// `texts` embedded in batches, reporting progress; rows of a [texts.count, dimension] matrix.
    public func embedAll(_ texts: [String], batchSize: Int = 32, label: String = "embedding",
                         showProgress: Bool = true) throws -> [Float] {
        try embedRows(texts, batchSize: batchSize, label: label, showProgress: showProgress)
    }

    /// The default batching: `batchSize` texts at a time, longest first (by characters), so a
    /// batch pads little; rows come back in order. MiniLM batches by WordPiece tokens instead.
    public func embedRows(_ texts: [String], batchSize: Int, label: String, showProgress: Bool) throws -> [Float] {
        let d = dimension
        var matrix = [Float](repeating: 0, count: texts.count * d)
        let order = texts.indices.sorted { texts[$0].utf8.count > texts[$1].utf8.count }
        let bar = showProgress ? ProgressBar(label, total: texts.count) : nil
        var done = 0
        while done < order.count {
            let members = Array(order[done..<min(order.count, done + batchSize)])
            let rows = try embed(members.map { texts[$0] })
            for (member, row) in zip(members, rows) {
                for t in 0..<d { matrix[member * d + t] = row[t] }
            }
            done += members.count
            bar?.update(done)
        }
        bar?.finish()
        return matrix
    }
}

/// Cosine similarity of two L2-normalised vectors.
public func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var s: Float = 0
    for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
    return Double(s)
}

public func normalised(_ v: [Float]) -> [Float] {
    var n: Float = 0
    for x in v { n += x * x }
    n = n.squareRoot()
    return n > 0 ? v.map { $0 / n } : v
}

/// A deterministic stand-in embedder: each token (BM25 tokenisation) adds ±1 to one of `dimension`
/// buckets chosen by a hash (the "hashing trick"), then the vector is normalised. It knows no
/// synonyms — it is a bag of words — which makes test expectations easy to reason about.
public struct HashingEmbedder: TextEmbedder {
    public let dimension: Int
    public init(dimension: Int = 64) { self.dimension = dimension }
    public var identity: String { "hashing-\(dimension)" }

    public func embed(_ texts: [String]) throws -> [[Float]] {
        texts.map { text in
            var v = [Float](repeating: 0, count: dimension)
            for token in BM25Tokenizer.tokens(text) {
                let h = Fingerprint.fnv1a(Array(token.utf8))
                v[Int(h % UInt64(dimension))] += (h >> 63) == 0 ? 1 : -1
            }
            return normalised(v)
        }
    }

    public func tokenCount(_ text: String) -> Int { text.split(whereSeparator: \.isWhitespace).count }
}

/// Exact nearest neighbours by cosine over a matrix of normalised rows.
public struct DenseIndex: Sendable {
    public let dimension: Int
    /// [count, dimension], row-major.
    public let vectors: [Float]
    public var count: Int { dimension == 0 ? 0 : vectors.count / dimension }

    public init(dimension: Int, vectors: [Float]) {
        precondition(dimension > 0 && vectors.count % dimension == 0, "vectors must be [N, dimension]")
        self.dimension = dimension
        self.vectors = vectors
    }

    public func row(_ i: Int) -> [Float] { Array(vectors[(i * dimension)..<((i + 1) * dimension)]) }

    /// Cosine scores of every row against each query: result[q][i]. One sgemm for the batch.
    public func scores(_ queries: [[Float]]) -> [[Double]] {
        let n = count, b = queries.count, d = dimension
        guard n > 0, b > 0 else { return Array(repeating: [], count: b) }
        var q = [Float](repeating: 0, count: b * d)
        for (j, v) in queries.enumerated() {
            precondition(v.count == d, "query vector has \(v.count) dimensions, index has \(d)")
            for t in 0..<d { q[j * d + t] = v[t] }
        }
        var out = [Float](repeating: 0, count: n * b)
        vectors.withUnsafeBufferPointer { e in
            q.withUnsafeBufferPointer { qp in
                out.withUnsafeMutableBufferPointer { o in
                    BLAS.sgemm(transposeA: false, transposeB: true, m: n, n: b, k: d,
                               a: e.baseAddress!, b: qp.baseAddress!, c: o.baseAddress!)
                }
            }
        }
        return (0..<b).map { j in (0..<n).map { Double(out[$0 * b + j]) } }
    }

    public func search(_ query: [Float], k: Int) -> [ScoredItem] {
        Ranking.top(scores([query])[0], k: k)
    }
}
