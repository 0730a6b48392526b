// The retrieval pipelines compared by the week, over one index of chunks:
//
//   bm25           lexical: Okapi BM25 over Chunk.indexedText
//   dense          semantic: cosine of the query's MiniLM embedding with each chunk's
//   hybrid         fusion of bm25 top-100 and dense top-100 (`fusion`: by default 0.8·dense +
//                  0.2·bm25 on min–max normalised scores; or RRF)
//   hybrid+rerank  hybrid, then its top `rerankDepth` re-ordered by the cross-feature scorer
//   +hyde          as hybrid+rerank, but the dense leg (and the re-ranker's cosines) use the
//                  HyDE-style expanded query vector (QueryExpansion.swift)
//
// Each returns up to `depth` chunk indices, best first.

import Foundation

public struct RAGIndex: Sendable {
    public let chunks: [Chunk]
    public let bm25: BM25Index
    public let dense: DenseIndex
    public let chunker: ChunkerConfig

    public init(chunks: [Chunk], bm25: BM25Index, dense: DenseIndex, chunker: ChunkerConfig) {
        self.chunks = chunks
        self.bm25 = bm25
        self.dense = dense
        self.chunker = chunker
    }

    public var files: Set<String> { Set(chunks.map(\.file)) }
}

/// The fusion behind `hybrid`: reciprocal ranks or a convex combination of normalised scores.
public enum HybridFusion: Equatable, Sendable {
    /// RRF with constant `k`; the BM25 list's votes are scaled by `bm25Weight` (the dense list's by 1).
    case rrf(k: Double, bm25Weight: Double)
    /// α·dense + (1 − α)·BM25 on min–max normalised scores (Fusion.swift).
    case convex(alpha: Double)

    /// The default weight of the dense score in the convex combination (chosen in the README).
    public static let standardAlpha = 0.8
    public static let standard = HybridFusion.convex(alpha: standardAlpha)

    /// Merges BM25's and the dense leg's top lists; the convex combination reads both legs' scores
    /// of every candidate from `bm25Scores` and `denseScores` (indexed by chunk).
    public func fuse(lexical: [ScoredItem], semantic: [ScoredItem], bm25Scores: [Double], denseScores: [Double],
                     limit: Int) -> [ScoredItem] {
        switch self {
        case let .rrf(k, bm25Weight):
            return ReciprocalRankFusion.fuse([lexical, semantic], k: k, weights: [bm25Weight, 1], limit: limit)
        case let .convex(alpha):
            return ConvexFusion.fuse(candidates: (lexical + semantic).map(\.index), lexical: bm25Scores, dense: denseScores,
                                     alpha: alpha, limit: limit)
        }
    }

    public var summary: String {
        switch self {
        case let .rrf(k, w): return w == 1 ? "RRF(bm25, dense), k = \(Int(k))" : "RRF(bm25 ×\(w), dense), k = \(Int(k))"
        case let .convex(alpha): return String(format: "%.2f·dense + %.2f·bm25, min–max normalised", alpha, 1 - alpha)
        }
    }
}

public enum RetrievalMethod: String, CaseIterable, Sendable {
    case bm25 = "bm25"
    case dense = "dense"
    case hybrid = "hybrid"
    case hybridRerank = "hybrid+rerank"
    case hyde = "+hyde"

    public var summary: String {
        switch self {
        case .bm25: return "Okapi BM25 (k1 1.2, b 0.75)"
        case .dense: return "MiniLM cosine, exact top-k"
        case .hybrid: return "fusion of bm25 and dense (Retriever.fusion)"
        case .hybridRerank: return "hybrid, top 15 re-ranked by cross features"
        case .hyde: return "hybrid+rerank with the HyDE/PRF query vector"
        }
    }
}

/// A question prepared once for every method: its text, embedding and BM25 scores.
public struct PreparedQuery {
    public var text: String
    public var vector: [Float]
    public var bm25Scores: [Double]
    public var denseScores: [Double]
}

public final class Retriever {
    public let index: RAGIndex
    public let embedder: any TextEmbedder
    public var depth = 100
    /// How `hybrid` (and the methods built on it) merges the BM25 and dense lists.
    public var fusion: HybridFusion = .standard
    public var reranker = CrossFeatureReranker()
    public var expansion = QueryExpansion()

    public init(index: RAGIndex, embedder: any TextEmbedder) {
        self.index = index
        self.embedder = embedder
    }

    /// Embeds and scores questions in one batch (one GEMM for all dense scores).
    public func prepare(_ questions: [String]) throws -> [PreparedQuery] {
        let vectors = try embedder.embed(questions)
        let dense = index.dense.scores(vectors)
        return questions.indices.map { i in
            PreparedQuery(text: questions[i], vector: vectors[i], bm25Scores: index.bm25.scores(questions[i]),
                          denseScores: dense[i])
        }
    }

    public func retrieve(_ query: PreparedQuery, method: RetrievalMethod) throws -> [ScoredItem] {
        let lexical = Ranking.top(query.bm25Scores, k: depth, minimum: 1e-12)
        switch method {
        case .bm25:
            return lexical
        case .dense:
            return Ranking.top(query.denseScores, k: depth)
        case .hybrid:
            return fuse(lexical: lexical, bm25Scores: query.bm25Scores, denseScores: query.denseScores)
        case .hybridRerank:
            let fused = fuse(lexical: lexical, bm25Scores: query.bm25Scores, denseScores: query.denseScores)
            return try reranker.rerank(fused, query: query, vector: query.vector, denseScores: query.denseScores,
                                       index: index, embedder: embedder)
        case .hyde:
            let expanded = try expansion.expandedVector(query: query.text, vector: query.vector, lexical: lexical,
                                                        index: index, embedder: embedder)
            let denseScores = index.dense.scores([expanded])[0]
            let fused = fuse(lexical: lexical, bm25Scores: query.bm25Scores, denseScores: denseScores)
            return try reranker.rerank(fused, query: query, vector: expanded, denseScores: denseScores,
                                       index: index, embedder: embedder)
        }
    }

    func fuse(lexical: [ScoredItem], bm25Scores: [Double], denseScores: [Double]) -> [ScoredItem] {
        fusion.fuse(lexical: lexical, semantic: Ranking.top(denseScores, k: depth), bm25Scores: bm25Scores,
                    denseScores: denseScores, limit: depth)
    }

    /// What `method` does with this retriever's settings (the hybrid line names the fusion).
    public func describe(_ method: RetrievalMethod) -> String {
        method == .hybrid ? fusion.summary : method.summary
    }

    /// One question end to end with a method.
    public func retrieve(_ question: String, method: RetrievalMethod) throws -> [ScoredItem] {
        try retrieve(try prepare([question])[0], method: method)
    }
}
