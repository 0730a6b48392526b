// The retrieval pipelines compared by the week, over one index of chunks:
//
//   bm25           lexical: Okapi BM25 over Chunk.indexedText
//   dense          semantic: cosine of the query's MiniLM embedding with each chunk's
//   hybrid         RRF(bm25 top-100, dense top-100), k = 60
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
        case .hybrid: return "RRF(bm25, dense), k = 60"
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
    public var rrfK: Double = 60
    /// Weights of the BM25 and dense lists in the fusion (1, 1 is plain RRF).
    public var fusionWeights: [Double] = [1, 1]
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
            return ReciprocalRankFusion.fuse([lexical, Ranking.top(query.denseScores, k: depth)], k: rrfK, weights: fusionWeights, limit: depth)
        case .hybridRerank:
            let fused = ReciprocalRankFusion.fuse([lexical, Ranking.top(query.denseScores, k: depth)], k: rrfK, weights: fusionWeights, limit: depth)
            return try reranker.rerank(fused, query: query, vector: query.vector, denseScores: query.denseScores,
                                       index: index, embedder: embedder)
        case .hyde:
            let expanded = try expansion.expandedVector(query: query.text, vector: query.vector, lexical: lexical,
                                                        index: index, embedder: embedder)
            let denseScores = index.dense.scores([expanded])[0]
            let fused = ReciprocalRankFusion.fuse([lexical, Ranking.top(denseScores, k: depth)], k: rrfK, weights: fusionWeights, limit: depth)
            return try reranker.rerank(fused, query: query, vector: expanded, denseScores: denseScores,
                                       index: index, embedder: embedder)
        }
    }

    /// One question end to end with a method.
    public func retrieve(_ question: String, method: RetrievalMethod) throws -> [ScoredItem] {
        try retrieve(try prepare([question])[0], method: method)
    }
}
